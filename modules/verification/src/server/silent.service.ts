/**
 * 静默认证 (silent re-verification of recurring subsidies). A silent run is a monitoring run of the
 * rules marked `silent` (monitor.service.ts runs it; it shares vm_person, the rule statements and
 * the alert upsert). Afterwards, here, in the same transaction:
 *   - one INSERT … SELECT records every recipient's result for the month (认证通过 or not);
 *   - the failures' unresolved alerts hold the subjects' payments in payments from the next month,
 *     in one holdPayments call (the matter is the alert: sourceModule 'verification', sourceId = id).
 * Handling the alert releases the hold (onAlertHandled), and the next roll pays the held months.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { addMonths, invalid, parseYearMonth, regionLevel, subtreeRange } from '@mz/kernel';
import { holdPayments, releaseHold } from '@mz/payments/server';
import { findRule } from '../domain/index.ts';

export const HOLD_SOURCE = 'verification';

export interface SilentOutcome { passed: number; failed: number; held: number }

/**
 * The month's results of the recipients in vm_person (those paid this month) and the holds of
 * those who failed. A candidate counts as a failure only while it has an unresolved alert: a
 * finding an official already kept (维持) on the same data raised no alert and does not hold.
 */
export async function recordSilentResults(tx: Tx, who: AuditActor, run: { runId: string; month: string }): Promise<SilentOutcome> {
  const monthStart = `${run.month}-01`;
  await tx.run(sql`
    CREATE TEMP TABLE vs_fail ON COMMIT DROP AS
    SELECT DISTINCT a.id AS alert_id, a.alert_no, a.rule_code, a.subject_key, a.person_id, a.household_id, v.paid_household_id
    FROM vm_candidate c JOIN verification_alert a ON a.rule_code = c.rule_code AND a.subject_key = c.subject_key
      AND a.status IN ('open', 'verifying', 'adjust')
    LEFT JOIN vm_person v ON v.person_id = a.subject_key AND a.subject_key = a.person_id`);
  // A person fails by a person rule (subject = the person) or a household rule (subject = their
  // unit): two equality joins, so both hash.
  const [r] = await tx.rows<{ passed: number; failed: number }>(sql`
    WITH f AS (
      SELECT person_id, array_agg(DISTINCT rule_code ORDER BY rule_code) AS rules, array_agg(DISTINCT alert_id) AS alert_ids FROM (
        SELECT v.person_id, x.rule_code, x.alert_id FROM vm_person v JOIN vs_fail x ON x.subject_key = v.person_id WHERE v.paid
        UNION ALL
        SELECT v.person_id, x.rule_code, x.alert_id FROM vm_person v JOIN vs_fail x ON x.subject_key = v.unit_id
        WHERE v.paid AND v.unit_id <> v.person_id) y
      GROUP BY person_id),
    ins AS (
      INSERT INTO verification_silent_result (month, person_id, region_code, run_id, passed, rules, alert_ids)
      SELECT ${monthStart}::date, v.person_id, v.region_code, ${run.runId}::uuid, f.person_id IS NULL, coalesce(f.rules, '{}'), coalesce(f.alert_ids, '{}')
      FROM vm_person v LEFT JOIN f ON f.person_id = v.person_id
      WHERE v.paid
      ON CONFLICT (month, person_id) DO UPDATE SET region_code = EXCLUDED.region_code, run_id = EXCLUDED.run_id, passed = EXCLUDED.passed,
        rules = EXCLUDED.rules, alert_ids = EXCLUDED.alert_ids
      RETURNING passed)
    SELECT count(*) FILTER (WHERE passed)::int AS passed, count(*) FILTER (WHERE NOT passed)::int AS failed FROM ins`);

  // The holds: the alert's subject — a household (household rules) or the person (their own
  // entitlements and their household's where they are the named applicant) — from next month;
  // and for a person rule, also the household whose entitlement counts the person (a dead or
  // detained member who is not the applicant: the household is paid an amount that includes
  // them). All under the one matter, so handling the alert releases them together.
  const fails = await tx.rows<{ alert_id: string; alert_no: number; rule_code: string; subject_key: string; household_id: string | null; paid_household_id: string | null }>(sql`
    SELECT alert_id, alert_no, rule_code, subject_key, household_id, paid_household_id FROM vs_fail`);
  const fromMonth = addMonths(run.month, 1);
  const { held } = await holdPayments(tx, who, fails.flatMap((f) => {
    const matter = {
      fromMonth, sourceModule: HOLD_SOURCE, sourceId: f.alert_id,
      reason: `静默认证未通过：${findRule(f.rule_code)?.name ?? f.rule_code}（预警 ${f.alert_no}），核实处置前暂停发放`,
    };
    if (f.subject_key === f.household_id) return [{ ...matter, subject: { householdId: f.subject_key } }];
    return [
      { ...matter, subject: { personId: f.subject_key } },
      ...(f.paid_household_id ? [{ ...matter, subject: { householdId: f.paid_household_id } }] : []),
    ];
  }));
  return { passed: r!.passed, failed: r!.failed, held };
}

export type AlertOutcome = 'verify' | 'keep' | 'transfer' | 'adjust' | 'resolved';

/**
 * To be called by the alert workflow in the transaction that records a handling step:
 *   - 维持 (keep) and 转办 (transfer): the finding does not stop the benefit here — release;
 *   - 需调整 (adjust): the hold stays while the assistance case step ends or adjusts the
 *     entitlement; call again with 'resolved' when that step is done (the entitlement is already
 *     ended or changed then, so the released months owe only what it says now);
 *   - 核实 (verify): nothing changes.
 * A no-op for alerts that hold nothing (monitoring alerts, or a subject with no entitlement).
 */
export async function onAlertHandled(tx: Tx, actor: AuditActor, alert: { id: string }, outcome: AlertOutcome, opinion?: string | null): Promise<{ released: number }> {
  const reasons: Partial<Record<AlertOutcome, string>> = {
    keep: '预警核实后维持待遇，恢复发放', transfer: '预警已转办其他部门，恢复发放', resolved: '预警所涉待遇已按程序调整或终止，恢复发放',
  };
  const reason = reasons[outcome];
  if (!reason) return { released: 0 };
  return releaseHold(tx, actor, { sourceModule: HOLD_SOURCE, sourceId: alert.id, reason: opinion ? `${reason}（${opinion.slice(0, 200)}）` : reason });
}

export interface SilentRow { regionCode: string; regionName: string; passed: number; failed: number; held: number }

/**
 * Results of a month by region one level below `regionCode` (default: the caller's region):
 * passed, failed, and held — failed recipients whose alert is still unresolved (their payments
 * stay held until it is handled).
 */
export async function silentResults(tx: Tx, scopeRegion: string, q: { month: string; regionCode?: string }): Promise<{ month: string; regionCode: string; rows: SilentRow[]; total: Omit<SilentRow, 'regionName' | 'regionCode'> }> {
  try {
    parseYearMonth(q.month);
  } catch {
    throw invalid('月份格式不正确', [{ path: 'month', message: '应为 YYYY-MM' }]);
  }
  const region = q.regionCode ?? scopeRegion;
  const scope = subtreeRange(scopeRegion);
  const within = subtreeRange(region);
  // Out of scope looks like nothing there.
  if (within.from < scope.from || within.to > scope.to) return { month: q.month, regionCode: region, rows: [], total: { passed: 0, failed: 0, held: 0 } };
  const prefix = [2, 4, 6, 9, 12][Math.min(regionLevel(region), 4)]!;
  const rows = await tx.rows<{ code: string; name: string | null; passed: number; failed: number; held: number }>(sql`
    WITH r AS (
      SELECT rpad(left(s.region_code, ${prefix}), 12, '0') AS code, s.passed,
        NOT s.passed AND EXISTS (SELECT 1 FROM verification_alert a WHERE a.id = ANY(s.alert_ids) AND a.status IN ('open', 'verifying', 'adjust')) AS held
      FROM verification_silent_result s
      WHERE s.month = ${`${q.month}-01`}::date AND s.region_code >= ${within.from} AND s.region_code < ${within.to})
    SELECT r.code, g.name, count(*) FILTER (WHERE r.passed)::int AS passed, count(*) FILTER (WHERE NOT r.passed)::int AS failed,
      count(*) FILTER (WHERE r.held)::int AS held
    FROM r LEFT JOIN region g ON g.code = r.code
    GROUP BY r.code, g.name ORDER BY r.code`);
  const sum = (k: 'passed' | 'failed' | 'held') => rows.reduce((n, r) => n + r[k], 0);
  return {
    month: q.month, regionCode: region,
    rows: rows.map((r) => ({ regionCode: r.code, regionName: r.name ?? r.code, passed: r.passed, failed: r.failed, held: r.held })),
    total: { passed: sum('passed'), failed: sum('failed'), held: sum('held') },
  };
}
