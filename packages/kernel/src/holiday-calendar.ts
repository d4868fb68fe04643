/**
 * Lookup over the official holiday table (holiday-calendar.data.ts).
 *
 * 工作日 in the regulations means: Monday–Friday, minus statutory holidays,
 * plus the weekend days that a notice declares working days (调休). That can
 * only come from the yearly notices, so the table is data, and every question
 * about a year that is not in it is refused rather than answered with
 * "Mon–Fri" — a deadline computed without the 春节 week is silently wrong.
 */
import { dayOfWeek, isIsoDate, parseIsoDate, type IsoDate } from './dates.ts';
import { DomainError } from './domain-error.ts';
import { HOLIDAY_CALENDAR_DATA } from './holiday-calendar.data.ts';

export interface HolidayPeriod {
  /** As in the notice, e.g. '春节', '国庆节、中秋节'. */
  name: string;
  from: IsoDate;
  /** Inclusive. */
  to: IsoDate;
}

export interface HolidayYear {
  /** The year whose notice this is. Its 元旦 period may begin in late December of the year before. */
  year: number;
  /** Free text for maintainers, e.g. the notice number. */
  note?: string;
  holidays: readonly HolidayPeriod[];
  /** Weekend dates that are working days (调休上班). */
  makeupWorkdays: readonly IsoDate[];
}

export type CalendarDayKind = 'workday' | 'weekend' | 'holiday' | 'makeup-workday';

export interface CalendarDay {
  date: IsoDate;
  kind: CalendarDayKind;
  working: boolean;
  /** Holiday period name for kind 'holiday', otherwise null. */
  holidayName: string | null;
}

interface CalendarIndex {
  years: ReadonlySet<number>;
  holidayNames: ReadonlyMap<IsoDate, string>;
  makeupWorkdays: ReadonlySet<IsoDate>;
}

function eachDate(from: IsoDate, to: IsoDate, visit: (date: IsoDate) => void): void {
  const { year, month, day } = parseIsoDate(from);
  const cursor = new Date(Date.UTC(year, month - 1, day));
  for (;;) {
    const date = cursor.toISOString().slice(0, 10);
    if (date > to) return;
    visit(date);
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
}

/**
 * Builds the lookup and checks the table, so a typo in a hand-added year fails
 * every test at once instead of shifting one deadline somewhere.
 */
export function buildCalendarIndex(data: readonly HolidayYear[]): CalendarIndex {
  const years = new Set<number>();
  const holidayNames = new Map<IsoDate, string>();
  const makeupWorkdays = new Set<IsoDate>();
  const problem = (message: string): never => {
    throw new Error(`holiday calendar table is inconsistent: ${message}`);
  };

  for (const entry of data) {
    if (!Number.isInteger(entry.year)) problem(`bad year ${String(entry.year)}`);
    if (years.has(entry.year)) problem(`year ${entry.year} appears twice`);
    years.add(entry.year);
    // A notice reaches back at most into December of the previous year (元旦).
    const earliest = `${entry.year - 1}-12-01`;
    const latest = `${entry.year}-12-31`;
    for (const period of entry.holidays) {
      if (!isIsoDate(period.from) || !isIsoDate(period.to) || period.from > period.to) {
        problem(`${entry.year} ${period.name}: bad range ${period.from}..${period.to}`);
      }
      if (period.from < earliest || period.to > latest) problem(`${entry.year} ${period.name}: outside the notice year`);
      if (!period.name) problem(`${entry.year}: holiday without a name`);
      eachDate(period.from, period.to, (date) => {
        if (holidayNames.has(date)) problem(`${date} is in two holiday periods`);
        holidayNames.set(date, period.name);
      });
    }
    for (const date of entry.makeupWorkdays) {
      if (!isIsoDate(date)) problem(`${entry.year}: bad make-up workday ${date}`);
      if (date < earliest || date > latest) problem(`${entry.year}: make-up workday ${date} outside the notice year`);
      const dow = dayOfWeek(date);
      if (dow !== 0 && dow !== 6) problem(`make-up workday ${date} is not a weekend day`);
      if (makeupWorkdays.has(date)) problem(`make-up workday ${date} listed twice`);
      makeupWorkdays.add(date);
    }
  }
  for (const date of makeupWorkdays) {
    if (holidayNames.has(date)) problem(`${date} is both a holiday and a make-up workday`);
  }
  return { years, holidayNames, makeupWorkdays };
}

const INDEX = buildCalendarIndex(HOLIDAY_CALENDAR_DATA);

export const HOLIDAY_CALENDAR: readonly HolidayYear[] = HOLIDAY_CALENDAR_DATA;

/** Calendar years for which working days can be computed, ascending. */
export function coveredYears(): number[] {
  return [...INDEX.years].sort((a, b) => a - b);
}

export function isCoveredDate(date: IsoDate): boolean {
  return isIsoDate(date) && INDEX.years.has(Number(date.slice(0, 4)));
}

export class CalendarNotCoveredError extends DomainError {
  readonly date: IsoDate;
  constructor(date: IsoDate) {
    const years = coveredYears();
    super({
      code: 'CALENDAR_NOT_COVERED',
      // A missing year is a maintenance gap on our side, not a mistake by the
      // person using the system, hence 500 rather than 4xx.
      status: 500,
      title: '节假日安排表未覆盖该日期，无法计算工作日',
      detail:
        `${date} 所在年份不在节假日安排表中（已覆盖 ${years[0]}–${years[years.length - 1]} 年）。` +
        '请按国务院办公厅当年节假日安排通知补充 packages/kernel/src/holiday-calendar.data.ts。',
    });
    this.date = date;
  }
}

/** Throws CalendarNotCoveredError (or a 422 for a malformed date). */
export function assertCoveredDate(date: IsoDate): void {
  parseIsoDate(date);
  if (!isCoveredDate(date)) throw new CalendarNotCoveredError(date);
}

export function calendarDay(date: IsoDate): CalendarDay {
  assertCoveredDate(date);
  const holidayName = INDEX.holidayNames.get(date);
  if (holidayName !== undefined) return { date, kind: 'holiday', working: false, holidayName };
  if (INDEX.makeupWorkdays.has(date)) return { date, kind: 'makeup-workday', working: true, holidayName: null };
  const dow = dayOfWeek(date);
  if (dow === 0 || dow === 6) return { date, kind: 'weekend', working: false, holidayName: null };
  return { date, kind: 'workday', working: true, holidayName: null };
}
