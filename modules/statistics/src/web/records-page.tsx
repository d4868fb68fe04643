import { Button, Table, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { fenToYuanString } from '@mz/kernel';
import { PageShell, ProblemAlert, useViewRegion } from '@mz/ui';
import { useNavigate, useSearchParams } from 'react-router';
import { useRecords } from './statistics.api.ts';

/** 数字背后的明细: the records an indicator counted for a region and month (masked; viewing is audited). */
export function RecordsPage() {
  const view = useViewRegion();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('pageSize') ?? '20') || 20;
  const q = { indicator: params.get('indicator') ?? '', month: params.get('month') ?? '', regionCode: view.isHome ? undefined : view.code, page, pageSize };
  const records = useRecords(q);
  const r = records.data;
  return (
    <PageShell
      title={r ? `${r.regionName} ${r.month}「${r.indicatorName}」明细` : '统计明细'}
      description={r ? `${r.recordName}，共 ${r.total} 条，合计 ${r.measureTotal.toLocaleString('zh-CN')}（${r.unit}）；证件号码已脱敏，查看记入审计日志` : undefined}
      extra={<Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>返回</Button>}
    >
      {records.error && <ProblemAlert error={records.error} />}
      <div className="mz-panel">
        <Table
          size="small"
          rowKey="recordId"
          loading={records.isFetching}
          dataSource={r?.items ?? []}
          pagination={{
            current: page, pageSize, total: r?.total ?? 0, showTotal: (t) => `共 ${t} 条`,
            onChange: (p, s) => setParams((prev) => { const n = new URLSearchParams(prev); n.set('page', String(p)); n.set('pageSize', String(s)); return n; }),
          }}
          columns={[
            { title: '区划', dataIndex: 'regionName', render: (v: string | null, x) => v ?? x.regionCode },
            { title: '姓名', dataIndex: 'name', render: (v: string | null) => v ?? <Typography.Text type="secondary">（辖区外登记）</Typography.Text> },
            { title: '证件号码', dataIndex: 'idMasked' },
            { title: '说明', dataIndex: 'note' },
            { title: '金额（元）', dataIndex: 'amountFen', align: 'right', render: (v: number | null) => (v === null ? '—' : fenToYuanString(v)) },
            { title: `计入（${r?.unit ?? ''}）`, dataIndex: 'measure', align: 'right' },
          ]}
        />
      </div>
    </PageShell>
  );
}
