/**
 * Period counting under 《民法典》第二百零一条至第二百零三条, for time limits
 * expressed in calendar days, months or years (公示期7日, 期满前3个月, 1年内…).
 *
 *  - 第二百零一条: counted by day/month/year, the start day is not counted;
 *    counting begins the next day. Counted by hours, from the stated moment.
 *  - 第二百零二条: by month/year, the last day is the corresponding day (对应日)
 *    of the final month; without one, that month's last day.
 *  - 第二百零三条: if the last day is a 法定休假日, the period ends on the day
 *    after the holiday; the last day ends at 24:00 (or at close of business).
 *
 * We read 法定休假日 as every non-working day of the official calendar —
 * weekends included, 调休 working weekends excluded — which is how courts
 * apply it (weekends are 法定休息日 under the 国务院 working-hours rules).
 * Moving to "the day after the holiday" is therefore the next working day.
 */
import { addCalendarDays, addMonthsToDate, parseIsoDate, toShanghaiIso, type IsoDate } from './dates.ts';
import { invalid } from './domain-error.ts';
import { workingDayOnOrAfter } from './working-days.ts';

export type PeriodUnit = 'day' | 'month' | 'year';

export interface PeriodInput {
  /** The day of the triggering event (not counted). */
  start: IsoDate;
  amount: number;
  unit: PeriodUnit;
}

export interface PeriodEnd {
  /** Last day of the period after the holiday rule. */
  endDate: IsoDate;
  /** Last day by counting alone, before the holiday rule. */
  nominalEndDate: IsoDate;
  /** True when nominalEndDate was a non-working day and the end moved. */
  extendedForHoliday: boolean;
  /** Human-readable end, e.g. '2025-10-09 24:00'. */
  endsAt: string;
  /**
   * The first instant after the period, Beijing time, e.g.
   * '2025-10-10T00:00:00+08:00'. Compare timestamps with `< endsBefore`.
   */
  endsBefore: string;
}

function requireCount(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount < 1) throw invalid(`${what}必须是正整数`, undefined, String(amount));
}

function nominalEnd({ start, amount, unit }: PeriodInput): IsoDate {
  switch (unit) {
    case 'day':
      // Start not counted: day 1 is start + 1, so day N is start + N.
      return addCalendarDays(start, amount);
    case 'month':
      return addMonthsToDate(start, amount);
    case 'year':
      return addMonthsToDate(start, amount * 12);
    default:
      throw invalid('期间单位应为 day、month 或 year', undefined, String(unit));
  }
}

export function periodEnd(input: PeriodInput): PeriodEnd {
  parseIsoDate(input.start, '期间起算日');
  requireCount(input.amount, '期间长度');
  const nominalEndDate = nominalEnd(input);
  const endDate = workingDayOnOrAfter(nominalEndDate);
  const endsBeforeDate = addCalendarDays(endDate, 1);
  return {
    endDate,
    nominalEndDate,
    extendedForHoliday: endDate !== nominalEndDate,
    endsAt: `${endDate} 24:00`,
    endsBefore: `${endsBeforeDate}T00:00:00+08:00`,
  };
}

/** Whether the period is still running on `date` (the end date itself is inside). */
export function isWithinPeriod(input: PeriodInput, date: IsoDate): boolean {
  parseIsoDate(date);
  return date > input.start && date <= periodEnd(input).endDate;
}

/**
 * Plain calendar-day deadline: the n-th day after `start`, with no holiday
 * rule. For limits that are explicitly "自然日" or where a rule says the
 * holiday extension does not apply. Does not need the holiday table.
 */
export function calendarDaysAfter(start: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n) || n < 0) throw invalid('天数必须是非负整数', undefined, String(n));
  return addCalendarDays(start, n);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/**
 * Period counted in hours (第二百零一条第一款: from the stated moment, e.g.
 * 24小时内报告). `startIso` without an offset is read as Beijing time.
 * Returns the end instant as '…+08:00'. No holiday rule: hour limits run
 * through nights and weekends.
 */
export function deadlineFromHours(startIso: string, hours: number): string {
  if (typeof startIso !== 'string' || !ISO_INSTANT.test(startIso)) {
    throw invalid('起始时间格式不正确，应为 ISO 8601 时间', undefined, `收到 "${String(startIso)}"`);
  }
  if (!Number.isSafeInteger(hours) || hours < 0) throw invalid('小时数必须是非负整数', undefined, String(hours));
  parseIsoDate(startIso.slice(0, 10), '起始时间');
  const hasOffset = /(?:Z|[+-]\d{2}:\d{2})$/.test(startIso);
  const start = new Date(hasOffset ? startIso : `${startIso}+08:00`);
  if (Number.isNaN(start.getTime())) throw invalid('起始时间无效', undefined, startIso);
  return toShanghaiIso(new Date(start.getTime() + hours * 3_600_000));
}
