import { Button, DatePicker, Descriptions, Drawer, Form, Input, Select, Skeleton, Space, Table, Tabs, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { ModalForm, PageShell, ProblemAlert, StatusTag, formatDateTime, useSession, useViewRegion, type StatusOption } from '@mz/ui';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FINDING_STATUS_NAMES, type FindingAction } from '../domain/index.ts';
import {
  useFinding, useFindingAction, useFindings, useInspections, useOpenFindingsByInstitution, type FindingView, type InspectionView, type OpenFindingsRow,
} from './quality.api.ts';

export const FINDING_STATUS_OPTIONS: Record<string, StatusOption> = {
  open: { text: FINDING_STATUS_NAMES.open, tone: 'warning' },
  rectified: { text: FINDING_STATUS_NAMES.rectified, tone: 'processing' },
  verified: { text: FINDING_STATUS_NAMES.verified, tone: 'success' },
};
export const SEVERITY_OPTIONS: Record<string, StatusOption> = { major: { text: '重大隐患', tone: 'error' }, general: { text: '一般问题', tone: 'default' } };

const danger = (n: number) => (n > 0 ? <Typography.Text type="danger" strong>{n}</Typography.Text> : n);

export function DeadlineCell({ f }: { f: FindingView }) {
  if (f.status === 'verified') return <>{f.deadline}</>;
  if (f.overdue) return <Typography.Text type="danger">{f.deadline}（逾期 {-f.daysLeft} 天）</Typography.Text>;
  return <>{f.deadline}{f.status === 'open' ? `（剩 ${f.daysLeft} 天）` : ''}</>;
}

export function findingColumns(onOpen: (id: string) => void, withInstitution = true) {
  return [
    ...(withInstitution ? [{ title: '机构', dataIndex: 'institutionName', render: (v: string, f: FindingView) => <Link to={`/elderly/inspections/${f.inspectionId}`}>{v}</Link> }] : []),
    { title: '检查项', dataIndex: 'itemCode', width: 70 },
    { title: '问题', dataIndex: 'description', render: (v: string, f: FindingView) => <a href="#" onClick={(e) => { e.preventDefault(); onOpen(f.id); }}>{v}</a> },
    { title: '等级', dataIndex: 'severity', width: 90, render: (v: string) => <StatusTag value={v} options={SEVERITY_OPTIONS} /> },
    { title: '发现日期', dataIndex: 'foundOn', width: 105 },
    { title: '整改期限', key: 'deadline', width: 190, render: (_: unknown, f: FindingView) => <DeadlineCell f={f} /> },
    { title: '状态', dataIndex: 'status', width: 120, render: (v: string) => <StatusTag value={v} options={FINDING_STATUS_OPTIONS} /> },
  ];
}

/** One finding with its follow-up: the operator reports rectification, an inspector verifies or rejects. */
export function FindingDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const finding = useFinding(id ?? undefined);
  const act = useFindingAction(id ?? '');
  const [acting, setActing] = useState<{ key: FindingAction; name: string } | null>(null);
  const f = finding.data;
  return (
    <Drawer open={!!id} onClose={onClose} width={640} title={f ? `${f.institutionName} · ${f.itemCode}` : '问题详情'}
      extra={f && <Space>{f.availableActions.map((a) => <Button key={a.key} type={a.key === 'verify' ? 'primary' : 'default'} danger={a.key === 'reject'} onClick={() => setActing(a)}>{a.name}</Button>)}</Space>}>
      {finding.error && <ProblemAlert error={finding.error} />}
      {!f ? <Skeleton active /> : (
        <>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label="检查项" span={2}>{f.itemCode} {f.itemTitle}</Descriptions.Item>
            <Descriptions.Item label="问题" span={2}>{f.description}</Descriptions.Item>
            <Descriptions.Item label="等级"><StatusTag value={f.severity} options={SEVERITY_OPTIONS} /></Descriptions.Item>
            <Descriptions.Item label="状态"><StatusTag value={f.status} options={FINDING_STATUS_OPTIONS} /></Descriptions.Item>
            <Descriptions.Item label="发现日期">{f.foundOn}</Descriptions.Item>
            <Descriptions.Item label="整改期限"><DeadlineCell f={f} /></Descriptions.Item>
            <Descriptions.Item label="整改情况" span={2}>{f.rectification ? `${f.rectifiedOn} ${f.rectifiedByName ?? ''}：${f.rectification}` : '—'}</Descriptions.Item>
            <Descriptions.Item label="验证" span={2}>{f.verifiedOn ? `${f.verifiedOn} ${f.verifiedByName ?? ''}` : '—'}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>跟踪记录</Typography.Title>
          <Timeline items={f.events.map((e) => ({ children: <>{formatDateTime(e.at)} {e.byName ?? ''} <b>{e.actionName}</b>{e.note ? `：${e.note}` : ''}</> }))} />
          {acting && (
            <ModalForm<{ note?: string; rectifiedOn?: dayjs.Dayjs }>
              name="finding-action"
              open
              title={acting.name}
              danger={acting.key === 'reject'}
              initialValues={acting.key === 'rectify' ? { rectifiedOn: dayjs() } : {}}
              onClose={() => setActing(null)}
              onSubmit={async (v) => {
                await act.mutateAsync({ action: acting.key, note: v.note?.trim() || undefined, rectifiedOn: v.rectifiedOn?.format('YYYY-MM-DD'), version: f.version });
                setActing(null);
              }}
            >
              {acting.key === 'rectify' && (
                <Form.Item name="rectifiedOn" label="整改完成日期" rules={[{ required: true, message: '请选择日期' }]}>
                  <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(f.foundOn), 'day')} />
                </Form.Item>
              )}
              <Form.Item
                name="note"
                label={acting.key === 'rectify' ? '整改措施与佐证材料' : acting.key === 'reject' ? '不通过原因' : '验证意见'}
                rules={acting.key === 'verify' ? [] : [{ required: true, message: acting.key === 'rectify' ? '请说明整改措施和佐证材料' : '请说明原因' }]}
              >
                <Input.TextArea rows={4} maxLength={1000} placeholder={acting.key === 'rectify' ? '如：已拆除门锁、加装推闩，照片 3 张存档' : undefined} />
              </Form.Item>
            </ModalForm>
          )}
        </>
      )}
    </Drawer>
  );
}

/** 安全与质量检查: institutions with open findings (overdue in red), the findings list and the inspections. */
export function QualityInspectionsPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'institutions';
  const [status, setStatus] = useState<string | undefined>('unresolved');
  const [overdue, setOverdue] = useState(false);
  const [findingPage, setFindingPage] = useState(1);
  const [inspectionPage, setInspectionPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const view = useViewRegion();
  const regionCode = view.toParam(view.code);
  const byInst = useOpenFindingsByInstitution(regionCode);
  const findings = useFindings({ regionCode, status, overdue: overdue ? 'true' : undefined, page: findingPage, pageSize: 20 });
  const inspections = useInspections({ regionCode, page: inspectionPage, pageSize: 20 });
  return (
    <PageShell
      title="安全与服务质量检查"
      description="消防安全、服务质量检查记录，问题整改期限与跟踪；逾期未整改以红色标示"
      extra={can('elderly.inspection.record') && <Button type="primary" onClick={() => navigate('/elderly/inspections/new')}>录入检查</Button>}
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => { const next = new URLSearchParams(params); next.set('tab', k); setParams(next); }}
        items={[
          {
            key: 'institutions', label: '有未销号问题的机构',
            children: (
              <>
                {byInst.error && <ProblemAlert error={byInst.error} />}
                <Table<OpenFindingsRow>
                  size="small"
                  rowKey="institutionId"
                  loading={byInst.isFetching}
                  dataSource={byInst.data?.items ?? []}
                  pagination={false}
                  locale={{ emptyText: '没有未销号的问题' }}
                  columns={[
                    { title: '机构', dataIndex: 'institutionName' },
                    { title: '区划', dataIndex: 'regionName', render: (v: string | null, r) => v ?? r.regionCode },
                    { title: '待整改', dataIndex: 'open', align: 'right' },
                    { title: '待验证', dataIndex: 'awaitingVerification', align: 'right' },
                    { title: '逾期', dataIndex: 'overdue', align: 'right', render: danger },
                    { title: '重大隐患', dataIndex: 'major', align: 'right', render: danger },
                    { title: '最早期限', dataIndex: 'earliestDeadline', render: (v: string | null, r) => (r.overdue > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v ?? '—') },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'findings', label: '问题清单',
            children: (
              <>
                <Space style={{ marginBottom: 12 }}>
                  <span>状态</span>
                  <Select style={{ width: 150 }} allowClear placeholder="全部" value={status} onChange={(v) => { setStatus(v); setFindingPage(1); }}
                    options={[{ value: 'unresolved', label: '未销号' }, ...Object.entries(FINDING_STATUS_NAMES).map(([value, label]) => ({ value, label }))]} />
                  <Select style={{ width: 120 }} value={overdue ? 'y' : 'n'} onChange={(v) => { setOverdue(v === 'y'); setFindingPage(1); }}
                    options={[{ value: 'n', label: '全部期限' }, { value: 'y', label: '仅逾期' }]} />
                </Space>
                {findings.error && <ProblemAlert error={findings.error} />}
                <Table<FindingView>
                  size="small"
                  rowKey="id"
                  loading={findings.isFetching}
                  dataSource={findings.data?.items ?? []}
                  pagination={{ current: findingPage, pageSize: 20, total: findings.data?.total ?? 0, onChange: setFindingPage, showTotal: (t) => `共 ${t} 条` }}
                  columns={findingColumns(setOpenId)}
                />
              </>
            ),
          },
          {
            key: 'inspections', label: '检查记录',
            children: (
              <>
                {inspections.error && <ProblemAlert error={inspections.error} />}
                <Table<InspectionView>
                  size="small"
                  rowKey="id"
                  loading={inspections.isFetching}
                  dataSource={inspections.data?.items ?? []}
                  pagination={{ current: inspectionPage, pageSize: 20, total: inspections.data?.total ?? 0, onChange: setInspectionPage, showTotal: (t) => `共 ${t} 条` }}
                  columns={[
                    { title: '编号', dataIndex: 'inspectionNo', width: 70 },
                    { title: '机构', dataIndex: 'institutionName', render: (v: string, r) => <Link to={`/elderly/inspections/${r.id}`}>{v}</Link> },
                    { title: '类别', dataIndex: 'kindName', width: 120 },
                    { title: '检查日期', dataIndex: 'inspectedOn', width: 110 },
                    { title: '检查人员', dataIndex: 'inspectors', render: (v: string[]) => v.join('、') },
                    { title: '不符合', dataIndex: 'itemsFailed', align: 'right', width: 80 },
                    { title: '未销号', dataIndex: 'openFindings', align: 'right', width: 80 },
                    { title: '逾期', dataIndex: 'overdueFindings', align: 'right', width: 70, render: danger },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
      <FindingDrawer id={openId} onClose={() => setOpenId(null)} />
    </PageShell>
  );
}
