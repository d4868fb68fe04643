import { describe, expect, it } from 'vitest';
import {
  addWorkingDaysOrEstimate, isWorkingDayOrEstimate, STATUTORY_REST_DAYS, workingDayOnOrAfterOrEstimate,
  workingDaysBetweenOrEstimate,
} from './estimated-working-days.ts';
import { dayOfWeek } from './dates.ts';

describe('working days outside the holiday table', () => {
  it.each([
    ['2026-10-08', true, false], // inside the table: exact (国庆 makeup week)
    ['2026-10-10', true, false], // 调休上班 Saturday, exact
    ['2027-01-01', false, true], // 元旦
    ['2027-02-05', false, true], // 除夕
    ['2027-02-08', false, true], // 初三 (Monday)
    ['2027-02-09', true, true], // an ordinary Tuesday after 春节
    ['2027-04-05', false, true], // 清明
    ['2027-06-09', false, true], // 端午
    ['2027-09-15', false, true], // 中秋
    ['2027-10-01', false, true], // 国庆
    ['2027-10-04', true, true], // Monday after the three fixed days: the notice's 调休 is unknown
    ['2027-01-09', false, true], // an ordinary Saturday
    ['2029-01-01', true, true], // no fixed days listed that far ahead: Monday–Friday only
  ])('%s working=%s estimated=%s', (date, working, estimated) => {
    expect(isWorkingDayOrEstimate(date)).toEqual({ working, estimated });
  });

  it('lists only real dates, each in its own year', () => {
    for (const [year, dates] of Object.entries(STATUTORY_REST_DAYS)) {
      for (const date of dates) {
        expect(date.slice(0, 4)).toBe(year);
        expect(dayOfWeek(date)).toBeGreaterThanOrEqual(0);
      }
      expect(new Set(dates).size).toBe(dates.length);
    }
  });

  it('counts a 30-working-day clock across 元旦 2027', () => {
    // Accepted Monday 2026-11-23: 2026 is exact (no holidays left in it), 2027-01-01 is skipped.
    const due = addWorkingDaysOrEstimate('2026-11-23', 30);
    expect(due).toEqual({ date: '2027-01-05', estimated: true });
    expect(workingDaysBetweenOrEstimate('2026-11-23', due.date)).toEqual({ count: 30, estimated: true });
    expect(workingDaysBetweenOrEstimate(due.date, '2026-11-23')).toEqual({ count: -30, estimated: true });
  });

  it('is exact while the whole span is in the table', () => {
    expect(addWorkingDaysOrEstimate('2026-09-30', 1)).toEqual({ date: '2026-10-08', estimated: false });
    expect(workingDaysBetweenOrEstimate('2026-09-30', '2026-10-09')).toEqual({ count: 2, estimated: false });
  });

  it('rolls a rest day forward to the next (estimated) working day', () => {
    expect(workingDayOnOrAfterOrEstimate('2027-02-05')).toEqual({ date: '2027-02-09', estimated: true });
    expect(workingDayOnOrAfterOrEstimate('2027-02-09')).toEqual({ date: '2027-02-09', estimated: true });
    expect(workingDayOnOrAfterOrEstimate('2026-11-23')).toEqual({ date: '2026-11-23', estimated: false });
  });
});
