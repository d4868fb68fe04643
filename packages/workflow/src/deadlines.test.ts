import { describe, expect, it } from 'vitest';
import type { CaseSnapshot, DecisionRecord, WorkflowDefinition } from './definition.ts';
import { computeClocks, dueDate, nextDue, type Clock } from './deadlines.ts';
import { SAMPLE } from './testing/sample-definition.ts';

/** 10:00 Beijing time on a date. */
const at10 = (date: string) => `${date}T02:00:00.000Z`;

function snapshot(events: Record<string, string>, changes: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    id: '11111111-1111-4111-8111-111111111111', definition: 'demo.sample', definitionVersion: 1, state: 'investigating', version: 3,
    regionCode: '220105003005', flags: [], settings: { confirmingLevel: 'county', totalWorkingDays: 30 }, events, decisions: [],
    ...changes,
  };
}

const clock = (snap: CaseSnapshot, key: string, now: string): Clock =>
  computeClocks(SAMPLE, snap, new Date(now)).find((c) => c.key === key)!;

describe('E10: 低保 clocks from 受理 on a Monday with no holiday in the period', () => {
  // 受理 Monday 2025-06-09 (端午 ended 06-02; the next holiday is 国庆).
  const accepted = { accepted: at10('2025-06-09') };
  it.each([
    ['investigation must start by the 3rd working day', 'start_investigation', {}, '2025-06-12'],
    ['the whole procedure is due on working day 30 (six calendar weeks)', 'total', {}, '2025-07-21'],
    ['extended, on working day 45', 'total', { totalWorkingDays: 45 }, '2025-08-11'],
    ['township-delegated, on working day 20', 'total', { totalWorkingDays: 20 }, '2025-07-07'],
  ])('%s', (_label, key, settings, due) => {
    const snap = snapshot(accepted, { settings: { confirmingLevel: 'county', totalWorkingDays: 30, ...settings } });
    expect(clock(snap, key, at10('2025-06-09')).due).toBe(due);
  });
});

describe('working-day clocks across 春节, 国庆 and 调休 Saturdays', () => {
  it.each([
    // 2026 春节 02-15…02-23; Saturday 02-14 is a working day: Fri 13 = 1, Sat 14 = 2, Tue 24 = 3.
    ['2026-02-12', 3, '2026-02-24'],
    // … and Saturday 02-28 as well: the 30th working day is 2026-04-01.
    ['2026-02-12', 30, '2026-04-01'],
    ['2026-02-09', 3, '2026-02-12'],
    // 2025 国庆、中秋 10-01…10-08; Sunday 09-28 and Saturday 10-11 are working days.
    ['2025-09-26', 3, '2025-09-30'],
    ['2025-09-30', 3, '2025-10-11'],
    ['2025-09-30', 10, '2025-10-21'],
    // 2025 清明 04-04…04-06: accepted Monday 03-03, working day 30 is 04-15 (one day later than without 清明).
    ['2025-03-03', 30, '2025-04-15'],
    // 2025 春节 01-28…02-04 with Sunday 01-26 and Saturday 02-08 worked.
    ['2025-01-24', 3, '2025-02-05'],
  ])('accepted %s, %i working days → %s', (acceptedOn, days, due) => {
    const snap = snapshot({ accepted: at10(acceptedOn) }, { settings: { confirmingLevel: 'county', totalWorkingDays: days } });
    const c = clock(snap, 'total', at10(acceptedOn));
    expect([c.due, c.status, c.note]).toEqual([due, 'running', null]);
  });

  it('starts on the Beijing date of the event: 01:00 on 09-30 Beijing is still 09-29 in UTC', () => {
    const snap = snapshot({ accepted: '2025-09-29T17:00:00.000Z' });
    expect(clock(snap, 'start_investigation', '2025-09-30T03:00:00Z').due).toBe('2025-10-11');
  });
});

describe('status and remaining of a running limit (受理 2025-09-30, due 2025-10-11)', () => {
  const snap = snapshot({ accepted: at10('2025-09-30') });
  it.each([
    // During 国庆: 10-09, 10-10 and Saturday 10-11 are left.
    ['2025-10-05', 'running', 3],
    ['2025-10-10', 'running', 1],
    // The due day itself is still in time.
    ['2025-10-11', 'running', 0],
    // Sunday after a Saturday deadline: overdue, though no working day has been lost yet.
    ['2025-10-12', 'overdue', -1],
    ['2025-10-14', 'overdue', -2],
  ])('on %s: %s, %i working days', (today, status, remaining) => {
    const c = clock(snap, 'start_investigation', at10(today));
    expect([c.status, c.remaining, c.startedAt, c.due, c.metAt]).toEqual([status, remaining, at10('2025-09-30'), '2025-10-11', null]);
  });

  it('turns overdue at midnight Beijing time, not UTC', () => {
    expect(clock(snap, 'start_investigation', '2025-10-11T15:59:59Z').status).toBe('running');
    expect(clock(snap, 'start_investigation', '2025-10-11T16:00:00Z').status).toBe('overdue');
  });
});

describe('a stopped limit keeps its margin', () => {
  it.each([
    ['2025-10-09T01:00:00.000Z', 'met', 2],
    ['2025-10-11T09:00:00.000Z', 'met', 0],
    ['2025-10-13T01:00:00.000Z', 'late', -1],
  ])('investigation started %s → %s, %i', (startedAt, status, remaining) => {
    const snap = snapshot({ accepted: at10('2025-09-30'), investigation_started: startedAt });
    // Read long afterwards: a stopped clock does not move.
    const c = clock(snap, 'start_investigation', '2025-12-01T00:00:00Z');
    expect([c.status, c.remaining, c.metAt]).toEqual([status, remaining, startedAt]);
  });

  it('runs again when its start is stamped after its stop (a second round)', () => {
    // 公示 restarted after an objection on 07-01; the submission of 06-28 belonged to the first round.
    const snap = snapshot({ publicity_started: at10('2025-07-01'), submitted: at10('2025-06-28') });
    const c = clock(snap, 'publicity', at10('2025-07-03'));
    expect([c.status, c.metAt, c.due, c.remaining]).toEqual(['running', null, '2025-07-08', 5]);
  });
});

describe('calendar-day periods (公示七日 from 2025-09-30)', () => {
  it.each([
    // Seven calendar days end on 10-07, inside the 国庆 holiday (10-01…10-08), so under
    // 民法典第二百零三条 the period runs to the first working day after it: 10-09.
    [{}, '2025-10-05', 'running', 4, null],
    [{}, '2025-10-08', 'running', 1, null],
    [{}, '2025-10-09', 'running', 0, null],
    // Elapsed: a period is never overdue, it is complete.
    [{}, '2025-10-10', 'met', 0, null],
    // Cut short (an objection stops the 公示 on 10-03): met, with the days that were left.
    [{ submitted: at10('2025-10-03') }, '2025-10-20', 'met', 6, at10('2025-10-03')],
  ])('%j on %s → %s %i', (extra, today, status, remaining, metAt) => {
    const snap = snapshot({ publicity_started: at10('2025-09-30'), ...extra });
    const c = clock(snap, 'publicity', at10(today));
    expect([c.kind, c.unit, c.due, c.status, c.remaining, c.metAt]).toEqual(['period', 'calendar_days', '2025-10-09', status, remaining, metAt]);
  });

  it('ends on the seventh day when that is a working day', () => {
    // 2025-06-09 (Mon) + 7 = 06-16 (Mon).
    const c = clock(snapshot({ publicity_started: at10('2025-06-09') }), 'publicity', at10('2025-06-10'));
    expect(c.due).toBe('2025-06-16');
  });
});

const HOURS: WorkflowDefinition = {
  key: 'hours', version: 1, name: '先行救助', initial: 'open',
  states: { open: { name: '办理中' }, closed: { name: '已办结', terminal: true } },
  actions: { close: { name: '办结', from: ['open'], to: 'closed', levels: ['township'], roles: ['clerk'] } },
  deadlines: [
    { key: 'pay', name: '发放救助金', from: 'applied', until: 'paid', amount: 48, unit: 'hours', basis: '急难型先行救助' },
    { key: 'paperwork', name: '补办审批手续', from: 'paid', until: 'paperwork_done', amount: { setting: 'paperworkWorkingDays' }, unit: 'working_days' },
  ],
};
const hoursCase = (events: Record<string, string>, changes: Partial<CaseSnapshot> = {}): CaseSnapshot =>
  snapshot(events, { definition: 'hours', state: 'open', settings: { paperworkWorkingDays: 5 }, ...changes });

describe('hour clocks (48 hours from 2025-10-01T00:00Z)', () => {
  it.each([
    [{}, '2025-10-02T20:30:00Z', 'running', 3],
    [{}, '2025-10-03T00:00:00Z', 'running', 0],
    [{}, '2025-10-03T00:30:00Z', 'overdue', -1],
    [{ paid: '2025-10-02T23:00:00.000Z' }, '2025-10-09T00:00:00Z', 'met', 1],
    [{ paid: '2025-10-03T05:00:00.000Z' }, '2025-10-09T00:00:00Z', 'late', -5],
  ])('%j at %s → %s %i', (extra, now, status, remaining) => {
    const c = computeClocks(HOURS, hoursCase({ applied: '2025-10-01T00:00:00.000Z', ...extra }), new Date(now))[0]!;
    expect([c.unit, c.due, c.status, c.remaining]).toEqual(['hours', '2025-10-03T00:00:00.000Z', status, remaining]);
  });

  it('gives an hour clock a Beijing due date for the overdue list', () => {
    const c = computeClocks(HOURS, hoursCase({ applied: '2025-10-01T20:00:00.000Z' }), new Date('2025-10-02T00:00:00Z'))[0]!;
    expect([c.due, dueDate(c)]).toEqual(['2025-10-03T20:00:00.000Z', '2025-10-04']);
  });
});

describe('amounts read from settings', () => {
  it('follows the setting an extension wrote', () => {
    const snap = snapshot({ accepted: at10('2025-06-09') }, { settings: { confirmingLevel: 'county', totalWorkingDays: 45 } });
    expect(clock(snap, 'total', at10('2025-06-09'))).toMatchObject({ amount: 45, due: '2025-08-11' });
  });

  it('explains a missing setting instead of failing the case view', () => {
    const snap = snapshot({ accepted: at10('2025-06-09') }, { settings: {} });
    expect(clock(snap, 'total', at10('2025-06-10'))).toMatchObject({
      amount: null, due: null, remaining: null, status: 'running', note: '案件缺少设置「totalWorkingDays」，无法计算期限',
    });
  });
});

describe('outside the holiday table (2015–2026)', () => {
  // Accepted Monday 2026-12-21; working day 30 falls in 2027, which the table does not cover yet.
  const snap = snapshot({ accepted: at10('2026-12-21') });
  it('estimates Monday–Friday minus the statutory rest days, and says so', () => {
    const c = clock(snap, 'total', at10('2027-01-04'));
    // 12-22…31 = 8; 2027-01-01 is 元旦 by law although the table lacks 2027: skipped, due 02-02.
    expect([c.due, c.status, c.remaining]).toEqual(['2027-02-02', 'running', 21]);
    expect(c.note).toBe('期限涉及节假日安排表未覆盖的年份，暂按周一至周五扣除法定节假日估算（未计调休）；补充该年节假日安排后自动更正');
  });

  it('leaves a clock that stays inside the table exact', () => {
    expect(clock(snap, 'start_investigation', at10('2026-12-22'))).toMatchObject({ due: '2026-12-24', note: null });
  });

  it('still counts the days left when today is outside the table', () => {
    // 12-25…31 = 5 working days, 元旦 skipped, 01-04 and 01-05: 7 lost.
    expect(clock(snap, 'start_investigation', at10('2027-01-05'))).toMatchObject({ status: 'overdue', remaining: -7 });
  });
});

describe('clocks of a closed case', () => {
  const closing: DecisionRecord = {
    seq: 4, action: 'terminate', fromState: 'investigating', toState: 'terminated', actorId: 'x', actorName: '审核员',
    actorLevel: 'township', actorRegion: '220105003000', at: at10('2025-10-14'), opinion: '不配合调查', attachments: [], data: null,
  };
  const snap = snapshot({ accepted: at10('2025-09-30') }, { state: 'terminated', decisions: [closing] });

  it('freezes running clocks at the closing decision', () => {
    const c = clock(snap, 'start_investigation', '2026-06-01T00:00:00Z');
    expect([c.status, c.remaining, c.frozenAt, c.note]).toEqual(['overdue', -2, at10('2025-10-14'), '案件已办结，期限停止计算']);
    expect(clock(snap, 'total', '2026-06-01T00:00:00Z')).toMatchObject({ status: 'running', remaining: 25, frozenAt: at10('2025-10-14') });
  });

  it('has no next due date', () => {
    expect(nextDue(computeClocks(SAMPLE, snap, new Date('2026-06-01T00:00:00Z')))).toBeNull();
  });
});

describe('nextDue', () => {
  it.each<[string, Record<string, string>, string, string | null]>([
    ['nothing started', {}, '2025-06-09', null],
    ['both limits running: the 3-day one first', { accepted: at10('2025-06-09') }, '2025-06-10', 'start_investigation'],
    ['overdue still counts', { accepted: at10('2025-06-09') }, '2025-06-20', 'start_investigation'],
    ['investigation started: the total', { accepted: at10('2025-06-09'), investigation_started: at10('2025-06-10') }, '2025-06-20', 'total'],
    // 公示 (a period) ends sooner, but a waiting period is not a deadline to chase.
    ['a running period is skipped', { accepted: at10('2025-06-09'), investigation_started: at10('2025-06-10'), publicity_started: at10('2025-06-20') }, '2025-06-21', 'total'],
    // Submitted 07-14: the county's 10 working days end 07-28, after the total's 07-21.
    ['the earlier of two limits', { accepted: at10('2025-06-09'), investigation_started: at10('2025-06-10'), submitted: at10('2025-07-14') }, '2025-07-15', 'total'],
    ['decided: nothing left', { accepted: at10('2025-06-09'), investigation_started: at10('2025-06-10'), submitted: at10('2025-07-14'), decided: at10('2025-07-16') }, '2025-07-17', null],
  ])('%s', (_label, events, today, key) => {
    expect(nextDue(computeClocks(SAMPLE, snapshot(events), new Date(at10(today))))?.key ?? null).toBe(key);
  });

  it('compares an hour limit with a day limit by the instant they run out', () => {
    // Paid 2025-10-09 10:00 Beijing: the paperwork's 5 working days end with 10-15 (Saturday 10-11 is
    // worked), i.e. at 10-16 00:00. The payment clock was restarted by a later application: 48 hours
    // from 10-15 10:00 run out on 10-17 10:00 (later), from 10-13 10:00 on 10-15 10:00 (earlier).
    const twoKinds: WorkflowDefinition = { ...HOURS, deadlines: [HOURS.deadlines[1]!, HOURS.deadlines[0]!] };
    const snap = hoursCase({ paid: at10('2025-10-09'), applied: at10('2025-10-15') });
    expect(nextDue(computeClocks(twoKinds, snap, new Date(at10('2025-10-15'))))?.key).toBe('paperwork');
    const later = hoursCase({ paid: at10('2025-10-09'), applied: at10('2025-10-13') });
    expect(nextDue(computeClocks(twoKinds, later, new Date(at10('2025-10-15'))))?.key).toBe('pay');
  });
});
