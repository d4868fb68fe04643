import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Progress, Select, Table } from 'antd';
import { FilterBar, PageShell, ProblemAlert, RegionCascader, StatusTag, useListParams, useSession } from '@mz/ui';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { INSTITUTION_KIND_NAMES, OPERATOR_TYPE_NAMES } from '../domain/institution.rules.ts';
import { useInstitutions, type InstitutionSummary } from './institution.api.ts';
import { InstitutionFormDialog } from './institution-form.tsx';
import { INSTITUTION_STATUS_OPTIONS, occupancyColor, optionsOf } from './institution.labels.ts';

const FILTER_KEYS = ['kind', 'operatorType', 'status', 'regionCode', 'name'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** 养老机构: the jurisdiction's institutions with beds, residents and occupancy; operators go straight to their own. */
export function InstitutionListPage() {
  const list = useListParams(FILTER_KEYS);
  const f = list.filters as Filters;
  const institutions = useInstitutions({ ...f, page: list.page, pageSize: list.pageSize });
  const { me, can } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<Filters>();
  const [creating, setCreating] = useState(false);

  // 养老机构经办 work for one institution: its page is their home.
  const isOperator = Boolean(me?.roles.includes('institution_operator'));
  const only = institutions.data?.items.length === 1 && institutions.data.total === 1 ? institutions.data.items[0] : undefined;
  useEffect(() => {
    if (isOperator && only) navigate(`/elderly/institutions/${only.id}`, { replace: true });
  }, [isOperator, only?.id]);

  return (
    <PageShell
      title="养老机构"
      description="本辖区养老机构与社区养老服务设施：床位、在住人数、入住率；点击名称查看详情、办理入住与床位"
      extra={can('elderly.institution.manage') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>登记机构</Button>}
    >
      <div className="mz-panel">
        <FilterBar<Filters> form={form} values={f} onSearch={(v) => list.setFilters({ ...v, name: v.name?.trim() || undefined })}>
          <Form.Item name="kind" label="类型">
            <Select allowClear placeholder="全部" style={{ width: 200 }} options={optionsOf(INSTITUTION_KIND_NAMES)} />
          </Form.Item>
          <Form.Item name="operatorType" label="运营方式">
            <Select allowClear placeholder="全部" style={{ width: 110 }} options={optionsOf(OPERATOR_TYPE_NAMES)} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select allowClear placeholder="全部" style={{ width: 110 }} options={Object.entries(INSTITUTION_STATUS_OPTIONS).map(([value, o]) => ({ value, label: o.text }))} />
          </Form.Item>
          <Form.Item name="regionCode" label="区划">
            <RegionCascader allowClear placeholder="本辖区全部" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="name" label="名称">
            <Input allowClear placeholder="名称中的字" style={{ width: 140 }} />
          </Form.Item>
        </FilterBar>
      </div>
      <div className="mz-panel">
        {institutions.error && <ProblemAlert error={institutions.error} />}
        <Table<InstitutionSummary>
          size="small"
          rowKey="id"
          loading={institutions.isFetching}
          dataSource={institutions.data?.items ?? []}
          pagination={list.pagination(institutions.data?.total)}
          locale={{ emptyText: isOperator ? '您的账号尚未绑定机构，请联系民政部门' : '没有符合条件的机构' }}
          scroll={{ x: 1200 }}
          columns={[
            { title: '机构名称', dataIndex: 'name', width: 220, render: (v: string, i) => <Link to={`/elderly/institutions/${i.id}`}>{v}</Link> },
            { title: '类型', dataIndex: 'kindName', width: 170 },
            { title: '运营方式', dataIndex: 'operatorTypeName', width: 90 },
            { title: '所在地', dataIndex: 'regionName', width: 140 },
            { title: '状态', dataIndex: 'status', width: 90, render: (v: string) => <StatusTag value={v} options={INSTITUTION_STATUS_OPTIONS} /> },
            { title: '备案', dataIndex: 'filingNo', width: 90, render: (v: string | null) => (v ? <StatusTag tone="success">已备案</StatusTag> : <StatusTag tone="warning">未备案</StatusTag>) },
            { title: '床位', dataIndex: 'beds', width: 70, align: 'right' },
            { title: '护理型', dataIndex: 'nursingBeds', width: 80, align: 'right' },
            { title: '在住', dataIndex: 'residents', width: 70, align: 'right' },
            {
              title: '入住率', dataIndex: 'occupancyPercent', width: 160,
              render: (v: number | null) => (v === null ? '—' : <Progress percent={v} size="small" strokeColor={occupancyColor(v)} format={(p) => `${p}%`} />),
            },
            { title: '等级', dataIndex: 'grade', width: 70, render: (v: number | null) => (v ? `${'一二三四五'[v - 1]}级` : '—') },
          ]}
        />
      </div>
      <InstitutionFormDialog open={creating} onClose={() => setCreating(false)} onSaved={(d) => { setCreating(false); navigate(`/elderly/institutions/${d.id}`); }} />
    </PageShell>
  );
}
