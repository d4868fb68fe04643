/**
 * 工作日 arithmetic for statutory time limits ("自受理之日起30个工作日内").
 *
 * Deadline convention (rules.md, 民法典第二百零一条 applied to working days):
 * the day of the triggering act is not counted; working day 1 is the first
 * working day after it. So a case accepted on Monday 2025-03-03 reaches its
 * 3rd working day on Thursday 2025-03-06, and that day is still in time.
 *
 * All functions refuse dates outside the holiday table (CalendarNotCoveredError)
 * instead of falling back to Mon–Fri.
 */
import { addCalendarDays, type IsoDate } from './dates.ts';
import { invalid } from './domain-error.ts';
import { calendarDay } from './holiday-calendar.ts';

export function isWorkingDay(date: IsoDate): boolean {
  return calendarDay(date).working;
}

/** Name of the holiday period the date belongs to ('春节', '国庆节、中秋节'), or null. */
export function holidayName(date: IsoDate): string | null {
  return calendarDay(date).holidayName;
}

/**
 * The n-th working day after `start` (start itself not counted).
 * n = 0 returns `start` unchanged; a negative n counts backwards
 * (−1 = the last working day before `start`).
 */
export function addWorkingDays(start: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw invalid('工作日数必须是整数', undefined, String(n));
  calendarDay(start);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let date = start;
  while (remaining > 0) {
    date = addCalendarDays(date, step);
    if (isWorkingDay(date)) remaining -= 1;
  }
  return date;
}

/**
 * Working days in (a, b]: after a, up to and including b. Inverse of
 * addWorkingDays for working-day results: workingDaysBetween(s, addWorkingDays(s, n)) === n.
 * Negative when b is before a. Use it for "第几个工作日" on a case timeline.
 */
export function workingDaysBetween(a: IsoDate, b: IsoDate): number {
  calendarDay(a);
  calendarDay(b);
  if (b < a) return -workingDaysBetween(b, a);
  let count = 0;
  for (let date = addCalendarDays(a, 1); date <= b; date = addCalendarDays(date, 1)) {
    if (isWorkingDay(date)) count += 1;
  }
  return count;
}

/** First working day strictly after `date`. */
export function nextWorkingDay(date: IsoDate): IsoDate {
  return addWorkingDays(date, 1);
}

/** Last working day strictly before `date`. */
export function previousWorkingDay(date: IsoDate): IsoDate {
  return addWorkingDays(date, -1);
}

/** `date` itself if it is a working day, otherwise the next working day. */
export function workingDayOnOrAfter(date: IsoDate): IsoDate {
  return isWorkingDay(date) ? date : nextWorkingDay(date);
}
