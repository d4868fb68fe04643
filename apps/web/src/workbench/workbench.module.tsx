import { DesktopOutlined } from '@ant-design/icons';
import type { WebModule } from '@mz/ui';
import { HomePage } from './home-page.tsx';

/** The shell's own entry: 工作台 at `/`. */
export const workbenchModule: WebModule = {
  key: 'workbench',
  menu: [{ label: '工作台', path: '/', icon: <DesktopOutlined />, order: 0 }],
  routes: [{ path: '/', element: <HomePage /> }],
};
