import { describe, expect, it } from 'vitest';
import { isLevel, type WorkflowDefinition } from '@mz/workflow';
import { actionDataSchemas } from './action.schema.ts';
import { dibaoCaseSettings } from './dibao.calculator.ts';
import { ASSISTANCE_GUARDS } from './guards.ts';
import type { Programme } from './labels.ts';
import { linshiCaseSettings } from './linshi.calculator.ts';
import { resolveParams } from './params.resolve.ts';
import { tekunCaseSettings } from './tekun.calculator.ts';
import { ASSISTANCE_WORKFLOWS, programmeOfDefinition } from './workflows.ts';

/** Events named in docs/api/assistance-contract.md, and the ones this module adds (reported as an extension). */
const CONTRACT_EVENTS = [
  'applied', 'accepted', 'investigation_started', 'verification_requested', 'preliminary_done', 'publicity_started', 'submitted',
  'decided', 'refused', 'refusal_delivered', 'advance_paid', 'paperwork_completed', 'termination_proposed', 'terminated',
];
const EXTENSION_EVENTS = ['objection_received', 'objection_resolved', 'termination_publicity_started', 'termination_objection_received', 'termination_objection_resolved',
  'advance_granted', 'care_change_reported', 'self_care_assessed'];
const ROLES = ['clerk', 'reviewer', 'approver', 'admin', 'auditor'];

const params = resolveParams([
  { id: 'u', regionCode: '220000000000', key: 'dibao.standard.urban', value: 60000, effectiveFrom: '2025-01-01' },
  { id: 'c', regionCode: '220000000000', key: 'linshi.cap.emergency.ratio', value: '6', effectiveFrom: '2025-01-01' },
], '220105003001', '2025-03-01');

/** Settings the server writes at creation, per programme (from the domain's own settings functions). */
const CASE_SETTINGS: Record<Programme, string[]> = {
  dibao: Object.keys(dibaoCaseSettings(params)),
  tekun: Object.keys(tekunCaseSettings(params)),
  linshi: Object.keys(linshiCaseSettings(params, { type: 'emergency', hukouType: 'urban', requestedFen: 10000 })),
};

const definitions = Object.entries(ASSISTANCE_WORKFLOWS) as [Programme, WorkflowDefinition][];

function reachable(def: WorkflowDefinition): Set<string> {
  const seen = new Set([def.initial]);
  for (let grew = true; grew;) {
    grew = false;
    for (const action of Object.values(def.actions)) {
      if (action.to && !seen.has(action.to) && action.from.some((s) => seen.has(s))) {
        seen.add(action.to);
        grew = true;
      }
    }
  }
  return seen;
}

describe.each(definitions)('%s workflow: structure', (programme, def) => {
  const states = Object.keys(def.states);
  const actions = Object.entries(def.actions);
  const recorded = new Set(actions.flatMap(([, a]) => a.records ?? []));

  it('is found from its key', () => {
    expect(def.key).toBe(`assistance.${programme}`);
    expect(programmeOfDefinition(def.key)).toBe(programme);
  });

  it('starts in 已申请, a state that is not terminal', () => {
    expect(def.initial).toBe('applied');
    expect(def.states[def.initial]).toEqual({ name: '已申请' });
  });

  it('names every state and action in Chinese', () => {
    for (const [key, state] of Object.entries(def.states)) expect(state.name, key).toMatch(/^[\u4e00-\u9fa5（）]+$/);
    for (const [key, action] of actions) expect(action.name, key).toMatch(/^[\u4e00-\u9fa5（）]+$/);
  });

  it('moves only between declared states', () => {
    for (const [key, action] of actions) {
      expect(action.from.length, key).toBeGreaterThan(0);
      for (const from of action.from) expect(states, `${key}.from`).toContain(from);
      if (action.to) expect(states, `${key}.to`).toContain(action.to);
    }
  });

  it('has no way out of a terminal state, and a way out of every other state', () => {
    for (const [key, state] of Object.entries(def.states)) {
      const outgoing = actions.filter(([, a]) => a.from.includes(key) && a.to && a.to !== key);
      if (state.terminal) expect(actions.filter(([, a]) => a.from.includes(key)).map(([k]) => k), key).toEqual([]);
      else expect(outgoing.length, key).toBeGreaterThan(0);
    }
  });

  it('reaches every state from 已申请', () => {
    expect([...reachable(def)].sort()).toEqual([...states].sort());
  });

  it('asks for known roles at valid levels; setting-driven levels read settings the case is created with', () => {
    for (const [key, action] of actions) {
      expect(action.roles.length, key).toBeGreaterThan(0);
      for (const role of action.roles) expect(ROLES, key).toContain(role);
      if (Array.isArray(action.levels)) {
        for (const level of action.levels) expect(isLevel(level), `${key}: ${level}`).toBe(true);
      } else {
        expect(CASE_SETTINGS[programme], key).toContain((action.levels as { setting: string }).setting);
      }
    }
  });

  it('refers only to defined guards, actions and flags', () => {
    for (const [key, action] of actions) {
      for (const guard of action.guards ?? []) expect(Object.keys(ASSISTANCE_GUARDS), key).toContain(guard);
      for (const step of action.requires ?? []) {
        expect(Object.keys(def.actions), key).toContain(step.action);
        if (step.whenFlag) expect(Object.keys(def.flags ?? {}), key).toContain(step.whenFlag);
      }
      for (const [setting] of Object.entries(action.sets ?? {})) expect(CASE_SETTINGS[programme], key).toContain(setting);
    }
  });

  it('starts and stops every clock on events some action records', () => {
    for (const deadline of def.deadlines) {
      expect(recorded, `${deadline.key}.from`).toContain(deadline.from);
      expect(recorded, `${deadline.key}.until`).toContain(deadline.until);
      expect(deadline.basis, deadline.key).toMatch(/第|意见|通知/);
      if (typeof deadline.amount !== 'number') expect(CASE_SETTINGS[programme], deadline.key).toContain(deadline.amount.setting);
    }
  });

  it('records only the contract’s events and the documented extensions', () => {
    for (const event of recorded) expect([...CONTRACT_EVENTS, ...EXTENSION_EVENTS], event).toContain(event);
  });

  it('has a data schema for every action and no schema without an action', () => {
    expect(Object.keys(actionDataSchemas[programme]).sort()).toEqual(Object.keys(def.actions).sort());
  });

  it('marks 受理, 初审/审核 and the decision as decision steps', () => {
    const decisions = actions.filter(([, a]) => a.decision).map(([k]) => k);
    expect(decisions).toContain('accept');
    expect(decisions).toContain('approve');
    expect(decisions).toContain('refuse');
    expect(decisions).toContain(programme === 'linshi' ? 'township_review' : 'preliminary_review');
  });

  it('asks for an opinion on every refusal-type step', () => {
    for (const key of ['reject_application', 'refuse', 'withdraw']) expect(def.actions[key]?.opinionRequired, key).toBe(true);
  });
});

describe('workflow details from the rules', () => {
  it('低保: clocks of 3, 10 and 30/45 working days and a 7-day 公示 (低保办法第十五、十九、二十、二十二条)', () => {
    const d = Object.fromEntries(ASSISTANCE_WORKFLOWS.dibao.deadlines.map((x) => [x.key, [x.from, x.until, x.amount, x.unit, x.kind ?? 'limit']]));
    expect(d).toEqual({
      investigation_start: ['accepted', 'investigation_started', 3, 'working_days', 'limit'],
      publicity: ['publicity_started', 'submitted', 7, 'calendar_days', 'period'],
      confirmation: ['submitted', 'decided', 10, 'working_days', 'limit'],
      total: ['accepted', 'decided', { setting: 'totalWorkingDays' }, 'working_days', 'limit'],
      refusal_notice: ['refused', 'refusal_delivered', 3, 'working_days', 'limit'],
    });
    expect(ASSISTANCE_WORKFLOWS.dibao.actions.extend.sets).toEqual({ totalWorkingDays: 45 });
  });

  it('特困: 15 working days for 初审 and for confirmation, 7-day 公示 before recognition and before termination', () => {
    const d = Object.fromEntries(ASSISTANCE_WORKFLOWS.tekun.deadlines.map((x) => [x.key, [x.amount, x.unit]]));
    expect(d).toMatchObject({
      preliminary: [15, 'working_days'], publicity: [7, 'calendar_days'], objection_review: [15, 'working_days'], confirmation: [15, 'working_days'],
      refusal_notice: [3, 'working_days'], termination_publicity: [7, 'calendar_days'], termination_objection: [15, 'working_days'],
    });
  });

  it('临时救助: the 先行救助 paperwork clock reads the case setting', () => {
    expect(ASSISTANCE_WORKFLOWS.linshi.deadlines.find((x) => x.key === 'paperwork')).toMatchObject({
      from: 'advance_paid', until: 'paperwork_completed', amount: { setting: 'paperworkWorkingDays' }, unit: 'working_days',
    });
    // …and so does the clock that runs from the grant until the money or goods are handed over.
    expect(ASSISTANCE_WORKFLOWS.linshi.deadlines.find((x) => x.key === 'advance_payment')).toMatchObject({
      from: 'advance_granted', until: 'advance_paid', amount: { setting: 'advancePayHours' }, unit: 'hours',
    });
  });
});
