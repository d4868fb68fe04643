/**
 * 养老指标 for a region and its children on a date: two calls of the SQL function
 * elderly_indicator_counts (0044) — one grouped at the region's own level (the total), one at its
 * children's level (a row per child, plus a 本级 row for what is registered on the region code
 * itself) — then the catalogue's ratios computed from those counts. Runs under the caller's
 * row-level security, so a region outside the jurisdiction is "not found" and never counted.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor } from '@mz/http';
import { isWithin, notFound, REGION_LEVEL_DIGITS, type RegionLevel } from '@mz/kernel';
import { emptyCounts, indicatorValues, INDICATOR_COUNT_KEYS, type IndicatorCounts, type IndicatorValue } from '../domain/index.ts';

export interface IndicatorRow {
  regionCode: string;
  regionName: string;
  level: number;
  /** A child whose name drills down (it has children of its own). */
  hasChildren: boolean;
  /** The 本级 row: institutions and persons registered on the region's own code. */
  direct: boolean;
  counts: IndicatorCounts;
  values: IndicatorValue[];
}

export interface IndicatorReport {
  region: { code: string; name: string; level: number; parentCode: string | null };
  date: string;
  total: IndicatorRow;
  children: IndicatorRow[];
}

type CountRow = { group_code: string } & Record<string, string | number>;

/** The function's rows keyed by group code, as numbers. */
export async function indicatorCounts(tx: Tx, regionCode: string, date: string, groupDigits: number): Promise<Map<string, IndicatorCounts>> {
  const rows = await tx.rows<CountRow>(sql`SELECT * FROM elderly_indicator_counts(${regionCode}, ${date}::date, ${groupDigits})`);
  return new Map(rows.map((r) => {
    const counts = emptyCounts();
    for (const k of INDICATOR_COUNT_KEYS) counts[k] = Number(r[k] ?? 0);
    return [r.group_code, counts];
  }));
}

export async function indicatorReport(tx: Tx, actor: Actor, regionCode: string, date: string): Promise<IndicatorReport> {
  if (!isWithin(regionCode, actor.regionCode)) throw notFound('区划不存在或不在您的管辖范围内');
  const [region] = await tx.rows<{ code: string; name: string; level: number; parent_code: string | null }>(sql`
    SELECT code, name, level, parent_code FROM region WHERE code = ${regionCode}`);
  if (!region) throw notFound('区划不存在或不在您的管辖范围内');
  const level = Number(region.level) as RegionLevel;
  const children = await tx.rows<{ code: string; name: string; level: number; has_children: boolean }>(sql`
    SELECT c.code, c.name, c.level, EXISTS (SELECT 1 FROM region g WHERE g.parent_code = c.code) AS has_children
    FROM region c WHERE c.parent_code = ${regionCode} ORDER BY c.code`);

  const totalCounts = (await indicatorCounts(tx, regionCode, date, REGION_LEVEL_DIGITS[level])).get(regionCode) ?? emptyCounts();
  const row = (code: string, name: string, lvl: number, hasChildren: boolean, direct: boolean, counts: IndicatorCounts): IndicatorRow =>
    ({ regionCode: code, regionName: name, level: lvl, hasChildren, direct, counts, values: indicatorValues(counts) });

  let childRows: IndicatorRow[] = [];
  if (children.length) {
    // Children sit one level down, except where the code book skips a level (东莞's towns under the city).
    const childLevel = Math.min(...children.map((c) => Number(c.level))) as RegionLevel;
    const byChild = await indicatorCounts(tx, regionCode, date, REGION_LEVEL_DIGITS[childLevel]);
    childRows = children.map((c) => row(c.code, c.name, Number(c.level), c.has_children, false, byChild.get(c.code) ?? emptyCounts()));
    const own = byChild.get(regionCode);
    if (own && INDICATOR_COUNT_KEYS.some((k) => own[k] > 0)) childRows.push(row(regionCode, `${region.name}（本级）`, level, false, true, own));
  }
  return {
    region: { code: region.code, name: region.name, level, parentCode: region.parent_code },
    date,
    total: row(region.code, region.name, level, children.length > 0, false, totalCounts),
    children: childRows,
  };
}
