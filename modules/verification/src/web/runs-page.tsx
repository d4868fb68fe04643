import { PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Input, Space, Table, Tag, Typography } from 'antd';
import { PageShell, ProblemAlert, StatusTag, formatDateTime, useSession } from '@mz/ui';
import { todayInShanghai, yearMonthOf } from '@mz/kernel';
import { useState } from 'react';
import { Link } from 'react-router';
import { RUN_STATUS_OPTIONS } from './labels.ts';
import { useRuns, useStartRun, type RuleOutcome, type RunView } from './verification.api.ts';

/** 监测运行: start a run for a month (county level and above) and read what each rule found, or why it did not run. */
export function RunsPage() {
  const { can, me } = useSession();
  const runs = useRuns();
  const start = useStartRun();
  const [month, setMonth] = useState(yearMonthOf(todayInShanghai()));
  const [error, setError] = useState<unknown>(null);
  const { message } = App.useApp();
  // Runs are started by a county or above (the server says so too; the button is hidden below).
  const mayStart = can('verification.handle') && (me?.regionLevel ?? 5) <= 3;

  return (
    <PageShell
      title="监测比对"
      description="将本辖区全部保障对象与各部门当前数据逐条比对，按规则生成预警；过期或未导入的数据不参与比对，运行记录中注明"
      extra={mayStart && (
        <Space>
          <Input aria-label="比对月份" value={month} onChange={(e) => setMonth(e.target.value.trim())} style={{ width: 110 }} placeholder="YYYY-MM" />
          <Button
            type="primary"
            icon={<PlayCircleOutlined />}
            loading={start.isPending}
            disabled={!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)}
            onClick={async () => {
              setError(null);
              try {
                await start.mutateAsync(month);
                message.success('监测比对已开始，完成后自动刷新');
              } catch (err) {
                setError(err);
              }
            }}
          >
            发起监测比对
          </Button>
        </Space>
      )}
    >
      <div className="mz-panel">
        {!!(runs.error || error) && <ProblemAlert error={runs.error ?? error} />}
        <Table<RunView>
          size="small"
          rowKey="id"
          loading={runs.isFetching && !runs.data}
          dataSource={runs.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          locale={{ emptyText: '尚未运行监测比对' }}
          expandable={{ expandedRowRender: (r) => <RuleOutcomes run={r} />, rowExpandable: (r) => r.rules.length > 0 }}
          columns={[
            { title: '月份', dataIndex: 'month', width: 100 },
            // The run list holds 静默认证 runs too (same job, the silent rule set only).
            { title: '类别', key: 'kind', width: 90, render: (_, r) => (r.kind === 'silent' ? <Tag color="blue">静默认证</Tag> : '监测比对') },
            { title: '状态', dataIndex: 'status', width: 100, render: (v: string) => <StatusTag value={v} options={RUN_STATUS_OPTIONS} /> },
            { title: '覆盖人数', dataIndex: 'beneficiaries', width: 100, align: 'right' },
            { title: '新增预警', dataIndex: 'alertsNew', width: 100, align: 'right', render: (v: number) => (v > 0 ? <Link to="/verification/alerts">{v}</Link> : v) },
            { title: '再次命中', dataIndex: 'alertsSeen', width: 100, align: 'right' },
            { title: '运行规则', key: 'ran', width: 100, render: (_, r) => `${r.rules.filter((x) => x.ran).length} / ${r.rules.length}` },
            { title: '说明', key: 'notes', render: (_, r) => r.error ?? (r.rules.some((x) => x.notes.length) ? `${r.rules.filter((x) => x.notes.length).length} 条规则有说明（展开查看）` : '—') },
            { title: '发起时间', dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
            { title: '完成时间', dataIndex: 'finishedAt', width: 170, render: (v: string | null) => formatDateTime(v) },
          ]}
        />
      </div>
    </PageShell>
  );
}

function RuleOutcomes({ run }: { run: RunView }) {
  return (
    <Table<RuleOutcome>
      size="small"
      rowKey="code"
      dataSource={run.rules}
      pagination={false}
      columns={[
        { title: '规则', dataIndex: 'name', width: 260 },
        { title: '运行', dataIndex: 'ran', width: 80, render: (v: boolean) => (v ? <Tag color="success">已运行</Tag> : <Tag>未运行</Tag>) },
        { title: '命中', dataIndex: 'found', width: 70, align: 'right' },
        { title: '新增预警', dataIndex: 'raised', width: 90, align: 'right' },
        { title: '说明', dataIndex: 'notes', render: (n: string[]) => (n.length ? n.map((x) => <Typography.Text key={x} type="warning" style={{ display: 'block' }}>{x}</Typography.Text>) : '—') },
      ]}
    />
  );
}
