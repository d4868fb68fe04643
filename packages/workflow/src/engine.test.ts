import { describe, expect, it } from 'vitest';
import { DomainError } from '@mz/kernel';
import type { CaseSnapshot, DecisionRecord, WorkflowActor } from './definition.ts';
import { availableActions, planTransition, type TransitionInput } from './engine.ts';
import { levelOf } from './levels.ts';
import { CASE_REGION, OFFICIALS, SAMPLE, SAMPLE_GUARDS, type OfficialKey } from './testing/sample-definition.ts';

const NOW = new Date('2025-07-01T02:00:00Z');
const FORMER = { id: '00000000-0000-4000-8000-0000000000f1', name: '原经办员' };
const FORMER2 = { id: '00000000-0000-4000-8000-0000000000f2', name: '原审核员' };

function record(seq: number, action: string, who: { id: string; name: string }, at = '2025-06-10T02:00:00.000Z'): DecisionRecord {
  const def = SAMPLE.actions[action]!;
  return {
    seq, action, fromState: def.from[0]!, toState: def.to ?? def.from[0]!, actorId: who.id, actorName: who.name,
    actorLevel: 'township', actorRegion: '220105003000', at, opinion: null, attachments: [], data: null,
  };
}

/** A case with a plausible history: accepted and reviewed by officials who are not in the test's cast. */
function snapshot(state: string, changes: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    id: '11111111-1111-4111-8111-111111111111', definition: 'demo.sample', definitionVersion: 1, state, version: 5,
    regionCode: CASE_REGION, flags: [], settings: { confirmingLevel: 'county', totalWorkingDays: 30 },
    events: { accepted: '2025-06-09T02:00:00.000Z', investigation_started: '2025-06-10T02:00:00.000Z', publicity_started: '2025-06-20T02:00:00.000Z' },
    decisions: [record(1, 'accept', FORMER), record(2, 'home_visit', FORMER), record(3, 'preliminary', FORMER2)],
    ...changes,
  };
}

const input = (changes: Partial<TransitionInput> = {}): TransitionInput => ({ now: NOW, opinion: '符合条件', data: { reason: 'objection' }, ...changes });

function refusalOf(fn: () => unknown): DomainError | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
}

describe('levelOf', () => {
  it.each([
    ['220000000000', 'province'], ['220100000000', 'city'], ['220105000000', 'county'], ['220105003000', 'township'], ['220105003005', 'village'],
    // 东莞 has no county level: its towns are townships all the same.
    ['441900003000', 'township'],
  ])('%s is %s', (code, level) => expect(levelOf(code)).toBe(level));

  it('refuses a malformed code', () => expect(() => levelOf('22010')).toThrow(DomainError));
});

// Which officials may take each action in a state where it is legal.
// ok = allowed; L = wrong level; R = wrong role (both NOT_YOUR_STEP); N = outside jurisdiction (404).
const CAST: OfficialKey[] = ['village', 'township', 'lead', 'chief', 'county', 'county2', 'city', 'neighbour'];
const WHO_MAY: [string, string, Record<string, string>, string][] = [
  ['accept', 'applied', {}, 'L  ok R  ok L  L  L  N'],
  ['investigate', 'accepted', {}, 'ok ok R  ok L  L  L  N'],
  ['home_visit', 'investigating', {}, 'ok ok R  ok L  L  L  N'],
  ['preliminary', 'investigating', {}, 'L  ok ok ok L  L  L  N'],
  ['submit', 'publicity', {}, 'L  ok ok ok L  L  L  N'],
  ['county_home_visit', 'submitted', {}, 'L  L  L  L  ok ok L  N'],
  ['extend', 'submitted', {}, 'L  L  L  L  ok ok L  N'],
  ['approve', 'submitted', { confirmingLevel: 'county' }, 'L  L  L  L  ok ok L  N'],
  ['approve', 'submitted', { confirmingLevel: 'township' }, 'L  R  R  ok L  L  L  N'],
  ['refuse', 'submitted', { confirmingLevel: 'county' }, 'L  L  L  L  ok ok L  N'],
  ['refuse', 'submitted', { confirmingLevel: 'township' }, 'L  R  R  ok L  L  L  N'],
  ['terminate', 'investigating', {}, 'L  ok ok ok ok ok L  N'],
];
const EXPECTED_CODE: Record<string, string | null> = { ok: null, L: 'NOT_YOUR_STEP', R: 'NOT_YOUR_STEP', N: 'NOT_FOUND' };

describe('planTransition: who may act, by level and role', () => {
  const rows = WHO_MAY.flatMap(([action, state, settings, line]) =>
    line.trim().split(/\s+/).map((outcome, i) => [action, state, JSON.stringify(settings), CAST[i]!, outcome] as const));

  it.each(rows)('%s in %s %s by %s → %s', (action, state, settings, who, outcome) => {
    const snap = snapshot(state, { settings: { totalWorkingDays: 30, confirmingLevel: 'county', ...JSON.parse(settings) } });
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snap, OFFICIALS[who], action, input()));
    expect(error?.code ?? null).toBe(EXPECTED_CODE[outcome]);
    if (outcome === 'L') {
      expect(error!.status).toBe(403);
      expect(error!.title).toMatch(new RegExp(`^「${SAMPLE.actions[action]!.name}」应由.+工作人员办理$`));
    }
    if (outcome === 'R') expect(error!.title).toBe(`您没有办理「${SAMPLE.actions[action]!.name}」的角色`);
    if (outcome === 'N') {
      expect(error!.status).toBe(404);
      expect(error!.title).toBe('案件不存在或不在本辖区');
    }
  });

  it.each([
    ['accept', 'township', '「受理」应由乡镇（街道）工作人员办理', '您是县级工作人员'],
    ['approve', 'county', '「审核确认」应由县级工作人员办理', '您是乡镇（街道）工作人员'],
  ])('names the level of %s and of the official', (action, _needed, title, detail) => {
    const who = action === 'accept' ? OFFICIALS.county : OFFICIALS.chief;
    const state = action === 'accept' ? 'applied' : 'submitted';
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot(state), who, action, input()))!;
    expect([error.title, error.detail]).toEqual([title, detail]);
  });

  it('names the roles a step needs', () => {
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('applied'), OFFICIALS.lead, 'accept', input()))!;
    expect(error.detail).toBe('需要以下角色之一：经办');
  });
});

// The state gate, written out independently of the definition: action → states it is legal in.
const LEGAL: Record<string, string[]> = {
  accept: ['applied'],
  investigate: ['accepted'],
  home_visit: ['investigating'],
  preliminary: ['investigating'],
  submit: ['publicity'],
  county_home_visit: ['submitted'],
  extend: ['accepted', 'investigating', 'publicity', 'submitted'],
  approve: ['submitted'],
  refuse: ['submitted'],
  terminate: ['accepted', 'investigating', 'publicity', 'submitted'],
};
const TARGET: Record<string, string | null> = {
  accept: 'accepted', investigate: 'investigating', home_visit: null, preliminary: 'publicity', submit: 'submitted',
  county_home_visit: null, extend: null, approve: 'approved', refuse: 'refused', terminate: 'terminated',
};
const ACTING: Record<string, OfficialKey> = {
  accept: 'township', investigate: 'village', home_visit: 'village', preliminary: 'lead', submit: 'township',
  county_home_visit: 'county', extend: 'county', approve: 'county', refuse: 'county', terminate: 'county',
};
const STATES = ['applied', 'accepted', 'investigating', 'publicity', 'submitted', 'approved', 'refused', 'terminated'];
const STATE_NAMES: Record<string, string> = {
  applied: '已申请', accepted: '已受理', investigating: '调查中', publicity: '公示中', submitted: '待审核确认',
  approved: '确认同意', refused: '不予确认', terminated: '已终止',
};

describe('planTransition: every action in every state', () => {
  const rows = Object.keys(LEGAL).flatMap((action) => STATES.map((state) => [action, state, LEGAL[action]!.includes(state)] as const));

  it.each(rows)('%s in %s: legal %s', (action, state, legal) => {
    const run = () => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot(state), OFFICIALS[ACTING[action]!], action, input());
    if (legal) {
      const plan = run();
      expect(plan.from).toBe(state);
      expect(plan.to).toBe(TARGET[action] ?? state);
      return;
    }
    const error = refusalOf(run)!;
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.status).toBe(409);
    const name = SAMPLE.actions[action]!.name;
    expect(error.title).toBe(['approved', 'refused', 'terminated'].includes(state)
      ? `案件已办结（${STATE_NAMES[state]}），不能再办理「${name}」`
      : `当前状态「${STATE_NAMES[state]}」不能办理「${name}」`);
  });

  it('lists the states an action belongs to', () => {
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('applied'), OFFICIALS.county, 'extend', input()))!;
    expect(error.detail).toBe('「延长办理期限」只能在以下状态办理：已受理、调查中、公示中、待审核确认');
  });

  it('refuses an action the workflow does not have (422)', () => {
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('submitted'), OFFICIALS.county, 'pay', input()))!;
    expect([error.code, error.status, error.title]).toEqual(['UNKNOWN_ACTION', 422, '没有「pay」这个办理环节']);
  });

  it('does not mistake inherited object properties for actions', () => {
    expect(refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('submitted'), OFFICIALS.county, 'toString', input()))!.code).toBe('UNKNOWN_ACTION');
  });
});

describe('planTransition: separation of duties', () => {
  const accepted = (by: WorkflowActor) => [record(1, 'accept', by)];
  it.each<[string, () => DecisionRecord[], OfficialKey, string, string | null]>([
    ['the acceptor may not give the first review', () => accepted(OFFICIALS.township), 'township', 'preliminary', 'SEPARATION_OF_DUTIES'],
    ['another reviewer may', () => accepted(OFFICIALS.township), 'lead', 'preliminary', null],
    // A recording step in between does not break the sequence of decision steps.
    ['a home visit in between changes nothing', () => [...accepted(OFFICIALS.township), record(2, 'home_visit', OFFICIALS.township)], 'township', 'preliminary', 'SEPARATION_OF_DUTIES'],
    // Only the latest decision step counts: accept (chief) → preliminary (lead) → approve (chief) is fine.
    ['the acceptor may decide after someone else reviewed', () => [record(1, 'accept', OFFICIALS.chief), record(2, 'preliminary', OFFICIALS.lead)], 'chief', 'approve', null],
    ['the first reviewer may not also confirm', () => [record(1, 'accept', OFFICIALS.township), record(2, 'preliminary', OFFICIALS.chief)], 'chief', 'approve', 'SEPARATION_OF_DUTIES'],
    // Not a decision step: terminating after one's own acceptance is not a second decision.
    ['termination is not a decision step', () => accepted(OFFICIALS.township), 'township', 'terminate', null],
  ])('%s', (_label, decisions, who, action, code) => {
    const state = action === 'approve' ? 'submitted' : 'investigating';
    const snap = snapshot(state, { decisions: decisions(), settings: { confirmingLevel: 'township', totalWorkingDays: 30 } });
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snap, OFFICIALS[who], action, input()));
    expect(error?.code ?? null).toBe(code);
    if (code) {
      expect(error!.status).toBe(403);
      expect(error!.title).toBe('同一工作人员不能连续办理两个审批环节');
    }
  });

  it('names both steps', () => {
    const snap = snapshot('investigating', { decisions: [record(1, 'accept', OFFICIALS.township)] });
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snap, OFFICIALS.township, 'preliminary', input()))!;
    expect(error.detail).toBe('「受理」由您办理，「初审」须由另一位工作人员办理');
  });

  it('reads the log by sequence number, not by array order', () => {
    const settings = { confirmingLevel: 'township', totalWorkingDays: 30 };
    const snap = snapshot('submitted', { settings, decisions: [record(2, 'preliminary', OFFICIALS.chief), record(1, 'accept', OFFICIALS.lead)] });
    // The latest decision step is chief's 初审 (seq 2), listed first: chief may not also confirm.
    expect(refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snap, OFFICIALS.chief, 'approve', input()))!.code).toBe('SEPARATION_OF_DUTIES');
  });

  it('lets an official take the same step again (a new 初审 after a 公示 objection)', () => {
    const snap = snapshot('investigating', { decisions: [record(1, 'accept', OFFICIALS.township), record(2, 'preliminary', OFFICIALS.lead)] });
    expect(refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snap, OFFICIALS.lead, 'preliminary', input()))).toBeNull();
    // Actions declared as the same step count as a repeat too.
    const withAgain = { ...SAMPLE, actions: { ...SAMPLE.actions, preliminary_again: { ...SAMPLE.actions.preliminary!, name: '重新初审', step: 'preliminary' } } };
    expect(refusalOf(() => planTransition(withAgain, SAMPLE_GUARDS, snap, OFFICIALS.lead, 'preliminary_again', input()))).toBeNull();
    // …but a different decision step after one's own is still refused.
    expect(refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('investigating', { decisions: [record(1, 'accept', OFFICIALS.township)] }), OFFICIALS.township, 'preliminary', input()))!.code).toBe('SEPARATION_OF_DUTIES');
  });
});

describe('planTransition: required steps, opinions and guards', () => {
  const history = [record(1, 'accept', FORMER), record(2, 'home_visit', FORMER), record(3, 'preliminary', FORMER2)];
  it.each<[string, string[], DecisionRecord[], string | null]>([
    ['no flag, no county visit', [], history, null],
    ['near-kin flag, no county visit', ['near_kin'], history, 'REQUIRED_STEP'],
    ['near-kin flag, county visit recorded', ['near_kin'], [...history, record(4, 'county_home_visit', OFFICIALS.county2)], null],
    ['another flag only', ['complaint'], history, null],
  ])('approve: %s', (_label, flags, decisions, code) => {
    const snap = snapshot('submitted', { flags, decisions });
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snap, OFFICIALS.county, 'approve', input()));
    expect(error?.code ?? null).toBe(code);
    if (code) {
      expect([error!.status, error!.title]).toEqual([409, '近亲属备案的案件须经县级入户核查后才能确认']);
      expect(error!.detail).toBe('办理「审核确认」前须先完成「县级入户核查」（本案件标记为「近亲属备案」）');
    }
  });

  it.each<[string, DecisionRecord[], string | null]>([
    ['without a home visit', [record(1, 'accept', FORMER), record(2, 'preliminary', FORMER2)], 'REQUIRED_STEP'],
    ['with a home visit', [record(1, 'accept', FORMER), record(2, 'home_visit', FORMER), record(3, 'preliminary', FORMER2)], null],
  ])('submit (required regardless of flags) %s', (_label, decisions, code) => {
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('publicity', { decisions }), OFFICIALS.township, 'submit', input()));
    expect(error?.code ?? null).toBe(code);
    if (code) expect(error!.title).toBe('尚无入户调查记录，不能报送');
  });

  it.each([
    [undefined, 'OPINION_REQUIRED'], [null, 'OPINION_REQUIRED'], ['', 'OPINION_REQUIRED'], ['  \n ', 'OPINION_REQUIRED'], ['同意', null],
  ])('first review with opinion %j → %s', (opinion, code) => {
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('investigating'), OFFICIALS.lead, 'preliminary', input({ opinion })));
    expect(error?.code ?? null).toBe(code);
    if (code) {
      expect([error!.status, error!.title]).toEqual([422, '办理「初审」须填写意见']);
      expect(error!.errors).toEqual([{ path: 'opinion', message: '请填写办理意见' }]);
    }
  });

  it.each([
    // 公示 started 2025-06-20 (Beijing 10:00): seven days end on 06-27, so submitting is allowed from 06-28.
    ['2025-06-27T15:59:59Z', '公示期未满七日，不能报送'],
    ['2025-06-27T16:00:00Z', null],
  ])('submit at %s: guard says %s', (now, message) => {
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('publicity'), OFFICIALS.township, 'submit', input({ now: new Date(now) })));
    expect(error?.title ?? null).toBe(message);
    if (message) expect([error!.code, error!.status]).toEqual(['GUARD', 409]);
  });

  it.each([
    [{ reason: 'objection' }, null],
    [{ reason: 'bored' }, 'GUARD'],
    [null, 'GUARD'],
  ])('guards see the data: extension %j → %s', (data, code) => {
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('submitted'), OFFICIALS.county, 'extend', input({ data })));
    expect(error?.code ?? null).toBe(code);
  });

  it('checks the opinion before the guards, and requirements before the opinion', () => {
    const noVisit = snapshot('publicity', { decisions: [record(1, 'accept', FORMER)], events: { publicity_started: '2025-06-30T02:00:00.000Z' } });
    expect(refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, noVisit, OFFICIALS.township, 'submit', input()))!.code).toBe('REQUIRED_STEP');
    expect(refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('submitted'), OFFICIALS.county, 'extend', input({ opinion: '', data: {} })))!.code).toBe('OPINION_REQUIRED');
  });

  it('treats a guard the table lacks as a definition bug (500), not a refusal', () => {
    const error = refusalOf(() => planTransition(SAMPLE, {}, snapshot('publicity'), OFFICIALS.township, 'submit', input()))!;
    expect([error.code, error.status, error.title]).toEqual(['UNKNOWN_GUARD', 500, '办理规则「publicity_elapsed」未定义']);
  });

  it('treats a missing confirming-level setting as a definition bug (500)', () => {
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('submitted', { settings: {} }), OFFICIALS.county, 'approve', input()))!;
    expect([error.code, error.status]).toEqual(['CASE_SETTING_MISSING', 500]);
  });

  it('refuses a snapshot of another workflow', () => {
    const error = refusalOf(() => planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('applied', { definition: 'dibao' }), OFFICIALS.township, 'accept', input()))!;
    expect(error.code).toBe('DEFINITION_MISMATCH');
  });
});

describe('planTransition: the result', () => {
  it('moves the state and stamps the events with the action time', () => {
    const plan = planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('investigating'), OFFICIALS.lead, 'preliminary', input());
    expect(plan).toEqual({
      from: 'investigating', to: 'publicity',
      events: { preliminary_done: '2025-07-01T02:00:00.000Z', publicity_started: '2025-07-01T02:00:00.000Z' },
      settings: { confirmingLevel: 'county', totalWorkingDays: 30 },
    });
  });

  it('leaves the state for a recording action and writes the settings an action sets', () => {
    const plan = planTransition(SAMPLE, SAMPLE_GUARDS, snapshot('investigating'), OFFICIALS.county, 'extend', input());
    expect(plan).toEqual({ from: 'investigating', to: 'investigating', events: {}, settings: { confirmingLevel: 'county', totalWorkingDays: 45 } });
  });

  it('does not change the snapshot it was given', () => {
    const snap = snapshot('investigating');
    planTransition(SAMPLE, SAMPLE_GUARDS, snap, OFFICIALS.county, 'extend', input());
    expect(snap.settings).toEqual({ confirmingLevel: 'county', totalWorkingDays: 30 });
  });
});

describe('availableActions', () => {
  it.each<[string, OfficialKey, Partial<CaseSnapshot>, string[]]>([
    ['applied', 'township', {}, ['accept']],
    ['applied', 'county', {}, []],
    ['investigating', 'village', {}, ['home_visit']],
    ['investigating', 'township', {}, ['home_visit', 'preliminary', 'terminate']],
    // township accepted this case, so it may not give the first review as well.
    ['investigating', 'township', { decisions: [record(1, 'accept', OFFICIALS.township)] }, ['home_visit', 'terminate']],
    ['investigating', 'county', {}, ['extend', 'terminate']],
    // The 公示 of 2025-06-30 has not ended on 07-01: 报送 is not offered yet.
    ['publicity', 'township', { events: { publicity_started: '2025-06-30T02:00:00.000Z' } }, ['terminate']],
    ['publicity', 'township', {}, ['submit', 'terminate']],
    ['submitted', 'county', {}, ['county_home_visit', 'extend', 'approve', 'refuse', 'terminate']],
    ['submitted', 'county', { flags: ['near_kin'] }, ['county_home_visit', 'extend', 'refuse', 'terminate']],
    ['submitted', 'neighbour', {}, []],
    ['approved', 'county', {}, []],
  ])('%s for %s %j → %j', (state, who, changes, keys) => {
    const actions = availableActions(SAMPLE, SAMPLE_GUARDS, snapshot(state, changes), OFFICIALS[who], NOW);
    expect(actions.map((a) => a.key)).toEqual(keys);
  });

  it('says which actions need an opinion', () => {
    expect(availableActions(SAMPLE, SAMPLE_GUARDS, snapshot('investigating'), OFFICIALS.township, NOW)).toEqual([
      { key: 'home_visit', name: '入户调查记录', opinionRequired: false },
      { key: 'preliminary', name: '初审', opinionRequired: true },
      { key: 'terminate', name: '终止办理', opinionRequired: true },
    ]);
  });
});
