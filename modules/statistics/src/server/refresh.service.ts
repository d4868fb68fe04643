/**
 * Refreshing a month's values (a job, or the CLI) and checking them against the records.
 *
 * Refresh: one transaction, the month's job-refreshed values deleted and re-inserted with one
 * statement per fact source (rollup.query.ts), so readers see the old figures or the new, never a
 * mixture. Check: the same statements into a temporary table, compared with what is stored; any
 * difference (a value edited by hand, facts changed since the refresh) is listed.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { enqueueJob, registerJobHandler } from '@mz/jobs/server';
import { addMonths, firstDayOfMonth, forbidden, parseYearMonth, regionLevel, todayInShanghai } from '@mz/kernel';
import { rollupSelect } from './rollup.query.ts';
import { sourcesWithIndicators, type MonthWindow } from './fact-source.ts';

export const REFRESH_JOB_KIND = 'statistics.refresh';

export function monthWindow(month: string): MonthWindow {
  parseYearMonth(month, '统计月份');
  return { month, start: firstDayOfMonth(month), next: firstDayOfMonth(addMonths(month, 1)) };
}

export interface RefreshOutcome {
  month: string;
  valueRows: number;
  milliseconds: number;
  sources: { code: string; indicators: number; rows: number; milliseconds: number }[];
}

/** Recomputes every job-refreshed indicator for the month (system work: reads all jurisdictions). */
export async function refreshMonth(db: Database, month: string, who: AuditActor): Promise<RefreshOutcome> {
  const w = monthWindow(month);
  const plan = sourcesWithIndicators('job');
  return db.transaction(async (tx) => {
    const began = performance.now();
    const codes = plan.flatMap((p) => p.indicators.map((d) => d.code));
    await tx.run(sql`DELETE FROM statistics_value WHERE period = ${w.start}::date AND indicator IN ${codes}`);
    const sources: RefreshOutcome['sources'] = [];
    for (const { source, indicators } of plan) {
      const t = performance.now();
      const rows = await tx.run(sql`
        INSERT INTO statistics_value (indicator, period, region_code, level, numerator, denominator, value)
        ${rollupSelect(source, indicators, w)}`);
      sources.push({ code: source.code, indicators: indicators.length, rows, milliseconds: Math.round(performance.now() - t) });
    }
    const valueRows = sources.reduce((s, x) => s + x.rows, 0);
    const milliseconds = Math.round(performance.now() - began);
    await tx.run(sql`
      INSERT INTO statistics_refresh (period, refreshed_at, refreshed_by, value_rows, milliseconds, sources)
      VALUES (${w.start}::date, now(), ${who.actorName ?? '系统'}, ${valueRows}, ${milliseconds}, ${JSON.stringify(sources)}::jsonb)
      ON CONFLICT (period) DO UPDATE SET refreshed_at = now(), refreshed_by = EXCLUDED.refreshed_by, value_rows = EXCLUDED.value_rows,
        milliseconds = EXCLUDED.milliseconds, sources = EXCLUDED.sources`);
    await appendAudit(tx, who, {
      action: 'statistics.refresh', entityType: 'statistics_refresh', entityId: month,
      summary: `刷新 ${month} 统计指标：${codes.length} 项指标，${valueRows} 个区划值`,
    });
    return { month, valueRows, milliseconds, sources };
  });
}

export interface Difference {
  indicator: string; regionCode: string; level: number | null;
  stored: { numerator: number; denominator: number | null } | null;
  expected: { numerator: number; denominator: number | null } | null;
}

export interface CheckOutcome { month: string; refreshed: boolean; compared: number; differences: number; sample: Difference[] }

const num = (v: string | null) => (v === null ? null : Number(v));

/**
 * Recomputes the month from the records into a temporary table and lists what differs from the
 * stored values (0 and "no row" count as the same). Read-only: nothing stored is changed.
 */
export async function checkMonth(db: Database, month: string, limit = 100): Promise<CheckOutcome> {
  const w = monthWindow(month);
  const plan = sourcesWithIndicators();
  const codes = plan.flatMap((p) => p.indicators.map((d) => d.code));
  return db.transaction(async (tx) => {
    await tx.run(sql`CREATE TEMP TABLE statistics_expected (indicator text, period date, region_code varchar(12), level smallint,
      numerator numeric, denominator numeric, value numeric) ON COMMIT DROP`);
    for (const { source, indicators } of plan) {
      await tx.run(sql`INSERT INTO statistics_expected ${rollupSelect(source, indicators, w)}`);
    }
    const diff = sql`
      FROM statistics_expected e
      FULL JOIN (SELECT * FROM statistics_value WHERE period = ${w.start}::date AND indicator IN ${codes}) s
        ON s.indicator = e.indicator AND s.region_code = e.region_code
      WHERE coalesce(s.numerator, 0) <> coalesce(e.numerator, 0) OR coalesce(s.denominator, 0) <> coalesce(e.denominator, 0)`;
    const [{ compared }] = await tx.rows<{ compared: number }>(sql`SELECT count(*)::int AS compared FROM statistics_expected`) as [{ compared: number }];
    const [{ n }] = await tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n ${diff}`) as [{ n: number }];
    const rows = await tx.rows<{ indicator: string; region_code: string; level: number | null; sn: string | null; sd: string | null; en: string | null; ed: string | null; stored: boolean; expected: boolean }>(sql`
      SELECT coalesce(e.indicator, s.indicator) AS indicator, coalesce(e.region_code, s.region_code) AS region_code, coalesce(e.level, s.level)::int AS level,
        s.numerator::text AS sn, s.denominator::text AS sd, e.numerator::text AS en, e.denominator::text AS ed,
        s.indicator IS NOT NULL AS stored, e.indicator IS NOT NULL AS expected
      ${diff} ORDER BY 1, 2 LIMIT ${limit}`);
    const [refreshed] = await tx.rows(sql`SELECT 1 FROM statistics_refresh WHERE period = ${w.start}::date`);
    return {
      month, refreshed: !!refreshed, compared, differences: n,
      sample: rows.map((r) => ({
        indicator: r.indicator, regionCode: r.region_code, level: r.level,
        stored: r.stored ? { numerator: Number(r.sn), denominator: num(r.sd) } : null,
        expected: r.expected ? { numerator: Number(r.en), denominator: num(r.ed) } : null,
      })),
    };
  });
}

/** The month's refresh as a job, queued by a province official (the refresh reads every jurisdiction). */
export async function queueRefresh(tx: Tx, who: AuditActor & { regionCode: string }, month: string): Promise<{ jobId: string }> {
  monthWindow(month);
  if (regionLevel(who.regionCode) !== 1) throw forbidden('统计指标由省级统一刷新', '各级看板读取省级刷新后的数据；如需更新请联系省级统计人员');
  const jobId = await enqueueJob(tx, { kind: REFRESH_JOB_KIND, regionCode: who.regionCode, createdBy: who.actorId, payload: { month, who } });
  return { jobId };
}

/**
 * Whether this month's figures are due for the scheduled refresh: never refreshed, or refreshed
 * longer than `everyMinutes` ago. Pure, so the rule has a table test.
 */
export function refreshDue(lastRefreshedAt: Date | null, now: Date, everyMinutes: number): boolean {
  if (everyMinutes <= 0) return false;
  return lastRefreshedAt === null || now.getTime() - lastRefreshedAt.getTime() >= everyMinutes * 60_000;
}

const SCHEDULE_ACTOR: AuditActor = { actorId: null, actorName: '定时刷新', actorRegion: null, ip: null };

/**
 * The schedule that keeps the dashboards current: queues this month's refresh when it is due and
 * none is already queued or running (any process may call it; the job runner takes the job). The
 * advisory lock makes two processes calling at once queue one job.
 */
export async function queueDueRefresh(db: Database, options: { everyMinutes: number; deploymentRegion: string; now?: Date }): Promise<{ queued: boolean; month: string }> {
  const now = options.now ?? new Date();
  const month = todayInShanghai().slice(0, 7);
  if (options.everyMinutes <= 0) return { queued: false, month };
  return db.transaction(async (tx) => {
    await tx.rows(sql`SELECT pg_advisory_xact_lock(hashtext('statistics.schedule'))`);
    const [last] = await tx.rows<{ refreshed_at: string }>(sql`SELECT refreshed_at FROM statistics_refresh WHERE period = ${firstDayOfMonth(month)}::date`);
    if (!refreshDue(last ? new Date(last.refreshed_at) : null, now, options.everyMinutes)) return { queued: false, month };
    const [pending] = await tx.rows(sql`SELECT 1 FROM platform_job WHERE kind = ${REFRESH_JOB_KIND} AND status IN ('queued', 'running') LIMIT 1`);
    if (pending) return { queued: false, month };
    await enqueueJob(tx, { kind: REFRESH_JOB_KIND, regionCode: options.deploymentRegion, createdBy: null, payload: { month, who: SCHEDULE_ACTOR } });
    return { queued: true, month };
  });
}

export function registerRefreshJob(): void {
  registerJobHandler(REFRESH_JOB_KIND, async ({ db, payload }) => {
    const { month, who } = payload as { month: string; who: AuditActor };
    return { ...(await refreshMonth(db, month, who)) };
  });
}

/** When each month was last refreshed (newest first). */
export async function refreshLog(tx: Tx, limit = 24): Promise<{ month: string; refreshedAt: string; refreshedBy: string; valueRows: number; milliseconds: number }[]> {
  const rows = await tx.rows<{ period: string; refreshed_at: string; refreshed_by: string; value_rows: number; milliseconds: number }>(sql`
    SELECT period::text, refreshed_at, refreshed_by, value_rows, milliseconds FROM statistics_refresh ORDER BY period DESC LIMIT ${limit}`);
  return rows.map((r) => ({ month: r.period.slice(0, 7), refreshedAt: new Date(r.refreshed_at).toISOString(), refreshedBy: r.refreshed_by, valueRows: r.value_rows, milliseconds: r.milliseconds }));
}

/**
 * The demo's figures: the thirteen months up to `month` (this month by default), refreshed once —
 * nothing when any month was refreshed before — so the dashboard's trend and 同比 have data at start.
 */
export async function seedDemoStatistics(db: Database, month = todayInShanghai().slice(0, 7)): Promise<number> {
  const [done] = await db.transaction((tx) => tx.rows(sql`SELECT 1 FROM statistics_refresh LIMIT 1`));
  if (done) return 0;
  const months = Array.from({ length: 13 }, (_, i) => addMonths(month, i - 12));
  for (const m of months) await refreshMonth(db, m, { actorId: null, actorName: '演示数据', actorRegion: null, ip: null });
  return months.length;
}
