/**
 * How the 社会救助 pages display things: money in 元 from integer fen, dates the way a Chinese
 * notice writes them, and the working-day distance to a time limit.
 */
import { formatFen, isIsoDate, todayInShanghai, workingDaysBetween, calendarDaysBetween, yuanToFen } from '@mz/kernel';

export const EMPTY = '—';

/** 123456 → "¥1,234.56"; null (not calculated yet) → "—". */
export function money(fen: number | null | undefined): string {
  return fen === null || fen === undefined || !Number.isSafeInteger(fen) ? EMPTY : formatFen(fen);
}

/**
 * Yuan text typed by an official → fen, or undefined while it is not a valid amount
 * ("12." half-typed, three decimals, letters). Parsed digit by digit by the kernel, never via a float.
 */
export function parseYuan(text: string | null | undefined): number | undefined {
  const t = (text ?? '').trim();
  if (!t) return undefined;
  try {
    return yuanToFen(t);
  } catch {
    return undefined;
  }
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** '2026-05-03' (or an ISO instant) → '2026年5月3日'; with `weekday` → '2026年5月3日（星期日）'. */
export function cnDate(value: string | null | undefined, weekday = false): string {
  if (!value) return EMPTY;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  // An instant is shown on its Beijing calendar date, whatever the browser's time zone.
  const date = value.length > 10 && value.includes('T') ? shanghaiDate(value) : m[0];
  if (!date) return value;
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const text = `${y}年${mo}月${d}日`;
  if (!weekday) return text;
  const dow = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return `${text}（星期${WEEKDAYS[dow]}）`;
}

function shanghaiDate(instant: string): string | undefined {
  const t = Date.parse(instant);
  return Number.isFinite(t) ? todayInShanghai(new Date(t)) : undefined;
}

/** An ISO instant → '2026年5月3日 14:05' in Beijing time. */
export function cnDateTime(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const t = Date.parse(value);
  if (!Number.isFinite(t)) return value;
  const local = new Date(t + 8 * 3600_000).toISOString();
  return `${cnDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** 'YYYY-MM' → '2026年6月'. */
export function cnMonth(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return m ? `${Number(m[1])}年${Number(m[2])}月` : value;
}

export interface DueInfo {
  /** Working days from today to the due date: 0 = due today, negative = overdue by that many. */
  remaining: number | null;
  overdue: boolean;
  /** '剩余 3 个工作日', '今日到期', '已超期 2 个工作日'. */
  text: string;
}

/**
 * How far today is from a due date, in working days (the unit of every statutory limit in these
 * programmes). Outside the holiday table (a year not yet published) it falls back to calendar
 * days and says so, rather than guessing which days are worked.
 */
export function dueInfo(due: string | null | undefined, today: string = todayInShanghai()): DueInfo {
  if (!due || !isIsoDate(due.slice(0, 10))) return { remaining: null, overdue: false, text: EMPTY };
  const day = due.slice(0, 10);
  let remaining: number;
  let unit = '个工作日';
  try {
    remaining = workingDaysBetween(today, day);
  } catch {
    remaining = calendarDaysBetween(today, day);
    unit = '天（自然日）';
  }
  if (day < today) {
    // Due on a Saturday and looked at on Sunday: late, though no working day has passed.
    const late = Math.abs(remaining);
    return { remaining: -late, overdue: true, text: late ? `已超期 ${late} ${unit}` : '已超期' };
  }
  if (day === today) return { remaining: 0, overdue: false, text: '今日到期' };
  // Due on a weekend or holiday with no working day in between: today is the last day to act.
  if (remaining === 0) return { remaining: 0, overdue: false, text: '今日为最后一个工作日' };
  return { remaining, overdue: false, text: `剩余 ${remaining} ${unit}` };
}
