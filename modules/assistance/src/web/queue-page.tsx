import { FileAddOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PageShell, ProblemAlert, useMe, useSession, useViewRegion } from '@mz/ui';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueue, type CaseSummary, type Programme } from './assistance.api.ts';
import { caseColumns } from './case-columns.tsx';
import { dueInfo } from './format.ts';
import { PROGRAMME_SHORT } from './vocab.ts';

type Filter = 'all' | 'overdue' | 'recheck' | Programme;

/** 我的待办: cases the signed-in official can act on now (their level and roles), earliest due first. */
export function QueuePage() {
  const me = useMe();
  const { can } = useSession();
  const view = useViewRegion();
  const navigate = useNavigate();
  const queue = useQueue();
  const [filter, setFilter] = useState<Filter>('all');

  const items = queue.data?.items ?? [];
  const isOverdue = (c: CaseSummary) => c.overdue || dueInfo(c.nextDue?.due).overdue;
  const counts = useMemo(() => {
    const by: Record<string, number> = { all: items.length, overdue: 0, recheck: 0 };
    for (const c of items) {
      by[c.programme] = (by[c.programme] ?? 0) + 1;
      if (isOverdue(c)) by.overdue! += 1;
      if (c.recheckDue) by.recheck! += 1;
    }
    return by;
  }, [items]);
  const shown = items.filter(
    (c) => filter === 'all' || (filter === 'overdue' ? isOverdue(c) : filter === 'recheck' ? c.recheckDue : c.programme === filter),
  );

  const options = [
    { value: 'all', label: `全部（${counts.all}）` },
    ...(Object.keys(PROGRAMME_SHORT) as Programme[]).map((p) => ({ value: p, label: `${PROGRAMME_SHORT[p]}（${counts[p] ?? 0}）` })),
    { value: 'overdue', label: <span style={{ color: counts.overdue ? '#cf1322' : undefined }}>超期（{counts.overdue}）</span> },
    { value: 'recheck', label: <span style={{ color: counts.recheck ? '#cf1322' : undefined }}>待复核（{counts.recheck}）</span> },
  ];

  return (
    <PageShell
      title="我的待办"
      description={`${me.regionName} · ${me.roleNames.join('、') || '无角色'}：本级本岗现在可以办理的案件，按到期先后排列`}
      extra={
        <>
          <Button icon={<ReloadOutlined />} onClick={() => void queue.refetch()} loading={queue.isFetching}>
            刷新
          </Button>
          {can('assistance.apply') && (
            <Button type="primary" icon={<FileAddOutlined />} onClick={() => navigate(view.link('/assistance/cases/new'))}>
              救助申请
            </Button>
          )}
        </>
      }
    >
      <div className="mz-panel">
        <Space style={{ marginBottom: 12 }} wrap>
          <Segmented<Filter> value={filter} onChange={setFilter} options={options as never} />
          {counts.overdue > 0 && <Tag color="red">有 {counts.overdue} 件已超过办理时限，请优先办理</Tag>}
        </Space>
        {queue.error && <ProblemAlert error={queue.error} />}
        <Table<CaseSummary>
          size="small"
          rowKey="id"
          loading={queue.isFetching}
          dataSource={shown}
          pagination={shown.length > 50 ? { pageSize: 50, showTotal: (t) => `共 ${t} 件` } : false}
          scroll={{ x: 1370 }}
          locale={{ emptyText: <Typography.Text type="secondary">暂无待办案件</Typography.Text> }}
          onRow={(c) => ({
            onClick: () => navigate(view.link(`/assistance/cases/${c.id}`)),
            style: { cursor: 'pointer', background: isOverdue(c) ? '#fff1f0' : undefined },
          })}
          columns={caseColumns(view.link)}
        />
      </div>
    </PageShell>
  );
}
