/** Pages of 高龄津贴与养老补贴: menu entries and routes, composed in index.tsx. */
import { GiftOutlined, HeartOutlined } from '@ant-design/icons';
import type { MenuEntry, ModuleRoute } from '@mz/ui';
import { lazy } from 'react';

const LongevityPage = lazy(() => import('./allowance-longevity-page.tsx').then((m) => ({ default: m.LongevityPage })));
const SubsidyPage = lazy(() => import('./allowance-subsidy-page.tsx').then((m) => ({ default: m.SubsidyPage })));
const AllowanceRunPage = lazy(() => import('./allowance-run-page.tsx').then((m) => ({ default: m.AllowanceRunPage })));

const GROUP = '养老服务';
const READ = 'elderly.read';

export const ALLOWANCE_MENU: MenuEntry[] = [
  { label: '高龄津贴', path: '/elderly/allowance', icon: <GiftOutlined />, permission: READ, group: GROUP, order: 64 },
  { label: '养老补贴', path: '/elderly/subsidies', icon: <HeartOutlined />, permission: READ, group: GROUP, order: 65 },
];

export const ALLOWANCE_ROUTES: ModuleRoute[] = [
  { path: '/elderly/allowance', element: <LongevityPage />, permission: READ },
  { path: '/elderly/allowance/runs/:id', element: <AllowanceRunPage />, permission: READ },
  { path: '/elderly/subsidies', element: <SubsidyPage />, permission: READ },
];
