import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { enqueueJob, registerJobHandler } from '@mz/jobs/server';
import { listProgrammes } from '@mz/payments/server';
import {
  firstDayOfMonth, forbidden, invalid, lastDayOfMonth, notFound, parseYearMonth, regionLevel, subtreeRange, todayInShanghai,
} from '@mz/kernel';
import { alertDueDate, findRule, findSource, planRules, type RulePlan } from '../domain/index.ts';
import { ruleConfigs } from './catalogue.service.ts';
import { buildPopulation, RULE_NEEDS, RULE_SQL, type RunWindow } from './monitor.query.ts';
import { recordSilentResults, type SilentOutcome } from './silent.service.ts';

/** 'monitor': every rule; 'silent': 静默认证, the rules marked silent, with results and holds. */
export type RunKind = 'monitor' | 'silent';

export const RUN_JOB_KIND = 'verification.monitor';

export interface Runner extends AuditActor {
  regionCode: string;
}

export interface RuleOutcome {
  code: string;
  name: string;
  ran: boolean;
  snapshotIds: string[];
  found: number;
  raised: number;
  notes: string[];
}

export interface RunOutcome {
  runId: string;
  beneficiaries: number;
  alertsNew: number;
  alertsSeen: number;
  rules: RuleOutcome[];
  /** 静默认证 runs: recipients passed, failed, and holds opened in payments. */
  silent?: SilentOutcome;
}

/**
 * The run row and its job, in the caller's (scoped) transaction. County level and above. A silent
 * run (静默认证) goes through the same job kind: the handler reads the kind from the run row.
 */
export async function queueRun(tx: Tx, who: Runner, month: string, kind: RunKind = 'monitor'): Promise<{ runId: string; jobId: string }> {
  checkRunner(who.regionCode);
  checkMonth(month);
  const [run] = await tx.rows<{ id: string }>(sql`
    INSERT INTO verification_run (region_code, month, created_by, kind) VALUES (${who.regionCode}, ${firstDayOfMonth(month)}::date, ${who.actorId}::uuid, ${kind}) RETURNING id`);
  const jobId = await enqueueJob(tx, { kind: RUN_JOB_KIND, regionCode: who.regionCode, createdBy: who.actorId, payload: { runId: run!.id, runner: who } });
  await tx.run(sql`UPDATE verification_run SET job_id = ${jobId}::uuid WHERE id = ${run!.id}`);
  return { runId: run!.id, jobId };
}

function checkRunner(regionCode: string): void {
  if (regionLevel(regionCode) > 3) throw forbidden('监测比对由县级以上民政部门发起', '乡镇（街道）请在预警列表中处置本辖区的预警');
}

function checkMonth(month: string): void {
  try {
    parseYearMonth(month);
  } catch {
    throw invalid('月份格式不正确', [{ path: 'month', message: '应为 YYYY-MM' }]);
  }
}

export function registerRunJob(): void {
  registerJobHandler(RUN_JOB_KIND, async ({ db, payload, progress }) => {
    const { runId, runner } = payload as { runId: string; runner: Runner };
    try {
      return { ...(await runMonitor(db, runner, runId, { progress })) };
    } catch (err) {
      const e = err as { title?: string; detail?: string };
      const message = e?.title ? [e.title, e.detail].filter(Boolean).join('：') : '监测运行出错，未生成任何预警';
      await db.transaction((tx) => tx.run(sql`UPDATE verification_run SET status = 'failed', error = ${message}, finished_at = now()
        WHERE id = ${runId} AND status IN ('queued', 'running')`)).catch(() => undefined);
      throw err;
    }
  });
}

export interface RunOptions {
  today?: string;
  progress?: (done: number, total: number) => void;
  log?: (message: string) => void;
}

/**
 * One monitoring run, in one transaction: plan which rules run on which fresh snapshots, build
 * the covered population of the jurisdiction, let each rule add its findings, then upsert the
 * alerts — a finding that already has an unresolved alert (same rule, same person or household)
 * refreshes it instead of adding another, and one that an official kept (维持) or passed to
 * another department (转办) on the same data is not raised again. Audited once, naming the snapshots used.
 *
 * System work (the records table is not readable by the application role): the jurisdiction is
 * applied explicitly as the range of the run's region, on every table the population is read from.
 */
export async function runMonitor(db: Database, who: Runner, runId: string, options: RunOptions = {}): Promise<RunOutcome> {
  const today = options.today ?? todayInShanghai();
  const progress = options.progress ?? (() => {});
  let last = performance.now();
  const mark = (phase: string) => {
    const now = performance.now();
    options.log?.(`  ${phase}: ${((now - last) / 1000).toFixed(2)} s`);
    last = now;
  };
  return db.transaction(async (tx) => {
    if (tx.engine === 'postgres') await tx.script(`SET LOCAL work_mem = '256MB'; SET LOCAL jit = off`);
    // One run at a time across processes: runs are rare and long, and serialising them lets the
    // alert write be a plain INSERT of what no unresolved alert covers yet.
    await tx.rows(sql`SELECT pg_advisory_xact_lock(hashtext('verification.monitor'))`);
    const [run] = await tx.rows<{ region_code: string; month: string; status: string; kind: RunKind }>(sql`
      SELECT region_code, to_char(month, 'YYYY-MM') AS month, status, kind FROM verification_run WHERE id = ${runId} FOR UPDATE`);
    if (!run) throw notFound('监测运行不存在');
    if (run.status !== 'queued') throw invalid('该监测运行已执行');
    await tx.run(sql`UPDATE verification_run SET status = 'running' WHERE id = ${runId}`);
    const range = subtreeRange(run.region_code);
    const w: RunWindow = { monthStart: firstDayOfMonth(run.month), monthEnd: lastDayOfMonth(run.month), from: range.from, to: range.to };

    // Plan: the current snapshots that serve this jurisdiction (its own and those above it).
    const snaps = await tx.rows<{ id: string; source_code: string; as_of: string; refresh_days: number }>(sql`
      SELECT s.id, s.source_code, s.as_of::text, src.refresh_days FROM verification_snapshot s JOIN verification_source src ON src.code = s.source_code
      WHERE s.status = 'current' AND ((s.region_code >= ${range.from} AND s.region_code < ${range.to}) OR verification_region_covers(s.region_code, ${run.region_code}))`);
    const configs = await ruleConfigs(tx);
    const programmes = new Set(listProgrammes().map((p) => p.code));
    const planned = planRules(configs, snaps.map((s) => ({ sourceCode: s.source_code, snapshotId: s.id, asOf: s.as_of, refreshDays: s.refresh_days })),
      programmes, today, (c) => findSource(c)?.name ?? c);
    // 静默认证 re-verifies with the silent rule set only (alive, not in custody, still qualifying).
    const silent = run.kind === 'silent';
    const plans = silent ? planned.filter((p) => findRule(p.code)?.silent) : planned;
    mark('plan');

    const running = plans.filter((p) => p.run).map((p) => RULE_NEEDS[p.code] ?? {});
    const needs = { entitlements: running.some((n) => n.entitlements), units: running.some((n) => n.units) };
    for (const stmt of buildPopulation(w, needs)) await tx.run(stmt);
    const [{ n: beneficiaries }] = await tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM vm_person`) as [{ n: number }];
    mark(`population (${beneficiaries})`);
    progress(1, plans.length + 2);

    const outcomes: RuleOutcome[] = [];
    for (const [i, plan] of plans.entries()) {
      const cfg = configs.find((c) => c.code === plan.code)!;
      const def = findRule(plan.code);
      let found = 0;
      if (plan.run && def && RULE_SQL[plan.code]) {
        found = await tx.run(RULE_SQL[plan.code]!(w, plan.snapshotIds, { ...def.defaults, ...cfg.params }));
        mark(`rule ${plan.code} (${found})`);
      }
      outcomes.push({ code: plan.code, name: def?.name ?? plan.code, ran: plan.run, snapshotIds: plan.snapshotIds, found, raised: 0, notes: plan.notes });
      progress(i + 2, plans.length + 2);
    }

    const due = plans.filter((p) => p.run).map((p) => {
      const cfg = configs.find((c) => c.code === p.code)!;
      return { code: p.code, severity: cfg.severity, level: cfg.handlingLevel, due: alertDueDate(today, cfg.deadlineDays) };
    });
    await tx.run(sql`ANALYZE vm_candidate`);
    // A finding that already has an unresolved alert (same rule and subject) refreshes it …
    const seen = await tx.rows<{ rule_code: string; n: number }>(sql`
      WITH upd AS (
        UPDATE verification_alert a SET last_run_id = ${runId}::uuid, last_seen_at = now(),
          evidence = CASE WHEN a.status = 'open' THEN c.evidence ELSE a.evidence END,
          basis = CASE WHEN a.status = 'open' THEN c.basis ELSE a.basis END
        FROM vm_candidate c
        WHERE a.rule_code = c.rule_code AND a.subject_key = c.subject_key AND a.status IN ('open', 'verifying', 'adjust')
        RETURNING a.rule_code)
      SELECT rule_code, count(*)::int AS n FROM upd GROUP BY rule_code`);
    // … the others become new alerts, unless an official kept or transferred the same finding on
    // the same data. A plain INSERT (runs are serialised by the lock taken above, so no other
    // run can add the same alert meanwhile; the partial unique index still guards it).
    const fresh = await tx.rows<{ rule_code: string; n: number }>(sql`
      WITH cfg AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(due)}::jsonb) AS c(code text, severity text, level smallint, due date)),
      ins AS (
        INSERT INTO verification_alert (rule_code, subject_key, person_id, household_id, person_name, id_masked, region_code, case_ids,
          severity, handling_level, basis, evidence, raised_on, due_on, first_run_id, last_run_id)
        SELECT c.rule_code, c.subject_key, c.person_id, c.household_id, p.name, p.id_masked, v.region_code,
          ARRAY(SELECT vc.case_id FROM vm_case vc WHERE vc.person_id = c.person_id ORDER BY 1),
          cfg.severity, cfg.level, c.basis, c.evidence, ${today}::date, cfg.due, ${runId}::uuid, ${runId}::uuid
        FROM vm_candidate c JOIN cfg ON cfg.code = c.rule_code JOIN vm_person v ON v.person_id = c.person_id
        JOIN registry_person p ON p.id = c.person_id
        WHERE NOT EXISTS (SELECT 1 FROM verification_alert a
            WHERE a.rule_code = c.rule_code AND a.subject_key = c.subject_key AND a.status IN ('open', 'verifying', 'adjust'))
          AND NOT EXISTS (SELECT 1 FROM verification_alert k
            WHERE k.status IN ('kept', 'transferred') AND k.rule_code = c.rule_code AND k.subject_key = c.subject_key AND k.basis = c.basis)
        RETURNING rule_code)
      SELECT rule_code, count(*)::int AS n FROM ins GROUP BY rule_code`);
    for (const o of outcomes) o.raised = fresh.find((u) => u.rule_code === o.code)?.n ?? 0;
    const alertsNew = fresh.reduce((n, u) => n + u.n, 0);
    const alertsSeen = seen.reduce((n, u) => n + u.n, 0);
    mark(`alerts (${alertsNew} new, ${alertsSeen} again)`);
    const silentOutcome = silent ? await recordSilentResults(tx, who, { runId, month: run.month }) : undefined;
    if (silentOutcome) mark(`silent (${silentOutcome.passed} passed, ${silentOutcome.failed} failed, ${silentOutcome.held} held)`);

    await tx.run(sql`UPDATE verification_run SET status = 'done', beneficiaries = ${beneficiaries}, alerts_new = ${alertsNew}, alerts_seen = ${alertsSeen},
      rules = ${JSON.stringify(outcomes)}::jsonb, finished_at = now() WHERE id = ${runId}`);
    const used = [...new Set(plans.flatMap((p) => p.snapshotIds))];
    await appendAudit(tx, who, {
      action: silent ? 'verification.silent_run' : 'verification.run', entityType: 'verification_run', entityId: runId, regionCode: run.region_code,
      summary: `${silent ? '静默认证' : '监测比对'} ${run.month}：覆盖 ${beneficiaries} 人，运行规则 ${outcomes.filter((o) => o.ran).length} 条，新增预警 ${alertsNew} 条、已有预警再次命中 ${alertsSeen} 条，使用数据快照 ${used.length} 个`
        + (silentOutcome ? `；认证通过 ${silentOutcome.passed} 人、未通过 ${silentOutcome.failed} 人，暂停发放 ${silentOutcome.held} 项待遇` : ''),
      diff: {
        snapshots: { before: null, after: used }, alertsNew: { before: null, after: alertsNew },
        ...(silentOutcome ? { passed: { before: null, after: silentOutcome.passed }, failed: { before: null, after: silentOutcome.failed }, held: { before: null, after: silentOutcome.held } } : {}),
      },
    });
    progress(plans.length + 2, plans.length + 2);
    return { runId, beneficiaries, alertsNew, alertsSeen, rules: outcomes, ...(silentOutcome ? { silent: silentOutcome } : {}) };
  });
}

export interface RunView {
  id: string; kind: RunKind; regionCode: string; month: string; status: 'queued' | 'running' | 'done' | 'failed';
  beneficiaries: number; alertsNew: number; alertsSeen: number; rules: RuleOutcome[]; error: string | null; jobId: string | null;
  createdAt: string; finishedAt: string | null;
}

interface RunRow {
  id: string; kind: RunKind; region_code: string; month: string; status: RunView['status']; beneficiaries: number; alerts_new: number; alerts_seen: number;
  rules: RuleOutcome[]; error: string | null; job_id: string | null; created_at: string; finished_at: string | null;
}

export async function listRuns(tx: Tx, scopeRegion: string, id?: string): Promise<RunView[]> {
  const scope = subtreeRange(scopeRegion);
  const rows = await tx.rows<RunRow>(sql`
    SELECT id, kind, region_code, to_char(month, 'YYYY-MM') AS month, status, beneficiaries, alerts_new, alerts_seen, rules, error, job_id, created_at, finished_at
    FROM verification_run WHERE region_code >= ${scope.from} AND region_code < ${scope.to} ${id ? sql`AND id = ${id}` : sql``}
    ORDER BY created_at DESC LIMIT 100`);
  return rows.map((r) => ({
    id: r.id, kind: r.kind, regionCode: r.region_code, month: r.month, status: r.status, beneficiaries: r.beneficiaries, alertsNew: r.alerts_new,
    alertsSeen: r.alerts_seen, rules: r.rules, error: r.error, jobId: r.job_id, createdAt: new Date(r.created_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  }));
}

export type { RulePlan };
