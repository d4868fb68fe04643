import { AccountBookOutlined, BankOutlined, BarChartOutlined, GiftOutlined, RollbackOutlined, SolutionOutlined } from '@ant-design/icons';
import type { WebModule } from '@mz/ui';
import { lazy } from 'react';

const RollsPage = lazy(() => import('./rolls-page.tsx').then((m) => ({ default: m.RollsPage })));
const RollDetailPage = lazy(() => import('./roll-detail-page.tsx').then((m) => ({ default: m.RollDetailPage })));
const EntitlementsPage = lazy(() => import('./entitlements-page.tsx').then((m) => ({ default: m.EntitlementsPage })));
const RecoveriesPage = lazy(() => import('./recoveries-page.tsx').then((m) => ({ default: m.RecoveriesPage })));
const RunsPage = lazy(() => import('./runs-page.tsx').then((m) => ({ default: m.RunsPage })));
const BankProfilesPage = lazy(() => import('./bank-profiles-page.tsx').then((m) => ({ default: m.BankProfilesPage })));
const SpendingReportPage = lazy(() => import('./report-page.tsx').then((m) => ({ default: m.SpendingReportPage })));

/** The registry's person page mounts this to show a person's 发放记录 (it hides itself without payments.read). */
import { PersonPaymentHistory } from './person-payment-history.tsx';

export { PersonPaymentHistory };

const GROUP = '资金发放';
const READ = 'payments.read';

/** 资金发放: monthly rolls, the bank round trip, entitlements, recoveries, one-off runs and reports. */
export const paymentsWebModule: WebModule = {
  key: 'payments',
  menu: [
    { label: '发放表', path: '/payments/rolls', icon: <AccountBookOutlined />, permission: READ, group: GROUP, order: 40 },
    { label: '待遇', path: '/payments/entitlements', icon: <SolutionOutlined />, permission: READ, group: GROUP, order: 41 },
    { label: '追回款', path: '/payments/recoveries', icon: <RollbackOutlined />, permission: READ, group: GROUP, order: 42 },
    { label: '一次性发放', path: '/payments/runs', icon: <GiftOutlined />, permission: READ, group: GROUP, order: 43 },
    { label: '银行格式', path: '/payments/bank-profiles', icon: <BankOutlined />, permission: READ, group: GROUP, order: 44 },
    { label: '发放报表', path: '/payments/reports', icon: <BarChartOutlined />, permission: READ, group: GROUP, order: 45 },
  ],
  routes: [
    { path: '/payments/rolls', element: <RollsPage />, permission: READ },
    { path: '/payments/rolls/:id', element: <RollDetailPage />, permission: READ },
    { path: '/payments/entitlements', element: <EntitlementsPage />, permission: READ },
    { path: '/payments/recoveries', element: <RecoveriesPage />, permission: READ },
    { path: '/payments/runs', element: <RunsPage />, permission: READ },
    { path: '/payments/bank-profiles', element: <BankProfilesPage />, permission: READ },
    { path: '/payments/reports', element: <SpendingReportPage />, permission: READ },
  ],
  personPanels: [PersonPaymentHistory],
};
