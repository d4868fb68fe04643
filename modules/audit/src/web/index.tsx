import { FileSearchOutlined } from '@ant-design/icons';
import type { WebModule } from '@mz/ui';
import { lazy } from 'react';

const AuditPage = lazy(() => import('./audit-page.tsx').then((m) => ({ default: m.AuditPage })));

export const auditWebModule: WebModule = {
  key: 'audit',
  menu: [
    { label: '审计日志', path: '/system/audit', icon: <FileSearchOutlined />, permission: 'audit.read', group: '系统管理', order: 95 },
  ],
  routes: [{ path: '/system/audit', element: <AuditPage />, permission: 'audit.read' }],
};
