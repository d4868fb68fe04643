import { describe, expect, it } from 'vitest';
import { calendarDaysAfter, deadlineFromHours, isWithinPeriod, periodEnd, type PeriodUnit } from './civil-period.ts';
import { DomainError } from './domain-error.ts';
import { CalendarNotCoveredError, coveredYears } from './holiday-calendar.ts';

describe('periodEnd (民法典第二百零一至二百零三条)', () => {
  it.each<[string, number, PeriodUnit, string, string, string]>([
    // Days: start not counted, day N = start + N.
    ['2025-09-10', 30, 'day', '2025-10-10', '2025-10-10', 'Friday, a working day: no change'],
    ['2025-09-01', 30, 'day', '2025-10-01', '2025-10-09', 'lands on 国庆 → day after the holiday'],
    ['2025-01-20', 10, 'day', '2025-01-30', '2025-02-05', 'lands in 春节 → 02-05'],
    ['2025-03-01', 7, 'day', '2025-03-08', '2025-03-10', 'Saturday → Monday (weekends are 休假日)'],
    ['2025-04-28', 7, 'day', '2025-05-05', '2025-05-06', '7日公示 ending on the 劳动节 Monday'],
    ['2025-10-01', 10, 'day', '2025-10-11', '2025-10-11', '调休 Saturday is a working day: no change'],
    ['2025-01-19', 7, 'day', '2025-01-26', '2025-01-26', '调休 Sunday is a working day: no change'],
    ['2025-12-31', 1, 'day', '2026-01-01', '2026-01-04', '元旦 01-01..03; the day after is the 调休 Sunday, a working day'],
    // Months: corresponding day, or the month's last day (第二百零二条).
    ['2025-03-15', 1, 'month', '2025-04-15', '2025-04-15', 'corresponding day'],
    ['2025-01-31', 1, 'month', '2025-02-28', '2025-02-28', 'no 02-31 → last day of February'],
    ['2024-01-31', 1, 'month', '2024-02-29', '2024-02-29', 'leap year'],
    ['2025-03-31', 1, 'month', '2025-04-30', '2025-04-30', 'no 04-31'],
    ['2025-05-31', 3, 'month', '2025-08-31', '2025-09-01', 'Sunday → Monday'],
    ['2025-09-01', 1, 'month', '2025-10-01', '2025-10-09', 'into 国庆'],
    ['2026-01-15', 1, 'month', '2026-02-15', '2026-02-24', 'into the nine-day 2026 春节'],
    // Years.
    ['2024-02-29', 1, 'year', '2025-02-28', '2025-02-28', 'no 02-29 in 2025'],
    ['2025-10-01', 1, 'year', '2026-10-01', '2026-10-08', 'into 2026 国庆'],
    ['2023-09-29', 2, 'year', '2025-09-29', '2025-09-29', 'Monday'],
  ])('%s + %d %s: nominal %s, ends %s (%s)', (start, amount, unit, nominal, end) => {
    const result = periodEnd({ start, amount, unit });
    expect(result.nominalEndDate).toBe(nominal);
    expect(result.endDate).toBe(end);
    expect(result.extendedForHoliday).toBe(nominal !== end);
    expect(result.endsAt).toBe(`${end} 24:00`);
  });

  it('gives the exclusive end instant in Beijing time', () => {
    expect(periodEnd({ start: '2025-09-01', amount: 30, unit: 'day' })).toEqual({
      endDate: '2025-10-09',
      nominalEndDate: '2025-10-01',
      extendedForHoliday: true,
      endsAt: '2025-10-09 24:00',
      endsBefore: '2025-10-10T00:00:00+08:00',
    });
    expect(periodEnd({ start: '2025-12-01', amount: 30, unit: 'day' }).endsBefore).toBe('2026-01-01T00:00:00+08:00');
  });

  it.each([
    [{ start: '2025-02-30', amount: 1, unit: 'day' as PeriodUnit }, /期间起算日/],
    [{ start: '2025-03-01', amount: 0, unit: 'day' as PeriodUnit }, /正整数/],
    [{ start: '2025-03-01', amount: -3, unit: 'month' as PeriodUnit }, /正整数/],
    [{ start: '2025-03-01', amount: 1.5, unit: 'year' as PeriodUnit }, /正整数/],
    [{ start: '2025-03-01', amount: 1, unit: 'week' as PeriodUnit }, /期间单位/],
  ])('rejects %j', (input, message) => {
    expect(() => periodEnd(input)).toThrowError(DomainError);
    expect(() => periodEnd(input)).toThrowError(message);
  });

  it('refuses to decide an end date in a year without holiday data', () => {
    const lastYear = coveredYears().at(-1)!;
    expect(() => periodEnd({ start: `${lastYear}-12-20`, amount: 30, unit: 'day' })).toThrowError(CalendarNotCoveredError);
  });
});

describe('isWithinPeriod', () => {
  const period = { start: '2025-09-01', amount: 30, unit: 'day' as PeriodUnit };
  it.each([
    ['2025-09-01', false], // the start day itself is not counted
    ['2025-09-02', true],
    ['2025-10-01', true],
    ['2025-10-09', true], // extended last day
    ['2025-10-10', false],
    ['2025-08-31', false],
  ])('%s → %s', (date, expected) => {
    expect(isWithinPeriod(period, date)).toBe(expected);
  });
});

describe('calendarDaysAfter (no holiday rule)', () => {
  it.each([
    ['2025-09-10', 30, '2025-10-10'],
    ['2025-09-01', 30, '2025-10-01'], // stays on the holiday
    ['2025-03-01', 7, '2025-03-08'], // stays on Saturday
    ['2026-12-20', 30, '2027-01-19'], // needs no holiday table
    ['2025-03-01', 0, '2025-03-01'],
  ])('%s + %d = %s', (start, n, expected) => {
    expect(calendarDaysAfter(start, n)).toBe(expected);
  });

  it.each([-1, 2.5])('rejects %d', (n) => {
    expect(() => calendarDaysAfter('2025-03-01', n)).toThrowError(DomainError);
  });
});

describe('deadlineFromHours', () => {
  it.each([
    ['2025-03-31T09:30:00+08:00', 24, '2025-04-01T09:30:00+08:00'],
    ['2025-03-31T09:30', 24, '2025-04-01T09:30:00+08:00'], // no offset = Beijing time
    ['2025-03-31T01:30:00Z', 48, '2025-04-02T09:30:00+08:00'],
    ['2025-09-30T18:00:00+08:00', 72, '2025-10-03T18:00:00+08:00'], // hours run through holidays
    ['2025-03-31T23:00:00-05:00', 1, '2025-04-01T13:00:00+08:00'],
    ['2025-12-31T23:30:00.500+08:00', 1, '2026-01-01T00:30:00+08:00'],
    ['2025-03-31T09:30:00+08:00', 0, '2025-03-31T09:30:00+08:00'],
  ])('%s + %dh = %s', (start, hours, expected) => {
    expect(deadlineFromHours(start, hours)).toBe(expected);
  });

  it.each<[string, number]>([
    ['2025-03-31', 24], // a date, not an instant
    ['2025-02-30T10:00', 1],
    ['2025-03-31T25:00', 1],
    ['31/03/2025 09:30', 1],
    ['2025-03-31T09:30', -1],
    ['2025-03-31T09:30', 1.5],
  ])('rejects %j + %d', (start, hours) => {
    expect(() => deadlineFromHours(start, hours)).toThrowError(DomainError);
  });
});
