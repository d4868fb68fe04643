import { Col, Input, Row, Space, Table, Typography } from 'antd';
import { PageShell, ProblemAlert, StatusTag } from '@mz/ui';
import { useState } from 'react';
import { Link } from 'react-router';
import { ALERT_STATUS_OPTIONS } from './labels.ts';
import { useAlertStats, type AlertStats } from './verification.api.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 预警统计: by rule (with each outcome), by the regions one level below, and by status; optionally for alerts raised in a period. */
export function StatsPage() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const stats = useAlertStats({ from: DATE.test(from) ? from : undefined, to: DATE.test(to) ? to : undefined });
  const s = stats.data;
  const alertsOf = (query: string) => `/verification/alerts?${query}`;
  return (
    <PageShell
      title="预警统计"
      description="按规则、下级区划和处置结果统计本辖区的预警"
      extra={(
        <Space>
          <span>发现日期</span>
          <Input aria-label="起" placeholder="YYYY-MM-DD" value={from} onChange={(e) => setFrom(e.target.value.trim())} style={{ width: 130 }} />
          <span>至</span>
          <Input aria-label="止" placeholder="YYYY-MM-DD" value={to} onChange={(e) => setTo(e.target.value.trim())} style={{ width: 130 }} />
        </Space>
      )}
    >
      {stats.error && <ProblemAlert error={stats.error} />}
      <div className="mz-panel">
        <Typography.Title level={5}>按规则</Typography.Title>
        <Table<AlertStats['byRule'][number]>
          size="small"
          rowKey="ruleCode"
          loading={stats.isFetching}
          dataSource={s?.byRule ?? []}
          pagination={false}
          locale={{ emptyText: '暂无预警' }}
          columns={[
            { title: '规则', dataIndex: 'ruleName', render: (v: string, r) => <Link to={alertsOf(`rule=${r.ruleCode}`)}>{v}</Link> },
            { title: '合计', dataIndex: 'total', align: 'right' },
            { title: '待核实', dataIndex: 'open', align: 'right' },
            { title: '核实中', dataIndex: 'verifying', align: 'right' },
            { title: '已维持', dataIndex: 'kept', align: 'right' },
            { title: '已转办', dataIndex: 'transferred', align: 'right' },
            { title: '待调整待遇', dataIndex: 'adjust', align: 'right' },
            { title: '逾期', dataIndex: 'overdue', align: 'right', render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
          ]}
        />
      </div>
      <Row gutter={16}>
        <Col span={14}>
          <div className="mz-panel">
            <Typography.Title level={5}>按区划</Typography.Title>
            <Table<AlertStats['byRegion'][number]>
              size="small"
              rowKey="regionCode"
              dataSource={s?.byRegion ?? []}
              pagination={false}
              columns={[
                { title: '区划', dataIndex: 'regionName', render: (v: string | null, r) => <Link to={alertsOf(`regionCode=${r.regionCode}`)}>{v ?? r.regionCode}</Link> },
                { title: '合计', dataIndex: 'total', align: 'right' },
                { title: '未办结', dataIndex: 'unresolved', align: 'right' },
                { title: '逾期', dataIndex: 'overdue', align: 'right' },
              ]}
            />
          </div>
        </Col>
        <Col span={10}>
          <div className="mz-panel">
            <Typography.Title level={5}>按处置结果</Typography.Title>
            <Table<AlertStats['byStatus'][number]>
              size="small"
              rowKey="status"
              dataSource={s?.byStatus ?? []}
              pagination={false}
              columns={[
                { title: '状态', dataIndex: 'status', render: (v: string) => <StatusTag value={v} options={ALERT_STATUS_OPTIONS} /> },
                { title: '数量', dataIndex: 'total', align: 'right' },
              ]}
            />
          </div>
        </Col>
      </Row>
    </PageShell>
  );
}
