import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Descriptions, Empty, Space, Table, Tag, Timeline, Typography } from 'antd';
import {
  CARE_MODES, CARE_TIERS, DEDUCTION_KINDS, DIBAO_CATEGORIES, INCOME_KINDS, LINSHI_TYPES, OBLIGOR_CIRCUMSTANCES, SELF_CARE_ITEMS,
  SINGLE_PERSON_REASONS, type CaseDetail, type CaseMember, type CaseTimelineEntry, type Programme,
} from '@mz/assistance';
import { HUKOU_TYPES } from '@mz/registry';
import { StatusTag, useRegion } from '@mz/ui';
import { LEVEL_LABELS, type Clock } from '@mz/workflow';
import type { ReactNode } from 'react';
import { actionForm, type FieldSpec } from './action-forms.ts';
import { clockAmount, clockDue, clockRemaining, clockStatus } from './clocks.ts';
import { cnDate, cnDateTime, cnMonth, EMPTY, money } from './format.ts';
import { label, SEX_TEXT } from './labels.ts';
import { stateTone } from './vocab.ts';

type Rec = Record<string, unknown>;
const asRec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const asList = (v: unknown): Rec[] => (Array.isArray(v) ? v.map(asRec) : []);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** Person id → name, from the household and the subject the case page carries. */
export function nameBook(detail: CaseDetail): (id: unknown) => string {
  const names = new Map<string, string>();
  for (const m of detail.household?.members ?? []) names.set(m.personId, m.name);
  if (detail.subject) names.set(detail.subject.personId, detail.subject.name);
  return (id) => (typeof id === 'string' && id ? (names.get(id) ?? '（已不在本户）') : '家庭共有');
}

export function MembersTable({ members }: { members: CaseMember[] }) {
  return (
    <Table<CaseMember>
      size="small"
      rowKey="personId"
      dataSource={members}
      pagination={false}
      locale={{ emptyText: '无成员' }}
      columns={[
        { title: '姓名', dataIndex: 'name', width: 100 },
        { title: '身份证号', dataIndex: 'idNumberMasked', width: 180, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
        { title: '与户主关系', dataIndex: 'relationName', width: 100 },
        { title: '性别', dataIndex: 'sex', width: 60, render: (v: string) => SEX_TEXT[v] ?? v },
        { title: '年龄', dataIndex: 'age', width: 60, align: 'right' },
        { title: '保障对象', dataIndex: 'covered', width: 90, render: (v: boolean) => (v ? <Tag color="green">保障</Tag> : <Tag>不保障</Tag>) },
      ]}
    />
  );
}

function MoneyRows({ rows, kinds, who }: { rows: Rec[]; kinds: Readonly<Record<string, string>>; who: (id: unknown) => string }) {
  if (!rows.length) return <Typography.Text type="secondary">无</Typography.Text>;
  return (
    <Table<Rec>
      size="small"
      rowKey={(_, i) => String(i)}
      dataSource={rows}
      pagination={false}
      columns={[
        { title: '成员', key: 'who', width: 110, render: (_, r) => who(r.personId) },
        { title: '类型', key: 'kind', render: (_, r) => label(kinds, str(r.kind)) },
        { title: '月金额', key: 'amount', width: 120, align: 'right', render: (_, r) => money(num(r.monthlyFen)) },
        { title: '说明', key: 'note', render: (_, r) => str(r.note) ?? EMPTY },
      ]}
    />
  );
}

function PropertyView({ p }: { p: Rec }) {
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 3 }}
      items={[
        { key: 'd', label: '存款', children: money(num(p.depositsFen) ?? 0) },
        { key: 's', label: '有价证券等', children: money(num(p.securitiesFen) ?? 0) },
        { key: 'h', label: '住房', children: `${num(p.houseCount) ?? 0} 套` },
        { key: 'v', label: '机动车辆', children: `${num(p.vehicleCount) ?? 0} 辆，价值 ${money(num(p.vehicleValueFen) ?? 0)}` },
        { key: 'b', label: '市场主体', children: `${num(p.businessCount) ?? 0} 个` },
      ]}
    />
  );
}

function SelfCareView({ items }: { items: Rec }) {
  return (
    <Space wrap size={[12, 4]}>
      {Object.entries(SELF_CARE_ITEMS).map(([k, text]) => (
        <span key={k}>
          {items[k] === false ? <CloseCircleTwoTone twoToneColor="#cf1322" /> : <CheckCircleTwoTone twoToneColor="#52c41a" />} {text}
        </span>
      ))}
    </Space>
  );
}

function RegionName({ code }: { code: string | undefined }) {
  const region = useRegion(code);
  if (!code) return <>{EMPTY}</>;
  return <span title={code}>{region.data ? [...region.data.path.map((r) => r.name), region.data.name].join(' / ') : code}</span>;
}

/** The application as filed, in the words of the form. */
export function ApplicationView({ detail }: { detail: CaseDetail }) {
  const a = detail.application as Rec;
  const who = nameBook(detail);
  const p: Programme = detail.programme;
  const single = asRec(a.singlePerson);
  const items: { key: string; label: string; children: ReactNode; span?: number }[] = [
    { key: 'date', label: '申请日期', children: cnDate(str(a.applicationDate)) },
    { key: 'applicant', label: '申请人', children: who(a.applicantPersonId) === '家庭共有' ? detail.applicantName : who(a.applicantPersonId) },
    {
      key: 'signed',
      label: '授权核对书 / 承诺书',
      children: a.authorizationSigned === true && a.pledgeSigned === true ? <Tag color="green">均已签署</Tag> : <Tag color="red">未签署</Tag>,
    },
  ];
  if (p === 'dibao') {
    items.push({ key: 'hukou', label: '适用标准', children: `${label(HUKOU_TYPES, str(a.hukouType))}低保标准` });
    if (single.personId) items.push({ key: 'single', label: '单人保', children: `${who(single.personId)}：${label(SINGLE_PERSON_REASONS, str(single.reason))}`, span: 3 });
  }
  if (p === 'tekun') {
    items.push({ key: 'subject', label: '申请供养人员', children: who(a.personId) });
    items.push({ key: 'mode', label: '供养方式', children: label(CARE_MODES, detail.careMode ?? str(a.careMode)) });
    if (detail.tier) items.push({ key: 'tier', label: '照料护理等级', children: <Tag color="blue">{CARE_TIERS[detail.tier]}</Tag> });
    items.push({ key: 'selfcare', label: '生活自理能力（申请时）', children: <SelfCareView items={asRec(a.selfCare)} />, span: 3 });
    if (str(a.otherIncapacity)) items.push({ key: 'other', label: '其他无劳动能力情形', children: str(a.otherIncapacity), span: 3 });
  }
  if (p === 'linshi') {
    // Filed for a person registered elsewhere: the case keeps the name and masked number it was given.
    if (str(a.idNumberMasked)) {
      items.push({ key: 'identity', label: '申请方式', children: `外辖区人员，按身份证号申请（${str(a.name) ?? detail.applicantName} ${str(a.idNumberMasked)}）`, span: 2 });
      if (str(a.hukouType)) items.push({ key: 'hukou', label: '适用标准', children: `${label(HUKOU_TYPES, str(a.hukouType))}低保标准` });
    }
    items.push({ key: 'type', label: '救助类型', children: label(LINSHI_TYPES, str(a.type)) });
    items.push({ key: 'date2', label: '急难发生日期', children: cnDate(str(a.incidentDate)) });
    items.push({ key: 'req', label: '申请救助金额', children: money(num(a.requestedFen)) });
    items.push({ key: 'place', label: '急难发生地', children: <RegionName code={str(a.incidentRegionCode)} />, span: 2 });
    items.push({ key: 'adv', label: '先行救助', children: a.advance === true ? <Tag color="gold">申请先行救助</Tag> : '否' });
    items.push({ key: 'desc', label: '困难情况说明', children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{str(a.description)}</Typography.Paragraph>, span: 3 });
  }
  if (str(a.note)) items.push({ key: 'note', label: '备注', children: str(a.note), span: 3 });

  return (
    <>
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} items={items} />
      {(p === 'dibao' || p === 'tekun') && (
        <>
          {p === 'tekun' && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                法定义务人
              </Typography.Title>
              {asList(a.obligors).length ? (
                <Table<Rec>
                  size="small"
                  rowKey={(_, i) => String(i)}
                  dataSource={asList(a.obligors)}
                  pagination={false}
                  columns={[
                    { title: '姓名', key: 'n', width: 100, render: (_, r) => str(r.name) },
                    { title: '关系', key: 'r', width: 100, render: (_, r) => str(r.relation) },
                    { title: '情形', key: 'c', render: (_, r) => label(OBLIGOR_CIRCUMSTANCES, str(r.circumstance)) },
                    { title: '核对授权书', key: 'a', width: 100, render: (_, r) => (r.authorizationSigned === true ? '已签署' : '—') },
                  ]}
                />
              ) : (
                <Typography.Text type="secondary">无法定赡养、抚养、扶养义务人</Typography.Text>
              )}
            </>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            申报收入
          </Typography.Title>
          <MoneyRows rows={asList(a.incomes)} kinds={INCOME_KINDS} who={who} />
          {p === 'dibao' && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                收入扣减
              </Typography.Title>
              <MoneyRows rows={asList(a.deductions)} kinds={DEDUCTION_KINDS} who={who} />
            </>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {p === 'tekun' ? '本人财产' : '家庭财产'}
          </Typography.Title>
          <PropertyView p={asRec(a.property)} />
          {p === 'dibao' && asList(a.categories).length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 8 }}>
                分类施保
              </Typography.Title>
              <Space wrap>
                {asList(a.categories).map((c, i) => (
                  <Tag key={i}>
                    {who(c.personId)}：{label(DIBAO_CATEGORIES, str(c.category))}
                  </Tag>
                ))}
              </Space>
            </>
          )}
        </>
      )}
    </>
  );
}

export function ClocksTable({ clocks }: { clocks: Clock[] }) {
  return (
    <Table<Clock>
      size="small"
      rowKey="key"
      dataSource={clocks}
      pagination={false}
      locale={{ emptyText: '无办理时限' }}
      data-testid="clocks"
      columns={[
        {
          title: '时限',
          key: 'name',
          render: (_, c) => (
            <div>
              <div>
                {c.name}（{clockAmount(c)}）
              </div>
              {c.basis && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  依据：{c.basis}
                </Typography.Text>
              )}
            </div>
          ),
        },
        { title: '截止', key: 'due', width: 170, render: (_, c) => clockDue(c) },
        {
          title: '状态',
          key: 'status',
          width: 190,
          render: (_, c) => {
            const s = clockStatus(c);
            return (
              <div>
                <StatusTag tone={s.tone}>{s.text}</StatusTag>
                <div>
                  <Typography.Text type={c.status === 'overdue' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                    {clockRemaining(c)}
                  </Typography.Text>
                </div>
                {c.note && c.remaining !== null && (
                  <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                    {c.note}
                  </Typography.Text>
                )}
              </div>
            );
          },
        },
      ]}
    />
  );
}

function fieldText(f: FieldSpec, v: unknown, who: (id: unknown) => string): ReactNode {
  if (v === undefined || v === null || v === '') return null;
  switch (f.kind) {
    case 'date':
      return cnDate(str(v));
    case 'month':
      return cnMonth(str(v));
    case 'money':
      return money(num(v));
    case 'select':
    case 'radio':
      return label(f.options ?? {}, str(v));
    case 'checks':
      return Array.isArray(v) ? v.map((x) => label(f.options ?? {}, String(x))).join('、') : null;
    case 'tags':
      return Array.isArray(v) ? v.join('、') : null;
    case 'confirm':
    case 'switch':
      return v === true ? '是' : f.showFalse && v === false ? '否' : null;
    case 'member':
      return who(v);
    default:
      return String(v);
  }
}

function sumOf(rows: Rec[]): number {
  return rows.reduce((s, r) => s + (num(r.monthlyFen) ?? 0), 0);
}

/** What a step recorded (investigators, findings, amounts …), labelled as its form labels them. */
export function DecisionData({ programme, entry, who }: { programme: Programme; entry: CaseTimelineEntry; who: (id: unknown) => string }) {
  const data = asRec(entry.data);
  if (!Object.keys(data).length) return null;
  const spec = actionForm(programme, entry.action);
  const lines: { label: string; value: ReactNode }[] = [];
  for (const f of spec.fields) {
    const value = fieldText(f, data[f.name], who);
    if (value !== null) lines.push({ label: f.label, value });
  }
  if (spec.special === 'dibaoEconomics' || spec.special === 'tekunEconomics') {
    const incomes = asList(data.incomes);
    const deductions = asList(data.deductions);
    const p = asRec(data.property);
    lines.push({ label: '申报收入', value: incomes.length ? `${incomes.length} 项，月合计 ${money(sumOf(incomes))}` : '无' });
    if (deductions.length) lines.push({ label: '收入扣减', value: `${deductions.length} 项，月合计 ${money(sumOf(deductions))}` });
    lines.push({ label: '存款及有价证券', value: money((num(p.depositsFen) ?? 0) + (num(p.securitiesFen) ?? 0)) });
    const covered = Array.isArray(data.coveredPersonIds) ? data.coveredPersonIds : null;
    if (covered) lines.push({ label: '保障对象', value: covered.map(who).join('、') });
  }
  if (spec.special === 'selfCare') {
    lines.push({ label: '自理能力', value: <SelfCareView items={asRec(data.items)} /> });
    if (str(data.careMode)) lines.push({ label: '供养方式', value: label(CARE_MODES, str(data.careMode)) });
  }
  if (spec.special === 'approve' && num(data.overrideAmountFen) !== undefined) {
    lines.push({ label: '核定金额', value: money(num(data.overrideAmountFen)) });
    lines.push({ label: '调整理由', value: str(data.overrideReason) });
  }
  if (!lines.length) return null;
  return (
    <Descriptions
      size="small"
      column={1}
      style={{ marginTop: 4 }}
      styles={{ label: { color: '#888', width: 110 } }}
      items={lines.map((l, i) => ({ key: String(i), label: l.label, children: l.value }))}
    />
  );
}

/** 办理过程: every decision, oldest first, with who, at which level, when, what and why. */
export function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const who = nameBook(detail);
  if (!detail.timeline.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未办理" />;
  return (
    <Timeline
      data-testid="timeline"
      items={detail.timeline.map((t) => ({
        key: String(t.seq),
        color: stateTone(t.toState) === 'error' ? 'red' : t.fromState !== t.toState ? 'blue' : 'gray',
        content: (
          <div>
            <Space size={6} wrap>
              <Typography.Text strong>{t.actionName}</Typography.Text>
              {t.fromState !== t.toState && <StatusTag tone={stateTone(t.toState)}>{t.toStateName}</StatusTag>}
            </Space>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {cnDateTime(t.at)} · {LEVEL_LABELS[t.actorLevel] ?? ''} {t.actorName}
              </Typography.Text>
            </div>
            {t.opinion && (
              <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                <Typography.Text type="secondary">意见：</Typography.Text>
                {t.opinion}
              </Typography.Paragraph>
            )}
            <DecisionData programme={detail.programme} entry={t} who={who} />
          </div>
        ),
      }))}
    />
  );
}
