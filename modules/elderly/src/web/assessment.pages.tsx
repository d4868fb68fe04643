/** Pages of 老年人能力评估: menu entries and routes, composed in index.tsx. */
import { SolutionOutlined } from '@ant-design/icons';
import type { MenuEntry, ModuleRoute } from '@mz/ui';
import { lazy } from 'react';
import { MANAGE, READ } from './assessment.labels.ts';

const AssessmentListPage = lazy(() => import('./assessment-list-page.tsx').then((m) => ({ default: m.AssessmentListPage })));
const AssessmentNewPage = lazy(() => import('./assessment-edit-page.tsx').then((m) => ({ default: m.AssessmentNewPage })));
const AssessmentEditPage = lazy(() => import('./assessment-edit-page.tsx').then((m) => ({ default: m.AssessmentEditPage })));
const AssessmentDetailPage = lazy(() => import('./assessment-detail-page.tsx').then((m) => ({ default: m.AssessmentDetailPage })));

export { AssessmentPersonPanel } from './assessment-panel.tsx';

export const ASSESSMENT_MENU: MenuEntry[] = [
  { label: '能力评估', path: '/elderly/assessments', icon: <SolutionOutlined />, permission: READ, group: '养老服务', order: 62 },
];

export const ASSESSMENT_ROUTES: ModuleRoute[] = [
  { path: '/elderly/assessments', element: <AssessmentListPage />, permission: READ },
  { path: '/elderly/assessments/new', element: <AssessmentNewPage />, permission: MANAGE },
  { path: '/elderly/assessments/:id', element: <AssessmentDetailPage />, permission: READ },
  { path: '/elderly/assessments/:id/edit', element: <AssessmentEditPage />, permission: MANAGE },
];
