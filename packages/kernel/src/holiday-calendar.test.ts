import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { addCalendarDays } from './dates.ts';
import { DomainError } from './domain-error.ts';
import {
  assertCoveredDate,
  buildCalendarIndex,
  calendarDay,
  CalendarNotCoveredError,
  coveredYears,
  HOLIDAY_CALENDAR,
  isCoveredDate,
  type HolidayYear,
} from './holiday-calendar.ts';

describe('coverage', () => {
  it('covers 2015 through at least 2026 without gaps', () => {
    const years = coveredYears();
    expect(years[0]).toBe(2015);
    expect(years).toContain(2026);
    // A gap would make a deadline that spans it throw halfway; contiguous years keep coverage a simple range.
    expect(years).toEqual(years.map((_, i) => 2015 + i));
  });

  it.each([
    ['2015-01-01', true],
    ['2026-12-31', true],
    ['2014-12-31', false],
    ['2099-01-01', false],
    ['2026-02-30', false],
  ])('isCoveredDate(%s) = %s', (date, covered) => {
    expect(isCoveredDate(date)).toBe(covered);
  });

  it.each(['2014-12-31', `${coveredYears().at(-1)! + 1}-01-04`, '1999-10-01'])('refuses to classify %s instead of guessing Mon–Fri', (date) => {
    expect(() => calendarDay(date)).toThrowError(CalendarNotCoveredError);
    try {
      assertCoveredDate(date);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('CALENDAR_NOT_COVERED');
      expect((error as DomainError).status).toBe(500);
      expect((error as DomainError).detail).toContain(`2015–${coveredYears().at(-1)}`);
      expect((error as CalendarNotCoveredError).date).toBe(date);
    }
  });

  it('a malformed date is a 422, not a coverage problem', () => {
    expect(() => calendarDay('2025-02-29')).toThrowError(expect.objectContaining({ code: 'INVALID', status: 422 }));
  });
});

describe('facts checked by hand against the State Council notices', () => {
  const holidayRange = (year: number, name: string) => {
    const period = HOLIDAY_CALENDAR.find((entry) => entry.year === year)?.holidays.find((p) => p.name === name);
    return period && [period.from, period.to];
  };
  const makeup = (year: number) => HOLIDAY_CALENDAR.find((entry) => entry.year === year)?.makeupWorkdays;

  it.each([
    [2025, '春节', '2025-01-28', '2025-02-04'],
    [2025, '国庆节、中秋节', '2025-10-01', '2025-10-08'],
    [2025, '劳动节', '2025-05-01', '2025-05-05'],
    [2026, '元旦', '2026-01-01', '2026-01-03'],
    [2026, '春节', '2026-02-15', '2026-02-23'],
    [2026, '国庆节', '2026-10-01', '2026-10-07'],
    [2026, '中秋节', '2026-09-25', '2026-09-27'],
    [2024, '春节', '2024-02-10', '2024-02-17'],
    [2023, '中秋节、国庆节', '2023-09-29', '2023-10-06'],
    [2020, '春节', '2020-01-24', '2020-02-02'], // extended by 国办发明电〔2020〕1号
    [2019, '元旦', '2018-12-30', '2019-01-01'],
    [2015, '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日', '2015-09-03', '2015-09-04'],
  ])('%d %s: %s..%s', (year, name, from, to) => {
    expect(holidayRange(year, name)).toEqual([from, to]);
  });

  it.each([
    [2025, ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']],
    [2026, ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']],
    [2019, ['2018-12-29', '2019-02-02', '2019-02-03', '2019-04-28', '2019-05-05', '2019-09-29', '2019-10-12']],
    [2020, ['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10']],
  ])('%d make-up working days', (year, dates) => {
    expect(makeup(year)).toEqual(dates);
  });

  it.each([
    ['2025-01-26', 'makeup-workday', true, null], // Sunday before 春节
    ['2025-01-28', 'holiday', false, '春节'], // 除夕, a Tuesday
    ['2025-02-04', 'holiday', false, '春节'],
    ['2025-02-05', 'workday', true, null],
    ['2025-02-08', 'makeup-workday', true, null], // Saturday
    ['2025-02-09', 'weekend', false, null],
    ['2025-10-06', 'holiday', false, '国庆节、中秋节'], // 中秋 itself
    ['2025-10-11', 'makeup-workday', true, null],
    ['2025-03-08', 'weekend', false, null],
    ['2025-03-10', 'workday', true, null],
    ['2020-02-01', 'holiday', false, '春节'], // was a make-up day before the 2020 extension
    ['2018-12-29', 'makeup-workday', true, null], // Saturday, for 2019 元旦
    ['2018-12-31', 'holiday', false, '元旦'],
    ['2015-06-21', 'holiday', false, '端午节'], // Sunday between 端午 and its 补休 Monday
    ['2015-09-06', 'makeup-workday', true, null],
  ])('%s is %s', (date, kind, working, holidayName) => {
    expect(calendarDay(date)).toEqual({ date, kind, working, holidayName });
  });
});

describe('table matches chinese-days for every date 2015-01-01..2026-12-31', () => {
  it('agrees on working/non-working, make-up days and holiday names on all 4383 days', () => {
    const mismatches: string[] = [];
    let days = 0;
    for (let date = '2015-01-01'; date <= '2026-12-31'; date = addCalendarDays(date, 1)) {
      days += 1;
      const ours = calendarDay(date);
      const theirs = chineseDays.getDayDetail(date);
      // Package names are "Spring Festival,春节,4" for listed days and "Saturday" etc. for plain days.
      const listedName = theirs.name.includes(',') ? theirs.name.split(',')[1] : null;
      const problems = [
        ours.working !== theirs.work && 'working',
        listedName !== null && !theirs.work && !(ours.kind === 'holiday' && ours.holidayName?.includes(listedName)) && 'holiday',
        listedName !== null && theirs.work && ours.kind !== 'makeup-workday' && 'make-up day',
        // Ours may include a weekend inside a period (2015-06-21); nothing else may differ.
        listedName === null && ours.kind === 'holiday' && !['Saturday', 'Sunday'].includes(theirs.name) && 'extra holiday',
      ].filter(Boolean);
      if (problems.length > 0) mismatches.push(`${date} ${problems.join('/')}: ours ${ours.kind} ${ours.holidayName}, theirs ${theirs.name}`);
    }
    expect(days).toBe(4383);
    expect(mismatches).toEqual([]);
  });
});

describe('buildCalendarIndex rejects inconsistent tables', () => {
  const base = (): HolidayYear => ({
    year: 2030,
    holidays: [{ name: '元旦', from: '2030-01-01', to: '2030-01-01' }],
    makeupWorkdays: ['2030-01-05'],
  });

  it('accepts a well-formed year', () => {
    expect(buildCalendarIndex([base()]).years.has(2030)).toBe(true);
  });

  it.each<[string, (year: HolidayYear) => HolidayYear[], RegExp]>([
    ['duplicate year', (y) => [y, y], /appears twice/],
    ['make-up day on a weekday', (y) => [{ ...y, makeupWorkdays: ['2030-01-07'] }], /not a weekend day/],
    ['reversed range', (y) => [{ ...y, holidays: [{ name: '春节', from: '2030-02-05', to: '2030-02-01' }] }], /bad range/],
    ['impossible date', (y) => [{ ...y, holidays: [{ name: '春节', from: '2030-02-30', to: '2030-03-01' }] }], /bad range/],
    [
      'overlapping periods',
      (y) => [
        {
          ...y,
          holidays: [
            { name: '中秋节', from: '2030-09-12', to: '2030-09-14' },
            { name: '国庆节', from: '2030-09-14', to: '2030-09-20' },
          ],
        },
      ],
      /two holiday periods/,
    ],
    ['date outside the notice year', (y) => [{ ...y, holidays: [{ name: '元旦', from: '2029-11-30', to: '2030-01-01' }] }], /outside/],
    ['make-up day inside a holiday', (y) => [{ ...y, holidays: [{ name: '元旦', from: '2030-01-01', to: '2030-01-06' }] }], /both a holiday/],
    ['unnamed holiday', (y) => [{ ...y, holidays: [{ name: '', from: '2030-01-01', to: '2030-01-01' }] }], /without a name/],
  ])('%s', (_label, mutate, message) => {
    expect(() => buildCalendarIndex(mutate(base()))).toThrowError(message);
  });
});
