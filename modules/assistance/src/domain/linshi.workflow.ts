/**
 * 临时救助 as a workflow definition (暂行办法第四十七至四十九条; 救助法第二十九、三十七、五十条;
 * 2023意见四(三)). Two paths from 受理:
 *
 *   一般程序: 调查核实 → 乡镇审核 → 公示 → 审批 (at `approvalLevel`: the township within its quota,
 *            else the county) → 已批准 → 发放.
 *   先行救助: 急难型、金额在乡镇审批额度内 → 乡镇先行批准 → 在 {advancePayHours} 小时内发放
 *            (`advance_paid`) → 在 {paperworkWorkingDays} 个工作日内补办手续、补充说明情况
 *            (`complete_paperwork`). Both clocks are local rules (楚雄: 48 小时、5 个工作日).
 *
 * Applications are filed where the emergency happened (救助法第三十七条第二款), so the case region is
 * the incident's township, not necessarily the 户籍地.
 */
import type { ActionDef, WorkflowDefinition } from '@mz/workflow';

const APPROVING = { setting: 'approvalLevel' } as const;
const TOWNSHIP = ['township'] as const;
const CLERK = ['clerk'] as const;

const SURVEYING = ['investigating', 'paperwork_pending'] as const;
const PENDING = ['accepted', 'investigating', 'reviewed', 'in_publicity', 'publicity_objected', 'awaiting_approval'] as const;

const investigation: Record<string, ActionDef> = {
  record_home_visit: { name: '入户调查记录', from: SURVEYING, levels: ['township', 'village'], roles: CLERK },
  record_neighbour_visit: { name: '邻里访问记录', from: SURVEYING, levels: ['township', 'village'], roles: CLERK },
  request_verification: { name: '申请信息核对', from: SURVEYING, levels: TOWNSHIP, roles: CLERK, records: ['verification_requested'] },
  record_verification: { name: '录入核对结果', from: SURVEYING, levels: ['county', 'township'], roles: CLERK },
  record_economics: { name: '录入核实情况', from: SURVEYING, levels: TOWNSHIP, roles: CLERK },
};

export const LINSHI_WORKFLOW: WorkflowDefinition = {
  key: 'assistance.linshi',
  version: 1,
  name: '临时救助审批',
  initial: 'applied',
  states: {
    applied: { name: '已申请' },
    awaiting_materials: { name: '待补正材料' },
    accepted: { name: '已受理' },
    investigating: { name: '调查核实中' },
    reviewed: { name: '乡镇审核完成' },
    in_publicity: { name: '公示中' },
    publicity_objected: { name: '公示有异议' },
    awaiting_approval: { name: '待审批' },
    approved: { name: '已批准（待发放）' },
    advance_granted: { name: '先行救助已批准（待发放）' },
    paperwork_pending: { name: '先行救助已发放（待补办手续）' },
    paid: { name: '已发放', terminal: true },
    refused: { name: '不予救助（待送达）' },
    refusal_served: { name: '不予救助', terminal: true },
    not_accepted: { name: '不予受理', terminal: true },
    withdrawn: { name: '已撤回', terminal: true },
  },
  actions: {
    accept: { name: '受理', from: ['applied', 'awaiting_materials'], to: 'accepted', levels: TOWNSHIP, roles: CLERK, decision: true, records: ['accepted'] },
    request_materials: { name: '一次性告知补正材料', from: ['applied'], to: 'awaiting_materials', levels: TOWNSHIP, roles: CLERK },
    reject_application: { name: '不予受理', from: ['applied', 'awaiting_materials'], to: 'not_accepted', levels: TOWNSHIP, roles: CLERK, decision: true, opinionRequired: true },
    withdraw: { name: '撤回申请', from: ['applied', 'awaiting_materials', ...PENDING], to: 'withdrawn', levels: TOWNSHIP, roles: CLERK, opinionRequired: true },

    // ── 一般程序 ──
    start_investigation: { name: '启动调查', from: ['accepted'], to: 'investigating', levels: TOWNSHIP, roles: CLERK, records: ['investigation_started'] },
    ...investigation,
    township_review: {
      name: '乡镇审核', from: ['investigating'], to: 'reviewed', levels: TOWNSHIP, roles: ['reviewer'], decision: true, opinionRequired: true,
      guards: ['home_visit_recorded'], records: ['preliminary_done'],
    },
    start_publicity: { name: '开始公示', from: ['reviewed'], to: 'in_publicity', levels: TOWNSHIP, roles: CLERK, records: ['publicity_started'] },
    end_publicity: {
      name: '公示期满报批', from: ['in_publicity'], to: 'awaiting_approval', levels: TOWNSHIP, roles: CLERK, guards: ['publicity_elapsed'], records: ['submitted'],
    },
    record_objection: { name: '登记公示异议', from: ['in_publicity'], to: 'publicity_objected', levels: ['township', 'village'], roles: CLERK, opinionRequired: true },
    reinvestigate: { name: '重新调查', from: ['publicity_objected'], to: 'investigating', levels: TOWNSHIP, roles: CLERK },
    approve: {
      name: '审批同意', from: ['awaiting_approval'], to: 'approved', levels: APPROVING, roles: ['approver'], decision: true,
      guards: ['within_approval_authority'], records: ['decided'],
    },
    refuse: {
      name: '不予救助', from: ['awaiting_approval'], to: 'refused', levels: APPROVING, roles: ['approver'], decision: true, opinionRequired: true,
      records: ['decided', 'refused'],
    },
    deliver_refusal: { name: '送达不予救助通知', from: ['refused'], to: 'refusal_served', levels: TOWNSHIP, roles: CLERK, records: ['refusal_delivered'] },
    record_payment: { name: '登记发放', from: ['approved'], to: 'paid', levels: ['township', 'county'], roles: CLERK },

    // ── 先行救助 (救助法第五十条) ──
    advance_grant: {
      name: '先行救助', from: ['accepted', 'investigating'], to: 'advance_granted', levels: TOWNSHIP, roles: ['approver'], decision: true, opinionRequired: true,
      guards: ['advance_allowed'], records: ['decided', 'advance_granted'],
    },
    pay_advance: { name: '先行发放', from: ['advance_granted'], to: 'paperwork_pending', levels: TOWNSHIP, roles: CLERK, records: ['advance_paid'] },
    complete_paperwork: {
      name: '补办审批手续', from: ['paperwork_pending'], to: 'paid', levels: TOWNSHIP, roles: ['clerk', 'reviewer'], opinionRequired: true,
      records: ['paperwork_completed'],
    },
  },
  deadlines: [
    { key: 'publicity', name: '公示期', from: 'publicity_started', until: 'submitted', amount: { setting: 'publicityDays' }, unit: 'calendar_days', kind: 'period', basis: '暂行办法第四十八条' },
    {
      // Help that waits for the paperwork is not 先行救助: the grant must reach the person at once.
      key: 'advance_payment', name: '先行救助发放', from: 'advance_granted', until: 'advance_paid', amount: { setting: 'advancePayHours' }, unit: 'hours',
      basis: '救助法第五十条；2023意见四(三)；时限按当地规定',
    },
    {
      key: 'paperwork', name: '先行救助补办手续', from: 'advance_paid', until: 'paperwork_completed', amount: { setting: 'paperworkWorkingDays' }, unit: 'working_days',
      basis: '救助法第五十条；2023意见四(三)；时限按当地规定',
    },
  ],
  flags: {
    advance: '申请先行救助',
    near_kin: '近亲属备案',
    external_notice: '核对预警待调整',
  },
};
