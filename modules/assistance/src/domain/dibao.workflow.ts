/**
 * 低保 审核确认 as a workflow definition (低保办法 2021, 2022通知), following the state machine
 * suggested in rules §1.7:
 *
 *   已申请 → 已受理 (或 待补正材料 → 已受理 / 不予受理) → 调查中 (入户、邻里访问、信息核对)
 *   → [核对不符 → 告知 → 异议复查] → 初审完成 → 公示中 (7日)
 *   → [有异议 → 重新调查 或 民主评议 → 新的初审 → 公示] → 待审核确认 (10个工作日)
 *   → 保障中 (次月起发放) | 不予确认 (3个工作日内送达通知); 办结前任一环节 → 终止 (不配合) / 撤回.
 *
 * A case starts in 已申请 when a village/community or township clerk files it (creation is not an
 * action); 第二十八条 forbids putting a household into 低保 without 受理, investigation and
 * 审核确认, which is why 保障中 is reachable only through `approve`.
 *
 * Then in-payment management (第三十至三十四条; 救助法第四十八条): 复核, 增发/减发, 暂停/恢复,
 * 渐退, 停保, and the 第三十四条 record of introduced jobs refused or taken up, on which the
 * confirming level may stop one member's own share (dynamic.rules.ts counts the refusals).
 */
import type { ActionDef, WorkflowDefinition } from '@mz/workflow';

const CONFIRMING = { setting: 'confirmingLevel' } as const;
const TOWNSHIP = ['township'] as const;
const CLERK = ['clerk'] as const;

/** States from 受理 until the decision, where extension, termination for non-cooperation and withdrawal apply. */
const PENDING = [
  'accepted', 'investigating', 'mismatch_notified', 'preliminary_done', 'in_publicity', 'publicity_objected', 'deliberated', 'awaiting_confirmation',
] as const;
const IN_PAYMENT = ['in_payment', 'suspended', 'tapering'] as const;

/** Recording steps of the investigation (低保办法第十六、十七条); they leave the state unchanged. */
const investigation: Record<string, ActionDef> = {
  record_home_visit: { name: '入户调查记录', from: ['investigating'], levels: ['township', 'village'], roles: CLERK },
  record_neighbour_visit: { name: '邻里访问记录', from: ['investigating'], levels: ['township', 'village'], roles: CLERK },
  request_verification: { name: '申请信息核对', from: ['investigating'], levels: TOWNSHIP, roles: CLERK, records: ['verification_requested'] },
  // The county 核对 agency's result, entered by hand where no exchange with its system exists.
  record_verification: { name: '录入核对结果', from: ['investigating', 'mismatch_notified'], levels: ['county', 'township'], roles: CLERK },
  record_economics: { name: '录入家庭经济状况', from: ['investigating', 'mismatch_notified', ...IN_PAYMENT], levels: TOWNSHIP, roles: CLERK },
};

export const DIBAO_WORKFLOW: WorkflowDefinition = {
  key: 'assistance.dibao',
  version: 1,
  name: '最低生活保障审核确认',
  initial: 'applied',
  states: {
    applied: { name: '已申请' },
    awaiting_materials: { name: '待补正材料' },
    accepted: { name: '已受理' },
    investigating: { name: '调查中' },
    mismatch_notified: { name: '核对不符已告知' },
    preliminary_done: { name: '初审完成' },
    in_publicity: { name: '公示中' },
    publicity_objected: { name: '公示有异议' },
    deliberated: { name: '民主评议完成' },
    awaiting_confirmation: { name: '待审核确认' },
    in_payment: { name: '保障中' },
    suspended: { name: '暂停发放' },
    tapering: { name: '渐退期' },
    refused: { name: '不予确认（待送达）' },
    refusal_served: { name: '不予确认', terminal: true },
    not_accepted: { name: '不予受理', terminal: true },
    procedure_terminated: { name: '终止审核确认', terminal: true },
    withdrawn: { name: '已撤回', terminal: true },
    terminated: { name: '已停保', terminal: true },
  },
  actions: {
    // ── 受理 (低保办法第十条) ──
    accept: { name: '受理', from: ['applied', 'awaiting_materials'], to: 'accepted', levels: TOWNSHIP, roles: CLERK, decision: true, records: ['accepted'] },
    request_materials: { name: '一次性告知补正材料', from: ['applied'], to: 'awaiting_materials', levels: TOWNSHIP, roles: CLERK },
    reject_application: { name: '不予受理', from: ['applied', 'awaiting_materials'], to: 'not_accepted', levels: TOWNSHIP, roles: CLERK, decision: true, opinionRequired: true },
    withdraw: { name: '撤回申请', from: ['applied', 'awaiting_materials', ...PENDING], to: 'withdrawn', levels: TOWNSHIP, roles: CLERK, opinionRequired: true },

    // ── 调查 (第十五至十八条) ──
    start_investigation: { name: '启动调查', from: ['accepted'], to: 'investigating', levels: TOWNSHIP, roles: CLERK, records: ['investigation_started'] },
    ...investigation,
    notify_mismatch: { name: '告知核对不符', from: ['investigating'], to: 'mismatch_notified', levels: TOWNSHIP, roles: CLERK, opinionRequired: true },
    recheck_on_objection: { name: '异议复查', from: ['mismatch_notified'], to: 'investigating', levels: TOWNSHIP, roles: CLERK, opinionRequired: true },

    // ── 初审、公示 (第十九条) ──
    preliminary_review: {
      name: '初审', from: ['investigating', 'mismatch_notified', 'deliberated'], to: 'preliminary_done', levels: TOWNSHIP, roles: ['reviewer'],
      decision: true, opinionRequired: true, guards: ['home_visit_recorded', 'verification_recorded'], records: ['preliminary_done'],
    },
    start_publicity: { name: '开始公示', from: ['preliminary_done'], to: 'in_publicity', levels: TOWNSHIP, roles: CLERK, records: ['publicity_started'] },
    end_publicity: {
      name: '公示期满报送', from: ['in_publicity'], to: 'awaiting_confirmation', levels: TOWNSHIP, roles: CLERK,
      guards: ['publicity_elapsed'], records: ['submitted'],
    },
    record_objection: { name: '登记公示异议', from: ['in_publicity'], to: 'publicity_objected', levels: ['township', 'village'], roles: CLERK, opinionRequired: true },
    // No `records`: restamping investigation_started would make the met 3-working-day clock look late.
    reinvestigate: { name: '重新调查', from: ['publicity_objected'], to: 'investigating', levels: TOWNSHIP, roles: CLERK },
    democratic_review: { name: '民主评议', from: ['publicity_objected'], to: 'deliberated', levels: TOWNSHIP, roles: CLERK },

    // ── 审核确认 (第二十至二十二条) ──
    county_home_visit: {
      name: '县级入户核查', from: ['preliminary_done', 'in_publicity', 'publicity_objected', 'deliberated', 'awaiting_confirmation'],
      levels: ['county'], roles: ['clerk', 'reviewer', 'approver'],
    },
    record_complaint: { name: '登记投诉', from: ['awaiting_confirmation'], levels: ['county', 'township'], roles: CLERK, opinionRequired: true },
    extend: { name: '延长办理时限', from: PENDING, levels: CONFIRMING, roles: ['approver'], opinionRequired: true, guards: ['not_extended'], sets: { totalWorkingDays: 45 } },
    terminate_procedure: {
      name: '终止审核确认（不配合）', from: PENDING, to: 'procedure_terminated', levels: ['township', 'county'], roles: ['reviewer', 'approver'], opinionRequired: true,
    },
    approve: {
      name: '确认同意', from: ['awaiting_confirmation'], to: 'in_payment', levels: CONFIRMING, roles: ['approver'], decision: true,
      guards: ['complaint_visited'], records: ['decided'],
      requires: [
        { action: 'county_home_visit', whenFlag: 'near_kin', message: '近亲属备案的申请须经县级民政部门入户核查后方可确认（低保办法第十一条、第二十条）' },
        { action: 'county_home_visit', whenFlag: 'complaint', message: '审核确认期间有投诉的申请须经县级民政部门入户核查后方可确认（低保办法第二十条）' },
      ],
    },
    refuse: {
      name: '不予确认', from: ['awaiting_confirmation'], to: 'refused', levels: CONFIRMING, roles: ['approver'], decision: true, opinionRequired: true,
      records: ['decided', 'refused'],
    },
    deliver_refusal: { name: '送达不予确认通知', from: ['refused'], to: 'refusal_served', levels: TOWNSHIP, roles: CLERK, records: ['refusal_delivered'] },

    // ── 动态管理 (第三十至三十四条) ──
    recheck: { name: '复核', from: IN_PAYMENT, levels: ['township', 'county'], roles: ['clerk', 'reviewer'] },
    adjust: { name: '调整保障金', from: ['in_payment'], levels: CONFIRMING, roles: ['approver'], opinionRequired: true, guards: ['family_heard'] },
    suspend: { name: '暂停发放', from: ['in_payment'], to: 'suspended', levels: CONFIRMING, roles: ['approver'], opinionRequired: true },
    resume: { name: '恢复发放', from: ['suspended'], to: 'in_payment', levels: CONFIRMING, roles: ['approver'], opinionRequired: true },
    taper: { name: '批准渐退', from: ['in_payment'], to: 'tapering', levels: CONFIRMING, roles: ['approver'], opinionRequired: true, guards: ['taper_within_limit'] },
    terminate: {
      name: '停保', from: IN_PAYMENT, to: 'terminated', levels: CONFIRMING, roles: ['approver'], opinionRequired: true,
      guards: ['family_heard'], records: ['terminated'],
    },
    // 第三十四条: facts first, recorded where the job introduction is followed up (社区 or 街道) …
    record_job_refusal: { name: '登记拒绝介绍的工作', from: IN_PAYMENT, levels: ['township', 'village'], roles: CLERK },
    record_job_accepted: { name: '登记接受介绍的工作', from: IN_PAYMENT, levels: ['township', 'village'], roles: CLERK },
    // … then, only for a member with three refusals in a row, the confirming level's decision on
    // that member's own share, with the family heard first (救助法第四十八条).
    exclude_member: {
      name: '停发拒绝工作成员的保障金', from: ['in_payment'], levels: CONFIRMING, roles: ['approver'], opinionRequired: true,
      guards: ['three_job_refusals', 'family_heard'],
    },
  },
  deadlines: [
    { key: 'investigation_start', name: '启动家庭经济状况调查', from: 'accepted', until: 'investigation_started', amount: 3, unit: 'working_days', basis: '低保办法第十五条' },
    { key: 'publicity', name: '公示期', from: 'publicity_started', until: 'submitted', amount: 7, unit: 'calendar_days', kind: 'period', basis: '低保办法第十九条' },
    { key: 'confirmation', name: '审核确认', from: 'submitted', until: 'decided', amount: 10, unit: 'working_days', basis: '低保办法第二十条' },
    {
      key: 'total', name: '审核确认办结', from: 'accepted', until: 'decided', amount: { setting: 'totalWorkingDays' }, unit: 'working_days',
      basis: '低保办法第二十二条；2022通知四(一)',
    },
    { key: 'refusal_notice', name: '送达不予确认通知', from: 'refused', until: 'refusal_delivered', amount: 3, unit: 'working_days', basis: '低保办法第二十一条' },
  ],
  flags: {
    near_kin: '近亲属备案',
    complaint: '审核确认期间有投诉',
    // 核对监测 alerts handled as 需调整 (server/case-links.ts), until a benefit decision closes them.
    external_notice: '核对预警待调整',
    single_person: '单人保',
    job_refusals: '成员无正当理由连续三次拒绝介绍的工作',
  },
};
