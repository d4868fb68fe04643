import { Checkbox, Form, Input, Select, Table, Typography } from 'antd';
import { FilterBar, PageShell, ProblemAlert, RegionCascader, StatusTag, useListParams } from '@mz/ui';
import { Link } from 'react-router';
import { ALERT_STATUS_OPTIONS, SEVERITY_OPTIONS, selectOf } from './labels.ts';
import { useAlerts, useRules, type AlertView } from './verification.api.ts';

interface Filters { rule?: string; status?: string; severity?: string; regionCode?: string; overdue?: string; q?: string }
const FILTER_KEYS = ['rule', 'status', 'severity', 'regionCode', 'overdue', 'q'] as const;
interface FormValues { rule?: string; status?: string; severity?: string; regionCode?: string; overdue?: boolean; q?: string }

/** 预警: the jurisdiction's alerts, unresolved and severe first, filtered by rule, severity, status, region and overdue. */
export function AlertsPage() {
  const list = useListParams(FILTER_KEYS);
  const f = list.filters as Filters;
  const alerts = useAlerts({ ...f, overdue: f.overdue === 'true' ? 'true' : undefined, page: list.page, pageSize: list.pageSize });
  const rules = useRules();
  const [form] = Form.useForm<FormValues>();

  return (
    <PageShell title="预警" description="监测比对发现的疑点，按辖区分派、限期核实处置；逾期未办结的标红">
      <div className="mz-panel">
        <FilterBar<FormValues>
          form={form}
          values={{ rule: f.rule, status: f.status, severity: f.severity, regionCode: f.regionCode, overdue: f.overdue === 'true', q: f.q }}
          onSearch={(v) => list.setFilters({ rule: v.rule, status: v.status, severity: v.severity, regionCode: v.regionCode, overdue: v.overdue ? 'true' : undefined, q: v.q?.trim() || undefined })}
        >
          <Form.Item name="rule" label="规则">
            <Select allowClear placeholder="全部" style={{ width: 230 }} options={(rules.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))} />
          </Form.Item>
          <Form.Item name="severity" label="级别">
            <Select allowClear placeholder="全部" style={{ width: 90 }} options={selectOf(SEVERITY_OPTIONS)} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select allowClear placeholder="全部" style={{ width: 130 }} options={selectOf(ALERT_STATUS_OPTIONS)} />
          </Form.Item>
          <Form.Item name="regionCode" label="区划">
            <RegionCascader allowClear placeholder="本辖区全部" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="q" label="姓名">
            <Input allowClear placeholder="完整姓名" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="overdue" valuePropName="checked">
            <Checkbox>只看逾期</Checkbox>
          </Form.Item>
        </FilterBar>
      </div>
      <div className="mz-panel">
        {alerts.error && <ProblemAlert error={alerts.error} />}
        <Table<AlertView>
          size="small"
          rowKey="id"
          loading={alerts.isFetching}
          dataSource={alerts.data?.items ?? []}
          pagination={list.pagination(alerts.data?.total)}
          locale={{ emptyText: '没有符合条件的预警' }}
          scroll={{ x: 1300 }}
          columns={[
            { title: '编号', dataIndex: 'alertNo', width: 80, render: (v: number, a) => <Link to={`/verification/alerts/${a.id}`}>{v}</Link> },
            { title: '规则', dataIndex: 'ruleName', width: 230, render: (v: string, a) => <Link to={`/verification/alerts/${a.id}`}>{v}</Link> },
            { title: '级别', dataIndex: 'severity', width: 70, render: (v: string) => <StatusTag value={v} options={SEVERITY_OPTIONS} /> },
            { title: '对象', dataIndex: 'personName', width: 100 },
            { title: '身份证号', dataIndex: 'idMasked', width: 180 },
            { title: '所在地', dataIndex: 'regionName', width: 130 },
            { title: '状态', dataIndex: 'status', width: 110, render: (v: string) => <StatusTag value={v} options={ALERT_STATUS_OPTIONS} /> },
            { title: '发现日期', dataIndex: 'raisedOn', width: 110 },
            { title: '办结期限', dataIndex: 'dueOn', width: 120, render: (v: string, a) => (a.overdue ? <Typography.Text type="danger">{v}（逾期）</Typography.Text> : v) },
            { title: '处置', key: 'handled', render: (_, a) => (a.handledByName ? `${a.handledByName}${a.transferDepartment ? ` 转${a.transferDepartment}` : ''}` : '—') },
          ]}
        />
      </div>
    </PageShell>
  );
}
