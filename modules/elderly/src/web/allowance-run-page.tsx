import { Alert, App, Button, Descriptions, Select, Space, Statistic, Table } from 'antd';
import { PageShell, ProblemAlert, StatusTag, useSession } from '@mz/ui';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { RUN_ITEM_NAMES, LOW_INCOME_NAMES, type RunItemKind } from '../domain/allowance.rules.ts';
import { useApproveRun, useRun, useRunItems, type RunItemView } from './allowance.api.ts';
import { APPROVE, DEMO_NOTE, RUN_STATUS, yuan } from './allowance.components.tsx';

/** One month's 高龄津贴资格名单 or 养老补贴复核名单: what it found, by kind, and the county's approval. */
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
  const stops = r ? r.counts.stop_death + r.counts.stop_moved + r.counts.stop_ineligible + r.counts.stop_level : 0;
  const subsidies = r?.scheme === 'subsidies';
  const listName = r?.schemeName ?? '名单';
  const kinds = (Object.keys(RUN_ITEM_NAMES) as RunItemKind[]).filter((k) => (subsidies
    ? ['level_change', 'stop_ineligible', 'stop_level', 'stop_death', 'stop_moved', 'reassessment_overdue'].includes(k)
    : !['level_change', 'stop_level', 'reassessment_overdue'].includes(k)));

  return (
    <PageShell
      title={r ? `${r.month} ${listName}` : listName}
      description={subsidies ? <Link to="/elderly/subsidies?tab=reviews">返回养老补贴</Link> : <Link to="/elderly/allowance">返回高龄津贴</Link>}
      extra={r && r.status === 'draft' && can(APPROVE) && me?.regionLevel === 3 ? (
        <Button
          type="primary" loading={approve.isPending}
          onClick={() => modal.confirm({
            title: subsidies ? '审批复核名单' : '审批资格名单',
            content: subsidies
              ? `审批后：按新评估等级调整 ${r.counts.level_change} 人次，停发 ${stops} 人次，并记入资金发放待遇（已发月份由下次发放表补发或追回）；逾期未复评 ${r.counts.reassessment_overdue} 人次仅作提示，不停发。`
              : `审批后：新增享受 ${r.counts.new} 人（每月合计 ${yuan(r.newMonthlyFen)}），档次变更 ${r.counts.bracket_change} 人，停发 ${stops} 人，并记入资金发放待遇，下次生成发放表时发放。`,
            okText: '审批',
            onOk: async () => {
              setError(null);
              try {
                await approve.mutateAsync({ id: r.id, version: r.version });
                message.success(`${listName}已审批`);
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
        {subsidies && r.counts.reassessment_overdue > 0 && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message="「逾期未复评」仅作提示：审批不会停发或调整，请尽快安排复评；复评完成后下月复核名单按新等级处理。" />
        )}
        {r && !subsidies && !r.proactive && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="本地未实行主动发放：「符合条件待申请」的老年人须由经办人员代为申请，审批名单不会直接为其发放。" />}
        {r && (
          <>
            <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="地区">{r.regionName}</Descriptions.Item>
              <Descriptions.Item label="状态"><StatusTag value={r.status} options={RUN_STATUS} /></Descriptions.Item>
              <Descriptions.Item label="生成">{r.createdByName} {r.generatedAt.slice(0, 16)}</Descriptions.Item>
              {r.approvedAt && <Descriptions.Item label="审批">{r.approvedByName} {r.approvedAt.slice(0, 16)}</Descriptions.Item>}
            </Descriptions>
            {subsidies ? (
              <Space size="large" style={{ marginBottom: 16 }}>
                <Statistic title="按新评估等级调整" value={r.counts.level_change} suffix="人次" />
                <Statistic title="停发" value={stops} suffix="人次" />
                <Statistic title="其中不再是低保、特困或低保边缘" value={r.counts.stop_ineligible} suffix="人次" />
                <Statistic title="逾期未复评（仅提示）" value={r.counts.reassessment_overdue} suffix="人次" />
              </Space>
            ) : (
            <Space size="large" style={{ marginBottom: 16 }}>
              <Statistic title="新增享受" value={r.counts.new} suffix="人" />
              <Statistic title="新增每月金额" value={yuan(r.newMonthlyFen)} />
              <Statistic title="档次变更" value={r.counts.bracket_change} suffix="人" />
              <Statistic title="停发" value={stops} suffix="人" />
              {r.counts.eligible_unapplied > 0 && <Statistic title="符合条件待申请" value={r.counts.eligible_unapplied} suffix="人" />}
            </Space>
            )}
          </>
        )}
        <Space style={{ marginBottom: 8 }}>
          <span>类别</span>
          <Select<RunItemKind> allowClear style={{ width: 180 }} value={kind} onChange={(v) => { setKind(v); setPage(1); }}
            options={kinds.map((value) => ({ value, label: RUN_ITEM_NAMES[value] }))} />
        </Space>
        <Table<RunItemView>
          size="small" rowKey={(x) => `${x.programme}:${x.personId}`} loading={items.isLoading} dataSource={items.data?.items ?? []}
          pagination={{ current: page, pageSize, total: items.data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 人`, onChange: (p, s) => { setPage(p); setPageSize(s); } }}
          columns={[
            { title: '类别', dataIndex: 'kindName' },
            ...(subsidies ? [{ title: '项目', dataIndex: 'programmeName' }] : []),
            { title: '姓名', dataIndex: 'personName' },
            { title: '身份证号', dataIndex: 'idMasked' },
            { title: '出生日期', dataIndex: 'birthDate' },
            { title: '区划', dataIndex: 'regionName' },
            { title: '周岁', dataIndex: 'age', align: 'right' },
            subsidies
              ? { title: '能力等级', render: (_: unknown, x: RunItemView) => (x.level !== null && x.level !== x.previousLevel ? `${x.previousLevel} → ${x.level}` : x.previousLevel ?? '—') }
              : { title: '档次', dataIndex: 'bracket', render: (v: string | null) => v ?? '—' },
            { title: '月标准', dataIndex: 'monthlyFen', align: 'right', render: (v, x) => (x.previousFen !== null && v !== null ? `${yuan(x.previousFen)} → ${yuan(v)}` : yuan(v)) },
            { title: '起始 / 发放至', render: (_, x) => (x.lastMonth ? `发放至 ${x.lastMonth}` : x.effectiveMonth ? `${x.effectiveMonth} 起` : '—') },
            { title: '原因', dataIndex: 'reason' },
            { title: '身份', render: (_, x) => (x.lowIncome ? LOW_INCOME_NAMES[x.lowIncome] : '—') },
          ]}
        />
      </div>
    </PageShell>
  );
}
