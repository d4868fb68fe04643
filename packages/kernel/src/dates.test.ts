import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.ts';
import {
  addCalendarDays,
  addMonths,
  addMonthsToDate,
  calendarDaysBetween,
  compareIsoDates,
  dayOfWeek,
  daysInMonth,
  firstDayOfMonth,
  fromDayNumber,
  isIsoDate,
  isWeekend,
  lastDayOfMonth,
  nextMonthOf,
  parseIsoDate,
  parseYearMonth,
  toDayNumber,
  todayInShanghai,
  toShanghaiIso,
  yearMonthOf,
} from './dates.ts';

describe('parseIsoDate / isIsoDate', () => {
  it.each([
    ['2025-03-31', { year: 2025, month: 3, day: 31 }],
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
    ['1900-01-01', { year: 1900, month: 1, day: 1 }],
  ])('accepts %s', (text, parts) => {
    expect(parseIsoDate(text)).toEqual(parts);
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    '2025-02-29', // not a leap year
    '1900-02-29', // century, not divisible by 400
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-1-5',
    '20250105',
    '2025-01-05T00:00:00Z',
    ' 2025-01-05',
    '',
  ])('rejects %j', (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(() => parseIsoDate(text)).toThrowError(DomainError);
  });

  it('uses the given label in the message', () => {
    expect(() => parseIsoDate('2025-02-30', '受理日期')).toThrowError(/受理日期/);
  });

  it('isIsoDate rejects non-strings', () => {
    expect(isIsoDate(20250101)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe('day numbers and calendar-day arithmetic', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11017],
  ])('%s is day %d', (date, n) => {
    expect(toDayNumber(date)).toBe(n);
    expect(fromDayNumber(n)).toBe(date);
  });

  it.each([
    ['2025-02-28', 1, '2025-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-03-10', 30, '2025-04-09'],
    ['2025-03-10', 0, '2025-03-10'],
    ['2025-01-01', 365, '2026-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
  ])('%s + %d days = %s', (date, n, expected) => {
    expect(addCalendarDays(date, n)).toBe(expected);
    expect(calendarDaysBetween(date, expected)).toBe(n);
  });

  it('crosses the (non-existent for us) DST boundaries of other zones without drift', () => {
    // 2025-03-30 is the EU DST switch; naive local-time arithmetic loses an hour there.
    expect(addCalendarDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(addCalendarDays('2025-10-25', 2)).toBe('2025-10-27');
  });

  it('refuses fractional day counts', () => {
    expect(() => addCalendarDays('2025-01-01', 1.5)).toThrowError(DomainError);
  });

  it.each([
    ['2025-03-03', 1, false], // Monday
    ['2025-03-08', 6, true], // Saturday
    ['2025-03-09', 0, true], // Sunday
    ['2025-10-01', 3, false], // Wednesday
    ['1970-01-01', 4, false], // Thursday
    ['1969-12-28', 0, true], // Sunday before the epoch
  ])('%s is weekday %d (weekend %s)', (date, dow, weekend) => {
    expect(dayOfWeek(date)).toBe(dow);
    expect(isWeekend(date)).toBe(weekend);
  });

  it('compareIsoDates orders dates', () => {
    expect(compareIsoDates('2025-01-01', '2025-01-02')).toBeLessThan(0);
    expect(compareIsoDates('2025-01-02', '2025-01-02')).toBe(0);
    expect(compareIsoDates('2026-01-01', '2025-12-31')).toBeGreaterThan(0);
  });
});

describe('todayInShanghai / toShanghaiIso', () => {
  it.each([
    ['2025-03-30T15:59:59.999Z', '2025-03-30'],
    ['2025-03-30T16:00:00.000Z', '2025-03-31'], // midnight in Beijing
    ['2024-12-31T16:30:00Z', '2025-01-01'],
    ['2025-06-01T00:00:00+08:00', '2025-06-01'],
  ])('%s is %s in Beijing', (instant, date) => {
    expect(todayInShanghai(new Date(instant))).toBe(date);
  });

  it('defaults to the current instant', () => {
    expect(isIsoDate(todayInShanghai())).toBe(true);
  });

  it('renders instants with +08:00', () => {
    expect(toShanghaiIso(new Date('2025-03-31T01:30:00Z'))).toBe('2025-03-31T09:30:00+08:00');
    expect(toShanghaiIso(new Date('2025-03-31T20:00:00Z'))).toBe('2025-04-01T04:00:00+08:00');
    expect(() => toShanghaiIso(new Date('nope'))).toThrowError(DomainError);
  });
});

describe('months', () => {
  it.each([
    ['2025-03', 1, '2025-04'],
    ['2025-12', 1, '2026-01'],
    ['2025-01', -1, '2024-12'],
    ['2025-01', -13, '2023-12'],
    ['2025-06', 24, '2027-06'],
    ['2025-06', 0, '2025-06'],
  ])('addMonths(%s, %d) = %s', (ym, n, expected) => {
    expect(addMonths(ym, n)).toBe(expected);
  });

  it.each([
    ['2025-03-31', '2025-04'], // E10: decision on the last day of March → benefit from April
    ['2025-04-01', '2025-05'], // E10: decision on 1 April → May
    ['2025-12-15', '2026-01'],
    ['2024-02-29', '2024-03'],
  ])('nextMonthOf(%s) = %s', (date, expected) => {
    expect(nextMonthOf(date)).toBe(expected);
  });

  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2025-03-15', 1, '2025-04-15'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-05-31', -1, '2025-04-30'],
  ])('addMonthsToDate(%s, %d) = %s', (date, n, expected) => {
    expect(addMonthsToDate(date, n)).toBe(expected);
  });

  it.each([
    [2025, 2, 28],
    [2024, 2, 29],
    [2100, 2, 28],
    [2000, 2, 29],
    [2025, 4, 30],
    [2025, 12, 31],
  ])('daysInMonth(%d, %d) = %d', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it('month helpers', () => {
    expect(yearMonthOf('2025-03-31')).toBe('2025-03');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(firstDayOfMonth('2024-02')).toBe('2024-02-01');
    expect(parseYearMonth('2025-11')).toEqual({ year: 2025, month: 11 });
  });

  it.each(['2025-13', '2025-00', '2025-3', '2025/03', '2025-03-01'])('rejects year-month %j', (ym) => {
    expect(() => parseYearMonth(ym)).toThrowError(DomainError);
    expect(() => addMonths(ym, 1)).toThrowError(DomainError);
  });
});
