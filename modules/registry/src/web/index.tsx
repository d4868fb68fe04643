import { CloudUploadOutlined, DiffOutlined, HomeOutlined, IdcardOutlined } from '@ant-design/icons';
import type { WebModule } from '@mz/ui';
import { lazy } from 'react';

// For modules built on the registry (assistance, elderly): choose a person from the registry.
export { PersonPicker } from './person-picker.tsx';

const PersonsPage = lazy(() => import('./persons-page.tsx').then((m) => ({ default: m.PersonsPage })));
const PersonFormPage = lazy(() => import('./person-form-page.tsx').then((m) => ({ default: m.PersonFormPage })));
const PersonDetailPage = lazy(() => import('./person-detail-page.tsx').then((m) => ({ default: m.PersonDetailPage })));
const HouseholdsPage = lazy(() => import('./households-page.tsx').then((m) => ({ default: m.HouseholdsPage })));
const HouseholdDetailPage = lazy(() => import('./household-detail-page.tsx').then((m) => ({ default: m.HouseholdDetailPage })));
const ImportsPage = lazy(() => import('./imports-page.tsx').then((m) => ({ default: m.ImportsPage })));
const DuplicatesPage = lazy(() => import('./duplicates-page.tsx').then((m) => ({ default: m.DuplicatesPage })));

const GROUP = '人口与家庭';

export const registryWebModule: WebModule = {
  key: 'registry',
  menu: [
    { label: '人员查询', path: '/registry/persons', icon: <IdcardOutlined />, permission: 'person.read', group: GROUP, order: 20 },
    { label: '家庭查询', path: '/registry/households', icon: <HomeOutlined />, permission: 'person.read', group: GROUP, order: 21 },
    { label: '批量导入', path: '/registry/imports', icon: <CloudUploadOutlined />, permission: 'person.import', group: GROUP, order: 22 },
    { label: '疑似重复', path: '/registry/duplicates', icon: <DiffOutlined />, permission: 'person.write', group: GROUP, order: 23 },
  ],
  routes: [
    { path: '/registry/persons', element: <PersonsPage />, permission: 'person.read' },
    { path: '/registry/persons/new', element: <PersonFormPage />, permission: 'person.write' },
    { path: '/registry/persons/:id', element: <PersonDetailPage />, permission: 'person.read' },
    { path: '/registry/persons/:id/edit', element: <PersonFormPage />, permission: 'person.write' },
    { path: '/registry/households', element: <HouseholdsPage />, permission: 'person.read' },
    { path: '/registry/households/:id', element: <HouseholdDetailPage />, permission: 'person.read' },
    { path: '/registry/imports', element: <ImportsPage />, permission: 'person.import' },
    { path: '/registry/duplicates', element: <DuplicatesPage />, permission: 'person.write' },
  ],
};
