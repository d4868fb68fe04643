import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert, App, AutoComplete, Button, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Select, Space, Switch, Tag, Typography,
} from 'antd';
import { CARE_MODES, CARE_TIER_DESCRIPTIONS, CARE_TIERS, SELF_CARE_ITEMS, selfCareTier, type CaseActionChoice } from '@mz/assistance';
import { isApiError, ModalForm } from '@mz/ui';
import dayjs from 'dayjs';
import { useMemo, type ReactNode } from 'react';
import { actionForm, buildActionData, isRequired, type FieldSpec } from './action-forms.ts';
import { ALL_SELF_CARE, type IntakeValues } from './application.values.ts';
import { useCaseAction, useRefreshCase, type CaseDetail } from './assistance.api.ts';
import { EconomicsFields, type MemberOption } from './economics-fields.tsx';
import { memberChoices, type MemberChoice } from './job-members.ts';
import { money } from './format.ts';
import { DATE_FORMATS, MONTH_FORMATS, optionsOf } from './labels.ts';
import { MoneyInput } from './money-input.tsx';
import { latestReport } from './case-links-view.tsx';

/** What the engine answers when someone else acted on the case first. */
export const VERSION_CONFLICT = 'VERSION_CONFLICT';
export const VERSION_CONFLICT_TEXT = '该案件已被他人办理，请刷新后重试';

interface DialogValues {
  opinion?: string;
  data?: Record<string, unknown>;
}

interface ActionDialogProps {
  detail: CaseDetail;
  action: CaseActionChoice | null;
  onClose: () => void;
}

const d = (...p: (string | number)[]) => ['data', ...p];

function initialOf(f: FieldSpec): unknown {
  if (f.initial === 'today') return f.kind === 'month' ? dayjs().startOf('month') : dayjs();
  if (f.initial === 'thisMonth') return dayjs().startOf('month');
  if (f.initial === 'nextMonth') return dayjs().add(1, 'month').startOf('month');
  return f.initial;
}

/** The latest data recorded by an action (the current economics, say), else undefined. */
function lastData(detail: CaseDetail, action: string): Record<string, unknown> | undefined {
  const found = [...detail.timeline].reverse().find((t) => t.action === action && t.data && typeof t.data === 'object');
  return found?.data as Record<string, unknown> | undefined;
}

/** Economic data for the form: the last recorded, else the application's; member ids '' = 家庭共有. */
function economicsInitial(detail: CaseDetail): IntakeValues {
  const src = (lastData(detail, 'record_economics') ?? detail.application) as Record<string, unknown>;
  const rows = (v: unknown) => (Array.isArray(v) ? v.map((r) => ({ ...(r as object), personId: (r as { personId?: string | null }).personId ?? '' })) : []);
  const single = src.singlePerson as { personId: string; reason: string } | null | undefined;
  return {
    coveredPersonIds: (src.coveredPersonIds as string[] | null | undefined) ?? detail.household?.members.filter((m) => m.covered).map((m) => m.personId),
    singlePersonOn: !!single,
    singlePerson: single ?? undefined,
    incomes: rows(src.incomes),
    deductions: rows(src.deductions),
    categories: Array.isArray(src.categories) ? (src.categories as IntakeValues['categories']) : [],
    obligors: Array.isArray(src.obligors) ? (src.obligors as IntakeValues['obligors']) : [],
    property: (src.property as IntakeValues['property']) ?? {},
  };
}

/** Values a step starts with: today's dates, the calculated amount, the place of 公示. */
function initialValues(detail: CaseDetail, key: string): DialogValues {
  const spec = actionForm(detail.programme, key);
  const data: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const v = initialOf(f);
    if (v !== undefined) data[f.name] = v;
  }
  const amount = detail.breakdown?.amountFen ?? detail.amountFen ?? undefined;
  const requested = typeof detail.application.requestedFen === 'number' ? detail.application.requestedFen : undefined;
  switch (key) {
    case 'preliminary_review':
    case 'review_again':
    case 'township_review':
      data.proposedAmountFen = amount;
      break;
    case 'advance_grant':
      data.amountFen = amount ?? requested;
      break;
    case 'record_payment':
    case 'pay_advance':
      data.amountFen = detail.amountFen ?? amount;
      break;
    case 'adjust':
      data.newAmountFen = detail.amountFen ?? amount;
      break;
    case 'start_publicity':
    case 'start_termination_publicity':
      data.place = `${detail.regionName}公示栏`;
      break;
    case 'record_home_visit':
    case 'county_home_visit':
      data.householdMemberPresent = detail.applicantName;
      break;
  }
  if (spec.special === 'dibaoEconomics' || spec.special === 'tekunEconomics') Object.assign(data, economicsInitial(detail));
  if (spec.special === 'selfCare') {
    const last = lastData(detail, 'assess_self_care')?.items ?? (detail.application.selfCare as object | undefined);
    Object.assign(data, { items: { ...ALL_SELF_CARE, ...(last as object) }, careMode: detail.careMode ?? undefined });
  }
  if (spec.special === 'verificationReport') {
    const report = latestReport(detail);
    if (report) data.verificationRequestId = report.requestId;
  }
  if (key === 'record_economics' && detail.programme === 'linshi') data.assessedNeedFen = requested;
  // With one member to choose from, the choice is made already.
  for (const f of spec.fields) {
    if (f.kind !== 'member' || !f.members) continue;
    const choices = memberChoices(detail, f.members).filter((c) => !c.disabled);
    if (choices.length === 1) data[f.name] = choices[0]!.value;
  }
  return { data, opinion: '' };
}

interface FieldContext {
  memberNames: string[];
  /** The members a `member` field offers. */
  choices: (f: FieldSpec) => MemberChoice[];
}

function FieldInput({ f, memberNames, choices }: { f: FieldSpec } & FieldContext) {
  switch (f.kind) {
    case 'date':
      // Every date asked here records something that has happened.
      return <DatePicker format={DATE_FORMATS} style={{ width: 200 }} disabledDate={(x) => x.isAfter(dayjs(), 'day')} />;
    case 'month':
      return <DatePicker picker="month" format={MONTH_FORMATS} style={{ width: 200 }} />;
    case 'text':
      return f.name === 'householdMemberPresent' ? (
        <AutoComplete options={memberNames.map((value) => ({ value }))} placeholder={f.placeholder} style={{ width: 240 }} />
      ) : (
        <Input maxLength={f.max} placeholder={f.placeholder} style={{ maxWidth: 360 }} />
      );
    case 'textarea':
      return <Input.TextArea rows={3} maxLength={f.max} showCount placeholder={f.placeholder} />;
    case 'money':
      return <MoneyInput aria-label={f.label} />;
    case 'int':
      return <InputNumber min={f.min} max={f.max} precision={0} style={{ width: 160 }} />;
    case 'select':
      return <Select options={optionsOf(f.options ?? {})} popupMatchSelectWidth={false} style={{ maxWidth: 420 }} />;
    case 'radio':
      return <Radio.Group options={optionsOf(f.options ?? {})} />;
    case 'tags':
      // Free entries (names), no list to choose from: Enter or a separator makes a tag.
      return <Select mode="tags" suffixIcon={null} notFoundContent={null} tokenSeparators={[',', '，', '、', ' ']} placeholder={f.placeholder} />;
    case 'checks':
      return <Checkbox.Group options={optionsOf(f.options ?? {})} />;
    case 'confirm':
      return <Checkbox>{f.label}</Checkbox>;
    case 'switch':
      return <Switch />;
    case 'member': {
      const options = choices(f);
      return (
        <Select
          options={options}
          placeholder={options.length ? '选择家庭成员' : '没有可选择的成员'}
          notFoundContent="没有可选择的成员"
          popupMatchSelectWidth={false}
          style={{ maxWidth: 360 }}
        />
      );
    }
  }
}

function PlainField({ f, ...ctx }: { f: FieldSpec } & FieldContext) {
  const boolean = f.kind === 'confirm' || f.kind === 'switch';
  const rule = ({ getFieldValue }: { getFieldValue: (name: (string | number)[]) => unknown }) => ({
    validator: async (_: unknown, v: unknown) => {
      const data = (getFieldValue(['data']) ?? {}) as Record<string, unknown>;
      if (f.kind === 'confirm') {
        if (v !== true) throw new Error(f.message ?? `请确认${f.label}`);
        return;
      }
      if (f.kind === 'tags' || f.kind === 'checks') {
        const list = Array.isArray(v) ? [...new Set(v.map((s) => String(s).trim()).filter(Boolean))] : [];
        if (isRequired(f, data) && list.length < (f.min ?? 1)) throw new Error(f.message ?? `请填写${f.label}`);
        return;
      }
      const empty = v === undefined || v === null || (typeof v === 'string' && !v.trim());
      if (empty && isRequired(f, data)) throw new Error(f.message ?? `请填写${f.label}`);
    },
  });
  return (
    <Form.Item
      name={d(f.name)}
      label={f.kind === 'confirm' ? undefined : f.label}
      required={!boolean && (f.required || !!f.requiredWhen)}
      valuePropName={boolean ? 'checked' : 'value'}
      extra={f.extra}
      rules={f.kind === 'switch' ? [] : [rule]}
      dependencies={f.requiredWhen ? [['data']] : undefined}
    >
      {FieldInput({ f, ...ctx })}
    </Form.Item>
  );
}

function SelfCareFields() {
  const form = Form.useFormInstance();
  const items = Form.useWatch(d('items'), form) as Partial<typeof ALL_SELF_CARE> | undefined;
  const tier = selfCareTier({ ...ALL_SELF_CARE, ...items });
  return (
    <>
      <Form.Item label="生活自理能力（勾选本人能独立完成的项目）" required>
        <Space wrap size={[16, 4]}>
          {Object.entries(SELF_CARE_ITEMS).map(([item, text]) => (
            <Form.Item key={item} name={d('items', item)} valuePropName="checked" noStyle>
              <Checkbox>{text}</Checkbox>
            </Form.Item>
          ))}
        </Space>
      </Form.Item>
      <Typography.Paragraph>
        评估结果：<Tag color={tier === 'self' ? 'green' : tier === 'semi' ? 'orange' : 'red'}>{CARE_TIERS[tier]}</Tag>
        <Typography.Text type="secondary">{CARE_TIER_DESCRIPTIONS[tier]}</Typography.Text>
      </Typography.Paragraph>
      <Form.Item name={d('careMode')} label="供养方式（如有变化）">
        <Radio.Group options={optionsOf(CARE_MODES)} />
      </Form.Item>
    </>
  );
}

/** 确认同意: the amount comes from the breakdown; setting another needs a written reason. */
function ApproveFields({ detail }: { detail: CaseDetail }) {
  const form = Form.useFormInstance();
  const override = Form.useWatch(d('override'), form) as boolean | undefined;
  const b = detail.breakdown;
  const caption = detail.programme === 'linshi' ? '救助金额' : '月保障金额';
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          {
            key: 'amount',
            label: `测算${caption}`,
            children: (
              <Typography.Text strong style={{ fontSize: 16 }} data-testid="approve-amount">
                {money(b?.amountFen ?? detail.amountFen)}
              </Typography.Text>
            ),
          },
          ...(b
            ? [
                { key: 'items', label: '计算依据', children: b.items.map((i) => `${i.label} ${money(i.amountFen)}`).join('；') || '—' },
                ...(b.eligible ? [] : [{ key: 'why', label: '不符合条件', children: b.reasons.join('；') }]),
              ]
            : []),
          ...(detail.startMonth ? [] : [{ key: 'from', label: '发放起始', children: '确认同意的次月起发放' }]),
        ]}
      />
      <Form.Item name={d('override')} label="调整核定金额" valuePropName="checked">
        <Switch checkedChildren="调整" unCheckedChildren="按测算" />
      </Form.Item>
      {override && (
        <>
          <Form.Item name={d('overrideAmountFen')} label={`核定${caption}`} rules={[{ required: true, message: `请填写核定${caption}` }]}>
            <MoneyInput aria-label={`核定${caption}`} />
          </Form.Item>
          <Form.Item name={d('overrideReason')} label="调整金额理由" rules={[{ required: true, whitespace: true, message: '核定金额与测算金额不同时须说明理由' }]}>
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
        </>
      )}
    </>
  );
}

/** The dialog of one workflow step: its own fields, the opinion, and the case's version. */
/** 录入核对结果: the case's latest household verification report, or none (entered by hand). */
function ReportChoice({ detail }: { detail: CaseDetail }) {
  const report = latestReport(detail);
  if (!report) return null;
  return (
    <Form.Item name={['data', 'verificationRequestId']} label="依据核对报告" extra="清空则手工录入核对结果">
      <Select
        allowClear
        placeholder="手工录入"
        style={{ maxWidth: 420 }}
        options={[{ value: report.requestId, label: `家庭经济状况核对报告第 ${report.requestNo} 号（${report.conclusionName}）` }]}
      />
    </Form.Item>
  );
}

export function ActionDialog({ detail, action, onClose }: ActionDialogProps) {
  const { message } = App.useApp();
  const act = useCaseAction(detail.id);
  const refresh = useRefreshCase();
  const spec = action ? actionForm(detail.programme, action.key) : null;
  const members: MemberOption[] = useMemo(() => {
    const list = (detail.household?.members ?? []).map((m) => ({ personId: m.personId, name: m.name }));
    if (detail.subject && !list.some((m) => m.personId === detail.subject!.personId)) list.push({ personId: detail.subject.personId, name: detail.subject.name });
    return list;
  }, [detail]);
  const initial = useMemo(() => (action ? initialValues(detail, action.key) : {}), [action?.key, detail.version]);

  const conflict = (error: unknown): ReactNode | undefined =>
    isApiError(error) && error.code === VERSION_CONFLICT ? (
      <Alert
        type="warning"
        showIcon
        role="alert"
        style={{ marginBottom: 12 }}
        title={VERSION_CONFLICT_TEXT}
        action={
          <Button
            size="small"
            icon={<ReloadOutlined />}
            onClick={() => {
              void refresh(detail.id);
              onClose();
            }}
          >
            刷新
          </Button>
        }
      />
    ) : undefined;

  const opinionLabel = action?.key === 'approve' || action?.key === 'refuse' ? '审批意见' : '办理意见';

  return (
    <ModalForm<DialogValues>
      name={`action_${action?.key ?? 'none'}`}
      open={!!action}
      title={action ? `${action.name}：${detail.caseNo}` : ''}
      okText={action?.name ?? '确定'}
      danger={spec?.danger}
      width={spec?.special === 'dibaoEconomics' || spec?.special === 'tekunEconomics' ? 960 : 620}
      initialValues={initial}
      intro={spec?.intro && <Typography.Paragraph type="secondary">{spec.intro}</Typography.Paragraph>}
      renderError={conflict}
      onClose={onClose}
      onSubmit={async (v) => {
        const data = buildActionData(detail.programme, action!.key, v.data);
        const opinion = v.opinion?.trim();
        await act.mutateAsync({
          action: action!.key,
          body: { version: detail.version, ...(opinion ? { opinion } : {}), ...(data ? { data } : {}) },
        });
        message.success(`已办理「${action!.name}」`);
        onClose();
      }}
    >
      {spec?.special === 'dibaoEconomics' && <EconomicsFields programme="dibao" members={members} prefix={['data']} />}
      {spec?.special === 'tekunEconomics' && <EconomicsFields programme="tekun" members={members} prefix={['data']} />}
      {spec?.special === 'selfCare' && <SelfCareFields />}
      {spec?.special === 'approve' && <ApproveFields detail={detail} />}
      {spec?.special === 'verificationReport' && <ReportChoice detail={detail} />}
      {spec?.fields.map((f) => (
        <PlainField key={f.name} f={f} memberNames={members.map((m) => m.name)} choices={(x) => (x.members ? memberChoices(detail, x.members) : [])} />
      ))}
      <Form.Item
        name="opinion"
        label={opinionLabel}
        rules={action?.opinionRequired ? [{ required: true, whitespace: true, message: `请填写${opinionLabel}` }] : []}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder={action?.opinionRequired ? '必填' : '可不填'} />
      </Form.Item>
    </ModalForm>
  );
}
