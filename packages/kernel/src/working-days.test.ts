import { describe, expect, it } from 'vitest';
import { addCalendarDays, calendarDaysBetween, dayOfWeek } from './dates.ts';
import { DomainError } from './domain-error.ts';
import { CalendarNotCoveredError, coveredYears } from './holiday-calendar.ts';
import {
  addWorkingDays,
  holidayName,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  workingDayOnOrAfter,
  workingDaysBetween,
} from './working-days.ts';

describe('isWorkingDay / holidayName', () => {
  it.each([
    ['2025-03-03', true, null], // ordinary Monday
    ['2025-03-08', false, null], // ordinary Saturday
    ['2025-01-26', true, null], // 调休 Sunday
    ['2025-01-30', false, '春节'],
    ['2025-02-08', true, null], // 调休 Saturday
    ['2025-04-04', false, '清明节'],
    ['2025-10-08', false, '国庆节、中秋节'],
    ['2025-10-11', true, null],
    ['2026-02-23', false, '春节'], // 2026 春节 is nine days
    ['2026-02-28', true, null],
    ['2026-01-04', true, null], // Sunday after 2026 元旦
  ])('%s working=%s holiday=%s', (date, working, name) => {
    expect(isWorkingDay(date)).toBe(working);
    expect(holidayName(date)).toBe(name);
  });
});

describe('addWorkingDays: start day not counted', () => {
  it('Mon 2025-03-03 + 3 working days = Thu 2025-03-06', () => {
    expect(addWorkingDays('2025-03-03', 3)).toBe('2025-03-06');
  });

  describe('E10: 低保 clock for an application accepted on Monday 2025-06-09 (no holidays until 国庆)', () => {
    const accepted = '2025-06-09';

    it('investigation starts by working day 3 (Thu 06-12)', () => {
      expect(addWorkingDays(accepted, 3)).toBe('2025-06-12');
    });

    it('township-delegated procedure is due by working day 20 (Mon 07-07)', () => {
      expect(addWorkingDays(accepted, 20)).toBe('2025-07-07');
    });

    it('whole procedure due by working day 30 (Mon 07-21, six calendar weeks)', () => {
      const due = addWorkingDays(accepted, 30);
      expect(due).toBe('2025-07-21');
      expect(calendarDaysBetween(accepted, due)).toBe(42);
    });

    it('extended ceiling is working day 45 (Mon 08-11)', () => {
      expect(addWorkingDays(accepted, 45)).toBe('2025-08-11');
    });

    it('the 30-day clock read back on the due date says 30', () => {
      expect(workingDaysBetween(accepted, '2025-07-21')).toBe(30);
      expect(workingDaysBetween(accepted, '2025-07-18')).toBe(29);
    });
  });

  it('E10 across 清明: accepted Mon 2025-03-03 is due by working day 30 one day later than without the holiday', () => {
    // 03-04 … 04-14 holds 30 weekdays, but Fri 04-04 is 清明, so the 30th working day is Tue 04-15.
    expect(addWorkingDays('2025-03-03', 30)).toBe('2025-04-15');
  });

  it.each([
    // 2025 春节: holiday 01-28..02-04, make-up Sun 01-26 and Sat 02-08.
    ['2025-01-24', 1, '2025-01-26'],
    ['2025-01-24', 2, '2025-01-27'],
    ['2025-01-24', 3, '2025-02-05'],
    ['2025-01-24', 6, '2025-02-08'],
    ['2025-01-24', 7, '2025-02-10'],
    ['2025-01-27', 1, '2025-02-05'],
    // 2025 国庆/中秋: holiday 10-01..10-08, make-up Sun 09-28 and Sat 10-11.
    ['2025-09-26', 1, '2025-09-28'],
    ['2025-09-26', 3, '2025-09-30'],
    ['2025-09-26', 4, '2025-10-09'],
    ['2025-09-26', 6, '2025-10-11'],
    ['2025-09-26', 7, '2025-10-13'],
    ['2025-10-01', 1, '2025-10-09'], // counting from inside a holiday
    // 2026 春节: holiday 02-15..02-23, make-up Sat 02-14 and Sat 02-28.
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-13', 2, '2026-02-24'],
    ['2026-02-13', 6, '2026-02-28'],
    ['2026-02-13', 7, '2026-03-02'],
    // Across the year end: 2023 元旦 began on Sat 2022-12-31.
    ['2022-12-30', 1, '2023-01-03'],
    ['2024-12-31', 1, '2025-01-02'],
    ['2025-03-07', 1, '2025-03-10'],
    ['2025-03-07', 0, '2025-03-07'],
    ['2025-03-08', 0, '2025-03-08'], // 0 returns the start even on a weekend
  ])('%s + %d working days = %s', (start, n, expected) => {
    expect(addWorkingDays(start, n)).toBe(expected);
  });

  it.each([
    ['2025-02-05', -1, '2025-01-27'],
    ['2025-02-05', -2, '2025-01-26'],
    ['2025-02-05', -3, '2025-01-24'],
    ['2025-03-10', -1, '2025-03-07'],
  ])('%s %d working days = %s (counting back)', (start, n, expected) => {
    expect(addWorkingDays(start, n)).toBe(expected);
  });

  it('refuses to run off the end of the table', () => {
    expect(addWorkingDays('2026-12-30', 1)).toBe('2026-12-31');
    const lastYear = coveredYears().at(-1)!;
    expect(() => addWorkingDays(`${lastYear}-12-31`, 5)).toThrowError(CalendarNotCoveredError);
    expect(() => addWorkingDays('2015-01-05', -5)).toThrowError(CalendarNotCoveredError);
  });

  it('refuses fractional counts and bad dates', () => {
    expect(() => addWorkingDays('2025-03-03', 1.5)).toThrowError(DomainError);
    expect(() => addWorkingDays('2025-02-30', 1)).toThrowError(DomainError);
  });

  it('never lands on a non-working day for n ≥ 1', () => {
    for (let start = '2025-01-01'; start <= '2025-12-31'; start = addCalendarDays(start, 7)) {
      for (const n of [1, 2, 5, 10, 20, 30]) expect(isWorkingDay(addWorkingDays(start, n))).toBe(true);
    }
  });
});

describe('workingDaysBetween: (a, b]', () => {
  it.each([
    ['2025-03-03', '2025-03-03', 0],
    ['2025-03-07', '2025-03-08', 0], // Fri → Sat
    ['2025-03-07', '2025-03-10', 1],
    ['2025-03-03', '2025-03-06', 3],
    ['2025-01-24', '2025-02-10', 7],
    ['2025-09-30', '2025-10-09', 1],
    ['2025-03-10', '2025-03-07', -1],
    ['2025-02-10', '2025-01-24', -7],
    // Whole years: 261 weekdays − 18 weekday holidays + 5 make-up days = 248 (2025);
    // 261 − 19 + 6 = 248 (2026).
    ['2024-12-31', '2025-12-31', 248],
    ['2025-12-31', '2026-12-31', 248],
  ])('(%s, %s] = %d', (a, b, expected) => {
    expect(workingDaysBetween(a, b)).toBe(expected);
  });

  it('inverts addWorkingDays', () => {
    for (let start = '2024-01-05'; start <= '2026-06-30'; start = addCalendarDays(start, 11)) {
      for (const n of [1, 3, 20, 30, 45, 60]) {
        expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
      }
    }
  });

  it('refuses uncovered dates', () => {
    const lastYear = coveredYears().at(-1)!;
    expect(() => workingDaysBetween(`${lastYear}-12-01`, `${lastYear + 1}-01-10`)).toThrowError(CalendarNotCoveredError);
  });
});

describe('next / previous / on-or-after', () => {
  it.each([
    ['2025-03-07', '2025-03-10', '2025-03-06'],
    ['2025-09-30', '2025-10-09', '2025-09-29'],
    ['2025-10-09', '2025-10-10', '2025-09-30'],
    ['2025-01-25', '2025-01-26', '2025-01-24'], // Saturday before the 调休 Sunday
  ])('around %s: next %s, previous %s', (date, next, previous) => {
    expect(nextWorkingDay(date)).toBe(next);
    expect(previousWorkingDay(date)).toBe(previous);
  });

  it.each([
    ['2025-10-05', '2025-10-09'],
    ['2025-10-09', '2025-10-09'],
    ['2025-10-11', '2025-10-11'],
    ['2025-03-08', '2025-03-10'],
  ])('workingDayOnOrAfter(%s) = %s', (date, expected) => {
    expect(workingDayOnOrAfter(date)).toBe(expected);
  });

  it('make-up working days really are weekends', () => {
    for (const date of ['2025-01-26', '2025-02-08', '2025-09-28', '2025-10-11']) {
      expect([0, 6]).toContain(dayOfWeek(date));
      expect(isWorkingDay(date)).toBe(true);
    }
  });
});
