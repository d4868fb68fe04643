/**
 * The dashboard of a region: headline values with 环比/同比 and a 12-month trend, and the region's
 * children (table and ranking). Reads only statistics_value (under row-level security: the region
 * and its subtree) and the code book.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { addMonths, firstDayOfMonth, invalid, isValidRegionCode, isWithin, notFound, parseYearMonth, regionLevel, todayInShanghai } from '@mz/kernel';
import { changeFrom, trailingMonths, type Change, type IndicatorDefinition } from '../domain/index.ts';
import { findIndicator, listIndicators } from './fact-source.ts';

export interface HeadlineView {
  indicator: string; name: string; unit: string; format: IndicatorDefinition['format']; group: string;
  value: number | null; previous: number | null; lastYear: number | null; mom: Change | null; yoy: Change | null;
  trend: { month: string; value: number | null }[];
}

export interface ChildRow { regionCode: string; regionName: string; level: number; values: Record<string, number | null> }

export interface DashboardView {
  regionCode: string; regionName: string; level: number; month: string; refreshedAt: string | null;
  headlines: HeadlineView[];
  columns: { indicator: string; name: string; unit: string; format: IndicatorDefinition['format'] }[];
  children: ChildRow[];
  rankBy: string;
  ranking: { regionCode: string; regionName: string; value: number | null }[];
}

/** The region asked for, inside the caller's jurisdiction; outside it looks like missing (404). */
export async function regionInScope(tx: Tx, scopeRegion: string, regionCode: string | undefined): Promise<{ code: string; name: string; level: number }> {
  const code = regionCode ?? scopeRegion;
  if (!isValidRegionCode(code) || code.length !== 12) throw invalid('区划代码不正确', [{ path: 'regionCode', message: '应为 12 位区划代码' }]);
  if (!isWithin(code, scopeRegion)) throw notFound('区划不存在或不在本辖区');
  const [r] = await tx.rows<{ name: string; level: number }>(sql`SELECT name, level FROM region WHERE code = ${code}`);
  if (!r) throw notFound('区划不存在或不在本辖区');
  return { code, name: r.name, level: Number(r.level) };
}

/** The month a dashboard shows by default: the newest refreshed, else last month. */
export async function defaultMonth(tx: Tx): Promise<string> {
  const [r] = await tx.rows<{ period: string | null }>(sql`SELECT max(period)::text AS period FROM statistics_refresh`);
  return r?.period ? r.period.slice(0, 7) : addMonths(todayInShanghai().slice(0, 7), -1);
}

const toNum = (v: string | null) => (v === null ? null : Number(v));

export async function dashboard(tx: Tx, scopeRegion: string, q: { regionCode?: string; month?: string; rankBy?: string }): Promise<DashboardView> {
  const region = await regionInScope(tx, scopeRegion, q.regionCode);
  const month = q.month ?? (await defaultMonth(tx));
  parseYearMonth(month, '统计月份');
  const headlineDefs = listIndicators().filter((d) => d.headline);
  const rankBy = q.rankBy ?? headlineDefs[0]?.code ?? '';
  const rankDef = findIndicator(rankBy);
  if (!rankDef) throw invalid('排名指标不存在', [{ path: 'rankBy', message: `没有指标「${rankBy}」` }]);
  const codes = [...new Set([...headlineDefs.map((d) => d.code), rankBy])];

  // Thirteen months: the same month last year (同比) first, then the trend's twelve.
  const months = trailingMonths(month, 13);
  const series = await tx.rows<{ indicator: string; period: string; value: string | null }>(sql`
    SELECT indicator, period::text, value::text FROM statistics_value
    WHERE region_code = ${region.code} AND indicator IN ${codes}
      AND period >= ${firstDayOfMonth(months[0]!)}::date AND period <= ${firstDayOfMonth(month)}::date`);
  const valueAt = new Map(series.map((r) => [`${r.indicator}|${r.period.slice(0, 7)}`, toNum(r.value)]));
  const [refresh] = await tx.rows<{ refreshed_at: string }>(sql`SELECT refreshed_at FROM statistics_refresh WHERE period = ${firstDayOfMonth(month)}::date`);
  // A month never refreshed has no figures (null); a refreshed month without a row is zero for a count.
  const refreshedMonths = new Set((await tx.rows<{ period: string }>(sql`
    SELECT period::text FROM statistics_refresh WHERE period >= ${firstDayOfMonth(months[0]!)}::date AND period <= ${firstDayOfMonth(month)}::date`))
    .map((r) => r.period.slice(0, 7)));
  const read = (d: IndicatorDefinition, m: string): number | null => {
    const v = valueAt.get(`${d.code}|${m}`);
    if (v !== undefined) return v;
    return refreshedMonths.has(m) && d.additive ? 0 : null;
  };

  const headlines: HeadlineView[] = headlineDefs.map((d) => {
    const value = read(d, month);
    const previous = read(d, addMonths(month, -1));
    const lastYear = read(d, addMonths(month, -12));
    return {
      indicator: d.code, name: d.name, unit: d.unit, format: d.format, group: d.group, value, previous, lastYear,
      mom: changeFrom(value, previous), yoy: changeFrom(value, lastYear),
      trend: months.slice(1).map((m) => ({ month: m, value: read(d, m) })),
    };
  });

  const childRows = region.level >= 5 ? [] : await tx.rows<{ code: string; name: string; level: number; indicator: string | null; value: string | null }>(sql`
    SELECT c.code, c.name, c.level, v.indicator, v.value::text
    FROM region c
    LEFT JOIN statistics_value v ON v.region_code = c.code AND v.period = ${firstDayOfMonth(month)}::date AND v.indicator IN ${codes}
    WHERE c.parent_code = ${region.code}
    ORDER BY c.code`);
  const byChild = new Map<string, ChildRow>();
  const isRefreshed = refreshedMonths.has(month);
  for (const r of childRows) {
    let row = byChild.get(r.code);
    if (!row) {
      row = { regionCode: r.code, regionName: r.name, level: Number(r.level), values: {} };
      for (const c of codes) row.values[c] = isRefreshed && findIndicator(c)!.additive ? 0 : null;
      byChild.set(r.code, row);
    }
    if (r.indicator) row.values[r.indicator] = toNum(r.value);
  }
  const children = [...byChild.values()];
  const ranking = children.map((c) => ({ regionCode: c.regionCode, regionName: c.regionName, value: c.values[rankBy] ?? null }))
    .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.regionCode.localeCompare(b.regionCode));

  return {
    regionCode: region.code, regionName: region.name, level: regionLevel(region.code), month,
    refreshedAt: refresh ? new Date(refresh.refreshed_at).toISOString() : null,
    headlines,
    columns: codes.map((c) => findIndicator(c)!).map((d) => ({ indicator: d.code, name: d.name, unit: d.unit, format: d.format })),
    children, rankBy, ranking,
  };
}
