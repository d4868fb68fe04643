import { Alert, Table, Typography } from 'antd';
import { ProblemAlert, StatusTag, useSession } from '@mz/ui';
import { Link } from 'react-router';
import { money, monthText, ROLL_STATE_OPTIONS, sourceLink, TRANSFER_STATUS_OPTIONS } from './labels.ts';
import { usePaymentHistory, type HistoryLine } from './payments.api.ts';

/**
 * 发放记录 of one person (and of the households they belong or belonged to), for the registry's person
 * page: every line in rolls past their draft, newest first, and what is still owed back. Renders
 * nothing for a user without `payments.read`.
 */
export function PersonPaymentHistory({ personId }: { personId: string }) {
  const { can } = useSession();
  const allowed = can('payments.read');
  const history = usePaymentHistory(allowed ? personId : undefined);
  if (!allowed) return null;
  const owed = history.data?.recoveries.outstandingFen ?? 0;
  return (
    <div data-testid="payment-history">
      <Typography.Title level={5}>发放记录</Typography.Title>
      {history.error && <ProblemAlert error={history.error} />}
      {owed > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={`尚有追回款 ${money(owed)} 未结清`} />}
      <Table<HistoryLine>
        size="small"
        rowKey="id"
        loading={history.isFetching}
        dataSource={history.data?.items ?? []}
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        locale={{ emptyText: '没有发放记录' }}
        scroll={{ x: 1100 }}
        columns={[
          { title: '所属月份', dataIndex: 'period', width: 100, render: monthText },
          { title: '项目', dataIndex: 'programme', width: 90 },
          { title: '类别', dataIndex: 'kindName', width: 100 },
          { title: '金额', dataIndex: 'amountFen', width: 110, align: 'right', render: money },
          { title: '收款人', dataIndex: 'payeeName', width: 90 },
          { title: '发放表', dataIndex: 'rollNo', width: 240, render: (v: string, l) => <Link to={`/payments/rolls/${l.rollId}`}>{v}</Link> },
          { title: '发放表状态', dataIndex: 'rollState', width: 110, render: (s: string) => <StatusTag value={s} options={ROLL_STATE_OPTIONS} /> },
          {
            title: '银行结果', key: 't', width: 160,
            render: (_, l) => (l.transferStatus ? <><StatusTag value={l.transferStatus} options={TRANSFER_STATUS_OPTIONS} />{l.failureReason ?? ''}</> : '—'),
          },
          {
            title: '依据', key: 'src', width: 160,
            render: (_, l) => {
              const link = sourceLink(l.source);
              return <>{link ? <Link to={link}>救助案件</Link> : '—'}{l.ruleVersion ? ` · ${l.ruleVersion}` : ''}</>;
            },
          },
        ]}
      />
    </div>
  );
}
