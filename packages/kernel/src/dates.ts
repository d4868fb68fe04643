/**
 * Calendar dates as plain 'YYYY-MM-DD' strings.
 *
 * Business dates here (受理日, 决定日, birth dates) are Beijing-time calendar
 * days, not instants. Carrying them as strings and doing arithmetic on a
 * day-number in UTC means no server/browser timezone can shift a date by one,
 * which is the classic bug when `new Date('2025-03-31')` meets local time.
 * ISO strings also sort lexically in date order, so `<` works on them.
 */
import { invalid } from './domain-error.ts';

/** 'YYYY-MM-DD' */
export type IsoDate = string;
/** 'YYYY-MM' */
export type YearMonth = string;

const MS_PER_DAY = 86_400_000;
/** China has used a fixed UTC+8 without daylight saving since 1991, so a constant offset is exact for current dates. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function partsOf(value: string): DateParts | null {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && partsOf(value) !== null;
}

/** Validates a real calendar date ('2025-02-30' is rejected) and returns its parts. */
export function parseIsoDate(value: string, label = '日期'): DateParts {
  const parts = partsOf(value);
  if (!parts) throw invalid(`${label}格式不正确，应为真实存在的 YYYY-MM-DD 日期`, undefined, `收到 "${String(value)}"`);
  return parts;
}

export function formatIsoDate({ year, month, day }: DateParts): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01. setUTCFullYear is used because Date.UTC maps years 0–99 to 1900–1999. */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  return formatIsoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) throw invalid('天数必须是整数', undefined, String(days));
  return fromDayNumber(toDayNumber(date) + days);
}

/** b − a in calendar days (positive when b is later). */
export function calendarDaysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** 0 = Sunday … 6 = Saturday, like Date#getUTCDay. */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

/** The Beijing-time calendar date of an instant, regardless of the server's TZ setting. */
export function todayInShanghai(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant rendered as Beijing local time with explicit offset: '2025-03-31T09:30:00+08:00'. */
export function toShanghaiIso(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw invalid('时间无效');
  return `${new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

export function parseYearMonth(value: string, label = '月份'): { year: number; month: number } {
  const match = typeof value === 'string' ? YEAR_MONTH.exec(value) : null;
  const year = match ? Number(match[1]) : 0;
  const month = match ? Number(match[2]) : 0;
  if (!match || year < 1 || month < 1 || month > 12) {
    throw invalid(`${label}格式不正确，应为 YYYY-MM`, undefined, `收到 "${String(value)}"`);
  }
  return { year, month };
}

function formatYearMonth(year: number, month: number): YearMonth {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** '2025-03' + 1 → '2025-04'; '2025-01' − 1 → '2024-12'. */
export function addMonths(yearMonth: YearMonth, months: number): YearMonth {
  const { year, month } = parseYearMonth(yearMonth);
  if (!Number.isSafeInteger(months)) throw invalid('月数必须是整数', undefined, String(months));
  const index = year * 12 + (month - 1) + months;
  return formatYearMonth(Math.floor(index / 12), (((index % 12) + 12) % 12) + 1);
}

export function yearMonthOf(date: IsoDate): YearMonth {
  parseIsoDate(date);
  return date.slice(0, 7);
}

/**
 * The month after the month of `date`. 低保 and similar benefits start "from
 * the month after the decision" (E10: decided 2025-03-31 → '2025-04').
 */
export function nextMonthOf(date: IsoDate): YearMonth {
  return addMonths(yearMonthOf(date), 1);
}

/**
 * Same day-of-month `months` later; if that month is shorter, its last day
 * (2025-01-31 + 1 → 2025-02-28). This is the 对应日 rule of 民法典第二百零二条.
 */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  const { day } = parseIsoDate(date);
  const target = parseYearMonth(addMonths(yearMonthOf(date), months));
  return formatIsoDate({ ...target, day: Math.min(day, daysInMonth(target.year, target.month)) });
}

export function lastDayOfMonth(yearMonth: YearMonth): IsoDate {
  const { year, month } = parseYearMonth(yearMonth);
  return formatIsoDate({ year, month, day: daysInMonth(year, month) });
}

export function firstDayOfMonth(yearMonth: YearMonth): IsoDate {
  parseYearMonth(yearMonth);
  return `${yearMonth}-01`;
}
