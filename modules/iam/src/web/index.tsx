import { ApiOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import type { WebModule } from '@mz/ui';
import { lazy } from 'react';

const UsersPage = lazy(() => import('./users-page.tsx').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('./roles-page.tsx').then((m) => ({ default: m.RolesPage })));
const TokensPage = lazy(() => import('./tokens-page.tsx').then((m) => ({ default: m.TokensPage })));

const GROUP = '系统管理';

export const iamWebModule: WebModule = {
  key: 'iam',
  menu: [
    { label: '用户管理', path: '/system/users', icon: <TeamOutlined />, permission: 'user.read', group: GROUP, order: 90 },
    { label: '角色与权限', path: '/system/roles', icon: <SafetyCertificateOutlined />, permission: 'user.read', group: GROUP, order: 91 },
    { label: '接口令牌', path: '/system/tokens', icon: <ApiOutlined />, permission: 'token.manage', group: GROUP, order: 92 },
  ],
  routes: [
    { path: '/system/users', element: <UsersPage />, permission: 'user.read' },
    { path: '/system/roles', element: <RolesPage />, permission: 'user.read' },
    { path: '/system/tokens', element: <TokensPage />, permission: 'token.manage' },
  ],
};
