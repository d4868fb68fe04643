import { Descriptions, Drawer, Form, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { FilterBar, PageShell, ProblemAlert, formatDateTime, useListParams } from '@mz/ui';
import { useState } from 'react';
import { Link } from 'react-router';
import { ORIGIN_KIND_NAMES } from '../domain/index.ts';
import { money, monthText, sourceLink } from './labels.ts';
import { useEntitlement, useEntitlements, useProgrammes, type EntitlementView } from './payments.api.ts';

interface Filters { programme?: string; current?: string }
const FILTER_KEYS = ['programme', 'current'] as const;

/** 待遇: what each beneficiary is owed, and (drawer) every version with how its amount came about. */
export function EntitlementsPage() {
  const list = useListParams(FILTER_KEYS);
  const f = list.filters;
  const current = f.current ?? 'true';
  const rows = useEntitlements({ programme: f.programme, current: current === 'all' ? undefined : current, page: list.page, pageSize: list.pageSize });
  const programmes = useProgrammes();
  const [form] = Form.useForm<Filters>();
  const [open, setOpen] = useState<string | null>(null);
  const names = new Map((programmes.data?.items ?? []).map((p) => [p.code, p.shortName]));

  return (
    <PageShell title="待遇" description="各项目审批决定确定的应发待遇；每次调整形成新版本，历史版本保留">
      <div className="mz-panel">
        <FilterBar<Filters> form={form} values={{ programme: f.programme, current }} onSearch={(v) => list.setFilters(v)}>
          <Form.Item name="programme" label="项目">
            <Select allowClear placeholder="全部" style={{ width: 200 }} options={(programmes.data?.items ?? []).map((p) => ({ value: p.code, label: p.name }))} />
          </Form.Item>
          <Form.Item name="current" label="版本">
            <Select style={{ width: 140 }} options={[{ value: 'true', label: '现行版本' }, { value: 'false', label: '已被取代' }, { value: 'all', label: '全部' }]} />
          </Form.Item>
        </FilterBar>
      </div>
      <div className="mz-panel">
        {rows.error && <ProblemAlert error={rows.error} />}
        <Table<EntitlementView>
          size="small"
          rowKey="id"
          loading={rows.isFetching}
          dataSource={rows.data?.items ?? []}
          pagination={list.pagination(rows.data?.total)}
          locale={{ emptyText: '没有符合条件的待遇' }}
          scroll={{ x: 1300 }}
          onRow={(e) => ({ onClick: () => setOpen(e.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '项目', dataIndex: 'programme', width: 90, render: (p: string) => names.get(p) ?? p },
            { title: '类别', dataIndex: 'kind', width: 90, render: (k: string) => (k === 'grant' ? '一次性' : '按月') },
            { title: '收款人', dataIndex: 'payeeName', width: 100 },
            { title: '身份证号', dataIndex: 'payeeIdMasked', width: 180 },
            { title: '人数', dataIndex: 'personCount', width: 60, align: 'right' },
            { title: '村（社区）', dataIndex: 'regionName', width: 130 },
            { title: '起始', dataIndex: 'fromMonth', width: 100, render: monthText },
            { title: '截止', dataIndex: 'toMonth', width: 100, render: (m: string | null) => (m ? monthText(m) : '长期') },
            { title: '金额', dataIndex: 'monthlyAmountFen', width: 120, align: 'right', render: money },
            { title: '规则版本', dataIndex: 'ruleVersion', width: 130 },
            { title: '来源', key: 'origin', width: 180, render: (_, e) => `${ORIGIN_KIND_NAMES[e.origin.kind]}：${e.origin.reason}` },
            { title: '版本', key: 'v', width: 90, render: (_, e) => (e.current ? <Tag color="success">现行 v{e.seriesVersion}</Tag> : <Tag>v{e.seriesVersion}</Tag>) },
          ]}
        />
      </div>
      <VersionsDrawer id={open} onClose={() => setOpen(null)} />
    </PageShell>
  );
}

function VersionsDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const q = useEntitlement(id);
  const e = q.data;
  return (
    <Drawer open={!!id} onClose={onClose} width={760} title="待遇版本：金额的由来">
      {q.error && <ProblemAlert error={q.error} />}
      {q.isLoading && <Skeleton active />}
      {e && (
        <>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'payee', label: '收款人', children: `${e.payeeName}（${e.payeeIdMasked}）` },
              { key: 'region', label: '村（社区）', children: e.regionName },
              {
                key: 'source', label: '来源', span: 2,
                children: sourceLink({ module: e.origin.sourceModule, id: e.origin.sourceId })
                  ? <Link to={sourceLink({ module: e.origin.sourceModule, id: e.origin.sourceId })!}>救助案件</Link>
                  : `${e.origin.sourceModule} ${e.origin.sourceId}`,
              },
              ...(e.paidOutsideOn ? [{ key: 'outside', label: '已先行发放', children: e.paidOutsideOn }] : []),
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>全部版本（先旧后新）</Typography.Title>
          {e.versions.map((v) => (
            <div key={v.id} className="mz-panel" style={{ border: '1px solid #f0f0f0', marginBottom: 12 }}>
              <Descriptions
                size="small"
                column={2}
                title={<>v{v.seriesVersion} {v.current ? <Tag color="success">现行</Tag> : <Tag>已被取代 {formatDateTime(v.supersededAt)}</Tag>}</>}
                items={[
                  { key: 'amount', label: '金额', children: money(v.monthlyAmountFen) },
                  { key: 'period', label: '期间', children: `${monthText(v.fromMonth)} 至 ${v.toMonth ? monthText(v.toMonth) : '长期'}` },
                  { key: 'rule', label: '规则版本', children: v.ruleVersion },
                  { key: 'origin', label: '依据', children: `${ORIGIN_KIND_NAMES[v.origin.kind]}：${v.origin.reason}` },
                  { key: 'by', label: '记录', children: `${v.createdByName ?? '—'}，${formatDateTime(v.createdAt)}` },
                ]}
              />
              <Breakdown value={v.breakdown} />
            </div>
          ))}
        </>
      )}
    </Drawer>
  );
}

/** A breakdown as the programme wrote it: a list of items with amounts when it has one, else its fields. */
function Breakdown({ value }: { value: unknown }) {
  const items = value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)
    ? ((value as { items: { code?: string; label?: string; amountFen?: number; basis?: string }[] }).items)
    : null;
  if (items) {
    return (
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={items}
        columns={[
          { title: '测算项目', dataIndex: 'label', render: (v: string | undefined, x) => v ?? x.code ?? '—' },
          { title: '金额', dataIndex: 'amountFen', width: 140, align: 'right', render: (v: number | undefined) => money(v) },
        ]}
      />
    );
  }
  if (value === null || value === undefined) return null;
  return <Typography.Paragraph code style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(value, null, 2)}</Typography.Paragraph>;
}
