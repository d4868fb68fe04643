/**
 * A small 低保-shaped workflow for the engine's and the store's tests. It is not the assistance
 * module's definition (that lives in modules/assistance): it only has to exercise every feature
 * of the engine — setting-driven levels, recording actions, decision steps, required steps with
 * and without a flag, guards, settings written by an action, and every kind and unit of clock.
 */
import type { GuardTable, WorkflowActor, WorkflowDefinition } from '../definition.ts';
import { computeClocks } from '../deadlines.ts';

export const SAMPLE: WorkflowDefinition = {
  key: 'demo.sample',
  version: 1,
  name: '示例救助',
  initial: 'applied',
  states: {
    applied: { name: '已申请' },
    accepted: { name: '已受理' },
    investigating: { name: '调查中' },
    publicity: { name: '公示中' },
    submitted: { name: '待审核确认' },
    approved: { name: '确认同意', terminal: true },
    refused: { name: '不予确认', terminal: true },
    terminated: { name: '已终止', terminal: true },
  },
  actions: {
    accept: { name: '受理', from: ['applied'], to: 'accepted', levels: ['township'], roles: ['clerk'], decision: true, records: ['accepted'] },
    investigate: { name: '启动调查', from: ['accepted'], to: 'investigating', levels: ['township', 'village'], roles: ['clerk'], records: ['investigation_started'] },
    home_visit: { name: '入户调查记录', from: ['investigating'], levels: ['township', 'village'], roles: ['clerk'] },
    preliminary: {
      name: '初审', from: ['investigating'], to: 'publicity', levels: ['township'], roles: ['reviewer'], decision: true, opinionRequired: true,
      records: ['preliminary_done', 'publicity_started'],
    },
    submit: {
      name: '报送审核确认', from: ['publicity'], to: 'submitted', levels: ['township'], roles: ['clerk', 'reviewer'],
      guards: ['publicity_elapsed'], records: ['submitted'],
      requires: [{ action: 'home_visit', message: '尚无入户调查记录，不能报送' }],
    },
    county_home_visit: { name: '县级入户核查', from: ['submitted'], levels: ['county'], roles: ['approver'] },
    extend: {
      name: '延长办理期限', from: ['accepted', 'investigating', 'publicity', 'submitted'], levels: ['county'], roles: ['approver'],
      opinionRequired: true, guards: ['extension_reason'], sets: { totalWorkingDays: 45 },
    },
    approve: {
      name: '审核确认', from: ['submitted'], to: 'approved', levels: { setting: 'confirmingLevel' }, roles: ['approver'],
      decision: true, opinionRequired: true, records: ['decided'],
      requires: [{ action: 'county_home_visit', whenFlag: 'near_kin', message: '近亲属备案的案件须经县级入户核查后才能确认' }],
    },
    refuse: {
      name: '不予确认', from: ['submitted'], to: 'refused', levels: { setting: 'confirmingLevel' }, roles: ['approver'],
      decision: true, opinionRequired: true, records: ['decided', 'refused'],
    },
    terminate: {
      name: '终止办理', from: ['accepted', 'investigating', 'publicity', 'submitted'], to: 'terminated', levels: ['township', 'county'],
      roles: ['reviewer', 'approver'], opinionRequired: true, records: ['terminated'],
    },
  },
  deadlines: [
    { key: 'start_investigation', name: '启动调查', from: 'accepted', until: 'investigation_started', amount: 3, unit: 'working_days', basis: '低保办法第十五条' },
    { key: 'total', name: '办结', from: 'accepted', until: 'decided', amount: { setting: 'totalWorkingDays' }, unit: 'working_days', basis: '低保办法第二十二条' },
    { key: 'publicity', name: '公示', from: 'publicity_started', until: 'submitted', amount: 7, unit: 'calendar_days', kind: 'period', basis: '低保办法第十九条' },
    { key: 'county_review', name: '审核确认', from: 'submitted', until: 'decided', amount: 10, unit: 'working_days', basis: '低保办法第二十条' },
  ],
  flags: { near_kin: '近亲属备案' },
};

export const EXTENSION_REASONS = ['objection', 'separated', 'cross_region', 'hard_investigation'];

export const SAMPLE_GUARDS: GuardTable = {
  // Waiting periods are enforced by a guard reading the period's clock, as the definition types intend.
  publicity_elapsed: ({ case: c, now }) => {
    const clock = computeClocks(SAMPLE, c, now).find((k) => k.key === 'publicity');
    return clock?.status === 'met' ? null : '公示期未满七日，不能报送';
  },
  // Guards see `data: undefined` when the list of available actions is built; they must let it pass.
  extension_reason: ({ data }) => {
    if (data === undefined) return null;
    const reason = (data as { reason?: unknown } | null)?.reason;
    return typeof reason === 'string' && EXTENSION_REASONS.includes(reason) ? null : '延期须说明公示有异议、人户分离、跨地区申请或调查难度大等原因';
  },
};

const official = (id: string, name: string, regionCode: string, roles: string[]): WorkflowActor => ({ id, name, regionCode, roles });

/** Officials around 荣光街道 (220105003) of 二道区 (220105), 长春市. */
export const OFFICIALS = {
  village: official('00000000-0000-4000-8000-000000000001', '岭东社区协理员', '220105003005', ['clerk']),
  township: official('00000000-0000-4000-8000-000000000002', '荣光街道经办员', '220105003000', ['clerk', 'reviewer']),
  lead: official('00000000-0000-4000-8000-000000000003', '荣光街道审核员', '220105003000', ['reviewer']),
  chief: official('00000000-0000-4000-8000-000000000004', '荣光街道主任', '220105003000', ['clerk', 'reviewer', 'approver']),
  county: official('00000000-0000-4000-8000-000000000005', '区民政局审批员', '220105000000', ['approver']),
  county2: official('00000000-0000-4000-8000-000000000006', '区民政局副局长', '220105000000', ['approver']),
  city: official('00000000-0000-4000-8000-000000000007', '市局查询员', '220100000000', ['auditor']),
  neighbour: official('00000000-0000-4000-8000-000000000008', '东盛街道经办员', '220105001000', ['clerk', 'reviewer', 'approver']),
} as const;

export type OfficialKey = keyof typeof OFFICIALS;

/** 岭东社区, the sample cases' region. */
export const CASE_REGION = '220105003005';
