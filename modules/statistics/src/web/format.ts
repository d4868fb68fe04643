import { formatIndicatorValue, type ValueFormat } from '../domain/index.ts';
import type { Change } from './statistics.api.ts';

/** The last `n` months up to last month, newest first ('YYYY-MM'), for the month picker. */
export function recentMonths(n: number, today = new Date()): string[] {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - i + 1, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** 环比/同比 as officials read it: '+12.5%', '−3', or '—' when there is nothing to compare. */
export function changeText(c: Change | null, format: ValueFormat): string {
  if (!c) return '—';
  if (c.rate !== null) return `${c.rate > 0 ? '+' : c.rate < 0 ? '−' : ''}${Math.abs(c.rate * 100).toFixed(1)}%`;
  const sign = c.delta > 0 ? '+' : c.delta < 0 ? '−' : '';
  return `${sign}${formatIndicatorValue(Math.abs(c.delta), format)}`;
}

/** The value in the unit a chart plots (fen → 元). */
export const chartValue = (v: number | null, format: ValueFormat) => (v === null ? null : format === 'fen' ? v / 100 : v);
