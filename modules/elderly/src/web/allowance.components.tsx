/** Pieces of the 高龄津贴 and 养老补贴 pages: parameters, lists, dialogs. */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert, App, Button, Checkbox, Descriptions, Drawer, Form, Input, InputNumber, Radio, Select, Space, Table, Tag, Timeline, Typography,
} from 'antd';
import { FilterBar, ModalForm, ProblemAlert, StatusTag, useListParams, useSession, type StatusOption } from '@mz/ui';
import { fenToYuanString, todayInShanghai, yearMonthOf, addMonths } from '@mz/kernel';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  ALLOWANCE_MODE_NAMES, ALLOWANCE_PROGRAMME_NAMES, START_RULE_NAMES, STOP_REASON_NAMES, bracketLabel, type AllowanceProgramme, type RunScheme, type StopReason,
} from '../domain/allowance.rules.ts';
import {
  useApplications, useCreateParams, useDecideApplication, useEnrolment, useEnrolments, useGenerateRun, useLevelChange, useParams, usePersonOptions,
  useLedgerVersions, useRuns, useStopEnrolment, useSubmitApplication, type ApplicationView, type EnrolmentView, type ParamsView, type RunView,
} from './allowance.api.ts';

export const READ = 'elderly.read';
export const APPLY = 'elderly.allowance.apply';
export const APPROVE = 'elderly.allowance.approve';
export const PARAMS = 'elderly.allowance.params';
export const DEMO_NOTE = '演示参数，非官方标准';
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const LEVEL_NAMES = ['能力完好', '轻度失能', '中度失能', '重度失能', '完全失能'];

export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : `${fenToYuanString(fen)} 元`);
const thisMonth = () => yearMonthOf(todayInShanghai());

const ENROLMENT_STATUS: Record<string, StatusOption> = { active: { text: '享受中', tone: 'success' }, stopped: { text: '已停发', tone: 'default' } };
const APPLICATION_STATUS: Record<string, StatusOption> = {
  submitted: { text: '待审批', tone: 'processing' }, approved: { text: '已批准', tone: 'success' }, rejected: { text: '不予批准', tone: 'error' },
};
export const RUN_STATUS: Record<string, StatusOption> = { draft: { text: '待审批', tone: 'processing' }, approved: { text: '已审批', tone: 'success' } };

/** County officials act (the server refuses others too). */
function useCounty() {
  const { can, me } = useSession();
  const county = me?.regionLevel === 3;
  return { can, county, me };
}

export function DemoParamsAlert({ params }: { params: Pick<ParamsView, 'demo'> | null | undefined }) {
  if (!params?.demo) return null;
  return <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`${DEMO_NOTE}：本地参数为演示数据，正式使用前须按本地政策文件重新设定`} />;
}

// ---- parameters ----

function ParamsDescription({ p }: { p: ParamsView }) {
  return (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label="设定地区">{p.regionName ?? p.regionCode}{p.demo && <Tag color="orange" style={{ marginInlineStart: 8 }}>{DEMO_NOTE}</Tag>}</Descriptions.Item>
      <Descriptions.Item label="生效月份">{p.effectiveFrom} 起</Descriptions.Item>
      <Descriptions.Item label="高龄津贴标准" span={2}>
        {p.brackets.map((b) => `${bracketLabel(b)}：${yuan(b.monthlyFen)}/月`).join('；')}
      </Descriptions.Item>
      <Descriptions.Item label="发放方式">{ALLOWANCE_MODE_NAMES[p.mode]}</Descriptions.Item>
      <Descriptions.Item label="主动发放">{p.proactive ? '是（每月资格名单审批后直接发放）' : '否（须代为申请）'}</Descriptions.Item>
      <Descriptions.Item label="起始月份">{START_RULE_NAMES[p.startRule]}</Descriptions.Item>
      <Descriptions.Item label="养老补贴起始年龄">{p.subsidyMinAge} 周岁</Descriptions.Item>
      <Descriptions.Item label="养老服务补贴" span={2}>
        {p.serviceLevels.length ? p.serviceLevels.map((l) => `${l.level}级（${LEVEL_NAMES[l.level]}）${yuan(l.monthlyFen)}`).join('；') : '未设定'}
      </Descriptions.Item>
      <Descriptions.Item label="护理补贴" span={2}>
        {p.careLevels.length ? p.careLevels.map((l) => `${l.level}级（${LEVEL_NAMES[l.level]}）${yuan(l.monthlyFen)}`).join('；') : '未设定'}
      </Descriptions.Item>
      {p.note && <Descriptions.Item label="说明" span={2}>{p.note}</Descriptions.Item>}
    </Descriptions>
  );
}

interface ParamsForm {
  regionCode: string; effectiveFrom: string; mode: 'universal' | 'means_tested'; proactive: boolean; startRule: 'birthday_month' | 'next_month';
  subsidyMinAge: number; brackets: { fromAge: number; toAge: number | null; yuan: number }[];
  serviceLevels: { level: number; yuan: number }[]; careLevels: { level: number; yuan: number }[]; note?: string;
}
const toFen = (y: number) => Math.round(y * 100);

export function ParamsPanel() {
  const { can, me } = useSession();
  const [month, setMonth] = useState(thisMonth());
  const params = useParams(MONTH.test(month) ? month : undefined);
  const create = useCreateParams();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const mayEdit = can(PARAMS) && (me?.regionLevel ?? 5) <= 3;
  const effective = params.data?.effective;

  return (
    <div>
      {params.error && <ProblemAlert error={params.error} />}
      <Space style={{ marginBottom: 12 }}>
        <span>查看月份</span>
        <Input aria-label="查看月份" value={month} onChange={(e) => setMonth(e.target.value.trim())} style={{ width: 110 }} placeholder="YYYY-MM" />
        {mayEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>设定参数</Button>}
      </Space>
      <DemoParamsAlert params={effective} />
      {effective ? <ParamsDescription p={effective} /> : <Alert type="info" showIcon message={`本地 ${month} 没有生效的参数：由县、市或省级审批人员设定后方可生成名单和受理申请`} />}
      <Typography.Title level={5} style={{ marginTop: 16 }}>各级设定的参数</Typography.Title>
      <Table<ParamsView>
        size="small" rowKey="id" loading={params.isLoading} dataSource={params.data?.items ?? []} pagination={false}
        columns={[
          { title: '地区', dataIndex: 'regionName', render: (v, r) => <>{v ?? r.regionCode}{r.demo && <Tag color="orange" style={{ marginInlineStart: 6 }}>演示</Tag>}</> },
          { title: '生效月份', dataIndex: 'effectiveFrom' },
          { title: '高龄津贴标准', render: (_, r) => r.brackets.map((b) => `${bracketLabel(b)} ${fenToYuanString(b.monthlyFen)}元`).join('；') },
          { title: '方式', dataIndex: 'mode', render: (v: ParamsView['mode']) => (v === 'universal' ? '普惠型' : '困难型') },
          { title: '主动发放', dataIndex: 'proactive', render: (v: boolean) => (v ? '是' : '否') },
          { title: '设定人', dataIndex: 'createdByName' },
        ]}
      />
      <ModalForm<ParamsForm>
        name="allowance-params" open={open} title="设定高龄津贴与养老补贴参数" width={720} onClose={() => setOpen(false)}
        intro={<Alert type="info" showIcon message="参数自所选月份起生效，设定后不能修改；如需调整，请设定自以后某月起生效的新参数。下级未设定时沿用上级参数。" />}
        initialValues={{
          regionCode: me?.regionCode, effectiveFrom: addMonths(thisMonth(), 1), mode: effective?.mode ?? 'universal', proactive: effective?.proactive ?? true,
          startRule: effective?.startRule ?? 'birthday_month', subsidyMinAge: effective?.subsidyMinAge ?? 60,
          brackets: effective?.brackets.map((b) => ({ fromAge: b.fromAge, toAge: b.toAge, yuan: b.monthlyFen / 100 })) ?? [{ fromAge: 80, toAge: 89, yuan: 100 }],
          serviceLevels: effective?.serviceLevels.map((l) => ({ level: l.level, yuan: l.monthlyFen / 100 })) ?? [],
          careLevels: effective?.careLevels.map((l) => ({ level: l.level, yuan: l.monthlyFen / 100 })) ?? [],
        }}
        onSubmit={async (v) => {
          await create.mutateAsync({
            regionCode: v.regionCode, effectiveFrom: v.effectiveFrom, mode: v.mode, proactive: v.proactive, startRule: v.startRule, subsidyMinAge: v.subsidyMinAge,
            brackets: v.brackets.map((b) => ({ fromAge: b.fromAge, toAge: b.toAge ?? null, monthlyFen: toFen(b.yuan) })),
            serviceLevels: (v.serviceLevels ?? []).map((l) => ({ level: l.level, monthlyFen: toFen(l.yuan) })),
            careLevels: (v.careLevels ?? []).map((l) => ({ level: l.level, monthlyFen: toFen(l.yuan) })),
            note: v.note ?? '',
          });
          message.success('参数已设定');
          setOpen(false);
        }}
      >
        <Form.Item name="regionCode" label="设定地区（区划代码）" rules={[{ required: true, message: '请填写区划代码' }]} extra="本人所在地区或其下级的省、市、县（区）"><Input /></Form.Item>
        <Form.Item name="effectiveFrom" label="生效月份" rules={[{ required: true, pattern: MONTH, message: '月份应为 YYYY-MM' }]}><Input placeholder="YYYY-MM" /></Form.Item>
        <Typography.Text strong>高龄津贴年龄段（周岁，含起止；截止留空表示及以上）</Typography.Text>
        <Form.List name="brackets">
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'fromAge']} rules={[{ required: true, message: '起始年龄' }]}><InputNumber min={60} max={150} placeholder="起" /></Form.Item>
                  <span>至</span>
                  <Form.Item name={[f.name, 'toAge']}><InputNumber min={60} max={150} placeholder="及以上" /></Form.Item>
                  <Form.Item name={[f.name, 'yuan']} rules={[{ required: true, message: '月标准' }]}><InputNumber min={0} step={10} precision={2} addonAfter="元/月" /></Form.Item>
                  <MinusCircleOutlined aria-label="删除年龄段" onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Form.Item><Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>增加年龄段</Button><Form.ErrorList errors={errors} /></Form.Item>
            </>
          )}
        </Form.List>
        <Form.Item name="mode" label="发放方式"><Radio.Group options={Object.entries(ALLOWANCE_MODE_NAMES).map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Form.Item name="proactive" label="主动发放（无需申请，每月资格名单审批后直接发放）"><Radio.Group options={[{ value: true, label: '是' }, { value: false, label: '否' }]} /></Form.Item>
        <Form.Item name="startRule" label="起始月份"><Radio.Group options={Object.entries(START_RULE_NAMES).map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Form.Item name="subsidyMinAge" label="养老服务补贴、护理补贴起始年龄"><InputNumber min={60} max={120} addonAfter="周岁" /></Form.Item>
        {(['serviceLevels', 'careLevels'] as const).map((key) => (
          <div key={key}>
            <Typography.Text strong>{key === 'serviceLevels' ? '养老服务补贴' : '护理补贴'}（按能力等级，未设定的等级不享受）</Typography.Text>
            <Form.List name={key}>
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline">
                      <Form.Item name={[f.name, 'level']} rules={[{ required: true, message: '等级' }]}>
                        <Select style={{ width: 160 }} options={LEVEL_NAMES.map((n, i) => ({ value: i, label: `${i}级 ${n}` }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'yuan']} rules={[{ required: true, message: '月标准' }]}><InputNumber min={0} step={10} precision={2} addonAfter="元/月" /></Form.Item>
                      <MinusCircleOutlined aria-label="删除等级" onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Form.Item><Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>增加等级</Button></Form.Item>
                </>
              )}
            </Form.List>
          </div>
        ))}
        <Form.Item name="note" label="政策依据或说明"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
      </ModalForm>
    </div>
  );
}

// ---- monthly lists ----

/**
 * A county's monthly lists of one scheme: 高龄津贴资格名单, or the 养老补贴复核名单 (养老服务补贴 and
 * 护理补贴 whose basis changed: no longer low-income, reassessed at another level, death, moved;
 * overdue reassessments flagged only).
 */
export function RunsPanel({ scheme = 'longevity' }: { scheme?: RunScheme }) {
  const { can, county } = useCounty();
  const [page, setPage] = useState(1);
  const runs = useRuns(scheme, page, 20);
  const subsidies = scheme === 'subsidies';
  const generate = useGenerateRun();
  const params = useParams();
  const { message } = App.useApp();
  const [month, setMonth] = useState(thisMonth());
  const [error, setError] = useState<unknown>(null);
  return (
    <div>
      {!!(runs.error || error) && <ProblemAlert error={runs.error ?? error} />}
      <DemoParamsAlert params={params.data?.effective} />
      {can(APPLY) && county && (
        <Space style={{ marginBottom: 12 }}>
          <Input aria-label="名单月份" value={month} onChange={(e) => setMonth(e.target.value.trim())} style={{ width: 110 }} placeholder="YYYY-MM" />
          <Button
            type="primary" loading={generate.isPending} disabled={!MONTH.test(month)}
            onClick={async () => {
              setError(null);
              try {
                const run = await generate.mutateAsync({ month, scheme });
                const c = run.counts;
                message.success(subsidies
                  ? `已生成 ${run.month} 复核名单：停发 ${c.stop_death + c.stop_moved + c.stop_ineligible + c.stop_level} 人次，按新等级调整 ${c.level_change} 人次，逾期未复评 ${c.reassessment_overdue} 人次`
                  : `已生成 ${run.month} 资格名单：新增 ${c.new} 人，档次变更 ${c.bracket_change} 人`);
              } catch (err) {
                setError(err);
              }
            }}
          >{subsidies ? '生成复核名单' : '生成资格名单'}</Button>
          <Typography.Text type="secondary">
            {subsidies
              ? '列出不再是低保、特困或低保边缘的（状态终止次月起停发）、复评等级变化的（评估次月起按新标准，新等级无标准的停发）、死亡和迁出的，以及逾期未复评的（仅提示，不停发）；草稿可重新生成，县级审批后生效'
              : '按户籍库出生日期计算当月达到的年龄；草稿可重新生成，县级审批后生效'}
          </Typography.Text>
        </Space>
      )}
      <Table<RunView>
        size="small" rowKey="id" loading={runs.isLoading} dataSource={runs.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: runs.data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
        locale={{ emptyText: subsidies ? '尚未生成复核名单' : '尚未生成资格名单' }}
        columns={[
          { title: '月份', dataIndex: 'month', render: (v, r) => <Link to={`/elderly/allowance/runs/${r.id}`}>{v}</Link> },
          { title: '地区', dataIndex: 'regionName' },
          { title: '状态', dataIndex: 'status', render: (v) => <StatusTag value={v} options={RUN_STATUS} /> },
          ...(subsidies ? [
            { title: '按新等级调整', render: (_: unknown, r: RunView) => r.counts.level_change, align: 'right' as const },
            { title: '停发', render: (_: unknown, r: RunView) => r.counts.stop_death + r.counts.stop_moved + r.counts.stop_ineligible + r.counts.stop_level, align: 'right' as const },
            { title: '逾期未复评（提示）', render: (_: unknown, r: RunView) => r.counts.reassessment_overdue, align: 'right' as const },
          ] : [
            { title: '新增', render: (_: unknown, r: RunView) => r.counts.new, align: 'right' as const },
            { title: '档次变更', render: (_: unknown, r: RunView) => r.counts.bracket_change, align: 'right' as const },
            { title: '停发', render: (_: unknown, r: RunView) => r.counts.stop_death + r.counts.stop_moved + r.counts.stop_ineligible, align: 'right' as const },
            { title: '待申请', render: (_: unknown, r: RunView) => r.counts.eligible_unapplied, align: 'right' as const },
          ]),
          { title: '生成人', dataIndex: 'createdByName' },
          { title: '审批人', dataIndex: 'approvedByName', render: (v) => v ?? '—' },
        ]}
      />
    </div>
  );
}

// ---- enrolments ----

const ENROLMENT_FILTERS = ['programme', 'status', 'q', 'reassessment'] as const;

export function EnrolmentsPanel({ programmes }: { programmes: AllowanceProgramme[] }) {
  const list = useListParams(ENROLMENT_FILTERS);
  const f = list.filters;
  const [form] = Form.useForm();
  const subsidies = !programmes.includes('longevity');
  const programme = f.programme && programmes.includes(f.programme as AllowanceProgramme) ? f.programme : programmes.length === 1 ? programmes[0] : undefined;
  const data = useEnrolments({ programme, scheme: subsidies ? 'subsidies' : 'longevity', status: f.status, q: f.q, reassessment: subsidies ? f.reassessment : undefined, page: list.page, pageSize: list.pageSize });
  const [detail, setDetail] = useState<string | null>(null);
  const [stop, setStop] = useState<EnrolmentView | null>(null);
  const { can, county } = useCounty();
  const levelChange = useLevelChange();
  const { message, modal } = App.useApp();
  const rows = data.data?.items ?? [];

  return (
    <div>
      {data.error && <ProblemAlert error={data.error} />}
      <FilterBar form={form} values={{ programme: f.programme, status: f.status, q: f.q, reassessment: f.reassessment }} onSearch={(v) => list.setFilters(v)}>
        {programmes.length > 1 && (
          <Form.Item name="programme" label="项目"><Select allowClear style={{ width: 140 }} options={programmes.map((p) => ({ value: p, label: ALLOWANCE_PROGRAMME_NAMES[p] }))} /></Form.Item>
        )}
        <Form.Item name="status" label="状态"><Select allowClear style={{ width: 110 }} options={[{ value: 'active', label: '享受中' }, { value: 'stopped', label: '已停发' }]} /></Form.Item>
        <Form.Item name="q" label="姓名"><Input allowClear style={{ width: 120 }} /></Form.Item>
        {subsidies && (
          <Form.Item name="reassessment" label="复评"><Select allowClear style={{ width: 120 }} options={[{ value: 'overdue', label: '已逾期' }, { value: 'due', label: '30日内到期' }]} /></Form.Item>
        )}
      </FilterBar>
      <Table<EnrolmentView>
        size="small" rowKey="id" loading={data.isLoading} dataSource={rows} pagination={list.pagination(data.data?.total)}
        columns={[
          { title: '姓名', dataIndex: 'personName', render: (v, r) => <a onClick={() => setDetail(r.id)}>{v}</a> },
          { title: '身份证号', dataIndex: 'idMasked' },
          { title: '区划', dataIndex: 'regionName' },
          ...(programmes.length > 1 ? [{ title: '项目', dataIndex: 'programmeName' }] : []),
          subsidies
            ? { title: '能力等级', render: (_: unknown, r: EnrolmentView) => <>{r.level}级{r.levelChanged && <Tag color="orange" style={{ marginInlineStart: 6 }}>复评为{r.assessmentLevel}级</Tag>}</> }
            : { title: '档次', dataIndex: 'bracket' },
          { title: '月标准', dataIndex: 'monthlyFen', align: 'right' as const, render: (v: number) => yuan(v) },
          { title: '起始月份', dataIndex: 'sinceMonth' },
          { title: '方式', dataIndex: 'originName' },
          { title: '状态', dataIndex: 'status', render: (v: string, r: EnrolmentView) => <><StatusTag value={v} options={ENROLMENT_STATUS} />{r.lastMonth && <Typography.Text type="secondary">发放至 {r.lastMonth}</Typography.Text>}</> },
          ...(subsidies ? [{
            title: '复评', render: (_: unknown, r: EnrolmentView) => (r.reassessment === 'overdue' ? <Tag color="red">逾期（{r.nextDueOn}）</Tag>
              : r.reassessment === 'due' ? <Tag color="gold">{r.nextDueOn} 到期</Tag> : r.nextDueOn ?? '—'),
          }] : []),
          {
            title: '操作', render: (_: unknown, r: EnrolmentView) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setDetail(r.id)}>详情</Button>
                {can(APPROVE) && county && r.status === 'active' && <Button size="small" type="link" danger onClick={() => setStop(r)}>停发</Button>}
                {can(APPROVE) && county && r.status === 'active' && r.levelChanged && (
                  <Button size="small" type="link" onClick={() => modal.confirm({
                    title: `按复评等级调整${r.programmeName}`, content: `${r.personName}：${r.level}级 → ${r.assessmentLevel}级，自下月起按新等级标准发放。`,
                    onOk: async () => {
                      await levelChange.mutateAsync({ id: r.id, version: r.version, fromMonth: addMonths(thisMonth(), 1) });
                      message.success('已按新的能力等级调整');
                    },
                  })}>按新等级调整</Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <EnrolmentDrawer id={detail} onClose={() => setDetail(null)} />
      <StopDialog enrolment={stop} onClose={() => setStop(null)} />
    </div>
  );
}

function EnrolmentDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const e = useEnrolment(id);
  const { can } = useSession();
  const ledger = useLedgerVersions(id, can('payments.read'));
  return (
    <Drawer open={!!id} onClose={onClose} title="享受记录" size="large">
      {e.error && <ProblemAlert error={e.error} />}
      {e.data && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="姓名">{e.data.personName}</Descriptions.Item>
            <Descriptions.Item label="身份证号">{e.data.idMasked}</Descriptions.Item>
            <Descriptions.Item label="项目">{e.data.programmeName}</Descriptions.Item>
            <Descriptions.Item label="状态"><StatusTag value={e.data.status} options={ENROLMENT_STATUS} /></Descriptions.Item>
            <Descriptions.Item label="月标准">{yuan(e.data.monthlyFen)}</Descriptions.Item>
            <Descriptions.Item label="起始月份">{e.data.sinceMonth}</Descriptions.Item>
            {e.data.bracket && <Descriptions.Item label="年龄档次">{e.data.bracket}</Descriptions.Item>}
            {e.data.level !== null && <Descriptions.Item label="能力等级">{e.data.level}级（{LEVEL_NAMES[e.data.level]}）</Descriptions.Item>}
            {e.data.lowIncomeName && <Descriptions.Item label="困难类别">{e.data.lowIncomeName}</Descriptions.Item>}
            {e.data.lastMonth && <Descriptions.Item label="发放至">{e.data.lastMonth}（{e.data.stopReasonName}：{e.data.stopNote}）</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>办理记录</Typography.Title>
          <Timeline items={e.data.events.map((ev) => ({
            children: <div><b>{ev.kindName}</b>（{ev.month} 起{ev.monthlyFen !== null ? `，每月 ${yuan(ev.monthlyFen)}` : ''}）<div>{ev.note}</div><Typography.Text type="secondary">{ev.byName} {ev.at.slice(0, 16)}</Typography.Text></div>,
          }))} />
          {can('payments.read') && (
            <>
              <Typography.Title level={5}>资金发放待遇版本</Typography.Title>
              <Table
                size="small" rowKey="id" pagination={false} loading={ledger.isLoading} dataSource={ledger.data?.items ?? []}
                columns={[
                  { title: '起', dataIndex: 'fromMonth' },
                  { title: '止', dataIndex: 'toMonth', render: (v) => v ?? '—' },
                  { title: '月标准', dataIndex: 'monthlyAmountFen', align: 'right', render: (v: number) => yuan(v) },
                  { title: '现行', dataIndex: 'current', render: (v: boolean) => (v ? '是' : '已替代') },
                  { title: '依据', render: (_, r) => r.origin.reason },
                ]}
              />
              <Link to="/payments/entitlements">前往资金发放·待遇</Link>
            </>
          )}
        </>
      )}
    </Drawer>
  );
}

function StopDialog({ enrolment, onClose }: { enrolment: EnrolmentView | null; onClose: () => void }) {
  const stop = useStopEnrolment();
  const { message } = App.useApp();
  return (
    <ModalForm<{ reason: StopReason; lastMonth: string; note: string }>
      name="allowance-stop" open={!!enrolment} title={`停发${enrolment?.programmeName ?? ''}：${enrolment?.personName ?? ''}`} danger okText="停发" onClose={onClose}
      intro={<Alert type="info" showIcon message="死亡的，发放至死亡当月；其他原因发放至所填月份。已发放的超出月份将在下次发放时追回。" />}
      initialValues={{ reason: 'death', lastMonth: thisMonth() }}
      onSubmit={async (v) => {
        await stop.mutateAsync({ id: enrolment!.id, body: { ...v, version: enrolment!.version } });
        message.success('已停发');
        onClose();
      }}
    >
      <Form.Item name="reason" label="停发原因" rules={[{ required: true, message: '请选择停发原因' }]}>
        <Select options={Object.entries(STOP_REASON_NAMES).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="lastMonth" label="最后发放月份" rules={[{ required: true, pattern: MONTH, message: '月份应为 YYYY-MM' }]}><Input placeholder="YYYY-MM" /></Form.Item>
      <Form.Item name="note" label="停发说明" rules={[{ required: true, message: '请填写停发说明' }]}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
    </ModalForm>
  );
}

// ---- applications ----

const APPLICATION_FILTERS = ['status', 'programme'] as const;

export function ApplicationsPanel({ programmes }: { programmes: AllowanceProgramme[] }) {
  const list = useListParams(APPLICATION_FILTERS);
  const f = list.filters;
  const programme = f.programme && programmes.includes(f.programme as AllowanceProgramme) ? f.programme : programmes.length === 1 ? programmes[0] : undefined;
  const data = useApplications({ programme, scheme: programmes.includes('longevity') ? 'longevity' : 'subsidies', status: f.status, page: list.page, pageSize: list.pageSize });
  const [form] = Form.useForm();
  const [applying, setApplying] = useState(false);
  const [deciding, setDeciding] = useState<{ app: ApplicationView; decision: 'approve' | 'reject' } | null>(null);
  const { can, county } = useCounty();
  const rows = data.data?.items ?? [];
  return (
    <div>
      {data.error && <ProblemAlert error={data.error} />}
      <FilterBar form={form} values={{ status: f.status, programme: f.programme }} onSearch={(v) => list.setFilters(v)}>
        {programmes.length > 1 && (
          <Form.Item name="programme" label="项目"><Select allowClear style={{ width: 140 }} options={programmes.map((p) => ({ value: p, label: ALLOWANCE_PROGRAMME_NAMES[p] }))} /></Form.Item>
        )}
        <Form.Item name="status" label="状态"><Select allowClear style={{ width: 120 }} options={Object.entries(APPLICATION_STATUS).map(([value, o]) => ({ value, label: o.text }))} /></Form.Item>
      </FilterBar>
      {can(APPLY) && <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setApplying(true)}>代为申请</Button>}
      <Table<ApplicationView>
        size="small" rowKey="id" loading={data.isLoading} dataSource={rows} pagination={list.pagination(data.data?.total)}
        columns={[
          { title: '姓名', dataIndex: 'personName' },
          { title: '身份证号', dataIndex: 'idMasked' },
          { title: '区划', dataIndex: 'regionName' },
          { title: '项目', dataIndex: 'programmeName' },
          { title: '困难类别', render: (_, r) => r.lowIncomeName ?? (r.incomeConfirmed ? '经核实低收入' : '—') },
          ...(programmes.includes('longevity') ? [] : [{ title: '能力等级', dataIndex: 'level', render: (v: number | null) => (v === null ? '—' : `${v}级`) }]),
          { title: '月标准', dataIndex: 'monthlyFen', align: 'right', render: (v: number) => yuan(v) },
          { title: '起始月份', dataIndex: 'fromMonth' },
          { title: '状态', dataIndex: 'status', render: (v, r) => <><StatusTag value={v} options={APPLICATION_STATUS} />{r.opinion && <Typography.Text type="secondary">{r.opinion}</Typography.Text>}</> },
          { title: '受理人', dataIndex: 'submittedByName' },
          {
            title: '操作', render: (_, r) => (can(APPROVE) && county && r.status === 'submitted' ? (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setDeciding({ app: r, decision: 'approve' })}>批准</Button>
                <Button size="small" type="link" danger onClick={() => setDeciding({ app: r, decision: 'reject' })}>不予批准</Button>
              </Space>
            ) : null),
          },
        ]}
      />
      <ApplyDialog open={applying} programmes={programmes} onClose={() => setApplying(false)} />
      <DecisionDialog deciding={deciding} onClose={() => setDeciding(null)} />
    </div>
  );
}

function PersonSelect({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const [term, setTerm] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setDebounced(term), 300);
    return () => clearTimeout(t);
  }, [term]);
  const search = usePersonOptions(debounced);
  return (
    <Select<string>
      id={id} value={value} onChange={onChange} allowClear showSearch={{ filterOption: false, onSearch: setTerm }} loading={search.isFetching}
      placeholder="输入身份证号、姓名或拼音首字母搜索"
      notFoundContent={term.trim().length < 2 ? '至少输入 2 个字符' : search.isFetching ? '查询中…' : '没有找到符合条件的人员'}
      options={(search.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.idNumberMasked}，${p.age}岁，${p.regionName}）` }))}
    />
  );
}

function ApplyDialog({ open, programmes, onClose }: { open: boolean; programmes: AllowanceProgramme[]; onClose: () => void }) {
  const submit = useSubmitApplication();
  const { message } = App.useApp();
  return (
    <ModalForm<{ programme: AllowanceProgramme; personId: string; fromMonth: string; incomeConfirmed?: boolean; incomeNote?: string; note?: string }>
      name="allowance-apply" open={open} title="代老年人申请" onClose={onClose}
      intro={<Alert type="info" showIcon message={programmes.includes('longevity')
        ? '高龄津贴：本地实行主动发放的无需申请；困难型地区的非低保、特困老年人，须经入户核实确认低收入并写明依据。'
        : '养老服务补贴、护理补贴：限低保、特困人员和低保边缘家庭的老年人，须有有效的老年人能力评估，按评估等级确定标准。'} />}
      initialValues={{ programme: programmes[0], fromMonth: thisMonth() }}
      onSubmit={async (v) => {
        const app = await submit.mutateAsync(v);
        message.success(`已受理：${app.programmeName}，每月 ${yuan(app.monthlyFen)}，待县级审批`);
        onClose();
      }}
    >
      {(form) => (
        <>
          <Form.Item name="programme" label="项目" rules={[{ required: true, message: '请选择项目' }]}>
            <Radio.Group options={programmes.map((p) => ({ value: p, label: ALLOWANCE_PROGRAMME_NAMES[p] }))} />
          </Form.Item>
          <Form.Item name="personId" label="老年人" rules={[{ required: true, message: '请选择老年人' }]}><PersonSelect /></Form.Item>
          <Form.Item name="fromMonth" label="起始月份" rules={[{ required: true, pattern: MONTH, message: '月份应为 YYYY-MM' }]}><Input placeholder="YYYY-MM" /></Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.programme !== b.programme || a.incomeConfirmed !== b.incomeConfirmed}>
            {() => form.getFieldValue('programme') === 'longevity' && (
              <>
                <Form.Item name="incomeConfirmed" valuePropName="checked"><Checkbox>经入户核实，确认为低收入老年人（困难型地区）</Checkbox></Form.Item>
                {form.getFieldValue('incomeConfirmed') && (
                  <Form.Item name="incomeNote" label="核实依据" rules={[{ required: true, message: '请写明核实依据' }]}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
                )}
              </>
            )}
          </Form.Item>
          <Form.Item name="note" label="备注"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </>
      )}
    </ModalForm>
  );
}

function DecisionDialog({ deciding, onClose }: { deciding: { app: ApplicationView; decision: 'approve' | 'reject' } | null; onClose: () => void }) {
  const decide = useDecideApplication();
  const { message } = App.useApp();
  const approve = deciding?.decision === 'approve';
  return (
    <ModalForm<{ opinion?: string }>
      name="allowance-decide" open={!!deciding} danger={!approve} okText={approve ? '批准' : '不予批准'}
      title={`${approve ? '批准' : '不予批准'}：${deciding?.app.personName ?? ''}的${deciding?.app.programmeName ?? ''}申请`} onClose={onClose}
      intro={deciding && approve ? <Alert type="info" showIcon message={`批准后自 ${deciding.app.fromMonth} 起按审批时的条件发放（申请时测算每月 ${yuan(deciding.app.monthlyFen)}），并记入资金发放待遇。`} /> : undefined}
      onSubmit={async (v) => {
        await decide.mutateAsync({ id: deciding!.app.id, decision: deciding!.decision, version: deciding!.app.version, opinion: v.opinion });
        message.success(approve ? '已批准' : '已作出不予批准决定');
        onClose();
      }}
    >
      <Form.Item name="opinion" label={approve ? '审批意见' : '不予批准理由'} rules={approve ? [] : [{ required: true, message: '请填写不予批准的理由' }]}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </ModalForm>
  );
}
