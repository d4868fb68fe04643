/**
 * Statutory clocks of a case (受理后3个工作日内启动调查, 30个工作日内办结, 公示七日, 48小时内发放).
 *
 * Conventions:
 * - Day clocks count Beijing-time calendar dates. The day of the starting event is not counted
 *   (民法典第二百零一条, the kernel's working-day convention): accepted on Monday 2025-03-03, the
 *   3rd working day is Thursday 2025-03-06, and that whole day is still in time.
 * - Hour clocks count from the starting instant.
 * - Events hold their latest occurrence. A clock whose `until` event is older than its `from`
 *   event was restarted (a second 公示 after an objection) and runs again.
 * - A stopped clock's `remaining` is its margin at the moment it stopped: positive = early,
 *   negative = late. A running clock's `remaining` counts from today; once overdue it is at most
 *   −1, so its sign always agrees with its status (a Friday deadline is overdue on Saturday
 *   although no working day has yet been lost).
 * - A `period` (公示七日) is never overdue or late: it runs until it ends or its `until` event
 *   interrupts it, then it is met.
 * - In a closed case (terminal state) clocks that were still running are frozen at the closing
 *   decision: their status and margin are as of that moment, and nextDue ignores them.
 * - The holiday table covers 2015–2026. Working days in a year it does not cover are estimated by
 *   the kernel (Monday–Friday minus the statutory rest days of 《全国年节及纪念日放假办法》) and the
 *   clock carries a note saying so, rather than making the case view fail. The estimate cannot know
 *   that year's 调休, so it can be a day off around a swapped week; it corrects itself once the year
 *   is added to the table, because clocks are recomputed on every read.
 */
import {
  addCalendarDays, addWorkingDays, addWorkingDaysOrEstimate, calendarDaysBetween, isDomainError, periodEnd,
  todayInShanghai, workingDayOnOrAfterOrEstimate, workingDaysBetween, workingDaysBetweenOrEstimate, type IsoDate,
} from '@mz/kernel';
import type { Amount, CaseSnapshot, DeadlineDef, DeadlineUnit, WorkflowDefinition } from './definition.ts';
import { isTerminal } from './engine.ts';

export type ClockStatus = 'not_started' | 'running' | 'met' | 'late' | 'overdue';

export interface Clock {
  key: string;
  name: string;
  basis: string | null;
  kind: 'limit' | 'period';
  unit: DeadlineUnit;
  /** Null when the amount comes from a setting the case lacks (see `note`). */
  amount: number | null;
  /** ISO instant of the starting event; null until it happens. */
  startedAt: string | null;
  /** 'YYYY-MM-DD' (last day in time) for day units, an ISO instant for hours; null when not started or not computable. */
  due: string | null;
  /** ISO instant of the stopping event. */
  metAt: string | null;
  status: ClockStatus;
  /** In the clock's unit; see the conventions above. Null when not started or not computable. */
  remaining: number | null;
  /** Extension: why a figure is estimated or missing ('…暂按周一至周五扣除法定节假日估算…'), else null. */
  note: string | null;
  /** Extension: ISO instant the case closed while this clock was running; nextDue skips frozen clocks. */
  frozenAt: string | null;
}

const HOUR_MS = 3_600_000;
const ESTIMATE_NOTE = '期限涉及节假日安排表未覆盖的年份，暂按周一至周五扣除法定节假日估算（未计调休）；补充该年节假日安排后自动更正';
const FROZEN_NOTE = '案件已办结，期限停止计算';

/** Runs the kernel's exact count; on a year the holiday table lacks, its flagged estimate instead. */
function exactOrEstimate<T>(exact: () => T, estimate: () => { value: T; estimated: boolean }, flag: { estimated: boolean }): T {
  try {
    return exact();
  } catch (err) {
    // By code rather than class, so a second copy of the kernel in the bundle cannot defeat it.
    if (!isDomainError(err) || err.code !== 'CALENDAR_NOT_COVERED') throw err;
    const { value, estimated } = estimate();
    flag.estimated ||= estimated;
    return value;
  }
}

function addDays(unit: 'working_days' | 'calendar_days', start: IsoDate, n: number, flag: { estimated: boolean }): IsoDate {
  // 民法典第二百零三条: a period in days whose last day is a holiday or rest day ends on the next working day.
  if (unit === 'calendar_days') {
    return exactOrEstimate(() => periodEnd({ start, amount: n, unit: 'day' }).endDate, () => {
      const { date, estimated } = workingDayOnOrAfterOrEstimate(addCalendarDays(start, n));
      return { value: date, estimated };
    }, flag);
  }
  return exactOrEstimate(() => addWorkingDays(start, n), () => {
    const { date, estimated } = addWorkingDaysOrEstimate(start, n);
    return { value: date, estimated };
  }, flag);
}

function daysBetween(unit: 'working_days' | 'calendar_days', a: IsoDate, b: IsoDate, flag: { estimated: boolean }): number {
  if (unit === 'calendar_days') return calendarDaysBetween(a, b);
  return exactOrEstimate(() => workingDaysBetween(a, b), () => {
    const { count, estimated } = workingDaysBetweenOrEstimate(a, b);
    return { value: count, estimated };
  }, flag);
}

/** Days from `day` to `due`: ≥ 0 up to the due day, ≤ −1 after it. */
function daysLeft(unit: 'working_days' | 'calendar_days', day: IsoDate, due: IsoDate, flag: { estimated: boolean }): number {
  if (day <= due) return daysBetween(unit, day, due, flag);
  return -Math.max(1, daysBetween(unit, due, day, flag));
}

function resolveAmount(amount: Amount, settings: CaseSnapshot['settings']): { value: number | null; setting: string | null } {
  if (typeof amount === 'number') return { value: amount, setting: null };
  const raw = settings[amount.setting];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(value) && value >= 0 ? { value, setting: amount.setting } : { value: null, setting: amount.setting };
}

function closingInstant(def: WorkflowDefinition, snapshot: CaseSnapshot): string | null {
  if (!isTerminal(def, snapshot.state)) return null;
  let last: { seq: number; at: string } | null = null;
  for (const d of snapshot.decisions) if (!last || d.seq > last.seq) last = d;
  return last?.at ?? null;
}

function clockOf(d: DeadlineDef, snapshot: CaseSnapshot, now: Date, closedAt: string | null): Clock {
  const kind = d.kind ?? 'limit';
  const amount = resolveAmount(d.amount, snapshot.settings);
  const base = { key: d.key, name: d.name, basis: d.basis ?? null, kind, unit: d.unit, amount: amount.value };
  const startedAt = snapshot.events[d.from] ?? null;
  if (!startedAt) {
    return { ...base, startedAt: null, due: null, metAt: null, status: 'not_started', remaining: null, note: null, frozenAt: null };
  }
  const until = snapshot.events[d.until] ?? null;
  // A stop older than the start belongs to an earlier round of the same step.
  const metAt = until !== null && Date.parse(until) >= Date.parse(startedAt) ? until : null;
  const frozenAt = metAt === null && closedAt !== null ? closedAt : null;
  const reference = frozenAt !== null ? new Date(frozenAt) : now;

  if (amount.value === null) {
    return {
      ...base, startedAt, due: null, metAt, status: metAt ? 'met' : 'running', remaining: null,
      note: `案件缺少设置「${amount.setting}」，无法计算期限`, frozenAt,
    };
  }

  const flag = { estimated: false };
  let due: string;
  let status: ClockStatus;
  let remaining: number;
  if (d.unit === 'hours') {
    const dueMs = Date.parse(startedAt) + amount.value * HOUR_MS;
    due = new Date(dueMs).toISOString();
    const stop = metAt !== null ? Date.parse(metAt) : reference.getTime();
    // Whole hours left, rounded down: 3.7 h → 3, 30 minutes late → −1.
    remaining = Math.floor((dueMs - stop) / HOUR_MS);
    status = statusOf(kind, metAt !== null, stop > dueMs);
  } else {
    due = addDays(d.unit, todayInShanghai(new Date(startedAt)), amount.value, flag);
    const stopDay = todayInShanghai(metAt !== null ? new Date(metAt) : reference);
    remaining = daysLeft(d.unit, stopDay, due, flag);
    status = statusOf(kind, metAt !== null, stopDay > due);
  }
  if (kind === 'period' && status === 'met' && metAt === null) remaining = 0; // elapsed: it stopped at its end
  const notes = [flag.estimated ? ESTIMATE_NOTE : null, frozenAt ? FROZEN_NOTE : null].filter((n) => n !== null);
  return { ...base, startedAt, due, metAt, status, remaining, note: notes.length ? notes.join('；') : null, frozenAt };
}

function statusOf(kind: 'limit' | 'period', stopped: boolean, pastDue: boolean): ClockStatus {
  if (kind === 'period') return stopped || pastDue ? 'met' : 'running';
  if (stopped) return pastDue ? 'late' : 'met';
  return pastDue ? 'overdue' : 'running';
}

/** Every clock of the definition, in definition order, as of `now` (or as of closing, for a closed case). */
export function computeClocks(def: WorkflowDefinition, snapshot: CaseSnapshot, now: Date): Clock[] {
  const closedAt = closingInstant(def, snapshot);
  return def.deadlines.map((d) => clockOf(d, snapshot, now, closedAt));
}

/** The last date still in time: the due date itself for day clocks, the Beijing date of the instant for hours. */
export function dueDate(clock: Clock): IsoDate | null {
  if (clock.due === null) return null;
  return clock.unit === 'hours' ? todayInShanghai(new Date(clock.due)) : clock.due;
}

/** The instant a clock's time runs out: the end of the due day (24:00 Beijing time) or the hour. */
function dueInstant(clock: Clock): number {
  if (clock.unit === 'hours') return Date.parse(clock.due!);
  return Date.parse(`${addCalendarDays(clock.due!, 1)}T00:00:00+08:00`);
}

/**
 * The earliest unfinished time limit (running or already overdue; not a waiting period, not
 * frozen by closing), or null. Ties keep definition order.
 */
export function nextDue(clocks: readonly Clock[]): Clock | null {
  let best: Clock | null = null;
  for (const c of clocks) {
    if (c.kind !== 'limit' || (c.status !== 'running' && c.status !== 'overdue') || c.due === null || c.frozenAt !== null) continue;
    if (!best || dueInstant(c) < dueInstant(best)) best = c;
  }
  return best;
}
