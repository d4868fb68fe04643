import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { FilterBar, ModalForm, PageShell, ProblemAlert, useListParams, useSession, useViewRegion } from '@mz/ui';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { HOMECARE_GROUP_NAMES, type HomecareGroup } from '../domain/homecare.names.ts';
import { useBeneficiaries, useEnrol, useStopBeneficiary, useSuggestions, type BeneficiaryView, type EligibilityRow } from './homecare.api.ts';
import { GROUP_SELECT, MANAGE, ORDER, PersonPicker, yuan } from './homecare.labels.tsx';
import { RegisterOrderDialog } from './homecare-orders-page.tsx';

const FILTER_KEYS = ['status', 'group', 'q', 'tab'] as const;
interface Filters { status?: string; group?: string; q?: string; tab?: string }

/** 服务对象: enrolled elders with this month's budget (used, remaining), the suggestion list, enrolment and stop. */
export function HomecareBeneficiariesPage() {
  const list = useListParams(FILTER_KEYS);
  const f = list.filters as Filters;
  const tab = f.tab === 'suggestions' ? 'suggestions' : 'enrolled';
  const { can } = useSession();
  const [enrolling, setEnrolling] = useState<Partial<EligibilityRow> | null>(null);
  return (
    <PageShell
      title="居家养老·服务对象"
      description="失独、失能、失智、80岁以上空巢、困难老人纳入政府购买居家养老服务，每月按标准给予服务预算；超出部分由老人自费"
      extra={can(MANAGE) && <Button type="primary" onClick={() => setEnrolling({})}>纳入服务对象</Button>}
    >
      <div className="mz-panel">
        <Tabs
          activeKey={tab}
          onChange={(k) => list.setFilters({ ...f, tab: k === 'suggestions' ? 'suggestions' : undefined })}
          items={[
            { key: 'enrolled', label: '服务对象', children: <Enrolled list={list} filters={f} /> },
            { key: 'suggestions', label: '符合条件待纳入', children: <Suggestions active={tab === 'suggestions'} onEnrol={can(MANAGE) ? setEnrolling : undefined} /> },
          ]}
        />
      </div>
      {enrolling && <EnrolDialog initial={enrolling} onClose={() => setEnrolling(null)} />}
    </PageShell>
  );
}

function Enrolled({ list, filters: f }: { list: ReturnType<typeof useListParams>; filters: Filters }) {
  const view = useViewRegion();
  const data = useBeneficiaries({ status: f.status ?? 'current', group: f.group, q: f.q, regionCode: view.isHome ? undefined : view.code, page: list.page, pageSize: list.pageSize });
  const [form] = Form.useForm<Filters>();
  const { can } = useSession();
  const [stopping, setStopping] = useState<BeneficiaryView | null>(null);
  const [ordering, setOrdering] = useState<BeneficiaryView | null>(null);
  return (
    <>
      <FilterBar<Filters> form={form} values={{ status: f.status, group: f.group, q: f.q }} onSearch={(v) => list.setFilters({ ...f, status: v.status, group: v.group, q: v.q?.trim() || undefined })}>
        <Form.Item name="status" label="状态"><Select allowClear placeholder="服务中" style={{ width: 110 }} options={[{ value: 'current', label: '服务中' }, { value: 'stopped', label: '已停止' }]} /></Form.Item>
        <Form.Item name="group" label="类别"><Select allowClear placeholder="全部" style={{ width: 170 }} options={GROUP_SELECT} /></Form.Item>
        <Form.Item name="q" label="姓名"><Input allowClear placeholder="完整姓名" style={{ width: 120 }} /></Form.Item>
      </FilterBar>
      {data.error && <ProblemAlert error={data.error} />}
      <Table<BeneficiaryView>
        size="small" rowKey="id" loading={data.isFetching} dataSource={data.data?.items ?? []} pagination={list.pagination(data.data?.total)}
        locale={{ emptyText: '没有符合条件的服务对象' }} scroll={{ x: 1200 }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '身份证号', dataIndex: 'idMasked', width: 180 },
          { title: '年龄', dataIndex: 'age', width: 60 },
          { title: '所在地', dataIndex: 'regionName', width: 140 },
          { title: '类别', dataIndex: 'groupNames', render: (v: string[]) => v.map((g) => <Tag key={g}>{g}</Tag>) },
          { title: '月预算', dataIndex: 'monthlyBudgetFen', width: 100, render: (v: number) => yuan(v) },
          { title: `本月已用`, dataIndex: 'spentFen', width: 100, render: (v: number) => yuan(v) },
          { title: '本月剩余', dataIndex: 'remainingFen', width: 100, render: (v: number) => (v === 0 ? <Typography.Text type="danger">{yuan(v)}</Typography.Text> : yuan(v)) },
          { title: '纳入日期', dataIndex: 'enrolledOn', width: 110 },
          { title: '状态', key: 'status', width: 110, render: (_, b) => (b.stoppedOn ? <Tag title={b.stopReason ?? ''}>{b.stoppedOn} 停止</Tag> : <Tag color="success">服务中</Tag>) },
          {
            title: '操作', key: 'op', width: 170, fixed: 'right',
            render: (_, b) => (b.stoppedOn ? null : (
              <Space>
                {can(ORDER) && <a onClick={() => setOrdering(b)}>登记需求</a>}
                <Link to={`/elderly/homecare/orders?beneficiaryId=${b.id}`}>工单</Link>
                {can(MANAGE) && <a onClick={() => setStopping(b)}>停止</a>}
              </Space>
            )),
          },
        ]}
      />
      {stopping && <StopDialog b={stopping} onClose={() => setStopping(null)} />}
      {ordering && <RegisterOrderDialog beneficiary={ordering} onClose={() => setOrdering(null)} />}
    </>
  );
}

function Suggestions({ active, onEnrol }: { active: boolean; onEnrol?: (row: EligibilityRow) => void }) {
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const data = useSuggestions(page, active);
  return (
    <>
      {data.data?.notes.map((n) => <Alert key={n} type="info" showIcon message={n} style={{ marginBottom: 8 }} />)}
      {data.error && <ProblemAlert error={data.error} />}
      <Table<EligibilityRow>
        size="small" rowKey="personId" loading={data.isFetching} dataSource={data.data?.items ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data.data?.total, onChange: (p, s) => setPage({ page: p, pageSize: s }), showTotal: (t) => `共 ${t} 人` }}
        locale={{ emptyText: '本辖区没有符合条件且尚未纳入的老人' }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '身份证号', dataIndex: 'idMasked', width: 180 },
          { title: '年龄', dataIndex: 'age', width: 60 },
          { title: '所在地', dataIndex: 'regionName' },
          { title: '数据支持的类别', dataIndex: 'groupNames', render: (v: string[]) => v.map((g) => <Tag key={g} color="blue">{g}</Tag>) },
          { title: '能力等级', dataIndex: 'assessmentLevel', width: 90, render: (v: number | null) => (v === null ? '未评估' : `${v}级`) },
          { title: '建议月预算', dataIndex: 'suggestedBudgetFen', width: 110, render: (v: number | null) => (v === null ? '未设标准' : yuan(v)) },
          ...(onEnrol ? [{ title: '操作', key: 'op', width: 70, render: (_: unknown, r: EligibilityRow) => <a onClick={() => onEnrol(r)}>纳入</a> }] : []),
        ]}
      />
    </>
  );
}

interface EnrolForm { personId: string; groups: HomecareGroup[]; declaredReason?: string; enrolledOn?: Dayjs; note?: string }

function EnrolDialog({ initial, onClose }: { initial: Partial<EligibilityRow>; onClose: () => void }) {
  const enrol = useEnrol();
  return (
    <ModalForm<EnrolForm>
      name="enrol" open title={initial.name ? `纳入服务对象：${initial.name}` : '纳入服务对象'} onClose={onClose}
      initialValues={{ personId: initial.personId, groups: initial.groups ?? [] }}
      intro={<Typography.Paragraph type="secondary">失能、失智、80岁以上空巢、困难老人须有基础数据支持（能力评估及其痴呆诊断、户籍家庭、低保特困或低保边缘）；失独（以及评估未记录诊断的失智）须填写认定依据，记入审计日志。</Typography.Paragraph>}
      onSubmit={async (v) => {
        await enrol.mutateAsync({
          personId: v.personId, groups: v.groups, declaredReason: v.declaredReason?.trim() || undefined, enrolledOn: v.enrolledOn?.format('YYYY-MM-DD'), note: v.note?.trim() || undefined,
        });
        onClose();
      }}
    >
      {(form) => (
        <>
          {initial.personId
            ? <Form.Item name="personId" label="老人" hidden><Input /></Form.Item>
            : <Form.Item name="personId" label="老人" rules={[{ required: true, message: '请选择老人' }]}><PersonPicker /></Form.Item>}
          {initial.personId && <Typography.Paragraph>{initial.name}（{initial.age}岁，{initial.idMasked}，{initial.regionName}）</Typography.Paragraph>}
          <Form.Item name="groups" label="服务对象类别" rules={[{ required: true, message: '请至少选择一个类别' }]}>
            <Select mode="multiple" options={GROUP_SELECT} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => {
              // 失独 is always declared; 失智 only when no assessment records the diagnosis (the server checks).
              const groups = (form.getFieldValue('groups') as HomecareGroup[] | undefined) ?? [];
              const declared = groups.filter((g) => g === 'shidu' || (g === 'dementia' && !initial.groups?.includes('dementia')));
              const required = groups.includes('shidu') || (!!initial.personId && declared.includes('dementia'));
              return declared.length > 0 && (
                <Form.Item name="declaredReason" label={`认定依据（${declared.map((g) => HOMECARE_GROUP_NAMES[g]).join('、')}）`}
                  extra={!required ? '能力评估已记录痴呆诊断的，可不填' : undefined}
                  rules={required ? [{ required: true, whitespace: true, message: '请填写认定依据（如证明材料）' }] : []}>
                  <Input.TextArea rows={2} maxLength={500} showCount />
                </Form.Item>
              );
            }}
          </Form.Item>
          <Form.Item name="enrolledOn" label="纳入日期（默认今天）"><DatePicker /></Form.Item>
          <Form.Item name="note" label="备注"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </>
      )}
    </ModalForm>
  );
}

function StopDialog({ b, onClose }: { b: BeneficiaryView; onClose: () => void }) {
  const stop = useStopBeneficiary();
  return (
    <ModalForm<{ reason: string; stoppedOn?: Dayjs }>
      name="stop" open danger okText="停止" title={`停止服务对象：${b.name}`} onClose={onClose}
      onSubmit={async (v) => {
        await stop.mutateAsync({ id: b.id, body: { version: b.version, reason: v.reason.trim(), stoppedOn: v.stoppedOn?.format('YYYY-MM-DD') } });
        onClose();
      }}
    >
      <Form.Item name="reason" label="停止原因" rules={[{ required: true, whitespace: true, message: '请填写停止原因' }]}><Input maxLength={200} placeholder="如：入住养老机构、迁出、去世" /></Form.Item>
      <Form.Item name="stoppedOn" label="停止日期（默认今天）"><DatePicker /></Form.Item>
    </ModalForm>
  );
}
