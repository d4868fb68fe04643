import { AlertOutlined, BarChartOutlined, DatabaseOutlined, FileSearchOutlined, RadarChartOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { WebModule } from '@mz/ui';
import { lazy } from 'react';

const SourcesPage = lazy(() => import('./sources-page.tsx').then((m) => ({ default: m.SourcesPage })));
const RunsPage = lazy(() => import('./runs-page.tsx').then((m) => ({ default: m.RunsPage })));
const AlertsPage = lazy(() => import('./alerts-page.tsx').then((m) => ({ default: m.AlertsPage })));
const AlertDetailPage = lazy(() => import('./alert-detail-page.tsx').then((m) => ({ default: m.AlertDetailPage })));
const SilentPage = lazy(() => import('./silent-page.tsx').then((m) => ({ default: m.SilentPage })));
const StatsPage = lazy(() => import('./stats-page.tsx').then((m) => ({ default: m.StatsPage })));
const RequestsPage = lazy(() => import('./requests-page.tsx').then((m) => ({ default: m.RequestsPage })));
const RequestDetailPage = lazy(() => import('./request-detail-page.tsx').then((m) => ({ default: m.RequestDetailPage })));

const GROUP = '核对监测';
const READ = 'verification.read';

/** 核对监测: departments' data, monitoring runs and 静默认证, alerts and their handling, statistics, household verification reports. */
export const verificationWebModule: WebModule = {
  key: 'verification',
  menu: [
    { label: '预警', path: '/verification/alerts', icon: <AlertOutlined />, permission: READ, group: GROUP, order: 50 },
    { label: '监测比对', path: '/verification/runs', icon: <RadarChartOutlined />, permission: READ, group: GROUP, order: 51 },
    { label: '静默认证', path: '/verification/silent', icon: <SafetyCertificateOutlined />, permission: READ, group: GROUP, order: 55 },
    { label: '家庭经济状况核对', path: '/verification/requests', icon: <FileSearchOutlined />, permission: READ, group: GROUP, order: 52 },
    { label: '数据来源', path: '/verification/sources', icon: <DatabaseOutlined />, permission: READ, group: GROUP, order: 53 },
    { label: '预警统计', path: '/verification/stats', icon: <BarChartOutlined />, permission: READ, group: GROUP, order: 54 },
  ],
  routes: [
    { path: '/verification/alerts', element: <AlertsPage />, permission: READ },
    { path: '/verification/alerts/:id', element: <AlertDetailPage />, permission: READ },
    { path: '/verification/runs', element: <RunsPage />, permission: READ },
    { path: '/verification/silent', element: <SilentPage />, permission: READ },
    { path: '/verification/requests', element: <RequestsPage />, permission: READ },
    { path: '/verification/requests/:id', element: <RequestDetailPage />, permission: READ },
    { path: '/verification/sources', element: <SourcesPage />, permission: READ },
    { path: '/verification/stats', element: <StatsPage />, permission: READ },
  ],
};
