import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Select, Table } from 'antd';
import { FilterBar, ModalForm, PageShell, ProblemAlert, StatusTag, formatDateTime, useListParams, useSession } from '@mz/ui';
import { todayInShanghai } from '@mz/kernel';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { monthSchema, ROLL_KIND_NAMES } from '../domain/index.ts';
import { money, monthText, nextRollMonth, ROLL_KIND_SELECT, ROLL_STATE_OPTIONS, ROLL_STATE_SELECT } from './labels.ts';
import { useGenerateRoll, useProgrammes, useRolls, type RollSummary } from './payments.api.ts';

interface Filters { programme?: string; month?: string; state?: string; kind?: string }
const FILTER_KEYS = ['programme', 'month', 'state', 'kind'] as const;

/** 发放表: every roll of the jurisdiction, and 生成发放表 for the county's clerk. */
export function RollsPage() {
  const { can } = useSession();
  const list = useListParams(FILTER_KEYS);
  const f = list.filters;
  const month = f.month && monthSchema.safeParse(f.month).success ? f.month : undefined;
  const rolls = useRolls({ programme: f.programme, month, state: f.state, kind: f.kind, page: list.page, pageSize: list.pageSize });
  const programmes = useProgrammes();
  const [form] = Form.useForm<Filters>();
  const [generating, setGenerating] = useState(false);
  const navigate = useNavigate();
  const programmeOptions = (programmes.data?.items ?? []).map((p) => ({ value: p.code, label: p.name }));

  return (
    <PageShell
      title="发放表"
      description="按项目、县（区）和月份生成的资金发放表，经复核、审批后导出银行代发"
      extra={can('payments.prepare') && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setGenerating(true)}>生成发放表</Button>
      )}
    >
      <div className="mz-panel">
        <FilterBar<Filters> form={form} values={{ programme: f.programme, month, state: f.state, kind: f.kind }} onSearch={(v) => list.setFilters({ ...v, month: v.month?.trim() || undefined })}>
          <Form.Item name="programme" label="项目">
            <Select allowClear placeholder="全部" style={{ width: 200 }} options={programmeOptions} />
          </Form.Item>
          <Form.Item name="month" label="月份" rules={[{ pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '格式 YYYY-MM' }]}>
            <Input placeholder="YYYY-MM" allowClear style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="state" label="状态">
            <Select allowClear placeholder="全部" style={{ width: 130 }} options={ROLL_STATE_SELECT} />
          </Form.Item>
          <Form.Item name="kind" label="类别">
            <Select allowClear placeholder="全部" style={{ width: 130 }} options={ROLL_KIND_SELECT} />
          </Form.Item>
        </FilterBar>
      </div>
      <div className="mz-panel">
        {rolls.error && <ProblemAlert error={rolls.error} />}
        <Table<RollSummary>
          size="small"
          rowKey="id"
          loading={rolls.isFetching}
          dataSource={rolls.data?.items ?? []}
          pagination={list.pagination(rolls.data?.total)}
          locale={{ emptyText: '没有符合条件的发放表' }}
          scroll={{ x: 1300 }}
          columns={[
            { title: '批次号', dataIndex: 'rollNo', width: 250, render: (v: string, r) => <Link to={`/payments/rolls/${r.id}`}>{v}</Link> },
            { title: '项目', key: 'programme', width: 170, render: (_, r) => r.runName ?? r.programmeName ?? r.programme ?? '—' },
            { title: '类别', dataIndex: 'kind', width: 100, render: (k: RollSummary['kind']) => ROLL_KIND_NAMES[k] },
            { title: '县（区）', dataIndex: 'regionName', width: 100 },
            { title: '月份', dataIndex: 'month', width: 100, render: monthText },
            { title: '状态', dataIndex: 'state', width: 100, render: (s: string) => <StatusTag value={s} options={ROLL_STATE_OPTIONS} /> },
            { title: '笔数', dataIndex: 'lineCount', width: 80, align: 'right' },
            { title: '户数', dataIndex: 'householdCount', width: 80, align: 'right' },
            { title: '人数', dataIndex: 'personCount', width: 80, align: 'right' },
            { title: '应发金额', dataIndex: 'amountFen', width: 140, align: 'right', render: money },
            { title: '生成', key: 'gen', width: 230, render: (_, r) => `${r.generatedByName ?? '—'} ${formatDateTime(r.generatedAt)}` },
          ]}
        />
      </div>
      <GenerateDialog open={generating} onClose={() => setGenerating(false)} onDone={(id) => { setGenerating(false); navigate(`/payments/rolls/${id}`); }} />
    </PageShell>
  );
}

interface GenerateValues { programme: string; month: string }

/** 生成发放表: a programme and a month; the month defaults to the one after the county's latest roll. */
function GenerateDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (id: string) => void }) {
  const { message } = App.useApp();
  const programmes = useProgrammes();
  const monthly = (programmes.data?.items ?? []).filter((p) => p.monthly || p.oneOff);
  const generate = useGenerateRoll();
  const [programme, setProgramme] = useState<string | undefined>();
  const latest = useRolls({ kind: 'regular', programme, page: 1, pageSize: 1 });
  const [suggested, setSuggested] = useState<string | undefined>();
  useEffect(() => {
    if (!programme || !latest.data || latest.isFetching) return;
    setSuggested(nextRollMonth(latest.data.items.map((r) => r.month), todayInShanghai()));
  }, [programme, latest.data, latest.isFetching]);

  return (
    <ModalForm<GenerateValues>
      name="generate"
      open={open}
      title="生成发放表"
      okText="生成"
      intro={<p>按本县（区）该项目当月有效的待遇生成草稿：按月发放、应发的一次性救助、补发、追回和抵扣一并计入。</p>}
      onClose={onClose}
      onSubmit={async (v) => {
        const roll = await generate.mutateAsync(v);
        message.success(`已生成发放表 ${roll.rollNo}`);
        onDone(roll.id);
      }}
    >
      {(form) => (
        <>
          <Form.Item name="programme" label="项目" rules={[{ required: true, message: '请选择项目' }]}>
            <Select
              placeholder="选择项目"
              options={monthly.map((p) => ({ value: p.code, label: p.name }))}
              onChange={(v: string) => { setProgramme(v); setSuggested(undefined); form.setFieldValue('month', undefined); }}
            />
          </Form.Item>
          <SuggestMonth suggested={suggested} apply={(m) => { if (!form.getFieldValue('month')) form.setFieldValue('month', m); }} />
          <Form.Item
            name="month"
            label="发放月份"
            extra={suggested ? `按发放顺序，下一期为 ${monthText(suggested)}` : undefined}
            rules={[{ required: true, message: '请填写月份' }, { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '月份格式应为 YYYY-MM' }]}
          >
            <Input placeholder="YYYY-MM" />
          </Form.Item>
        </>
      )}
    </ModalForm>
  );
}

/** Puts the suggested month into the form once it is known (the user may still type another). */
function SuggestMonth({ suggested, apply }: { suggested: string | undefined; apply: (m: string) => void }) {
  useEffect(() => { if (suggested) apply(suggested); }, [suggested]);
  return null;
}
