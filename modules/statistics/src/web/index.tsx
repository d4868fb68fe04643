import { BarChartOutlined, FileTextOutlined, OrderedListOutlined } from '@ant-design/icons';
import type { WebModule } from '@mz/ui';
import { lazy } from 'react';

const DashboardPage = lazy(() => import('./dashboard-page.tsx').then((m) => ({ default: m.DashboardPage })));
const RecordsPage = lazy(() => import('./records-page.tsx').then((m) => ({ default: m.RecordsPage })));
const ReportsPage = lazy(() => import('./reports-page.tsx').then((m) => ({ default: m.ReportsPage })));
const IndicatorsPage = lazy(() => import('./indicators-page.tsx').then((m) => ({ default: m.IndicatorsPage })));

const GROUP = '统计监测';
const READ = 'statistics.read';

/** 统计监测: the dashboard with drill-down to records, report forms, the indicator catalogue. */
export const statisticsWebModule: WebModule = {
  key: 'statistics',
  menu: [
    { label: '监测看板', path: '/statistics/dashboard', icon: <BarChartOutlined />, permission: READ, group: GROUP, order: 80 },
    { label: '统计报表', path: '/statistics/reports', icon: <FileTextOutlined />, permission: READ, group: GROUP, order: 81 },
    { label: '指标目录', path: '/statistics/indicators', icon: <OrderedListOutlined />, permission: READ, group: GROUP, order: 82 },
  ],
  routes: [
    { path: '/statistics/dashboard', element: <DashboardPage />, permission: READ },
    { path: '/statistics/records', element: <RecordsPage />, permission: READ },
    { path: '/statistics/reports', element: <ReportsPage />, permission: READ },
    { path: '/statistics/indicators', element: <IndicatorsPage />, permission: READ },
  ],
};
