import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Table, Typography } from 'antd';
import { FilterBar, PageShell, ProblemAlert, RegionCascader, StatusTag, useListParams, useSession, useViewRegion } from '@mz/ui';
import { Link, useNavigate } from 'react-router';
import { useAssessments, type AssessmentSummary } from './assessment.api.ts';
import { DUE_SELECT, LEVEL_OPTIONS, LEVEL_SELECT, MANAGE, STATUS_OPTIONS, STATUS_SELECT, assessmentPath } from './assessment.labels.ts';

const FILTER_KEYS = ['status', 'level', 'due', 'regionCode', 'q'] as const;
interface FormValues { status?: string; level?: string; due?: string; regionCode?: string; q?: string }

/** 能力评估: the jurisdiction's assessments; filter by level, reassessment due or overdue, region and name. */
export function AssessmentListPage() {
  const list = useListParams(FILTER_KEYS);
  const f = list.filters as FormValues;
  const { can } = useSession();
  // The region filter narrows; without it, the 当前查看区划 chosen in the header applies.
  const view = useViewRegion();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const due = f.due === 'overdue' ? { overdue: 'true' } : f.due ? { dueWithinDays: f.due } : {};
  const data = useAssessments({ status: f.status, level: f.level, regionCode: f.regionCode || view.code, q: f.q, ...due, page: list.page, pageSize: list.pageSize });

  return (
    <PageShell
      title="老年人能力评估"
      description="按 GB/T 42195-2022 评估老年人能力等级；等级用于补贴和照护计划，每 12 个月复评，逾期未复评的标红"
      extra={can(MANAGE) && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/elderly/assessments/new')}>新建评估</Button>}
    >
      <div className="mz-panel">
        <FilterBar<FormValues>
          form={form}
          values={{ status: f.status, level: f.level, due: f.due, regionCode: f.regionCode, q: f.q }}
          onSearch={(v) => list.setFilters({ status: v.status, level: v.level, due: v.due, regionCode: v.regionCode, q: v.q?.trim() || undefined })}
        >
          <Form.Item name="due" label="复评">
            <Select allowClear placeholder="全部" style={{ width: 190 }} options={DUE_SELECT} />
          </Form.Item>
          <Form.Item name="level" label="最终等级">
            <Select allowClear placeholder="全部" style={{ width: 140 }} options={LEVEL_SELECT} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select allowClear placeholder="全部" style={{ width: 110 }} options={STATUS_SELECT} />
          </Form.Item>
          <Form.Item name="regionCode" label="区划">
            <RegionCascader allowClear placeholder="本辖区全部" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="q" label="姓名">
            <Input allowClear placeholder="完整姓名" style={{ width: 120 }} />
          </Form.Item>
        </FilterBar>
      </div>
      <div className="mz-panel">
        {data.error && <ProblemAlert error={data.error} />}
        <Table<AssessmentSummary>
          size="small"
          rowKey="id"
          loading={data.isFetching}
          dataSource={data.data?.items ?? []}
          pagination={list.pagination(data.data?.total)}
          locale={{ emptyText: '没有符合条件的评估' }}
          scroll={{ x: 1200 }}
          columns={[
            { title: '姓名', dataIndex: 'personName', width: 100, render: (v: string, a) => <Link to={assessmentPath(a.id)}>{v}</Link> },
            { title: '身份证号', dataIndex: 'idMasked', width: 180 },
            { title: '所在地', dataIndex: 'regionName', width: 140 },
            { title: '评估日期', dataIndex: 'assessedOn', width: 110 },
            { title: '评估原因', dataIndex: 'reasonName', width: 130 },
            { title: '总分', dataIndex: 'totalScore', width: 70, render: (v: number | null) => v ?? '—' },
            { title: '最终等级', dataIndex: 'finalLevel', width: 120, render: (v: number | null) => (v === null ? '—' : <StatusTag value={String(v)} options={LEVEL_OPTIONS} />) },
            { title: '状态', dataIndex: 'status', width: 90, render: (v: string, a) => <><StatusTag value={v} options={STATUS_OPTIONS} />{a.current && <StatusTag tone="success">当前</StatusTag>}</> },
            {
              title: '下次评估', dataIndex: 'nextDueOn', width: 150,
              render: (v: string | null, a) => !v ? '—' : a.dueState === 'overdue' ? <Typography.Text type="danger">{v}（逾期）</Typography.Text>
                : a.dueState === 'due' ? <Typography.Text type="warning">{v}（即将到期）</Typography.Text> : v,
            },
            { title: '经办', key: 'by', render: (_, a) => a.completedByName ?? a.createdByName ?? '—' },
          ]}
        />
      </div>
    </PageShell>
  );
}
