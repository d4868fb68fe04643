/** Pages of 居家社区养老服务: menu entries and routes, composed in index.tsx. */
import { AccountBookOutlined, ClockCircleOutlined, HomeOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';
import type { MenuEntry, ModuleRoute } from '@mz/ui';
import { lazy } from 'react';
import { READ } from './homecare.labels.tsx';

const OrdersPage = lazy(() => import('./homecare-orders-page.tsx').then((m) => ({ default: m.HomecareOrdersPage })));
const OrderDetailPage = lazy(() => import('./homecare-order-detail-page.tsx').then((m) => ({ default: m.HomecareOrderDetailPage })));
const BeneficiariesPage = lazy(() => import('./homecare-beneficiaries-page.tsx').then((m) => ({ default: m.HomecareBeneficiariesPage })));
const ProvidersPage = lazy(() => import('./homecare-providers-page.tsx').then((m) => ({ default: m.HomecareProvidersPage })));
const SettlementPage = lazy(() => import('./homecare-settlement-page.tsx').then((m) => ({ default: m.HomecareSettlementPage })));
const TimebankPage = lazy(() => import('./homecare-timebank-page.tsx').then((m) => ({ default: m.HomecareTimebankPage })));

const GROUP = '养老服务';

/** 居家养老: the orders board first (daily work), then elders, providers and catalogue, settlement, time bank. */
export const HOMECARE_MENU: MenuEntry[] = [
  { label: '居家养老工单', path: '/elderly/homecare/orders', icon: <HomeOutlined />, permission: READ, group: GROUP, order: 70 },
  { label: '居家服务对象', path: '/elderly/homecare/beneficiaries', icon: <TeamOutlined />, permission: READ, group: GROUP, order: 71 },
  { label: '居家服务商目录', path: '/elderly/homecare/providers', icon: <ShopOutlined />, permission: READ, group: GROUP, order: 72 },
  { label: '居家服务结算', path: '/elderly/homecare/settlements', icon: <AccountBookOutlined />, permission: READ, group: GROUP, order: 73 },
  { label: '时间银行', path: '/elderly/homecare/timebank', icon: <ClockCircleOutlined />, permission: READ, group: GROUP, order: 74 },
];

export const HOMECARE_ROUTES: ModuleRoute[] = [
  { path: '/elderly/homecare/orders', element: <OrdersPage />, permission: READ },
  { path: '/elderly/homecare/orders/:id', element: <OrderDetailPage />, permission: READ },
  { path: '/elderly/homecare/beneficiaries', element: <BeneficiariesPage />, permission: READ },
  { path: '/elderly/homecare/providers', element: <ProvidersPage />, permission: READ },
  { path: '/elderly/homecare/settlements', element: <SettlementPage />, permission: READ },
  { path: '/elderly/homecare/timebank', element: <TimebankPage />, permission: READ },
];
