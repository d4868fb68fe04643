import { Card, Table } from 'antd';
import { StatusTag, useSession } from '@mz/ui';
import { Link } from 'react-router';
import { useEnrolments, type EnrolmentView } from './allowance.api.ts';
import { READ, yuan } from './allowance.components.tsx';

/**
 * 高龄津贴与养老补贴 on the registry's person page (WebModule.personPanels): what the person is or
 * was enrolled in. Renders nothing without `elderly.read` or without any enrolment.
 */
export function AllowancePersonPanel({ personId }: { personId: string }) {
  const { can } = useSession();
  const allowed = can(READ);
  const data = useEnrolments({ personId, page: 1, pageSize: 20 }, allowed);
  const items = allowed ? data.data?.items ?? [] : [];
  if (!items.length) return null;
  return (
    <Card size="small" title="高龄津贴与养老补贴" style={{ marginTop: 16 }}>
      <Table<EnrolmentView>
        size="small" rowKey="id" pagination={false} dataSource={items}
        columns={[
          { title: '项目', dataIndex: 'programmeName', render: (v, r) => <Link to={r.programme === 'longevity' ? '/elderly/allowance?tab=enrolments' : '/elderly/subsidies'}>{v}</Link> },
          { title: '档次 / 等级', render: (_, r) => r.bracket ?? (r.level !== null ? `${r.level}级` : '—') },
          { title: '月标准', dataIndex: 'monthlyFen', align: 'right', render: (v: number) => yuan(v) },
          { title: '起始月份', dataIndex: 'sinceMonth' },
          { title: '状态', dataIndex: 'status', render: (v: string, r) => <StatusTag tone={v === 'active' ? 'success' : 'default'}>{r.statusName}{r.lastMonth ? `（发放至 ${r.lastMonth}）` : ''}</StatusTag> },
        ]}
      />
    </Card>
  );
}
