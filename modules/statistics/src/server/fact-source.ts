/**
 * Fact sources and the indicator registry. A fact source is one SQL query that yields, for a month,
 * one row per unit counted (a household in payment, a grant, a payment line, an alert) with its
 * 12-digit region, a number per measure, and the masked columns a records list shows. The same query
 * feeds the refresh (summed over the five levels of region codes), the consistency check (recomputed
 * into a temporary table) and the drill-down (filtered to a region under row-level security), so a
 * number and the records behind it cannot disagree.
 *
 * Modules register their own: `registerIndicators({ source, indicators })`, from their server index,
 * at import time (as programmes register with payments).
 */
import { sql, type SQL } from 'drizzle-orm';
import { indicatorProblems, type IndicatorDefinition } from '../domain/index.ts';

/** `region_code >= from AND region_code < to` (subtreeRange). */
export interface RegionRange { from: string; to: string }

/** A region-range predicate on a base table's region column, or nothing. */
export function withinRange(column: SQL, within: RegionRange | undefined): SQL {
  return within ? sql`AND ${column} >= ${within.from} AND ${column} < ${within.to}` : sql``;
}

export interface MonthWindow {
  /** 'YYYY-MM' */
  month: string;
  /** First day of the month, 'YYYY-MM-01'. */
  start: string;
  /** First day of the next month. */
  next: string;
}

/**
 * Every fact query returns these columns besides its measures (all in masked or non-personal form:
 * the drill-down shows them to anyone who may read the region's records):
 * region_code varchar(12), record_id text, record_name text, record_id_masked text,
 * record_note text, record_amount_fen bigint.
 */
export const RECORD_COLUMNS = ['record_id', 'record_name', 'record_id_masked', 'record_note', 'record_amount_fen'] as const;

export interface FactSource {
  /** 'assistance.dibao' */
  code: string;
  module: string;
  /** What one record is, for the records page heading ('低保家庭', '发放明细'). */
  recordName: string;
  /** Whether the records are persons or households (personal data: the list is audited). */
  personal: boolean;
  /** Whether the source yields this measure column. */
  hasMeasure(measure: string): boolean;
  /**
   * The fact query for a month; `measures` are the measure columns the registered indicators use.
   * `within` (a drill-down) limits the facts to a subtree at the base table, where its region index
   * serves it, rather than after the whole jurisdiction's facts were made.
   */
  facts(window: MonthWindow, measures: readonly string[], within?: RegionRange): SQL;
}

const SOURCES = new Map<string, FactSource>();
const INDICATORS = new Map<string, IndicatorDefinition>();

/**
 * Declares a source and its indicators (the source may already be declared by an earlier call, e.g.
 * payments' spending source gaining a programme). Refuses a bad definition, a measure the source does
 * not yield, and a code already taken with another definition — at start-up, not at the first refresh.
 */
export function registerIndicators(input: { source: FactSource; indicators: readonly IndicatorDefinition[] }): void {
  const { source } = input;
  const known = SOURCES.get(source.code);
  if (known && known !== source) throw new Error(`统计数据来源 ${source.code} 已由 ${known.module} 以另一定义登记`);
  for (const d of input.indicators) {
    const problems = indicatorProblems(d);
    if (d.source !== source.code) problems.push(`指标「${d.code}」的数据来源应为 ${source.code}`);
    for (const m of [d.numeratorMeasure, d.denominatorMeasure]) {
      if (m !== null && !source.hasMeasure(m)) problems.push(`数据来源 ${source.code} 没有度量 ${m}`);
    }
    // Nothing writes an incremental indicator yet (no delta path): registering one would leave it empty.
    if (d.refresh !== 'job') problems.push(`指标「${d.code}」：实时累计（incremental）尚未支持，请使用按月刷新（job）`);
    const existing = INDICATORS.get(d.code);
    if (existing && JSON.stringify(existing) !== JSON.stringify(d)) problems.push(`指标代码 ${d.code} 已登记为另一定义`);
    if (problems.length) throw new Error(problems.join('；'));
  }
  SOURCES.set(source.code, source);
  for (const d of input.indicators) INDICATORS.set(d.code, { ...d });
}

/** The catalogue, in display order. */
export function listIndicators(): IndicatorDefinition[] {
  return [...INDICATORS.values()].sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
}

export function findIndicator(code: string): IndicatorDefinition | undefined {
  return INDICATORS.get(code);
}

export function findSource(code: string): FactSource | undefined {
  return SOURCES.get(code);
}

/** Sources with the indicators each one feeds (of the given refresh mode, or all). */
export function sourcesWithIndicators(mode?: IndicatorDefinition['refresh']): { source: FactSource; indicators: IndicatorDefinition[] }[] {
  const out = new Map<string, IndicatorDefinition[]>();
  for (const d of listIndicators()) {
    if (mode && d.refresh !== mode) continue;
    out.set(d.source, [...(out.get(d.source) ?? []), d]);
  }
  return [...out.entries()].map(([code, indicators]) => ({ source: SOURCES.get(code)!, indicators }));
}

/** The measure columns a set of indicators reads, each once. */
export function measuresOf(indicators: readonly IndicatorDefinition[]): string[] {
  return [...new Set(indicators.flatMap((d) => [d.numeratorMeasure, ...(d.denominatorMeasure ? [d.denominatorMeasure] : [])]))];
}
