import { DownloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Form, Input, Select, Table } from 'antd';
import { FilterBar, PageShell, ProblemAlert, useMe } from '@mz/ui';
import { todayInShanghai } from '@mz/kernel';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { LEVEL_NAMES, money, monthText, nextLevel } from './labels.ts';
import { downloadGet, spendingXlsxPath, useProgrammes, useSpending, type SpendingRow } from './payments.api.ts';

interface Filters { month?: string; programme?: string }

/**
 * 发放报表: a month's spending and caseload by programme, one row per region one level below the
 * region looked at; a region's name drills down to the level below it, down to the villages.
 */
export function SpendingReportPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('month') ?? '') ? params.get('month')! : todayInShanghai().slice(0, 7);
  const programme = params.get('programme') ?? undefined;
  const regionCode = params.get('at') ?? me.regionCode;
  const trail = (params.get('trail') ?? '').split(',').filter(Boolean);
  const query = { month, programme, regionCode };
  const report = useSpending(query);
  const programmes = useProgrammes();
  const [form] = Form.useForm<Filters>();
  const [failure, setFailure] = useState<unknown>(null);

  const update = (next: Record<string, string | undefined>) => setParams((prev) => {
    const p = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(next)) (v ? p.set(k, v) : p.delete(k));
    return p;
  });
  const drill = (row: SpendingRow) => {
    if (!nextLevel(row.level)) return;
    update({ at: row.regionCode, trail: [...trail, regionCode].join(',') });
  };
  // Names of the regions drilled through, remembered from the rows they were clicked in.
  const crumbNames = useRef(new Map<string, string>()).current;
  for (const r of report.data?.rows ?? []) crumbNames.set(r.regionCode, r.regionName);

  return (
    <PageShell
      title="发放报表"
      description="按项目、区划层级统计的月度发放支出与保障人数，与各发放表一致（已审批及以后的发放表）"
      extra={(
        <Button
          icon={<DownloadOutlined />}
          onClick={() => downloadGet(spendingXlsxPath, query, `spending-${month}.xlsx`).catch(setFailure)}
        >
          导出 Excel
        </Button>
      )}
    >
      <div className="mz-panel">
        <FilterBar<Filters> form={form} values={{ month, programme }} onSearch={(v) => update({ month: v.month?.trim() || undefined, programme: v.programme })}>
          <Form.Item name="month" label="月份" rules={[{ pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '格式 YYYY-MM' }]}>
            <Input placeholder="YYYY-MM" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="programme" label="项目">
            <Select allowClear placeholder="全部" style={{ width: 200 }} options={(programmes.data?.items ?? []).map((p) => ({ value: p.code, label: p.name }))} />
          </Form.Item>
        </FilterBar>
      </div>
      <div className="mz-panel">
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={[...trail, regionCode].map((code, i, all) => ({
            title: i < all.length - 1
              ? <a onClick={() => update({ at: code === me.regionCode ? undefined : code, trail: all.slice(0, i).join(',') || undefined })}>{crumbNames.get(code) ?? (code === me.regionCode ? me.regionName : code)}</a>
              : crumbNames.get(code) ?? (code === me.regionCode ? me.regionName : code),
          }))}
        />
        {!!(report.error || failure) && <ProblemAlert error={report.error ?? failure} />}
        <Table<SpendingRow>
          size="small"
          rowKey={(r) => `${r.regionCode}:${r.programme}`}
          data-testid="spending-table"
          loading={report.isFetching}
          dataSource={report.data?.rows ?? []}
          pagination={false}
          scroll={{ x: 1600 }}
          locale={{ emptyText: `${monthText(month)}没有已审批的发放` }}
          summary={() => (report.data?.total ?? []).map((t) => (
            <Table.Summary.Row key={t.programme}>
              <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
              <Table.Summary.Cell index={1}>{t.programmeName}</Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">{t.households}</Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">{t.persons}</Table.Summary.Cell>
              {[t.regularFen, t.grantFen, t.runFen, t.backpayFen, t.recoveryFen, t.offsetFen, t.reissueFen, t.payableFen, t.paidFen, t.failedFen].map((v, i) => (
                <Table.Summary.Cell key={i} index={4 + i} align="right">{money(v)}</Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ))}
          columns={[
            {
              title: '区划', dataIndex: 'regionName', width: 170, fixed: 'left',
              render: (v: string, r) => (nextLevel(r.level) ? <a onClick={() => drill(r)} title={`查看下级（${LEVEL_NAMES[r.level + 1]}）`}>{v}</a> : v),
            },
            { title: '项目', dataIndex: 'programmeName', width: 150 },
            { title: '户数', dataIndex: 'households', width: 70, align: 'right' },
            { title: '人数', dataIndex: 'persons', width: 70, align: 'right' },
            { title: '按月发放', dataIndex: 'regularFen', width: 120, align: 'right', render: money },
            { title: '一次性救助', dataIndex: 'grantFen', width: 110, align: 'right', render: money },
            { title: '一次性补贴', dataIndex: 'runFen', width: 110, align: 'right', render: money },
            { title: '补发', dataIndex: 'backpayFen', width: 100, align: 'right', render: money },
            { title: '追回', dataIndex: 'recoveryFen', width: 100, align: 'right', render: money },
            { title: '抵扣', dataIndex: 'offsetFen', width: 100, align: 'right', render: money },
            { title: '重发', dataIndex: 'reissueFen', width: 100, align: 'right', render: money },
            { title: '应发合计', dataIndex: 'payableFen', width: 130, align: 'right', render: money },
            { title: '银行已付', dataIndex: 'paidFen', width: 130, align: 'right', render: money },
            { title: '失败', dataIndex: 'failedFen', width: 100, align: 'right', render: money },
          ]}
        />
      </div>
    </PageShell>
  );
}
