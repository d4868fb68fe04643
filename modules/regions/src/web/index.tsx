import { ApartmentOutlined } from '@ant-design/icons';
import type { WebModule } from '@mz/ui';
import { lazy } from 'react';

const RegionsPage = lazy(() => import('./regions-page.tsx').then((m) => ({ default: m.RegionsPage })));

export const regionsWebModule: WebModule = {
  key: 'regions',
  menu: [{ label: '区划查询', path: '/regions', icon: <ApartmentOutlined />, permission: 'region.read', order: 10 }],
  routes: [{ path: '/regions', element: <RegionsPage />, permission: 'region.read' }],
};
