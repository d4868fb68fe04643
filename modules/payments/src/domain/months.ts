import { z } from 'zod';
import { addMonths, parseYearMonth } from '@mz/kernel';

/** 'YYYY-MM', as the API and the pages write months. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

/** The stored form of a month: its first day ('2026-05' → '2026-05-01'). */
export function monthDate(month: string): string {
  parseYearMonth(month);
  return `${month}-01`;
}

/** '2026-05-01' (or any date in May) → '2026-05'. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Months from `from` to `to`, both included ('2026-03', '2026-05' → three months). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** '2026-05' → '2026年5月'. */
export function monthLabel(month: string): string {
  const { year, month: m } = parseYearMonth(month);
  return `${year}年${m}月`;
}
