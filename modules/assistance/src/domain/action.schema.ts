/**
 * The data each workflow action carries (`POST /assistance/cases/{id}/actions/{action}` → `data`),
 * as `actionDataSchemas[programme][action]`. Every action of every definition has an entry (a
 * structural test checks it); actions that carry nothing accept only an empty object or nothing.
 *
 * What the rules require of a step lives here when it is about the step's own content (two
 * investigators on a home visit, the family heard before a reduction, written reasons), and in the
 * guards when it depends on the case's history (guards.ts).
 */
import { z } from 'zod';
import {
  CARE_MODES, DELIVERY_METHODS, DIBAO_TERMINATION_CAUSES, EXTENSION_REASONS, LINSHI_FORMS, PAYMENT_METHODS, TEKUN_TERMINATION_CAUSES,
  VERIFICATION_ITEMS, type Programme,
} from './labels.ts';
import {
  codeOf, dibaoEconomics, fenField, isoDateField, optionalText, selfCareInput, tekunEconomics, textField, uuidField, yearMonthField,
} from './application.schema.ts';

const noData = z.strictObject({}, { error: '该步骤不需要填写数据' }).optional().nullable();

const investigators = z
  .array(textField('调查人员姓名', 50))
  .refine((names) => new Set(names).size >= 2, '调查人员不得少于2人（低保办法第十六条）');

/** 入户调查 (低保办法第十六条): ≥ 2 investigators, signed by them and the member present. */
export const homeVisitData = z.object({
  visitedOn: isoDateField('调查日期'),
  investigators,
  householdMemberPresent: textField('在场家庭成员', 50),
  /** 重大突发事件时以电话、视频等方式调查 (第十六条第二款). */
  remote: z.boolean().default(false),
  findings: textField('调查情况', 2000),
});
export type HomeVisitData = z.output<typeof homeVisitData>;

export const neighbourVisitData = z.object({
  visitedOn: isoDateField('走访日期'),
  investigators,
  interviewees: z.array(textField('走访对象', 50)).min(1, '请填写走访对象'),
  findings: textField('走访情况', 2000),
});

export const verificationRequestData = z.object({
  items: z.array(codeOf(VERIFICATION_ITEMS, '核对项目')).min(1, '请选择核对项目')
    .default(Object.keys(VERIFICATION_ITEMS) as (keyof typeof VERIFICATION_ITEMS)[]),
});

const verificationResultCodes = { consistent: '与申报相符', inconsistent: '与申报不符' } as const;

/**
 * 录入核对结果: by hand, or from a household verification report (`verificationRequestId`), which
 * gives the date and the findings — and the result too, unless its conclusion is 需人工核实 (then
 * the official's result after the manual check is required; the service says so).
 */
export const verificationResultData = z.object({
  verificationRequestId: z.uuid('核对报告编号格式不正确').optional(),
  checkedOn: isoDateField('核对日期').optional(),
  result: codeOf(verificationResultCodes, '核对结果').optional(),
  findings: optionalText('核对情况', 2000),
}).superRefine((v, ctx) => {
  if (v.verificationRequestId) return;
  if (!v.checkedOn) ctx.addIssue({ code: 'custom', path: ['checkedOn'], message: '请填写核对日期' });
  if (!v.result) ctx.addIssue({ code: 'custom', path: ['result'], message: '请选择核对结果' });
  if (!v.findings) ctx.addIssue({ code: 'custom', path: ['findings'], message: '请填写核对情况' });
});
export type VerificationResultData = z.output<typeof verificationResultData>;

const materialsData = z.object({
  missingItems: z.array(textField('需补正的材料', 100)).min(1, '一次性告知须列明全部需补正的材料（低保办法第十条）'),
});

const withdrawData = z.object({
  withdrawnOn: isoDateField('撤回日期'),
  writtenRequest: z.literal(true, { error: '撤回申请须有申请人书面申请' }),
});

const publicityData = z.object({ place: textField('公示地点', 200) });

const objectionData = z.object({
  receivedOn: isoDateField('收到异议日期'),
  objector: optionalText('异议人', 50),
  content: textField('异议内容', 2000),
});

const democraticReviewData = z.object({
  heldOn: isoDateField('评议日期'),
  participants: z.number({ error: '请填写参加评议人数' }).int().min(1, '请填写参加评议人数'),
  result: textField('评议结果', 2000),
});

const preliminaryData = z.object({
  recommendation: codeOf({ approve: '同意', refuse: '不同意' }, '初审意见'),
  proposedAmountFen: fenField('拟保障金额').optional().nullable(),
});

/** Approving may set a different amount than calculated, only with a stated reason; no data = the calculated amount. */
const approveData = z.object({
  overrideAmountFen: fenField('核定金额').optional().nullable(),
  overrideReason: optionalText('调整金额理由', 500),
}).refine((d) => d.overrideAmountFen == null || !!d.overrideReason, { path: ['overrideReason'], message: '核定金额与测算金额不同时须说明理由' })
  .optional().nullable();
export type ApproveData = z.output<typeof approveData>;

const deliveryData = z.object({
  deliveredOn: isoDateField('送达日期'),
  method: codeOf(DELIVERY_METHODS, '送达方式'),
  recipient: textField('签收人', 50),
});

const extendData = z.object({ reason: codeOf(EXTENSION_REASONS, '延期事由') });

const complaintData = z.object({
  receivedOn: isoDateField('收到投诉日期'),
  complainant: optionalText('投诉人', 50),
  content: textField('投诉内容', 2000),
});

const recheckData = z.object({
  checkedOn: isoDateField('复核日期'),
  result: codeOf({ unchanged: '无变化，继续保障', increase: '需增发', decrease: '需减发', stop: '需停发' }, '复核结论'),
  findings: textField('复核情况', 2000),
});

/** 救助法第四十八条: hear the family before reducing, then give written reasons (低保办法第三十二条). */
export const adjustData = z.object({
  direction: codeOf({ increase: '增发', decrease: '减发' }, '调整方向'),
  newAmountFen: fenField('调整后月保障金额'),
  effectiveMonth: yearMonthField('调整起始月份'),
  reasons: textField('调整理由', 2000),
  familyHeardOn: isoDateField('听取家庭意见日期').optional().nullable(),
  familyStatement: optionalText('家庭意见', 2000),
}).refine((d) => d.direction !== 'decrease' || !!d.familyHeardOn, { path: ['familyHeardOn'], message: '减发前须听取家庭意见（救助法第四十八条）' });
export type AdjustData = z.output<typeof adjustData>;

const suspendData = z.object({ fromMonth: yearMonthField('暂停起始月份'), reasons: textField('暂停理由', 2000) });
const resumeData = z.object({ fromMonth: yearMonthField('恢复发放月份'), reasons: textField('恢复理由', 2000) });

/** 渐退 (低保办法第三十三条); the limit on months is a policy parameter, checked by the guard. */
export const taperData = z.object({
  months: z.number({ error: '请填写渐退期月数' }).int('渐退期月数应为整数').min(1, '渐退期至少1个月').max(24, '渐退期月数过长'),
  fromMonth: yearMonthField('渐退起始月份'),
  reason: textField('渐退理由', 2000),
});
export type TaperData = z.output<typeof taperData>;

/** Stopping 低保: the family is heard first and gets written reasons, unless nobody is left to hear. */
export const dibaoTerminateData = z.object({
  cause: codeOf(DIBAO_TERMINATION_CAUSES, '停保原因'),
  reasons: textField('停保书面理由', 2000),
  stopMonth: yearMonthField('停发月份'),
  familyHeardOn: isoDateField('听取家庭意见日期').optional().nullable(),
  familyStatement: optionalText('家庭意见', 2000),
}).refine((d) => d.cause === 'death' || !!d.familyHeardOn, { path: ['familyHeardOn'], message: '停发前须听取家庭意见（救助法第四十八条）' });
export type DibaoTerminateData = z.output<typeof dibaoTerminateData>;

/**
 * 低保办法第三十四条: one introduced job a covered member refused. A refusal with good reason is
 * recorded too (it ends a run of refusals), and then the reason must be written down.
 */
export const jobRefusalData = z.object({
  personId: uuidField('拒绝工作的成员'),
  offeredOn: isoDateField('介绍工作日期'),
  job: textField('介绍的工作岗位', 100),
  employer: textField('用人单位', 100),
  goodReason: z.boolean({ error: '请选择拒绝是否有正当理由' }),
  note: optionalText('情况说明', 500),
}).refine((d) => !d.goodReason || !!d.note, { path: ['note'], message: '有正当理由的，请说明理由' });
export type JobRefusalData = z.output<typeof jobRefusalData>;

/** An introduced job the member took up: it ends a run of refusals (低保办法第三十四条). */
export const jobAcceptedData = z.object({
  personId: uuidField('接受工作的成员'),
  acceptedOn: isoDateField('上岗日期'),
  job: textField('工作岗位', 100),
  employer: textField('用人单位', 100),
  note: optionalText('情况说明', 500),
});
export type JobAcceptedData = z.output<typeof jobAcceptedData>;

/**
 * Stopping one member's own share after three refusals in a row (低保办法第三十四条): the family
 * is heard first and given written reasons (救助法第四十八条); the rest of the household keeps its
 * benefit, recomputed without that share from `fromMonth`.
 */
export const excludeMemberData = z.object({
  personId: uuidField('停发保障金的成员'),
  fromMonth: yearMonthField('停发起始月份'),
  reasons: textField('停发书面理由', 2000),
  familyHeardOn: isoDateField('听取家庭意见日期'),
  familyStatement: optionalText('家庭意见', 2000),
});
export type ExcludeMemberData = z.output<typeof excludeMemberData>;

const paymentData = z.object({
  paidOn: isoDateField('发放日期'),
  amountFen: fenField('发放金额'),
  method: codeOf(PAYMENT_METHODS, '发放方式'),
});

// ── 特困 ──
export const selfCareAssessmentData = z.object({
  assessedOn: isoDateField('评估日期'),
  assessor: textField('评估人员或机构', 100),
  items: selfCareInput,
  careMode: codeOf(CARE_MODES, '供养方式').optional().nullable(),
});

/** 特困办法第二十三条: what changed, when, and who told the office. */
export const careChangeData = z.object({
  reportedOn: isoDateField('报告日期'),
  reportedBy: textField('报告人', 100),
  change: textField('变化情况', 2000),
});

const spotCheckData = z.object({
  checkedOn: isoDateField('抽查日期'),
  investigators,
  result: codeOf({ consistent: '与初审意见相符', inconsistent: '与初审意见不符' }, '抽查结论'),
  findings: textField('抽查情况', 2000),
});

export const terminationProposalData = z.object({
  cause: codeOf(TEKUN_TERMINATION_CAUSES, '终止原因'),
  reasons: textField('终止理由', 2000),
  verifiedOn: isoDateField('核实日期'),
});
export type TerminationProposalData = z.output<typeof terminationProposalData>;

export const tekunTerminateData = z.object({
  reasons: textField('终止书面理由', 2000),
  stopMonth: yearMonthField('停止供养月份'),
  personHeardOn: isoDateField('听取本人意见日期').optional().nullable(),
  personStatement: optionalText('本人意见', 2000),
});
export type TekunTerminateData = z.output<typeof tekunTerminateData>;

// ── 临时救助 ──
const linshiEconomics = z.object({
  assessedNeedFen: fenField('核实的救助需求金额'),
  findings: textField('核实情况', 2000),
});

const townshipReviewData = z.object({
  recommendation: codeOf({ approve: '同意', refuse: '不同意' }, '审核意见'),
  proposedAmountFen: fenField('拟救助金额').optional().nullable(),
  form: codeOf(LINSHI_FORMS, '救助方式').default('cash'),
}).refine((d) => d.recommendation !== 'approve' || d.proposedAmountFen != null, { path: ['proposedAmountFen'], message: '同意救助时请填写拟救助金额' });

/** Instalments over ≤ 6 months for long-lasting difficulty (民发〔2018〕23号, 岱山 transposition). */
const linshiApproveData = z.object({
  overrideAmountFen: fenField('核定金额').optional().nullable(),
  overrideReason: optionalText('调整金额理由', 500),
  form: codeOf(LINSHI_FORMS, '救助方式').default('cash'),
  instalmentMonths: z.number().int().min(1, '分期月数至少为1').max(6, '分期发放不超过6个月').default(1),
}).refine((d) => d.overrideAmountFen == null || !!d.overrideReason, { path: ['overrideReason'], message: '核定金额与测算金额不同时须说明理由' })
  .optional().nullable();

export const advanceGrantData = z.object({
  amountFen: fenField('先行救助金额').min(1, '先行救助金额应大于0'),
  form: codeOf(LINSHI_FORMS, '救助方式').default('cash'),
});
export type AdvanceGrantData = z.output<typeof advanceGrantData>;

const paperworkData = z.object({
  completedOn: isoDateField('补办完成日期'),
  explanation: textField('补充说明情况', 2000),
});

const shared = {
  accept: noData,
  request_materials: materialsData,
  reject_application: noData,
  withdraw: withdrawData,
  start_investigation: noData,
  record_home_visit: homeVisitData,
  record_neighbour_visit: neighbourVisitData,
  request_verification: verificationRequestData,
  record_verification: verificationResultData,
  start_publicity: publicityData,
  record_objection: objectionData,
  reinvestigate: noData,
  end_publicity: noData,
  refuse: noData,
  deliver_refusal: deliveryData,
} as const;

export const actionDataSchemas = {
  dibao: {
    ...shared,
    record_economics: dibaoEconomics,
    notify_mismatch: z.object({ notifiedOn: isoDateField('告知日期') }),
    recheck_on_objection: z.object({ evidence: textField('申请人提供的证明材料', 2000) }),
    preliminary_review: preliminaryData,
    democratic_review: democraticReviewData,
    county_home_visit: homeVisitData,
    record_complaint: complaintData,
    extend: extendData,
    terminate_procedure: noData,
    approve: approveData,
    recheck: recheckData,
    adjust: adjustData,
    suspend: suspendData,
    resume: resumeData,
    taper: taperData,
    terminate: dibaoTerminateData,
    record_job_refusal: jobRefusalData,
    record_job_accepted: jobAcceptedData,
    exclude_member: excludeMemberData,
  },
  tekun: {
    ...shared,
    record_economics: tekunEconomics,
    assess_self_care: selfCareAssessmentData,
    democratic_review: democraticReviewData,
    preliminary_review: preliminaryData,
    review_again: preliminaryData,
    county_home_visit: homeVisitData,
    spot_check: spotCheckData,
    approve: approveData,
    adjust: adjustData,
    report_care_change: careChangeData,
    propose_termination: terminationProposalData,
    start_termination_publicity: publicityData,
    record_termination_objection: objectionData,
    republish_termination: z.object({ findings: textField('异议核查情况', 2000) }),
    cancel_termination: noData,
    terminate: tekunTerminateData,
  },
  linshi: {
    ...shared,
    record_economics: linshiEconomics,
    township_review: townshipReviewData,
    approve: linshiApproveData,
    record_payment: paymentData,
    advance_grant: advanceGrantData,
    pay_advance: paymentData,
    complete_paperwork: paperworkData,
  },
} as const satisfies Record<Programme, Record<string, z.ZodType>>;

/** The schema for one action, or null when the programme has no such action. */
export function actionDataSchema(programme: Programme, action: string): z.ZodType | null {
  const table = actionDataSchemas[programme] as Readonly<Record<string, z.ZodType>>;
  return Object.hasOwn(table, action) ? table[action] : null;
}
