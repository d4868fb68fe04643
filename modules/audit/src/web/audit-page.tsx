import { DatePicker, Form, Input, Select, Table, Tooltip } from 'antd';
import {
  FilterBar,
  formatDateTime,
  PageShell,
  ProblemAlert,
  RegionCascader,
  useListParams,
  useMe,
  useViewRegion,
} from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { AuditDiff } from './audit-diff.tsx';
import { useAuditActions, useAuditLog, type AuditRow } from './audit.api.ts';

interface Filters {
  actor?: string;
  action?: string;
  entityType?: string;
  region?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const FILTER_KEYS = ['actor', 'action', 'entityType', 'region', 'from', 'to'] as const;
const DAY = 'YYYY-MM-DD';

const dayOrUndefined = (v: string | undefined) => (v && dayjs(v, DAY, true).isValid() ? dayjs(v, DAY) : undefined);

const RANGE_PRESETS = [
  { label: '今天', value: [dayjs().startOf('day'), dayjs().endOf('day')] as [Dayjs, Dayjs] },
  { label: '最近 7 天', value: [dayjs().subtract(6, 'day').startOf('day'), dayjs().endOf('day')] as [Dayjs, Dayjs] },
  { label: '最近 30 天', value: [dayjs().subtract(29, 'day').startOf('day'), dayjs().endOf('day')] as [Dayjs, Dayjs] },
  { label: '本月', value: [dayjs().startOf('month'), dayjs().endOf('day')] as [Dayjs, Dayjs] },
];

/** 审计日志: who did what, where, when; each row expands to its before/after. */
export function AuditPage() {
  const me = useMe();
  const view = useViewRegion();
  const list = useListParams(FILTER_KEYS);
  const { actor, action, entityType } = list.filters;
  const from = dayOrUndefined(list.filters.from);
  const to = dayOrUndefined(list.filters.to);

  const log = useAuditLog({
    actor,
    action,
    entityType,
    regionCode: view.code,
    from: from?.format(DAY),
    to: to?.format(DAY),
    page: list.page,
    pageSize: list.pageSize,
  });
  const actions = useAuditActions();
  const actionNames = useMemo(() => new Map((actions.data ?? []).map((a) => [a.action, a.name])), [actions.data]);

  const [form] = Form.useForm<Filters>();
  const values: Filters = { actor, action, entityType, region: view.code, range: from || to ? [from ?? null, to ?? null] : null };

  return (
    <PageShell title="审计日志" description="登录、账号、权限和业务数据的变更记录，点击行首可查看变更前后">
      <div className="mz-panel">
        <FilterBar<Filters>
          form={form}
          values={values}
          keepOnReset={['region']}
          onSearch={(v) =>
            list.setFilters({
              actor: v.actor,
              action: v.action,
              entityType: v.entityType,
              region: view.toParam(v.region),
              from: v.range?.[0]?.format(DAY),
              to: v.range?.[1]?.format(DAY),
            })
          }
        >
          <Form.Item name="actor" label="操作人">
            <Input placeholder="姓名或账号" allowClear style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="action" label="操作类型">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部"
              loading={actions.isPending}
              style={{ width: 180 }}
              options={(actions.data ?? []).map((a) => ({ value: a.action, label: a.name }))}
            />
          </Form.Item>
          <Form.Item name="entityType" label="对象类型">
            <Input placeholder="如 user" allowClear style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="region" label="区划">
            <RegionCascader rootCode={me.regionCode} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="range" label="时间">
            <DatePicker.RangePicker allowEmpty={[true, true]} presets={RANGE_PRESETS} style={{ width: 250 }} />
          </Form.Item>
        </FilterBar>
      </div>

      <div className="mz-panel">
        {log.error && <ProblemAlert error={log.error} />}
        <Table<AuditRow>
          size="small"
          rowKey="id"
          loading={log.isFetching}
          dataSource={log.data?.items ?? []}
          pagination={list.pagination(log.data?.total)}
          scroll={{ x: 1100 }}
          locale={{ emptyText: '没有符合条件的审计记录' }}
          expandable={{
            rowExpandable: (r) => !!r.diff && Object.keys(r.diff).length > 0,
            expandedRowRender: (r) => (r.diff ? <AuditDiff diff={r.diff} /> : null),
          }}
          columns={[
            { title: '时间', dataIndex: 'at', width: 160, render: (v: string) => formatDateTime(v, true) },
            {
              title: '操作人',
              dataIndex: 'actorName',
              width: 110,
              ellipsis: true,
              render: (v: string | null) => v ?? <span style={{ color: '#999' }}>系统</span>,
            },
            { title: '区划', dataIndex: 'actorRegionName', width: 140, ellipsis: true, render: (v: string | null, r: AuditRow) => (v ? <span title={r.actorRegion ?? ''}>{v}</span> : r.actorRegion ?? '—') },
            { title: 'IP', dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
            {
              title: '操作',
              dataIndex: 'action',
              width: 140,
              render: (a: string) => <Tooltip title={a}>{actionNames.get(a) ?? a}</Tooltip>,
            },
            {
              title: '对象',
              key: 'entity',
              width: 200,
              ellipsis: true,
              render: (_, r) => (r.entityType ? `${r.entityType}${r.entityId ? ` #${r.entityId}` : ''}` : '—'),
            },
            { title: '摘要', dataIndex: 'summary', ellipsis: { showTitle: true } },
          ]}
        />
      </div>
    </PageShell>
  );
}
