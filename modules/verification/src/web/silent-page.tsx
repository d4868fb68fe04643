import { PlayCircleOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Space, Statistic, Table } from 'antd';
import { PageShell, ProblemAlert, apiFetch, useSession } from '@mz/ui';
import { todayInShanghai, yearMonthOf } from '@mz/kernel';
import { useState } from 'react';
import { Link } from 'react-router';

interface SilentCounts { passed: number; failed: number; held: number }
interface SilentRow extends SilentCounts { regionCode: string; regionName: string }
interface SilentResults { month: string; regionCode: string; rows: SilentRow[]; total: SilentCounts }

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * 静默认证: each month every recipient of recurring subsidies is re-verified from the departments'
 * current data alone. Those who pass continue with no visit; the rest become alerts and their
 * payments are held from the next month until the alert is handled.
 */
export function SilentPage() {
  const { can, me } = useSession();
  const [month, setMonth] = useState(yearMonthOf(todayInShanghai()));
  const [error, setError] = useState<unknown>(null);
  const { message } = App.useApp();
  const client = useQueryClient();
  const valid = MONTH.test(month);
  const results = useQuery({
    queryKey: ['verification', 'silent-results', month],
    queryFn: ({ signal }) => apiFetch<SilentResults>('/api/v1/verification/silent-results', { signal, query: { month } }),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const start = useMutation({
    mutationFn: (m: string) => apiFetch<{ runId: string; jobId: string }>('/api/v1/verification/silent-runs', { method: 'POST', body: { month: m } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['verification'] }),
  });
  // Runs are started by a county or above (the server refuses others too).
  const mayStart = can('verification.handle') && (me?.regionLevel ?? 5) <= 3;
  const total = results.data?.total;

  return (
    <PageShell
      title="静默认证"
      description="每月以各部门当前数据复核享受经常性待遇的对象（是否健在、是否羁押服刑、是否仍符合条件）：通过的无需入户，继续发放；未通过的生成预警，自下月起暂停发放，预警处置后恢复并补发"
      extra={(
        <Space>
          <Input aria-label="认证月份" value={month} onChange={(e) => setMonth(e.target.value.trim())} style={{ width: 110 }} placeholder="YYYY-MM" />
          {mayStart && (
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              loading={start.isPending}
              disabled={!valid}
              onClick={async () => {
                setError(null);
                try {
                  await start.mutateAsync(month);
                  message.success('静默认证已开始，完成后可在「监测比对」查看运行记录');
                } catch (err) {
                  setError(err);
                }
              }}
            >
              发起静默认证
            </Button>
          )}
        </Space>
      )}
    >
      <div className="mz-panel">
        {!!(results.error || error) && <ProblemAlert error={results.error ?? error} />}
        {!valid && <Alert type="warning" showIcon message="月份应为 YYYY-MM" />}
        {total && (
          <Space size="large" style={{ marginBottom: 16 }}>
            <Statistic title="认证通过" value={total.passed} suffix="人" />
            <Statistic title="未通过" value={total.failed} suffix="人" />
            <Statistic title="暂停发放中" value={total.held} suffix="人" />
          </Space>
        )}
        <Table<SilentRow>
          size="small"
          rowKey="regionCode"
          loading={results.isFetching && !results.data}
          dataSource={results.data?.rows ?? []}
          pagination={false}
          locale={{ emptyText: '该月尚无静默认证结果' }}
          columns={[
            { title: '区划', dataIndex: 'regionName' },
            { title: '认证通过', dataIndex: 'passed', align: 'right' },
            { title: '未通过', dataIndex: 'failed', align: 'right' },
            { title: '暂停发放中', dataIndex: 'held', align: 'right', render: (v: number) => (v > 0 ? <Link to="/verification/alerts">{v}</Link> : v) },
          ]}
        />
      </div>
    </PageShell>
  );
}
