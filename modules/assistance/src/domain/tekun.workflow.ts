/**
 * 特困人员认定 and termination as a workflow definition (特困办法 2021):
 *
 *   已申请 → 已受理 → 调查中 (入户、信息核对、自理能力评估；民主评议可选，第十四条)
 *   → 初审完成 (15个工作日内，第十三条) → 公示中 (7日，第十五条)
 *   → [有异议 → 重新调查 → 重新初审 (15个工作日内) → 再次公示]
 *   → 待审核确认 (县级全面审核，抽查不少于30%，15个工作日内，第十六条)
 *   → 供养中 (次月起，第十七条) | 不予确认 (3个工作日内书面说明理由，第十八条)
 *
 *   供养中: 自理能力变化 → 10个工作日内重新评估 (第二十三条)
 *   供养中 → 拟终止 (乡镇核实，第二十五条) → 终止公示 (7日，第二十六条)
 *   → 终止 (次月停止供养) | [有异议 → 15个工作日内核查决定 → 再次公示 或 继续供养]
 *
 * The re-review after an objection is its own action (`review_again`) stamping its own event, so
 * the first 15-working-day clock keeps the time it was met.
 */
import type { ActionDef, WorkflowDefinition } from '@mz/workflow';

const CONFIRMING = { setting: 'confirmingLevel' } as const;
const TOWNSHIP = ['township'] as const;
const CLERK = ['clerk'] as const;

const PENDING = ['accepted', 'investigating', 'reinvestigating', 'preliminary_done', 'in_publicity', 'publicity_objected', 'awaiting_confirmation'] as const;
const SURVEYING = ['investigating', 'reinvestigating'] as const;

const investigation: Record<string, ActionDef> = {
  record_home_visit: { name: '入户调查记录', from: SURVEYING, levels: ['township', 'village'], roles: CLERK },
  record_neighbour_visit: { name: '邻里访问记录', from: SURVEYING, levels: ['township', 'village'], roles: CLERK },
  request_verification: { name: '申请信息核对', from: SURVEYING, levels: TOWNSHIP, roles: CLERK, records: ['verification_requested'] },
  record_verification: { name: '录入核对结果', from: SURVEYING, levels: ['county', 'township'], roles: CLERK },
  record_economics: { name: '录入经济状况', from: SURVEYING, levels: TOWNSHIP, roles: CLERK },
  // 第二十条: the county assesses (with the township's help or a third party); 第二十三条: again on change.
  assess_self_care: {
    name: '生活自理能力评估', from: [...SURVEYING, 'preliminary_done', 'in_publicity', 'awaiting_confirmation', 'in_support'],
    levels: ['county', 'township'], roles: ['clerk', 'reviewer'], records: ['self_care_assessed'],
  },
  democratic_review: { name: '民主评议', from: SURVEYING, levels: TOWNSHIP, roles: CLERK },
};

const PRELIMINARY_GUARDS = ['home_visit_recorded', 'verification_recorded'] as const;

export const TEKUN_WORKFLOW: WorkflowDefinition = {
  key: 'assistance.tekun',
  version: 1,
  name: '特困人员认定',
  initial: 'applied',
  states: {
    applied: { name: '已申请' },
    awaiting_materials: { name: '待补正材料' },
    accepted: { name: '已受理' },
    investigating: { name: '调查中' },
    preliminary_done: { name: '初审完成' },
    in_publicity: { name: '公示中' },
    publicity_objected: { name: '公示有异议' },
    reinvestigating: { name: '异议复查中' },
    awaiting_confirmation: { name: '待审核确认' },
    in_support: { name: '供养中' },
    refused: { name: '不予确认（待送达）' },
    refusal_served: { name: '不予确认', terminal: true },
    not_accepted: { name: '不予受理', terminal: true },
    withdrawn: { name: '已撤回', terminal: true },
    termination_proposed: { name: '拟终止供养' },
    termination_publicity: { name: '终止公示中' },
    termination_objected: { name: '终止公示有异议' },
    terminated: { name: '已终止供养', terminal: true },
  },
  actions: {
    accept: { name: '受理', from: ['applied', 'awaiting_materials'], to: 'accepted', levels: TOWNSHIP, roles: CLERK, decision: true, records: ['accepted'] },
    request_materials: { name: '一次性告知补正材料', from: ['applied'], to: 'awaiting_materials', levels: TOWNSHIP, roles: CLERK },
    reject_application: { name: '不予受理', from: ['applied', 'awaiting_materials'], to: 'not_accepted', levels: TOWNSHIP, roles: CLERK, decision: true, opinionRequired: true },
    withdraw: { name: '撤回申请', from: ['applied', 'awaiting_materials', ...PENDING], to: 'withdrawn', levels: TOWNSHIP, roles: CLERK, opinionRequired: true },

    start_investigation: { name: '启动调查', from: ['accepted'], to: 'investigating', levels: TOWNSHIP, roles: CLERK, records: ['investigation_started'] },
    ...investigation,
    preliminary_review: {
      name: '初审', from: ['investigating'], to: 'preliminary_done', levels: TOWNSHIP, roles: ['reviewer'], decision: true, opinionRequired: true,
      guards: PRELIMINARY_GUARDS, records: ['preliminary_done'],
    },
    start_publicity: { name: '开始公示', from: ['preliminary_done'], to: 'in_publicity', levels: TOWNSHIP, roles: CLERK, records: ['publicity_started'] },
    end_publicity: {
      name: '公示期满报送', from: ['in_publicity'], to: 'awaiting_confirmation', levels: TOWNSHIP, roles: CLERK, guards: ['publicity_elapsed'], records: ['submitted'],
    },
    record_objection: {
      name: '登记公示异议', from: ['in_publicity'], to: 'publicity_objected', levels: ['township', 'village'], roles: CLERK, opinionRequired: true,
      records: ['objection_received'],
    },
    reinvestigate: { name: '重新调查', from: ['publicity_objected'], to: 'reinvestigating', levels: TOWNSHIP, roles: CLERK },
    review_again: {
      // The same 初审 step taken again after the objection: its reviewer may repeat it.
      name: '重新初审', from: ['reinvestigating'], to: 'preliminary_done', levels: TOWNSHIP, roles: ['reviewer'], decision: true, step: 'preliminary_review', opinionRequired: true,
      guards: PRELIMINARY_GUARDS, records: ['objection_resolved'],
    },

    county_home_visit: {
      name: '县级入户核查', from: ['preliminary_done', 'in_publicity', 'publicity_objected', 'reinvestigating', 'awaiting_confirmation'],
      levels: ['county'], roles: ['clerk', 'reviewer', 'approver'],
    },
    spot_check: { name: '县级抽查', from: ['awaiting_confirmation'], levels: ['county'], roles: ['clerk', 'reviewer', 'approver'] },
    approve: {
      name: '确认同意', from: ['awaiting_confirmation'], to: 'in_support', levels: CONFIRMING, roles: ['approver'], decision: true,
      guards: ['self_care_assessed'], records: ['decided'],
      requires: [
        { action: 'spot_check', whenFlag: 'spot_check', message: '本案被抽中，须完成县级抽查后方可确认（特困办法第十六条）' },
        { action: 'county_home_visit', whenFlag: 'near_kin', message: '近亲属备案的申请须经县级民政部门入户核查后方可确认' },
      ],
    },
    refuse: {
      name: '不予确认', from: ['awaiting_confirmation'], to: 'refused', levels: CONFIRMING, roles: ['approver'], decision: true, opinionRequired: true,
      records: ['decided', 'refused'],
    },
    deliver_refusal: { name: '送达不予确认通知', from: ['refused'], to: 'refusal_served', levels: TOWNSHIP, roles: CLERK, records: ['refusal_delivered'] },

    // ── 供养期间 ──
    // 特困办法第二十三条: a change in the person's self-care (reported by the person, the village or
    // the institution) starts a 10-working-day clock for the county to assess it again.
    report_care_change: {
      name: '登记自理能力变化', from: ['in_support'], levels: ['county', 'township', 'village'], roles: ['clerk', 'reviewer'], opinionRequired: true,
      records: ['care_change_reported'],
    },
    adjust: { name: '调整供养标准', from: ['in_support'], levels: CONFIRMING, roles: ['approver'], opinionRequired: true, guards: ['family_heard'] },
    propose_termination: {
      name: '提出终止供养', from: ['in_support'], to: 'termination_proposed', levels: TOWNSHIP, roles: ['clerk', 'reviewer'], opinionRequired: true,
      records: ['termination_proposed'],
    },
    start_termination_publicity: {
      // 特困办法第二十六条: the county publicises the proposed termination; its 民政 office may
      // have no separate clerk, so the approving official may post it too (not a decision step).
      name: '开始终止公示', from: ['termination_proposed'], to: 'termination_publicity', levels: CONFIRMING, roles: [...CLERK, 'approver'],
      records: ['termination_publicity_started'],
    },
    record_termination_objection: {
      name: '登记终止公示异议', from: ['termination_publicity'], to: 'termination_objected', levels: ['county', 'township', 'village'], roles: CLERK,
      opinionRequired: true, records: ['termination_objection_received'],
    },
    republish_termination: {
      name: '核查后重新公示', from: ['termination_objected'], to: 'termination_publicity', levels: CONFIRMING, roles: [...CLERK, 'approver'], opinionRequired: true,
      records: ['termination_publicity_started', 'termination_objection_resolved'],
    },
    cancel_termination: {
      name: '继续供养', from: ['termination_proposed', 'termination_objected'], to: 'in_support', levels: CONFIRMING, roles: ['approver'], opinionRequired: true,
      records: ['termination_objection_resolved'],
    },
    terminate: {
      name: '终止供养', from: ['termination_publicity'], to: 'terminated', levels: CONFIRMING, roles: ['approver'], opinionRequired: true,
      guards: ['termination_publicity_elapsed', 'person_heard'], records: ['terminated'],
    },
  },
  deadlines: [
    { key: 'preliminary', name: '调查并提出初审意见', from: 'accepted', until: 'preliminary_done', amount: 15, unit: 'working_days', basis: '特困办法第十三条' },
    { key: 'publicity', name: '公示期', from: 'publicity_started', until: 'submitted', amount: 7, unit: 'calendar_days', kind: 'period', basis: '特困办法第十五条' },
    { key: 'objection_review', name: '异议复查并重新初审', from: 'objection_received', until: 'objection_resolved', amount: 15, unit: 'working_days', basis: '特困办法第十五条' },
    { key: 'confirmation', name: '审核确认', from: 'submitted', until: 'decided', amount: 15, unit: 'working_days', basis: '特困办法第十六条' },
    { key: 'refusal_notice', name: '书面告知不予确认理由', from: 'refused', until: 'refusal_delivered', amount: 3, unit: 'working_days', basis: '特困办法第十八条' },
    {
      key: 'care_reassessment', name: '重新评估生活自理能力', from: 'care_change_reported', until: 'self_care_assessed', amount: 10, unit: 'working_days',
      basis: '特困办法第二十三条',
    },
    {
      key: 'termination_publicity', name: '终止公示期', from: 'termination_publicity_started', until: 'terminated', amount: 7, unit: 'calendar_days', kind: 'period',
      basis: '特困办法第二十六条',
    },
    {
      key: 'termination_objection', name: '终止异议核查决定', from: 'termination_objection_received', until: 'termination_objection_resolved', amount: 15,
      unit: 'working_days', basis: '特困办法第二十六条',
    },
  ],
  flags: {
    near_kin: '近亲属备案',
    spot_check: '县级抽查',
    // 核对监测 alerts handled as 需调整 (server/case-links.ts), until a benefit decision closes them.
    external_notice: '核对预警待调整',
  },
};
