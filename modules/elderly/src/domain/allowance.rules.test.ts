import { describe, expect, it } from 'vitest';
import {
  ageForMonth, ageOnDate, ageReachedInMonth, birthdayAt, bracketFor, firstMonthAtAge, lastPaidMonth, levelChangeMonths, longevityFor, lowIncomeStopMonth,
  paramProblems, reassessmentFlag, resolveParams, subsidyFor, type AgeBracket,
} from './allowance.rules.ts';

// The Beijing example of rules.md 7.3: 80–89: 100 元/月, 90–99: 500, ≥ 100: 800.
const BEIJING: AgeBracket[] = [
  { fromAge: 80, toAge: 89, monthlyFen: 10_000 }, { fromAge: 90, toAge: 99, monthlyFen: 50_000 }, { fromAge: 100, toAge: null, monthlyFen: 80_000 },
];

describe('age on a date (周岁)', () => {
  it.each([
    ['1946-05-15', '2026-05-14', 79, 'the day before the 80th birthday'],
    ['1946-05-15', '2026-05-15', 80, 'the birthday itself'],
    ['1946-05-15', '2026-12-31', 80, 'later that year'],
    ['1946-02-28', '2026-02-27', 79, 'a 02-28 birth, the day before'],
    ['1944-02-29', '2024-02-28', 79, 'a leap-day birth in a leap year: not yet on 02-28'],
    ['1944-02-29', '2024-02-29', 80, 'a leap-day birth in a leap year: on 02-29'],
    ['1946-02-28', '2026-02-28', 80, 'common year, ordinary birthday'],
    ['1948-02-29', '2028-02-28', 79, 'leap year 2028: the birthday is 02-29'],
    ['1944-02-29', '2025-02-28', 81, 'common year: a leap-day birth has its birthday on 02-28 (民法典第二百零二条)'],
    ['1944-02-29', '2025-02-27', 80, 'common year: the day before 02-28'],
  ])('born %s, on %s → %i (%s)', (birth, on, age) => {
    expect(ageOnDate(birth, on)).toBe(age);
  });

  it('puts a leap-day birthday on 02-28 in a common year', () => {
    expect(birthdayAt('1946-02-28', 80)).toBe('2026-02-28');
    expect(birthdayAt('1944-02-29', 80)).toBe('2024-02-29');
    expect(birthdayAt('1944-02-29', 81)).toBe('2025-02-28');
  });
});

describe('age reached in a month and the bracket it gives', () => {
  it.each([
    // birth, month, age reached by the end of the month, bracket start (fen) under 'birthday_month'
    ['1946-05-15', '2026-04', 79, null],
    ['1946-05-15', '2026-05', 80, 10_000], // the birthday month: the day before the birthday already counts
    ['1946-05-31', '2026-05', 80, 10_000], // a birthday on the month's last day
    ['1946-05-01', '2026-05', 80, 10_000],
    ['1936-07-20', '2026-06', 89, 10_000], // 89 → 90 changes in July
    ['1936-07-20', '2026-07', 90, 50_000],
    ['1926-03-03', '2026-02', 99, 50_000],
    ['1926-03-03', '2026-03', 100, 80_000], // 100 and over, open-ended
    ['1916-03-03', '2026-03', 110, 80_000],
    ['1946-02-28', '2026-02', 80, 10_000],
    ['1944-02-29', '2024-02', 80, 10_000], // leap-day birth, leap year
    ['1945-02-28', '2025-01', 79, null],
    ['1946-03-01', '2026-02', 79, null], // born the day after a 02-28: still 79 in February
  ])('born %s, in %s → %i', (birth, month, age, fen) => {
    expect(ageReachedInMonth(birth, month)).toBe(age);
    expect(longevityFor({ brackets: BEIJING, startRule: 'birthday_month' }, birth, month)?.monthlyFen ?? null).toBe(fen);
  });

  it('a leap-day birth reaches 80 in February of a common year too', () => {
    // 1946 is not a leap year, so take a 1944 birth turning 81 in 2025 and an 80-year bracket from 81.
    expect(ageReachedInMonth('1944-02-29', '2025-02')).toBe(81);
    expect(ageReachedInMonth('1944-02-29', '2025-01')).toBe(80);
    expect(firstMonthAtAge('1944-02-29', 81, 'birthday_month')).toBe('2025-02');
  });

  it.each([
    ['birthday_month', '2026-05', 80, 10_000],
    ['next_month', '2026-05', 79, null],
    ['next_month', '2026-06', 80, 10_000],
  ] as const)('under %s, born 1946-05-15, in %s the age is %i', (rule, month, age, fen) => {
    expect(ageForMonth('1946-05-15', month, rule)).toBe(age);
    expect(longevityFor({ brackets: BEIJING, startRule: rule }, '1946-05-15', month)?.monthlyFen ?? null).toBe(fen);
  });

  it('gives the first month paid at an age under each rule, across the year end', () => {
    expect(firstMonthAtAge('1946-12-10', 80, 'birthday_month')).toBe('2026-12');
    expect(firstMonthAtAge('1946-12-10', 80, 'next_month')).toBe('2027-01');
  });

  it('finds the bracket at its edges', () => {
    expect(bracketFor(BEIJING, 79)).toBeNull();
    expect(bracketFor(BEIJING, 80)?.monthlyFen).toBe(10_000);
    expect(bracketFor(BEIJING, 89)?.monthlyFen).toBe(10_000);
    expect(bracketFor(BEIJING, 90)?.monthlyFen).toBe(50_000);
    expect(bracketFor(BEIJING, 99)?.monthlyFen).toBe(50_000);
    expect(bracketFor(BEIJING, 100)?.monthlyFen).toBe(80_000);
  });
});

describe('parameters', () => {
  const row = (id: string, regionCode: string, effectiveFrom: string) => ({ id, regionCode, effectiveFrom });
  const rows = [
    row('province-2026', '220000000000', '2026-01'),
    row('city-2026', '220100000000', '2026-01'),
    row('county-2027', '220105000000', '2027-01'),
    row('county-2026-07', '220105000000', '2026-07'),
    row('other-county', '220102000000', '2026-01'),
    row('other-province', '210000000000', '2025-01'),
  ];
  it.each([
    ['220105003005', '2026-03', 'city-2026'], // the county's own rows are not in force yet
    ['220105003005', '2026-07', 'county-2026-07'],
    ['220105000000', '2027-02', 'county-2027'], // the newest of the nearest region
    ['220102001001', '2026-01', 'other-county'],
    ['220200000000', '2026-05', 'province-2026'], // another city inherits the province
    ['220000000000', '2025-12', null],
  ])('for %s in %s the row %s applies', (region, month, id) => {
    expect(resolveParams(rows, region, month)?.id ?? null).toBe(id);
  });

  it('refuses overlapping brackets, ages under 60 and repeated levels', () => {
    expect(paramProblems({ brackets: BEIJING, serviceLevels: [], careLevels: [], subsidyMinAge: 60 })).toEqual([]);
    expect(paramProblems({
      brackets: [{ fromAge: 80, toAge: 90, monthlyFen: 1 }, { fromAge: 90, toAge: null, monthlyFen: 2 }, { fromAge: 55, toAge: 59, monthlyFen: 3 }],
      serviceLevels: [{ level: 1, monthlyFen: 1 }, { level: 1, monthlyFen: 2 }], careLevels: [], subsidyMinAge: 60,
    })).toEqual([
      { path: 'brackets.2.fromAge', message: '起始年龄不能低于60周岁（老年人权益保障法第二条）' },
      { path: 'brackets.1.fromAge', message: '与 80 周岁起的年龄段重叠' },
      { path: 'serviceLevels.1.level', message: '能力等级 1 重复设定' },
    ]);
    expect(paramProblems({ brackets: [{ fromAge: 90, toAge: 80, monthlyFen: 1 }], serviceLevels: [], careLevels: [], subsidyMinAge: 60 }))
      .toEqual([{ path: 'brackets.0.toAge', message: '截止年龄不能小于起始年龄' }]);
  });

  it('gives a subsidy by level, nothing for an uncovered level', () => {
    const p = { serviceLevels: [{ level: 1, monthlyFen: 10_000 }, { level: 4, monthlyFen: 40_000 }], careLevels: [{ level: 4, monthlyFen: 60_000 }] };
    expect(subsidyFor(p, 'elderly_service', 4)).toBe(40_000);
    expect(subsidyFor(p, 'elderly_care', 4)).toBe(60_000);
    expect(subsidyFor(p, 'elderly_care', 1)).toBe(0);
  });
});

describe('ends and reassessment', () => {
  it('pays through the death month, else through the month before the stop takes effect', () => {
    expect(lastPaidMonth('death', '2026-08', '2026-06-30')).toBe('2026-06');
    expect(lastPaidMonth('moved', '2026-08')).toBe('2026-07');
    expect(lastPaidMonth('refused', '2026-01')).toBe('2025-12');
  });

  it.each([
    [null, null],
    ['2026-05-01', 'overdue'],
    ['2026-05-10', 'due'],
    ['2026-06-09', 'due'],
    ['2026-06-10', null],
  ] as const)('due %s on 2026-05-10 → %s', (due, flag) => {
    expect(reassessmentFlag(due, '2026-05-10')).toBe(flag);
  });
});

describe('the monthly review of the subsidies', () => {
  // A reassessment takes effect from the month after its date, never before the enrolment began;
  // a level without an amount is paid at the old level through the reassessment's month.
  it.each([
    ['2026-05-20', '2026-01', '2026-06', '2026-05'],
    ['2026-05-01', '2026-05', '2026-06', '2026-05'],
    ['2026-04-15', '2026-05', '2026-05', '2026-04'], // assessed before the enrolment began: from the first month
    ['2026-12-31', '2026-03', '2027-01', '2026-12'],
  ] as const)('reassessed on %s, enrolled since %s → new amount from %s, or paid through %s', (assessedOn, since, effective, last) => {
    expect(levelChangeMonths(assessedOn, since)).toEqual({ effectiveMonth: effective, lastMonthIfStopped: last });
  });

  // 低保/特困/低保边缘 ended in month X → paid through X; unknown end → through the month before the run.
  it.each([
    ['2026-05', '2026-07', '2026-01', '2026-05'],
    [null, '2026-07', '2026-01', '2026-06'],
    ['2026-07', '2026-07', '2026-01', '2026-06'], // not an end before the run month: the month before the run
    ['2025-11', '2026-07', '2026-03', '2026-02'], // ended before the enrolment: nothing paid (the month before it began)
  ] as const)('status until %s, run %s, since %s → paid through %s', (until, run, since, last) => {
    expect(lowIncomeStopMonth(until, run, since)).toBe(last);
  });
});
