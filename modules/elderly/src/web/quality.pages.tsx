/** Pages of 等级评定、检查与指标: menu entries and routes, composed in index.tsx. */
import { BarChartOutlined, SafetyOutlined, TrophyOutlined } from '@ant-design/icons';
import type { MenuEntry, ModuleRoute } from '@mz/ui';
import { lazy } from 'react';

const QualityIndicatorsPage = lazy(() => import('./quality-indicators-page.tsx').then((m) => ({ default: m.QualityIndicatorsPage })));
const QualityRatingsPage = lazy(() => import('./quality-ratings-page.tsx').then((m) => ({ default: m.QualityRatingsPage })));
const QualityRatingDetailPage = lazy(() => import('./quality-rating-detail-page.tsx').then((m) => ({ default: m.QualityRatingDetailPage })));
const QualityInspectionsPage = lazy(() => import('./quality-inspections-page.tsx').then((m) => ({ default: m.QualityInspectionsPage })));
const QualityInspectionNewPage = lazy(() => import('./quality-inspection-pages.tsx').then((m) => ({ default: m.QualityInspectionNewPage })));
const QualityInspectionDetailPage = lazy(() => import('./quality-inspection-pages.tsx').then((m) => ({ default: m.QualityInspectionDetailPage })));

const READ = 'elderly.quality.read';
const GROUP = '养老服务';

export const QUALITY_MENU: MenuEntry[] = [
  { label: '等级评定', path: '/elderly/ratings', icon: <TrophyOutlined />, permission: READ, group: GROUP, order: 61 },
  { label: '安全与质量检查', path: '/elderly/inspections', icon: <SafetyOutlined />, permission: READ, group: GROUP, order: 62 },
  { label: '养老指标', path: '/elderly/indicators', icon: <BarChartOutlined />, permission: 'elderly.indicators.read', group: GROUP, order: 69 },
];

export const QUALITY_ROUTES: ModuleRoute[] = [
  { path: '/elderly/ratings', element: <QualityRatingsPage />, permission: READ },
  { path: '/elderly/ratings/:id', element: <QualityRatingDetailPage />, permission: READ },
  { path: '/elderly/inspections', element: <QualityInspectionsPage />, permission: READ },
  { path: '/elderly/inspections/new', element: <QualityInspectionNewPage />, permission: 'elderly.inspection.record' },
  { path: '/elderly/inspections/:id', element: <QualityInspectionDetailPage />, permission: READ },
  { path: '/elderly/indicators', element: <QualityIndicatorsPage />, permission: 'elderly.indicators.read' },
];
