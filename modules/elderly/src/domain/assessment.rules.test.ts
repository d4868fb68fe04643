import { describe, expect, it } from 'vitest';
import { ASSESSMENT_ITEMS, DIMENSIONS, TOTAL_MAX, itemsOf } from './assessment.catalog.ts';
import {
  answerProblems, assessabilityProblem, assessorProblems, COMA_RULE, determineLevel, diagnosisCategory, evaluateAssessment, isIcd10Code,
  nextDueOn, preliminaryLevel, riskEventProblems, scoreAnswers, type Answers, type RiskEvent,
} from './assessment.rules.ts';

/** Full marks everywhere, then the given overrides. */
function answers(overrides: Record<string, number> = {}): Answers {
  return { ...Object.fromEntries(ASSESSMENT_ITEMS.map((i) => [i.code, i.max])), ...overrides };
}

/** Answers scoring exactly `total`: take points off items from the end of the form, keeping 意识水平 at 清醒. */
function answersWithTotal(total: number): Answers {
  const a: Record<string, number> = { ...answers() };
  let missing = TOTAL_MAX - total;
  for (const item of [...ASSESSMENT_ITEMS].reverse()) {
    if (item.code === 'B3.9' || missing === 0) continue;
    const off = Math.min(item.max, missing);
    a[item.code] = item.max - off;
    missing -= off;
  }
  if (missing > 0) { a['B3.9'] = 2 - missing; }
  return a;
}

describe('the GB/T 42195-2022 catalogue (rules.md 7.1)', () => {
  it('has 26 items in four dimensions with the maxima of the rules', () => {
    expect(ASSESSMENT_ITEMS).toHaveLength(26);
    expect(DIMENSIONS.map((d) => [d.name, itemsOf(d.code).length, itemsOf(d.code).reduce((n, i) => n + i.max, 0), d.max])).toEqual([
      ['自理能力', 8, 32, 32], ['基础运动能力', 4, 15, 15], ['精神状态', 9, 28, 28], ['感知觉与社会参与', 5, 15, 15],
    ]);
    expect(DIMENSIONS.reduce((n, d) => n + d.max, 0)).toBe(TOTAL_MAX);
  });

  it.each([
    ['上下楼梯', 3], ['攻击行为', 1], ['抑郁症状', 1], ['意识水平', 2], ['视力', 2], ['听力', 2], ['使用交通工具外出', 3], ['社会交往能力', 4], ['进食', 4],
  ])('%s scores at most %i, with one option for every score down to 0', (name, max) => {
    const item = ASSESSMENT_ITEMS.find((i) => i.name === name)!;
    expect(item.max).toBe(max);
    expect(item.options.map((o) => o.score)).toEqual(Array.from({ length: max + 1 }, (_, k) => max - k));
  });

  it('uses the option texts of the rules', () => {
    const eat = ASSESSMENT_ITEMS.find((i) => i.name === '进食')!;
    expect(eat.options.map((o) => o.text)).toEqual(['独立完成', '在他人指导或提示下完成', '需要他人协助但以自身完成为主', '主要依靠他人协助、自身能给予配合', '完全依赖他人协助且不能配合']);
    expect(ASSESSMENT_ITEMS.find((i) => i.name === '意识水平')!.options.map((o) => o.text)).toEqual(['清醒', '嗜睡或意识模糊', '昏睡或昏迷']);
    expect(ASSESSMENT_ITEMS.find((i) => i.name === '攻击行为')!.options.map((o) => o.text)).toEqual(['未出现', '近一个月内出现']);
  });
});

describe('scoring', () => {
  it('sums each dimension and the total', () => {
    const s = scoreAnswers(answers({ 'B1.1': 2, 'B2.4': 0, 'B3.7': 0, 'B4.1': 1 }));
    expect(s.dimensions.map((d) => d.score)).toEqual([30, 12, 27, 14]);
    expect(s.total).toBe(83);
    expect(s.complete).toBe(true);
  });

  it('counts a partial form without levels', () => {
    const e = evaluateAssessment({ answers: { 'B1.1': 4, 'B1.2': 3 }, diagnoses: [], riskEvents: [], assessedOn: '2026-06-01' });
    expect(e).toMatchObject({ total: 7, answered: 2, complete: false, levels: null });
  });

  it('names unknown items, disallowed scores and, on completion, missing items', () => {
    expect(answerProblems({ 'B9.1': 1, 'B2.4': 4, 'B3.7': 1 }, { complete: false })).toEqual([
      { path: 'answers.B9.1', message: '没有编号为 B9.1 的评估项目' },
      { path: 'answers.B2.4', message: '「上下楼梯」的得分只能是 3、2、1、0 分之一' },
    ]);
    const all = answers();
    const { 'B4.5': _, ...missingOne } = all;
    expect(answerProblems(missingOne, { complete: true })).toEqual([{ path: 'answers.B4.5', message: '请评定「社会交往能力」' }]);
    expect(answerProblems(all, { complete: true })).toEqual([]);
  });
});

describe('preliminary level at every band edge', () => {
  it.each([
    [90, 0], [89, 1], [66, 1], [65, 2], [46, 2], [45, 3], [30, 3], [29, 4], [0, 4],
  ])('total %i → level %i', (total, level) => {
    expect(preliminaryLevel(total)).toBe(level);
    // The same through the whole evaluation, from answers that add up to the total.
    const a = answersWithTotal(total);
    const e = evaluateAssessment({ answers: a, diagnoses: [], riskEvents: [], assessedOn: '2026-06-01' });
    expect(e.total).toBe(total);
    expect(e.levels?.preliminaryLevel).toBe(level);
  });

  it.each([-1, 91, 45.5])('refuses a total of %s', (total) => {
    expect(() => preliminaryLevel(total)).toThrow(RangeError);
  });
});

describe('level change rules', () => {
  const on = '2026-06-30';
  const base = { consciousness: 2, diagnoses: [], riskEvents: [] as RiskEvent[], assessedOn: on };
  const ev = (date: string, kind: RiskEvent['kind'] = 'fall'): RiskEvent => ({ kind, date });

  it.each([
    ['no change rule', {}, 70, 1, []],
    ['dementia F00–F03 raises one level', { diagnoses: [{ code: 'F03' }] }, 70, 2, ['dementia']],
    ['dementia subcode F00.1', { diagnoses: [{ code: 'f00.1' }] }, 50, 3, ['dementia']],
    ['another psychiatric diagnosis F04–F99 raises one level', { diagnoses: [{ code: 'F20.0' }] }, 50, 3, ['psychiatric']],
    ['F99 is psychiatric', { diagnoses: [{ code: 'F99' }] }, 90, 1, ['psychiatric']],
    ['a non-psychiatric diagnosis changes nothing', { diagnoses: [{ code: 'I10' }, { code: 'G30.1' }] }, 70, 1, []],
    ['two risk events within 30 days raise one level', { riskEvents: [ev('2026-06-29'), ev('2026-05-31', 'choking')] }, 70, 2, ['risk_events']],
    ['one risk event does not raise', { riskEvents: [ev('2026-06-29')] }, 70, 1, []],
    ['events older than 30 days are ignored', { riskEvents: [ev('2026-06-29'), ev('2026-05-30'), ev('2026-01-01')] }, 70, 1, []],
    ['an event on the assessment day counts', { riskEvents: [ev(on), ev('2026-06-01', 'wandering')] }, 30, 4, ['risk_events']],
    ['several rules raise only one level', { diagnoses: [{ code: 'F01' }, { code: 'F32' }], riskEvents: [ev('2026-06-20'), ev('2026-06-21')] }, 66, 2, ['dementia', 'psychiatric', 'risk_events']],
    ['level 4 stays 4', { diagnoses: [{ code: 'F03' }] }, 10, 4, ['dementia']],
    ['coma makes level 4 directly [unconfirmed rule]', { consciousness: 0 }, 80, 4, ['coma']],
    ['coma after a raise', { consciousness: 0, diagnoses: [{ code: 'F03' }] }, 60, 4, ['dementia', 'coma']],
    ['drowsiness (1) is not coma', { consciousness: 1 }, 80, 1, []],
  ] as const)('%s', (_name, extra, total, final, rules) => {
    const r = determineLevel({ ...base, ...extra, total } as Parameters<typeof determineLevel>[0]);
    expect(r.finalLevel).toBe(final);
    expect(r.reasons.map((x) => x.rule)).toEqual(rules);
  });

  it('says why in Chinese', () => {
    const r = determineLevel({ ...base, total: 70, diagnoses: [{ code: 'F03' }], riskEvents: [ev('2026-06-29'), ev('2026-06-28', 'choking')] });
    expect(r.reasons.map((x) => x.text)).toEqual([
      '确诊痴呆（F03）',
      '评估前30天内发生2次照护风险事件（跌倒、噎食）；等级上调一级：1级 → 2级',
    ]);
    expect(determineLevel({ ...base, total: 5, diagnoses: [{ code: 'F03' }] }).reasons[0]!.text).toContain('不再上调');
    expect(determineLevel({ ...base, total: 80, consciousness: 0 }).reasons[0]!.text).toBe(COMA_RULE.text);
  });
});

describe('ICD-10 codes', () => {
  it.each([['F03', true], ['F00.1', true], ['F03.X00', true], ['G30', true], ['F3', false], ['03F', false], ['F03.', false], ['痴呆', false]])('%s well-formed: %s', (code, ok) => {
    expect(isIcd10Code(code)).toBe(ok);
  });
  it.each([['F00', 'dementia'], ['F03.9', 'dementia'], ['F04', 'psychiatric'], ['F99', 'psychiatric'], ['G30', null]])('%s → %s', (code, cat) => {
    expect(diagnosisCategory(code)).toBe(cat);
  });
});

describe('dates, persons and assessors', () => {
  it.each([['2026-03-15', '2027-03-15'], ['2024-02-29', '2025-02-28'], ['2026-12-31', '2027-12-31']])('assessed %s → reassessment due %s', (on, due) => {
    expect(nextDueOn(on)).toBe(due);
  });

  it('assesses only living persons aged 60 or more on the assessment date', () => {
    expect(assessabilityProblem({ birthDate: '1966-06-30', status: 'alive' }, '2026-06-30')).toBeNull();
    expect(assessabilityProblem({ birthDate: '1966-07-01', status: 'alive' }, '2026-06-30')).toBe('该人员在评估日期时 59 周岁，未满 60 周岁，不属于老年人能力评估对象');
    expect(assessabilityProblem({ birthDate: '1940-01-01', status: 'deceased', deathDate: '2026-01-01' }, '2026-06-30')).toBe('该人员已死亡，不能评估');
    expect(assessabilityProblem({ birthDate: '1940-01-01', status: 'missing' }, '2026-06-30')).toContain('不能评估');
  });

  it('wants two different assessors with certificates', () => {
    expect(assessorProblems([{ name: '王评', certNo: 'A1' }, { name: '李估', certNo: 'A2' }])).toEqual([]);
    expect(assessorProblems([{ name: '王评', certNo: 'A1' }])).toEqual([{ path: 'assessors', message: '每次评估应由 2 名评估员共同完成' }]);
    expect(assessorProblems([{ name: '王评', certNo: 'A1' }, { name: '王评', certNo: 'A1' }]).map((p) => p.message)).toEqual(['两名评估员不能是同一人', '两名评估员的证书编号不能相同']);
    expect(assessorProblems([{ name: '王评', certNo: '' }, { name: '李估', certNo: 'A2' }])).toEqual([{ path: 'assessors[0].certNo', message: '请填写第 1 名评估员的资格证书编号' }]);
  });

  it('refuses risk events after the assessment date', () => {
    expect(riskEventProblems([{ kind: 'fall', date: '2026-07-01' }], '2026-06-30')).toEqual([{ path: 'riskEvents[0].date', message: '风险事件日期不能晚于评估日期' }]);
  });
});
