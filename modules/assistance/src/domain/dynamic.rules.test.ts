import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '@mz/workflow';
import {
  deathRecheckDue, deathRecheckNote, jobEventsOf, JOB_REFUSAL_LIMIT, membersOverRefusalLimit, refusalRuns, tekunAgeOutNote, type JobEvent,
} from './dynamic.rules.ts';

// 低保办法第三十四条: "连续三次拒绝" per member; a refusal with good reason, a job taken up or a
// decision already taken on the run ends it. Events are written as a compact script:
//   R = refused without good reason, G = refused with good reason, A = job accepted, X = share stopped
// each on its own day in script order, for one member unless prefixed with the member ('b:R').

function script(text: string): JobEvent[] {
  return text.split(' ').filter(Boolean).map((token, i) => {
    const [who, code] = token.includes(':') ? token.split(':') as [string, string] : ['a', token];
    const on = `2026-03-${String(i + 1).padStart(2, '0')}`;
    const kind = code === 'A' ? 'accepted' : code === 'X' ? 'excluded' : 'refusal';
    return { personId: who, kind, on, goodReason: code === 'G', seq: i + 1, job: `岗位${i + 1}`, employer: '某物业公司' } as JobEvent;
  });
}

describe('refusalRuns (低保办法第三十四条)', () => {
  it.each([
    // events, member a's current run
    ['', 0],
    ['R', 1],
    ['R R', 2],
    ['R R R', 3],
    ['R R R R', 4],
    ['R G R R', 2], // a refusal with good reason breaks the run
    ['R R G', 0],
    ['R R A R', 1], // so does a job taken up
    ['R R R A', 0],
    ['R R R X', 0], // a stop already decided consumes the run
    ['R R R X R', 1],
    ['G G G', 0], // refusals with good reason never count
    ['A R R R', 3],
  ] as const)('%j → %i in a row', (events, run) => {
    expect(refusalRuns(script(events)).get('a')?.consecutive ?? 0).toBe(run);
  });

  it.each([
    // events, runs of a and b: one member's facts never touch another's run
    ['R b:R R b:A R', 3, 0],
    ['R b:R b:R b:R a:G', 0, 3],
    ['b:R b:G b:R b:R a:R', 1, 2],
  ] as const)('%j → a %i, b %i', (events, a, b) => {
    const runs = refusalRuns(script(events));
    expect(runs.get('a')?.consecutive ?? 0).toBe(a);
    expect(runs.get('b')?.consecutive ?? 0).toBe(b);
  });

  it('counts by the day the job was offered, not the order of recording', () => {
    // Offered 03-01 (refused), 03-10 (accepted), 03-05 (refused, recorded last): in order of the
    // offers the acceptance came after both refusals, so nothing is left in a row.
    const late: JobEvent[] = [
      { personId: 'a', kind: 'refusal', on: '2026-03-01', goodReason: false, seq: 1 },
      { personId: 'a', kind: 'accepted', on: '2026-03-10', seq: 2 },
      { personId: 'a', kind: 'refusal', on: '2026-03-05', goodReason: false, seq: 3 },
    ];
    expect(refusalRuns(late).get('a')?.consecutive).toBe(0);
    // Within one day the log order decides.
    expect(refusalRuns([
      { personId: 'a', kind: 'accepted', on: '2026-03-01', seq: 2 },
      { personId: 'a', kind: 'refusal', on: '2026-03-01', goodReason: false, seq: 1 },
    ]).get('a')?.consecutive).toBe(0);
  });

  it('keeps the refusals of the current run for the case page', () => {
    expect(refusalRuns(script('R A R R')).get('a')?.refusals).toEqual([
      { on: '2026-03-03', job: '岗位3', employer: '某物业公司' },
      { on: '2026-03-04', job: '岗位4', employer: '某物业公司' },
    ]);
  });

  it('is three by the national rule', () => {
    expect(JOB_REFUSAL_LIMIT).toBe(3);
  });
});

describe('jobEventsOf / membersOverRefusalLimit', () => {
  const decision = (seq: number, action: string, data: unknown, at = '2026-04-01T02:00:00.000Z'): DecisionRecord => ({
    seq, action, fromState: 'in_payment', toState: 'in_payment', actorId: 'x', actorName: '社区经办员', actorLevel: 'village',
    actorRegion: '220105003005', at, opinion: null, attachments: [], data,
  });
  const refusal = (seq: number, personId: string, offeredOn: string, goodReason = false) =>
    decision(seq, 'record_job_refusal', { personId, offeredOn, job: '保洁员', employer: '物业公司', goodReason });

  it('reads the refusal, acceptance and stop decisions and ignores every other step', () => {
    const log = [
      decision(1, 'approve', {}),
      refusal(2, 'p1', '2026-03-02'),
      decision(3, 'record_job_accepted', { personId: 'p1', acceptedOn: '2026-03-20', job: '保安', employer: '保安公司' }),
      decision(4, 'recheck', { checkedOn: '2026-03-25' }),
      decision(5, 'exclude_member', { personId: 'p2', fromMonth: '2026-05' }, '2026-04-10T01:00:00.000Z'),
    ];
    expect(jobEventsOf(log).map((e) => [e.personId, e.kind, e.on])).toEqual([
      ['p1', 'refusal', '2026-03-02'], ['p1', 'accepted', '2026-03-20'], ['p2', 'excluded', '2026-04-10'],
    ]);
  });

  it('names the members whose run has reached three', () => {
    const log = [refusal(1, 'p1', '2026-03-02'), refusal(2, 'p2', '2026-03-03'), refusal(3, 'p1', '2026-03-09'), refusal(4, 'p1', '2026-03-16')];
    expect(membersOverRefusalLimit(log).map((r) => [r.personId, r.consecutive])).toEqual([['p1', 3]]);
    expect(membersOverRefusalLimit([...log, refusal(5, 'p1', '2026-03-17', true)])).toEqual([]);
  });
});

describe('re-check after a death (2022通知一(三))', () => {
  it.each([
    ['2026-03-15', '2026-06-15'],
    ['2026-11-30', '2027-02-28'], // no 30 February: the last day of the month
    ['2027-11-30', '2028-02-29'],
    ['2026-12-31', '2027-03-31'],
  ])('died %s → re-check by %s', (died, due) => {
    expect(deathRecheckDue(died)).toBe(due);
  });

  it('writes the note the case page shows', () => {
    expect(deathRecheckNote('张建国', '2026-03-15', '2026-06-15')).toBe('成员张建国于2026-03-15死亡，须于2026-06-15前完成复核（2022通知一(三)）');
  });
});

describe('特困 minors reaching 18 (特困办法第二十四条; 救助法第十六条第三款)', () => {
  it.each([
    // birth, decided, today, expected
    ['2008-06-15', '2020-03-01', '2026-03-14', null], // 18 on 2026-06-15: more than three months ahead
    ['2008-06-15', '2020-03-01', '2026-03-15', '将于2026-06-15年满18周岁'],
    ['2008-06-15', '2020-03-01', '2026-06-15', '已于2026-06-15年满18周岁'],
    ['2008-06-15', '2020-03-01', '2027-01-10', '已于2026-06-15年满18周岁'], // still open: still said
    ['1950-01-01', '2020-03-01', '2026-03-15', null], // recognised as an elderly person
    ['2004-02-29', '2019-05-01', '2022-02-28', '已于2022-02-28年满18周岁'], // born on 29 February: the kernel's month arithmetic ends on the 28th
    ['2008-06-15', null, '2026-06-15', null], // not yet decided: no note
    [null, '2020-03-01', '2026-06-15', null], // the record could not be read
  ] as const)('born %s, recognised %s, on %s → %s', (birth, decided, today, expected) => {
    const note = tekunAgeOutNote(birth, decided, today);
    if (expected === null) expect(note).toBeNull();
    else expect(note).toBe(`供养对象${expected}：仍在接受义务教育或在普通高中、中等职业学校就读的继续供养，否则应提出终止供养（特困办法第二十四条；救助法第十六条第三款）`);
  });
});
