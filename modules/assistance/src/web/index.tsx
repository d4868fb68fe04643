import {
  AlertOutlined, FileAddOutlined, FileSearchOutlined, HomeOutlined, MedicineBoxOutlined, ScheduleOutlined, SlidersOutlined, UsergroupDeleteOutlined,
} from '@ant-design/icons';
import type { WebModule } from '@mz/ui';
import { lazy } from 'react';

const QueuePage = lazy(() => import('./queue-page.tsx').then((m) => ({ default: m.QueuePage })));
const CasesPage = lazy(() => import('./cases-page.tsx').then((m) => ({ default: m.CasesPage })));
const CaseNewPage = lazy(() => import('./case-new-page.tsx').then((m) => ({ default: m.CaseNewPage })));
const CaseDetailPage = lazy(() => import('./case-detail-page.tsx').then((m) => ({ default: m.CaseDetailPage })));
const OverduePage = lazy(() => import('./overdue-page.tsx').then((m) => ({ default: m.OverduePage })));
const ParamsPage = lazy(() => import('./params-page.tsx').then((m) => ({ default: m.ParamsPage })));
const NearKinPage = lazy(() => import('./near-kin-page.tsx').then((m) => ({ default: m.NearKinPage })));
const EdgeFamiliesPage = lazy(() => import('./edge-families-page.tsx').then((m) => ({ default: m.EdgeFamiliesPage })));
const RigidFamiliesPage = lazy(() => import('./rigid-families-page.tsx').then((m) => ({ default: m.RigidFamiliesPage })));

const GROUP = '社会救助';

/** 社会救助: 低保, 特困供养 and 临时救助 cases from application to decision, and their policy settings. */
export const assistanceWebModule: WebModule = {
  key: 'assistance',
  menu: [
    { label: '我的待办', path: '/assistance/queue', icon: <ScheduleOutlined />, permission: 'assistance.handle', group: GROUP, order: 30 },
    { label: '救助申请', path: '/assistance/cases/new', icon: <FileAddOutlined />, permission: 'assistance.apply', group: GROUP, order: 31 },
    { label: '案件查询', path: '/assistance/cases', icon: <FileSearchOutlined />, permission: 'assistance.read', group: GROUP, order: 32 },
    { label: '逾期督办', path: '/assistance/overdue', icon: <AlertOutlined />, permission: 'assistance.supervise', group: GROUP, order: 33 },
    { label: '近亲属备案', path: '/assistance/near-kin', icon: <UsergroupDeleteOutlined />, permission: 'assistance.read', group: GROUP, order: 34 },
    // Everyone who handles cases may read the parameters their amounts come from; only
    // `assistance.params` may add rows (the page hides the form otherwise).
    { label: '政策参数', path: '/assistance/params', icon: <SlidersOutlined />, permission: 'assistance.read', group: GROUP, order: 35 },
    // Readable by all who read cases; recognising and ending are offered to the officials the server lets do it.
    { label: '低保边缘家庭', path: '/assistance/edge-families', icon: <HomeOutlined />, permission: 'assistance.read', group: GROUP, order: 36 },
    // 刚性支出困难家庭认定办法第十一条: a category of its own, listed separately.
    { label: '刚性支出困难家庭', path: '/assistance/rigid-families', icon: <MedicineBoxOutlined />, permission: 'assistance.read', group: GROUP, order: 37 },
  ],
  routes: [
    { path: '/assistance/queue', element: <QueuePage />, permission: 'assistance.read' },
    { path: '/assistance/cases', element: <CasesPage />, permission: 'assistance.read' },
    { path: '/assistance/cases/new', element: <CaseNewPage />, permission: 'assistance.apply' },
    { path: '/assistance/cases/:id', element: <CaseDetailPage />, permission: 'assistance.read' },
    { path: '/assistance/overdue', element: <OverduePage />, permission: 'assistance.supervise' },
    { path: '/assistance/near-kin', element: <NearKinPage />, permission: 'assistance.read' },
    { path: '/assistance/params', element: <ParamsPage />, permission: 'assistance.read' },
    { path: '/assistance/edge-families', element: <EdgeFamiliesPage />, permission: 'assistance.read' },
    { path: '/assistance/rigid-families', element: <RigidFamiliesPage />, permission: 'assistance.read' },
  ],
};
