import { useQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { EntitlementView } from '@mz/payments';
import { apiFetch, ProblemAlert } from '@mz/ui';
import { cnDate, cnMonth, money } from './format.ts';

/**
 * What the payments ledger holds for this case (its series `assistance/<caseId>`): each version
 * the decisions wrote, newest first, so an official sees from which month which amount is paid and
 * why. Shown to officials who may read 资金发放.
 */
export function CaseLedger({ caseId, version }: { caseId: string; version: number }) {
  const q = useQuery({
    // The case's version in the key: a decision taken on the page reloads what it wrote.
    queryKey: ['assistance', 'case-ledger', caseId, version],
    queryFn: ({ signal }) => apiFetch<{ items: EntitlementView[]; total: number }>(
      `/payments/entitlements?sourceModule=assistance&sourceId=${encodeURIComponent(caseId)}&pageSize=100`, { signal },
    ),
    refetchOnWindowFocus: false,
  });
  if (q.error) return <ProblemAlert error={q.error} />;
  const rows = [...(q.data?.items ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.fromMonth.localeCompare(a.fromMonth));
  return (
    <>
      <Table<EntitlementView>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: '尚未形成待遇（确认或批准后记入）' }}
        columns={[
          {
            title: '期间', key: 'months',
            render: (_, e) => (e.kind === 'grant' ? cnMonth(e.fromMonth) : `${cnMonth(e.fromMonth)} 起${e.toMonth ? `至 ${cnMonth(e.toMonth)}` : ''}`),
          },
          { title: amountTitle(rows), key: 'amount', align: 'right', render: (_, e) => money(e.monthlyAmountFen) },
          {
            title: '依据', key: 'reason',
            render: (_, e) => (
              <>
                {e.origin.reason}
                {e.paidOutsideOn && <Typography.Text type="secondary">（{cnDate(e.paidOutsideOn)} 已在银行代发之外发放）</Typography.Text>}
              </>
            ),
          },
          { title: '状态', key: 'current', width: 80, render: (_, e) => (e.current ? <Tag color="green">现行</Tag> : <Tag>已被取代</Tag>) },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }}>
        每月发放表按现行待遇生成；已发月份金额变化的，下一期发放表自动补发或追回。
        <Link to="/payments/entitlements">查看全部待遇</Link>
      </Typography.Paragraph>
    </>
  );
}

/** 低保/特困 are paid monthly, 临时救助 once. */
const amountTitle = (rows: EntitlementView[]) => (rows.some((r) => r.kind === 'monthly') ? '每月金额' : '救助金额');
