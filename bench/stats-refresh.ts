import { loadavg } from 'node:os';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { findSource, listIndicators, monthWindow, refreshMonth, type FactSource, type MonthWindow } from '@mz/statistics/server';
import type { IndicatorDefinition } from '@mz/statistics';
import type { Benchmark } from './benchmarks.ts';
import { loadStatisticsFacts, STATS_MONTH } from './load-statistics.ts';

const WHO = { actorId: null, actorName: '基准测试', actorRegion: null, ip: null };
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/**
 * The built-in sources' facts written by hand as one would for a one-off query: only the region and
 * the measures (no record columns, no names), in the measure order `measuresOf` gives the source's
 * indicators. A source registered by another module is taken as it is (its own `facts()` query).
 */
const HAND_WRITTEN: Record<string, (w: MonthWindow) => { measures: string[]; select: SQL }> = {
  'assistance.dibao': (w) => ({
    measures: ['households', 'urban_households', 'rural_households', 'persons', 'urban_persons', 'rural_persons', 'standard_person_fen', 'standard_persons'],
    select: sql`
      SELECT e.region_code, 1, (NOT x.rural)::int, x.rural::int, e.person_count, CASE WHEN x.rural THEN 0 ELSE e.person_count END,
        CASE WHEN x.rural THEN e.person_count ELSE 0 END, x.std * e.person_count, CASE WHEN x.std IS NULL THEN NULL ELSE e.person_count END
      FROM (SELECT DISTINCT ON (subject_id) * FROM payments_entitlement
            WHERE programme = 'dibao' AND kind = 'monthly' AND superseded_at IS NULL AND from_month <= ${w.start}::date
              AND (to_month IS NULL OR to_month >= ${w.start}::date)
            ORDER BY subject_id, from_month DESC, created_at DESC) e
      LEFT JOIN assistance_case a ON e.source_module = 'assistance' AND a.id = (CASE WHEN split_part(e.source_id, ':', 1) ~ ${UUID} THEN split_part(e.source_id, ':', 1)::uuid END)
      CROSS JOIN LATERAL (SELECT coalesce(a.application->>'hukouType', 'urban') = 'rural' AS rural,
        CASE WHEN jsonb_typeof(e.breakdown->'standardFen') = 'number' THEN (e.breakdown->>'standardFen')::bigint END AS std) x`,
  }),
  'assistance.tekun': (w) => ({
    measures: ['persons', 'centralized', 'dispersed'],
    select: sql`
      SELECT e.region_code, 1, (a.care_mode = 'centralized')::int, (a.care_mode IS DISTINCT FROM 'centralized')::int
      FROM (SELECT DISTINCT ON (subject_id) * FROM payments_entitlement
            WHERE programme = 'tekun' AND kind = 'monthly' AND superseded_at IS NULL AND from_month <= ${w.start}::date
              AND (to_month IS NULL OR to_month >= ${w.start}::date)
            ORDER BY subject_id, from_month DESC, created_at DESC) e
      LEFT JOIN assistance_case a ON e.source_module = 'assistance' AND a.id = (CASE WHEN split_part(e.source_id, ':', 1) ~ ${UUID} THEN split_part(e.source_id, ':', 1)::uuid END)`,
  }),
  'assistance.linshi': (w) => ({
    measures: ['cases', 'amount_fen'],
    select: sql`
      SELECT region_code, 1, monthly_amount_fen FROM payments_entitlement
      WHERE programme = 'linshi' AND kind = 'grant' AND superseded_at IS NULL AND from_month = ${w.start}::date`,
  }),
  'payments.spending': (w) => ({
    measures: ['total_fen', 'p_dibao', 'p_tekun', 'p_linshi'],
    select: sql`
      SELECT l.region_code, l.amount_fen, CASE WHEN l.programme = 'dibao' THEN l.amount_fen ELSE 0 END,
        CASE WHEN l.programme = 'tekun' THEN l.amount_fen ELSE 0 END, CASE WHEN l.programme = 'linshi' THEN l.amount_fen ELSE 0 END
      FROM payments_line l JOIN payments_roll r ON r.id = l.roll_id
      WHERE r.month = ${w.start}::date AND r.state IN ('approved', 'exported', 'returned', 'reconciled') AND l.kind <> 'recovery'`,
  }),
  'verification.alerts': (w) => ({
    measures: ['open_at_end', 'raised', 'handled'],
    select: sql`
      SELECT a.region_code, (h.first_at IS NULL OR h.first_at >= ${w.next}::timestamp AT TIME ZONE 'Asia/Shanghai')::int,
        (a.raised_on >= ${w.start}::date)::int,
        (h.first_at >= ${w.start}::timestamp AT TIME ZONE 'Asia/Shanghai' AND h.first_at < ${w.next}::timestamp AT TIME ZONE 'Asia/Shanghai')::int
      FROM verification_alert a
      LEFT JOIN (SELECT alert_id, min(at) AS first_at FROM verification_alert_event WHERE action IN ('keep', 'transfer', 'adjust') GROUP BY alert_id) h
        ON h.alert_id = a.id
      WHERE a.raised_on < ${w.next}::date`,
  }),
};

/** What refreshMonth refreshes: the job-refreshed indicators, grouped by fact source. */
function jobRefreshedSources(): { source: FactSource; indicators: IndicatorDefinition[] }[] {
  const bySource = new Map<string, IndicatorDefinition[]>();
  for (const d of listIndicators()) if (d.refresh === 'job') bySource.set(d.source, [...(bySource.get(d.source) ?? []), d]);
  return [...bySource].map(([code, indicators]) => ({ source: findSource(code)!, indicators }));
}

interface Branch { n: number; source: FactSource; indicators: IndicatorDefinition[]; measures: string[]; select: SQL }

/** The job-refreshed sources, each as a numbered branch of the raw statement with its measures in order. */
function branches(w: MonthWindow, plan: { source: FactSource; indicators: IndicatorDefinition[] }[]): Branch[] {
  return plan.map(({ source, indicators }, n) => {
    const hand = HAND_WRITTEN[source.code]?.(w);
    const used = [...new Set(indicators.flatMap((d) => [d.numeratorMeasure, ...(d.denominatorMeasure ? [d.denominatorMeasure] : [])]))];
    if (hand && used.every((m) => hand.measures.includes(m))) return { n, source, indicators, ...hand };
    const cols = used.map((m) => sql`f.${sql.identifier(m)}`);
    return { n, source, indicators, measures: used, select: sql`SELECT f.region_code, ${sql.join(cols, sql`, `)} FROM (${source.facts(w, used)}) f` };
  });
}

/**
 * The raw way, in one statement: per source its facts summed with GROUP BY ROLLUP over the five
 * code prefixes, the sources' rows appended (UNION ALL) into an unlogged table (a temporary table
 * without the session tie: no WAL, no index) — one wide row per source and region (src, level,
 * region, m1…mK; a source with fewer measures leaves the rest null), no rows per indicator, no
 * key, no audit. A prefix a code skips (all zeros at that level) is null and its group is left out,
 * as the platform does. Each source is rolled up over its own measures only: one ROLLUP over a
 * UNION of all facts would sum every source's rows over the widest source's columns (elderly's
 * twenty) and make the raw side slower than the platform.
 */
function rawRollup(all: Branch[], width: number): SQL {
  const g = sql.raw('grouping(p2, p4, p6, p9, p12)');
  const perSource = all.map((b) => {
    const m = b.measures.map((_, i) => `m${i + 1}`);
    const pad = sql.raw(', NULL::numeric'.repeat(width - m.length));
    return sql`
      SELECT ${b.n}::int, CASE ${g} WHEN 0 THEN 5 WHEN 1 THEN 4 WHEN 3 THEN 3 WHEN 7 THEN 2 ELSE 1 END,
        rpad(coalesce(p12, p9, p6, p4, p2), 12, '0'), ${sql.raw(m.map((c) => `sum(${c})`).join(', '))} ${pad}
      FROM (
        SELECT u.*, left(u.region_code, 2) AS p2, nullif(left(u.region_code, 4), left(u.region_code, 2) || '00') AS p4,
          nullif(left(u.region_code, 6), left(u.region_code, 4) || '00') AS p6, nullif(left(u.region_code, 9), left(u.region_code, 6) || '000') AS p9,
          nullif(u.region_code, left(u.region_code, 9) || '000') AS p12
        FROM (${b.select}) AS u(region_code, ${sql.raw(m.join(', '))})) ${sql.identifier(`x${b.n}`)}
      GROUP BY ROLLUP (p2, p4, p6, p9, p12)
      HAVING ${g} <> 31 AND CASE ${g} WHEN 0 THEN p12 WHEN 1 THEN p9 WHEN 3 THEN p6 WHEN 7 THEN p4 ELSE p2 END IS NOT NULL`;
  });
  return sql`INSERT INTO bench_stats_rollup ${sql.join(perSource, sql` UNION ALL `)}`;
}

/** Numerators and denominators that the raw rows give and the stored values do not (or the reverse). */
async function differences(db: Database, w: MonthWindow, all: Branch[]): Promise<number> {
  const expected = sql.join(all.flatMap((b) => b.indicators.map((d) => {
    const col = (measure: string | null) => (measure ? sql.raw(`m${b.measures.indexOf(measure) + 1}`) : sql`NULL::numeric`);
    return sql`SELECT ${d.code}::text AS indicator, region_code, ${col(d.numeratorMeasure)} AS num, ${col(d.denominatorMeasure)} AS den
      FROM bench_stats_rollup WHERE src = ${b.n}`;
  })), sql` UNION ALL `);
  const [row] = await db.transaction((tx) => tx.rows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM (${expected}) e
    FULL JOIN (SELECT * FROM statistics_value WHERE period = ${w.start}::date) s ON s.indicator = e.indicator AND s.region_code = e.region_code
    WHERE coalesce(s.numerator, 0) <> coalesce(e.num, 0) OR coalesce(s.denominator, 0) <> coalesce(e.den, 0)`));
  return row!.n;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T; load: string }> {
  const before = loadavg()[0]!;
  const started = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - started) / 1000, value, load: `${before.toFixed(1)}→${loadavg()[0]!.toFixed(1)}` };
}

/**
 * A month's full refresh of every job-refreshed indicator (`refreshMonth`: the job's code — one
 * GROUP BY ROLLUP statement per fact source, unpivoted into statistics_value with its key and
 * indexes, the refresh log and the audit entry, in one transaction) over N persons' facts, against
 * one raw GROUP BY ROLLUP of the same facts into a temporary table.
 */
export const statsRefresh: Benchmark = {
  describe: 'full statistics refresh of a month over N persons\' facts (低保, 特困, 临时救助, payment lines, alerts) vs one raw GROUP BY ROLLUP',
  defaultSize: 1_000_000,
  async run({ db, size, log }) {
    await loadStatisticsFacts(db, size, log);

    const w = monthWindow(STATS_MONTH);
    const all = branches(w, jobRefreshedSources());
    const width = Math.max(...all.map((b) => b.measures.length));
    await db.transaction((tx) => tx.script(`DROP TABLE IF EXISTS bench_stats_rollup;
      CREATE UNLOGGED TABLE bench_stats_rollup (src int, level int, region_code text, ${Array.from({ length: width }, (_, i) => `m${i + 1} numeric`).join(', ')})`));
    const baseline = await timed(() => db.transaction((tx) => tx.run(rawRollup(all, width))));
    log(`  raw GROUP BY ROLLUP: ${baseline.value} rows in ${baseline.seconds.toFixed(3)} s (load ${baseline.load})`);
    await db.transaction((tx) => tx.script('CHECKPOINT'));

    const platform = await timed(() => refreshMonth(db, STATS_MONTH, WHO));
    const r = platform.value;
    log(`  refreshMonth: ${r.valueRows} values in ${platform.seconds.toFixed(3)} s (load ${platform.load}); per source: ${
      r.sources.map((s) => `${s.code} ${s.rows} rows ${s.milliseconds} ms`).join(', ')}`);
    const wrong = await differences(db, w, all);
    if (wrong !== 0 || r.valueRows === 0) throw new Error(`stats-refresh: ${wrong} values differ from the raw rollup (${r.valueRows} stored)`);
    log(`summary: refresh ${platform.seconds.toFixed(2)} s, raw rollup ${baseline.seconds.toFixed(2)} s (ratio ${(platform.seconds / baseline.seconds).toFixed(2)}, target ≤ 2)`);
    await db.transaction((tx) => tx.script('DROP TABLE bench_stats_rollup'));
    return { seconds: platform.seconds, baselineSeconds: baseline.seconds, size };
  },
};
