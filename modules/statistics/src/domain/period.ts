/**
 * Periods of the statistics: values are kept per month; a quarter's figure is made from its
 * months — a 时点数 (stock) is the quarter's last month, a 时期数 (flow) the sum of its three —
 * and a change is measured against the month before (环比) and the same month a year before (同比).
 */
import { addMonths, invalid, parseYearMonth } from '@mz/kernel';
import type { IndicatorNature } from './indicator.catalog.ts';

export type ReportKind = 'monthly' | 'quarterly';
export const REPORT_KIND_NAMES: Record<ReportKind, string> = { monthly: '月报', quarterly: '季报' };

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** The months a report period covers, in order: '2026-03' → ['2026-03'], '2026-Q1' → ['2026-01','2026-02','2026-03']. */
export function reportMonths(kind: ReportKind, period: string): string[] {
  if (kind === 'monthly') {
    parseYearMonth(period, '报表期');
    return [period];
  }
  const m = QUARTER.exec(period);
  if (!m) throw invalid('报表期格式不正确，季报应为 YYYY-Qn（如 2026-Q1）', [{ path: 'period', message: '季报期应为 YYYY-Q1 至 YYYY-Q4' }]);
  const first = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}`;
  return [first, addMonths(first, 1), addMonths(first, 2)];
}

/** The last `n` months ending with `month`, oldest first (a trend line). */
export function trailingMonths(month: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => addMonths(month, i - n + 1));
}

export interface Parts { numerator: number; denominator: number | null }

/**
 * A report period's parts from its months' parts (oldest first; a missing month is null): the last
 * month for a stock, the sum for a flow. Null when nothing is known for the months that matter.
 */
export function combineMonths(nature: IndicatorNature, months: (Parts | null)[]): Parts | null {
  if (nature === 'stock') return months[months.length - 1] ?? null;
  const known = months.filter((m): m is Parts => m !== null);
  if (known.length === 0) return null;
  const denominators = known.map((m) => m.denominator);
  return {
    numerator: known.reduce((s, m) => s + m.numerator, 0),
    denominator: denominators.every((d) => d === null) ? null : denominators.reduce<number>((s, d) => s + (d ?? 0), 0),
  };
}

export interface Change { delta: number; rate: number | null }

/** Change from `before` to `now`: the difference and its rate (null when there is no base to compare with). */
export function changeFrom(now: number | null, before: number | null): Change | null {
  if (now === null || before === null) return null;
  const delta = Math.round((now - before) * 10_000) / 10_000;
  return { delta, rate: before === 0 ? null : Math.round(((now - before) / Math.abs(before)) * 10_000) / 10_000 };
}
