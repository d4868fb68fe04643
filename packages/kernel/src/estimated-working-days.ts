/**
 * Working days for a year the holiday table does not cover yet, as an estimate that is flagged.
 *
 * The State Council's yearly notice (调休 included) is the only source of exact working days, so the
 * exact functions in working-days.ts refuse such years. A case clock cannot simply fail, though:
 * in late November every 30-working-day clock runs into next year. The estimate takes what the law
 * already fixes — the rest days of 《全国年节及纪念日放假办法》(2024年修订, 第二条): 元旦 1.1, 春节
 * 除夕至初三, 清明 1 day, 劳动节 5.1–5.2, 端午 1 day, 中秋 1 day, 国庆 10.1–10.3 — and counts the
 * other Mondays–Fridays as working days. It cannot know the notice's 调休 (a weekday off swapped for
 * a weekend worked), so it may be a day off either way around those weeks; callers show it as an
 * estimate, and it corrects itself once the year is added to holiday-calendar.data.ts.
 */
import { addCalendarDays, isWeekend, type IsoDate } from './dates.ts';
import { isCoveredDate } from './holiday-calendar.ts';
import { isWorkingDay } from './working-days.ts';

/**
 * The fixed statutory rest days of years after the table. Lunar festivals are converted with the
 * published 农历 (2027: 春节 2.6, 清明 4.5, 端午 6.9, 中秋 9.15; 2028: 春节 1.26, 清明 4.4, 端午 5.28, 中秋 10.3).
 */
export const STATUTORY_REST_DAYS: Readonly<Record<number, readonly IsoDate[]>> = {
  2027: [
    '2027-01-01',
    '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08',
    '2027-04-05',
    '2027-05-01', '2027-05-02',
    '2027-06-09',
    '2027-09-15',
    '2027-10-01', '2027-10-02', '2027-10-03',
  ],
  2028: [
    '2028-01-01',
    '2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28',
    '2028-04-04',
    '2028-05-01', '2028-05-02',
    '2028-05-28',
    // 中秋 falls on 10.3, inside 国庆; the notice will add a day that cannot be guessed.
    '2028-10-01', '2028-10-02', '2028-10-03',
  ],
};

const REST_DAYS = new Set(Object.values(STATUTORY_REST_DAYS).flat());

/** Exact inside the holiday table; outside it, Monday–Friday minus the fixed statutory rest days. */
export function isWorkingDayOrEstimate(date: IsoDate): { working: boolean; estimated: boolean } {
  if (isCoveredDate(date)) return { working: isWorkingDay(date), estimated: false };
  return { working: !isWeekend(date) && !REST_DAYS.has(date), estimated: true };
}

/** The n-th working day after `start` (n ≥ 0), and whether any day on the way was estimated. */
export function addWorkingDaysOrEstimate(start: IsoDate, n: number): { date: IsoDate; estimated: boolean } {
  let date = start;
  let estimated = false;
  for (let left = n; left > 0;) {
    date = addCalendarDays(date, 1);
    const day = isWorkingDayOrEstimate(date);
    estimated ||= day.estimated;
    if (day.working) left -= 1;
  }
  return { date, estimated };
}

/** Working days in (a, b], negative when b < a, and whether any day counted was estimated. */
export function workingDaysBetweenOrEstimate(a: IsoDate, b: IsoDate): { count: number; estimated: boolean } {
  if (b < a) {
    const back = workingDaysBetweenOrEstimate(b, a);
    return { count: -back.count, estimated: back.estimated };
  }
  let count = 0;
  let estimated = false;
  for (let date = addCalendarDays(a, 1); date <= b; date = addCalendarDays(date, 1)) {
    const day = isWorkingDayOrEstimate(date);
    estimated ||= day.estimated;
    if (day.working) count += 1;
  }
  return { count, estimated };
}

/** `date` itself when it is (estimated as) a working day, otherwise the next one. */
export function workingDayOnOrAfterOrEstimate(date: IsoDate): { date: IsoDate; estimated: boolean } {
  const day = isWorkingDayOrEstimate(date);
  if (day.working) return { date, estimated: day.estimated };
  const next = addWorkingDaysOrEstimate(date, 1);
  return { date: next.date, estimated: true };
}
