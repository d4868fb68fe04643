/** Pages of 机构与床位: menu entries and routes, composed in index.tsx. */
import { HomeOutlined } from '@ant-design/icons';
import type { MenuEntry, ModuleRoute } from '@mz/ui';
import { lazy } from 'react';

const InstitutionListPage = lazy(() => import('./institution-list-page.tsx').then((m) => ({ default: m.InstitutionListPage })));
const InstitutionDetailPage = lazy(() => import('./institution-detail-page.tsx').then((m) => ({ default: m.InstitutionDetailPage })));

const READ = 'elderly.read';

export const INSTITUTION_MENU: MenuEntry[] = [
  { label: '养老机构', path: '/elderly/institutions', icon: <HomeOutlined />, permission: READ, group: '养老服务', order: 60 },
];

export const INSTITUTION_ROUTES: ModuleRoute[] = [
  { path: '/elderly/institutions', element: <InstitutionListPage />, permission: READ },
  { path: '/elderly/institutions/:id', element: <InstitutionDetailPage />, permission: READ },
];
