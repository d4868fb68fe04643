/**
 * What each workflow action asks of the official, as data: the fields of its `data` payload (named
 * as in the domain's `actionDataSchemas`, labelled as the schema's messages name them) and how the
 * form's values become that payload. Economic data, the self-care assessment and the approval
 * amount have their own components; everything else is drawn from these lists.
 */
import {
  DELIVERY_METHODS, DIBAO_TERMINATION_CAUSES, EXTENSION_REASONS, LINSHI_FORMS, PAYMENT_METHODS, TEKUN_TERMINATION_CAUSES,
  VERIFICATION_ITEMS, type Programme,
} from '@mz/assistance';
import type { Dayjs } from 'dayjs';
import { ALL_SELF_CARE, dibaoEconomicsBody, tekunEconomicsBody, type IntakeValues, type SelfCare } from './application.values.ts';
import type { MemberSource } from './job-members.ts';

export type FieldKind =
  | 'date' | 'month' | 'text' | 'textarea' | 'money' | 'int' | 'select' | 'radio' | 'tags' | 'checks' | 'confirm' | 'switch' | 'member';

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** Required only when the other values say so (the family must be heard before a reduction). */
  requiredWhen?: (data: Record<string, unknown>) => boolean;
  /** Code → label for select, radio and checks. */
  options?: Readonly<Record<string, string>>;
  /** At least this many entries (tags). */
  min?: number;
  max?: number;
  extra?: string;
  placeholder?: string;
  /** Initial value: 'today' / 'thisMonth' / 'nextMonth' for dates, or a literal. */
  initial?: 'today' | 'thisMonth' | 'nextMonth' | unknown;
  /** The message when a required field is empty or a `min` is not met. */
  message?: string;
  /** For `member`: which of the case's members the picker offers (job-members.ts). */
  members?: MemberSource;
  /** A switch whose "no" is itself the fact recorded (a refusal without good reason): the record shows 否 too. */
  showFalse?: boolean;
}

/** Components beyond plain fields (see action-dialog.tsx). */
export type Special = 'dibaoEconomics' | 'tekunEconomics' | 'selfCare' | 'approve' | 'verificationReport';

export interface ActionFormSpec {
  fields: FieldSpec[];
  special?: Special;
  /** The action ends or refuses something: the dialog's button is red. */
  danger?: boolean;
  /** One line above the form saying what happens. */
  intro?: string;
}

const date = (name: string, label: string, extra?: Partial<FieldSpec>): FieldSpec => ({ name, label, kind: 'date', required: true, initial: 'today', ...extra });
const month = (name: string, label: string, initial: FieldSpec['initial'] = 'nextMonth', extra?: Partial<FieldSpec>): FieldSpec => ({
  name, label, kind: 'month', required: true, initial, ...extra,
});
const text = (name: string, label: string, extra?: Partial<FieldSpec>): FieldSpec => ({ name, label, kind: 'text', required: true, max: 50, ...extra });
const area = (name: string, label: string, extra?: Partial<FieldSpec>): FieldSpec => ({ name, label, kind: 'textarea', required: true, max: 2000, ...extra });
const choice = (name: string, label: string, options: Readonly<Record<string, string>>, extra?: Partial<FieldSpec>): FieldSpec => ({
  name, label, kind: 'select', required: true, options, ...extra,
});
const radio = (name: string, label: string, options: Readonly<Record<string, string>>, extra?: Partial<FieldSpec>): FieldSpec => ({
  name, label, kind: 'radio', required: true, options, ...extra,
});
/** 录入核对结果 without a report: every field is required. */
const byHand = (data: Record<string, unknown>) => !data.verificationRequestId;
const money = (name: string, label: string, extra?: Partial<FieldSpec>): FieldSpec => ({ name, label, kind: 'money', required: true, ...extra });
const member = (name: string, label: string, members: MemberSource, extra?: Partial<FieldSpec>): FieldSpec => ({
  name, label, kind: 'member', required: true, members, message: `请选择${label}`, ...extra,
});

/** The people who went: at least two (低保办法第十六条). */
const investigators: FieldSpec = {
  name: 'investigators', label: '调查人员', kind: 'tags', required: true, min: 2,
  message: '调查人员不得少于2人（低保办法第十六条）', placeholder: '输入姓名后按回车，至少2人',
};

const homeVisit: ActionFormSpec = {
  fields: [
    date('visitedOn', '调查日期'),
    investigators,
    text('householdMemberPresent', '在场家庭成员', { extra: '入户调查表由调查人员和在场的家庭成员签字' }),
    { name: 'remote', label: '因重大突发事件以电话、视频等方式调查', kind: 'switch', initial: false },
    area('findings', '调查情况', { placeholder: '居住、收入、财产、就业、健康等实际情况' }),
  ],
};

const publicity = (where: string): ActionFormSpec => ({
  fields: [text('place', '公示地点', { max: 200, placeholder: where })],
  intro: '公示期七日，期满无异议后方可报送',
});

const objection: ActionFormSpec = {
  fields: [date('receivedOn', '收到异议日期'), text('objector', '异议人', { required: false }), area('content', '异议内容')],
};

const delivery: ActionFormSpec = {
  fields: [date('deliveredOn', '送达日期'), choice('method', '送达方式', DELIVERY_METHODS), text('recipient', '签收人')],
};

const payment: ActionFormSpec = {
  fields: [date('paidOn', '发放日期'), money('amountFen', '发放金额'), choice('method', '发放方式', PAYMENT_METHODS, { initial: 'bank' })],
};

const adjust: ActionFormSpec = {
  fields: [
    radio('direction', '调整方向', { increase: '增发', decrease: '减发' }),
    money('newAmountFen', '调整后月保障金额'),
    month('effectiveMonth', '调整起始月份'),
    area('reasons', '调整理由'),
    date('familyHeardOn', '听取家庭意见日期', { required: false, initial: undefined, requiredWhen: (d) => d.direction === 'decrease', extra: '减发前须听取家庭意见（救助法第四十八条）' }),
    area('familyStatement', '家庭意见', { required: false }),
  ],
};

const preliminary: ActionFormSpec = {
  fields: [
    radio('recommendation', '初审意见', { approve: '同意', refuse: '不同意' }, { initial: 'approve' }),
    money('proposedAmountFen', '拟保障金额', { required: false }),
  ],
};

const SHARED: Record<string, ActionFormSpec> = {
  accept: { fields: [], intro: '材料齐全，受理申请；受理后3个工作日内启动调查' },
  request_materials: {
    fields: [{ name: 'missingItems', label: '需补正的材料', kind: 'tags', required: true, min: 1, message: '一次性告知须列明全部需补正的材料（低保办法第十条）', placeholder: '逐项输入，按回车' }],
    intro: '一次性告知申请人需要补正的全部材料；可通过政务数据共享获取的材料不得要求重复提交',
  },
  reject_application: { fields: [], danger: true },
  withdraw: {
    danger: true,
    fields: [
      date('withdrawnOn', '撤回日期'),
      { name: 'writtenRequest', label: '申请人已提交书面撤回申请', kind: 'confirm', required: true, message: '撤回申请须有申请人书面申请' },
    ],
  },
  start_investigation: { fields: [], intro: '启动家庭经济状况调查：入户调查、邻里访问、信函索证和信息核对' },
  record_home_visit: homeVisit,
  county_home_visit: homeVisit,
  record_neighbour_visit: {
      fields: [
      date('visitedOn', '走访日期'),
      investigators,
      { name: 'interviewees', label: '走访对象', kind: 'tags', required: true, min: 1, message: '请填写走访对象', placeholder: '输入姓名或身份后按回车' },
      area('findings', '走访情况'),
    ],
  },
  request_verification: {
    fields: [{ name: 'items', label: '核对项目', kind: 'checks', required: true, min: 1, options: VERIFICATION_ITEMS, initial: Object.keys(VERIFICATION_ITEMS), message: '请选择核对项目' }],
    intro: '请县级民政部门核对家庭经济状况；县级应在3个工作日内启动核对',
  },
  record_verification: {
    // With a household verification report chosen (the dialog offers the case's latest), its date,
    // conclusion and findings are recorded; the fields are then needed only as the server says
    // (a 需人工核实 report needs the official's result).
    special: 'verificationReport',
    fields: [
      date('checkedOn', '核对日期', { required: false, requiredWhen: byHand }),
      radio('result', '核对结果', { consistent: '与申报相符', inconsistent: '与申报不符' }, { required: false, requiredWhen: byHand }),
      area('findings', '核对情况', { required: false, requiredWhen: byHand }),
    ],
    intro: '按核对报告录入的，核对日期、结论和核对情况以报告为准（报告结论为「需人工核实」的，须选择人工核实后的核对结果）',
  },
  start_publicity: publicity('如：岭东社区居务公开栏'),
  record_objection: objection,
  record_termination_objection: objection,
  reinvestigate: { fields: [] },
  end_publicity: { fields: [], intro: '公示期满无异议，报送审核确认' },
  refuse: { fields: [], danger: true, intro: '不予确认的，应在3个工作日内通过乡镇（街道）书面告知申请人并说明理由' },
  deliver_refusal: delivery,
  notify_mismatch: { fields: [date('notifiedOn', '告知日期')] },
  recheck_on_objection: { fields: [area('evidence', '申请人提供的证明材料')] },
  preliminary_review: preliminary,
  // 特困: the new 初审 after an objection has been re-investigated (特困办法第十五条).
  review_again: preliminary,
  democratic_review: {
    fields: [date('heldOn', '评议日期'), { name: 'participants', label: '参加评议人数', kind: 'int', required: true, min: 1 }, area('result', '评议结果')],
  },
  record_complaint: {
    fields: [date('receivedOn', '收到投诉日期'), text('complainant', '投诉人', { required: false }), area('content', '投诉内容')],
    intro: '审核确认期间有投诉的，须经县级入户核查后方可确认',
  },
  extend: { fields: [choice('reason', '延期事由', EXTENSION_REASONS)], intro: '延长后办理时限为45个工作日，每案只能延长一次' },
  terminate_procedure: { fields: [], danger: true, intro: '申请人无正当理由拒不配合调查的，终止审核确认程序（低保办法第二十九条）' },
  recheck: {
    fields: [
      date('checkedOn', '复核日期'),
      radio('result', '复核结论', { unchanged: '无变化，继续保障', increase: '需增发', decrease: '需减发', stop: '需停发' }),
      area('findings', '复核情况'),
    ],
  },
  adjust,
  suspend: { fields: [month('fromMonth', '暂停起始月份'), area('reasons', '暂停理由')] },
  resume: { fields: [month('fromMonth', '恢复发放月份'), area('reasons', '恢复理由')] },
  taper: {
    fields: [{ name: 'months', label: '渐退期（月）', kind: 'int', required: true, min: 1, max: 24, initial: 6 }, month('fromMonth', '渐退起始月份'), area('reason', '渐退理由')],
  },
  assess_self_care: { special: 'selfCare', fields: [date('assessedOn', '评估日期'), text('assessor', '评估人员或机构', { max: 100 })] },
  spot_check: {
      fields: [
      date('checkedOn', '抽查日期'),
      investigators,
      radio('result', '抽查结论', { consistent: '与初审意见相符', inconsistent: '与初审意见不符' }),
      area('findings', '抽查情况'),
    ],
  },
  propose_termination: {
    danger: true,
    fields: [choice('cause', '终止原因', TEKUN_TERMINATION_CAUSES), area('reasons', '终止理由'), date('verifiedOn', '核实日期')],
  },
  start_termination_publicity: { fields: [text('place', '公示地点', { max: 200, placeholder: '村（居）务公开栏或供养服务机构' })], intro: '拟终止供养的，在村（居）或供养服务机构公示七日' },
  republish_termination: { fields: [area('findings', '异议核查情况')] },
  cancel_termination: { fields: [] },
  township_review: {
    fields: [
      radio('recommendation', '审核意见', { approve: '同意', refuse: '不同意' }, { initial: 'approve' }),
      money('proposedAmountFen', '拟救助金额', { required: false, requiredWhen: (d) => d.recommendation === 'approve' }),
      radio('form', '救助方式', LINSHI_FORMS, { initial: 'cash' }),
    ],
  },
  record_payment: payment,
  pay_advance: payment,
  advance_grant: {
    fields: [money('amountFen', '先行救助金额'), radio('form', '救助方式', LINSHI_FORMS, { initial: 'cash' })],
    intro: '情况紧急，先行发放救助，事后补充说明情况、补办手续',
  },
  complete_paperwork: { fields: [date('completedOn', '补办完成日期'), area('explanation', '补充说明情况')] },
};

const BY_PROGRAMME: Record<Programme, Record<string, ActionFormSpec>> = {
  dibao: {
    record_economics: { special: 'dibaoEconomics', fields: [] },
    approve: { special: 'approve', fields: [] },
    terminate: {
      danger: true,
      fields: [
        choice('cause', '停保原因', DIBAO_TERMINATION_CAUSES),
        area('reasons', '停保书面理由'),
        month('stopMonth', '停发月份'),
        date('familyHeardOn', '听取家庭意见日期', { required: false, initial: undefined, requiredWhen: (d) => d.cause !== 'death', extra: '停发前须听取家庭意见（救助法第四十八条）' }),
        area('familyStatement', '家庭意见', { required: false }),
      ],
    },
    // 低保办法第三十四条: each introduced job is recorded, refused or taken up, so the count of
    // refusals "in a row" can be made from the record rather than from memory.
    record_job_refusal: {
      fields: [
        member('personId', '拒绝工作的成员', 'workable'),
        date('offeredOn', '介绍工作日期'),
        text('job', '介绍的工作岗位', { max: 100 }),
        text('employer', '用人单位', { max: 100 }),
        {
          name: 'goodReason', label: '拒绝是否有正当理由', kind: 'switch', initial: false, showFalse: true,
          extra: '有正当理由的拒绝不计入连续次数，并中断此前的连续拒绝（如患病、照料家人、岗位明显不适合本人）',
        },
        area('note', '情况说明', { required: false, max: 500, requiredWhen: (d) => d.goodReason === true, message: '有正当理由的，请说明理由' }),
      ],
    },
    record_job_accepted: {
      fields: [
        member('personId', '接受工作的成员', 'covered'),
        date('acceptedOn', '上岗日期'),
        text('job', '工作岗位', { max: 100 }),
        text('employer', '用人单位', { max: 100 }),
        area('note', '情况说明', { required: false, max: 500 }),
      ],
      intro: '接受介绍的工作后，此前的连续拒绝次数清零；上岗后的工资性收入请通过「录入家庭经济状况」登记',
    },
    exclude_member: {
      danger: true,
      intro: '无正当理由连续三次拒绝介绍的工作的，停发其本人保障金（低保办法第三十四条）',
      fields: [
        member('personId', '停发保障金的成员', 'refusedThrice', { extra: '仅列出无正当理由连续三次拒绝介绍工作的保障对象；其他成员照常保障，保障金按剩余人数重新测算' }),
        month('fromMonth', '停发起始月份'),
        area('reasons', '停发书面理由'),
        date('familyHeardOn', '听取家庭意见日期', { initial: undefined, extra: '停发前须听取家庭意见（救助法第四十八条）' }),
        area('familyStatement', '家庭意见', { required: false }),
      ],
    },
  },
  tekun: {
    record_economics: { special: 'tekunEconomics', fields: [] },
    report_care_change: {
      intro: '生活自理能力发生变化的，县级民政部门应在10个工作日内重新评估（特困办法第二十三条）',
      fields: [
        date('reportedOn', '报告日期'),
        text('reportedBy', '报告人', { max: 100, placeholder: '本人、村（居）委会或供养服务机构' }),
        area('change', '变化情况', { placeholder: '如：因脑梗后遗症，如厕、洗澡需他人协助' }),
      ],
    },
    approve: { special: 'approve', fields: [] },
    terminate: {
      danger: true,
      fields: [
        area('reasons', '终止书面理由'),
        month('stopMonth', '停止供养月份'),
        date('personHeardOn', '听取本人意见日期', { required: false, initial: undefined }),
        area('personStatement', '本人意见', { required: false }),
      ],
    },
  },
  linshi: {
    record_economics: { fields: [money('assessedNeedFen', '核实的救助需求金额'), area('findings', '核实情况')] },
    approve: {
      special: 'approve',
      fields: [
        radio('form', '救助方式', LINSHI_FORMS, { initial: 'cash' }),
        { name: 'instalmentMonths', label: '分期发放月数', kind: 'int', required: true, min: 1, max: 6, initial: 1, extra: '困难预计持续3个月以上的，可在6个月内分期发放' },
      ],
    },
  },
};

/** The form of one action; an action the pages do not know gets the opinion box only. */
export function actionForm(programme: Programme, action: string): ActionFormSpec {
  return BY_PROGRAMME[programme][action] ?? SHARED[action] ?? { fields: [] };
}

type Value = unknown;

function isDayjs(v: Value): v is Dayjs {
  return !!v && typeof v === 'object' && typeof (v as Dayjs).format === 'function' && typeof (v as Dayjs).isValid === 'function';
}

/** One form value → its wire form, or undefined when empty (left out of the payload). */
export function wireValue(kind: FieldKind, v: Value): Value {
  switch (kind) {
    case 'date':
      return isDayjs(v) && v.isValid() ? v.format('YYYY-MM-DD') : typeof v === 'string' && v ? v : undefined;
    case 'month':
      return isDayjs(v) && v.isValid() ? v.format('YYYY-MM') : typeof v === 'string' && v ? v : undefined;
    case 'text':
    case 'textarea':
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    case 'member':
      return typeof v === 'string' && v ? v : undefined;
    case 'tags':
      return Array.isArray(v) ? v.map((s) => String(s).trim()).filter(Boolean) : undefined;
    case 'checks':
      return Array.isArray(v) ? v : undefined;
    case 'confirm':
    case 'switch':
      return v === true;
    case 'money':
    case 'int':
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    default:
      return v === '' || v === null ? undefined : v;
  }
}

/** The plain fields' payload; `undefined` when the action carries nothing. */
export function toActionData(spec: ActionFormSpec, values: Record<string, Value> | undefined): Record<string, Value> | undefined {
  if (spec.fields.length === 0) return undefined;
  const out: Record<string, Value> = {};
  for (const f of spec.fields) {
    const v = wireValue(f.kind, values?.[f.name]);
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

/** Whether a field must be filled, given the other values of the form. */
export function isRequired(f: FieldSpec, data: Record<string, unknown>): boolean {
  return f.requiredWhen ? f.requiredWhen(data) : !!f.required;
}

/** Values of the approval's own part: keep the calculated amount, or set another with a reason. */
export interface ApproveValues {
  override?: boolean;
  overrideAmountFen?: number | null;
  overrideReason?: string;
}

/** Values of the self-care assessment's own part. */
export interface SelfCareValues {
  items?: Partial<SelfCare>;
  careMode?: string | null;
}

/** The `data` of an action from the dialog's `data` values; undefined when the action carries none. */
export function buildActionData(programme: Programme, action: string, values: Record<string, Value> | undefined): Record<string, Value> | undefined {
  const spec = actionForm(programme, action);
  const plain = toActionData(spec, values);
  switch (spec.special) {
    case 'dibaoEconomics':
      return dibaoEconomicsBody((values ?? {}) as IntakeValues);
    case 'tekunEconomics':
      return tekunEconomicsBody((values ?? {}) as IntakeValues);
    case 'selfCare': {
      const v = (values ?? {}) as SelfCareValues;
      return { ...plain, items: { ...ALL_SELF_CARE, ...v.items }, careMode: v.careMode || null };
    }
    case 'approve': {
      const v = (values ?? {}) as ApproveValues;
      const reason = typeof v.overrideReason === 'string' ? v.overrideReason.trim() : '';
      return {
        ...plain,
        overrideAmountFen: v.override && typeof v.overrideAmountFen === 'number' ? v.overrideAmountFen : null,
        overrideReason: v.override && reason ? reason : null,
      };
    }
    case 'verificationReport': {
      const id = (values ?? {}).verificationRequestId;
      return typeof id === 'string' && id ? { ...plain, verificationRequestId: id } : plain;
    }
    default:
      return plain;
  }
}
