import { Alert, App, Button, Descriptions, Select, Space, Statistic, Table } from 'antd';
import { PageShell, ProblemAlert, StatusTag, useSession } from '@mz/ui';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { RUN_ITEM_NAMES, LOW_INCOME_NAMES, type RunItemKind } from '../domain/allowance.rules.ts';
import { useApproveRun, useRun, useRunItems, type RunItemView } from './allowance.api.ts';
import { APPROVE, DEMO_NOTE, RUN_STATUS, yuan } from './allowance.components.tsx';

/** One month's 高龄津贴资格名单: what it found, by kind, and the county's approval. */
export function AllowanceRunPage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  const [kind, setKind] = useState<RunItemKind | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const items = useRunItems(id, kind, page, pageSize);
  const approve = useApproveRun();
  const { can, me } = useSession();
  const { message, modal } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const r = run.data;
  const stops = r ? r.counts.stop_death + r.counts.stop_moved + r.counts.stop_ineligible : 0;

  return (
    <PageShell
      title={r ? `${r.month} 高龄津贴资格名单` : '高龄津贴资格名单'}
      description={<Link to="/elderly/allowance">返回高龄津贴</Link>}
      extra={r && r.status === 'draft' && can(APPROVE) && me?.regionLevel === 3 ? (
        <Button
          type="primary" loading={approve.isPending}
          onClick={() => modal.confirm({
            title: '审批资格名单',
            content: `审批后：新增享受 ${r.counts.new} 人（每月合计 ${yuan(r.newMonthlyFen)}），档次变更 ${r.counts.bracket_change} 人，停发 ${stops} 人，并记入资金发放待遇，下次生成发放表时发放。`,
            okText: '审批',
            onOk: async () => {
              setError(null);
              try {
                await approve.mutateAsync({ id: r.id, version: r.version });
                message.success('资格名单已审批');
              } catch (err) {
                setError(err);
              }
            },
          })}
        >审批</Button>
      ) : undefined}
    >
      <div className="mz-panel">
        {!!(run.error || items.error || error) && <ProblemAlert error={run.error ?? items.error ?? error} />}
        {r?.demoParams && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`${DEMO_NOTE}：本名单按演示参数计算`} />}
        {r && !r.proactive && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="本地未实行主动发放：「符合条件待申请」的老年人须由经办人员代为申请，审批名单不会直接为其发放。" />}
        {r && (
          <>
            <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="地区">{r.regionName}</Descriptions.Item>
              <Descriptions.Item label="状态"><StatusTag value={r.status} options={RUN_STATUS} /></Descriptions.Item>
              <Descriptions.Item label="生成">{r.createdByName} {r.generatedAt.slice(0, 16)}</Descriptions.Item>
              {r.approvedAt && <Descriptions.Item label="审批">{r.approvedByName} {r.approvedAt.slice(0, 16)}</Descriptions.Item>}
            </Descriptions>
            <Space size="large" style={{ marginBottom: 16 }}>
              <Statistic title="新增享受" value={r.counts.new} suffix="人" />
              <Statistic title="新增每月金额" value={yuan(r.newMonthlyFen)} />
              <Statistic title="档次变更" value={r.counts.bracket_change} suffix="人" />
              <Statistic title="停发" value={stops} suffix="人" />
              {r.counts.eligible_unapplied > 0 && <Statistic title="符合条件待申请" value={r.counts.eligible_unapplied} suffix="人" />}
            </Space>
          </>
        )}
        <Space style={{ marginBottom: 8 }}>
          <span>类别</span>
          <Select<RunItemKind> allowClear style={{ width: 180 }} value={kind} onChange={(v) => { setKind(v); setPage(1); }}
            options={Object.entries(RUN_ITEM_NAMES).map(([value, label]) => ({ value: value as RunItemKind, label }))} />
        </Space>
        <Table<RunItemView>
          size="small" rowKey="personId" loading={items.isLoading} dataSource={items.data?.items ?? []}
          pagination={{ current: page, pageSize, total: items.data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 人`, onChange: (p, s) => { setPage(p); setPageSize(s); } }}
          columns={[
            { title: '类别', dataIndex: 'kindName' },
            { title: '姓名', dataIndex: 'personName' },
            { title: '身份证号', dataIndex: 'idMasked' },
            { title: '出生日期', dataIndex: 'birthDate' },
            { title: '区划', dataIndex: 'regionName' },
            { title: '周岁', dataIndex: 'age', align: 'right' },
            { title: '档次', dataIndex: 'bracket', render: (v) => v ?? '—' },
            { title: '月标准', dataIndex: 'monthlyFen', align: 'right', render: (v, x) => (x.previousFen !== null && v !== null ? `${yuan(x.previousFen)} → ${yuan(v)}` : yuan(v)) },
            { title: '起始 / 发放至', render: (_, x) => (x.lastMonth ? `发放至 ${x.lastMonth}` : x.effectiveMonth ? `${x.effectiveMonth} 起` : '—') },
            { title: '说明', render: (_, x) => [x.deathDate && `死亡日期 ${x.deathDate}`, x.lowIncome && LOW_INCOME_NAMES[x.lowIncome]].filter(Boolean).join('；') || '—' },
          ]}
        />
      </div>
    </PageShell>
  );
}
