import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { conflict, invalid, notFound, REGION_LEVEL_DIGITS, regionLevel, subtreeRange, todayInShanghai, type RegionLevel } from '@mz/kernel';
import {
  ALERT_ACTION_NAMES, ALERT_EVENT_ACTION_NAMES, ALERT_STATUS_NAMES, findRule, planAlertAction, SEVERITY_NAMES,
  type AlertAction, type AlertActionInput, type AlertEventAction, type AlertStatus, type HandlingLevel, type Severity,
} from '../domain/index.ts';
import { attachCaseNotice } from '@mz/assistance/server';
import { noticeForAdjust } from './case-link.service.ts';
import { onAlertHandled } from './silent.service.ts';

export interface AlertView {
  id: string; alertNo: number; ruleCode: string; ruleName: string; severity: Severity; severityName: string;
  handlingLevel: HandlingLevel; status: AlertStatus; statusName: string; version: number;
  personId: string | null; householdId: string | null; personName: string | null; idMasked: string | null;
  regionCode: string; regionName: string | null; programmes: string[]; caseIds: string[];
  raisedOn: string; dueOn: string; overdue: boolean; lastSeenAt: string;
  transferDepartment: string | null; linkedCaseId: string | null; handledByName: string | null; handledAt: string | null;
  /** Once the linked case decided (status 'closed' 已处置): 已终止待遇, 已调整待遇 … */
  closedOutcome: string | null;
}

export interface AlertDetail extends AlertView {
  advice: string;
  evidence: Record<string, unknown>;
  events: { action: AlertEventAction; actionName: string; fromStatus: AlertStatus; toStatus: AlertStatus; opinion: string | null; department: string | null; caseId: string | null; caseStep: string | null; byName: string | null; at: string }[];
  availableActions: { key: AlertAction; name: string }[];
}

interface AlertRow {
  id: string; alert_no: string; rule_code: string; severity: Severity; handling_level: number; status: AlertStatus; version: number;
  person_id: string | null; household_id: string | null; person_name: string | null; id_masked: string | null; region_code: string; region_name: string | null;
  programmes: string[]; case_ids: string[]; raised_on: string; due_on: string; last_seen_at: string;
  transfer_department: string | null; linked_case_id: string | null; handled_by_name: string | null; handled_at: string | null; closed_outcome: string | null; evidence?: Record<string, unknown>;
}

const COLUMNS = sql`a.id, a.alert_no, a.rule_code, a.severity, a.handling_level, a.status, a.version, a.person_id, a.household_id, a.person_name, a.id_masked,
  a.region_code, rg.name AS region_name,
  -- What the person (or their household) is paid this month, read live for the rows shown.
  ARRAY(SELECT DISTINCT e.programme FROM payments_entitlement e
        WHERE (e.person_id = a.person_id OR (e.subject_id = a.household_id AND e.household_id = e.subject_id))
          AND e.superseded_at IS NULL AND e.kind = 'monthly' AND e.from_month <= date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date
          AND coalesce(e.to_month, 'infinity'::date) >= date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date
        ORDER BY 1) AS programmes,
  a.case_ids, a.raised_on::text, a.due_on::text, a.last_seen_at, a.transfer_department,
  a.linked_case_id, a.handled_by_name, a.handled_at, a.closed_outcome`;

function view(r: AlertRow, today: string): AlertView {
  const unresolved = r.status === 'open' || r.status === 'verifying';
  return {
    id: r.id, alertNo: Number(r.alert_no), ruleCode: r.rule_code, ruleName: findRule(r.rule_code)?.name ?? r.rule_code,
    severity: r.severity, severityName: SEVERITY_NAMES[r.severity], handlingLevel: Number(r.handling_level) as HandlingLevel,
    status: r.status, statusName: ALERT_STATUS_NAMES[r.status], version: r.version,
    personId: r.person_id, householdId: r.household_id, personName: r.person_name, idMasked: r.id_masked,
    regionCode: r.region_code, regionName: r.region_name, programmes: r.programmes, caseIds: r.case_ids,
    raisedOn: r.raised_on, dueOn: r.due_on, overdue: unresolved && r.due_on < today, lastSeenAt: new Date(r.last_seen_at).toISOString(),
    transferDepartment: r.transfer_department, linkedCaseId: r.linked_case_id, handledByName: r.handled_by_name,
    handledAt: r.handled_at ? new Date(r.handled_at).toISOString() : null, closedOutcome: r.closed_outcome,
  };
}

export interface AlertFilter {
  rule?: string; status?: AlertStatus; severity?: Severity; regionCode?: string; overdue?: boolean; q?: string;
  page: number; pageSize: number;
}

/** The alerts of the caller's jurisdiction (optionally a part of it), most urgent first. */
export async function listAlerts(tx: Tx, scopeRegion: string, f: AlertFilter, today = todayInShanghai()): Promise<{ items: AlertView[]; total: number }> {
  const scope = subtreeRange(scopeRegion);
  const part = f.regionCode ? subtreeRange(f.regionCode) : scope;
  const where = sql`a.region_code >= ${scope.from} AND a.region_code < ${scope.to}
    AND a.region_code >= ${part.from} AND a.region_code < ${part.to}
    ${f.rule ? sql`AND a.rule_code = ${f.rule}` : sql``}
    ${f.status ? sql`AND a.status = ${f.status}` : sql``}
    ${f.severity ? sql`AND a.severity = ${f.severity}` : sql``}
    ${f.overdue ? sql`AND a.status IN ('open', 'verifying') AND a.due_on < ${today}::date` : sql``}
    ${f.q ? sql`AND a.person_name = ${f.q.trim()}` : sql``}`;
  const [{ total }] = await tx.rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM verification_alert a WHERE ${where}`) as [{ total: number }];
  const rows = await tx.rows<AlertRow>(sql`
    SELECT ${COLUMNS} FROM verification_alert a LEFT JOIN region rg ON rg.code = a.region_code
    WHERE ${where}
    ORDER BY (a.status IN ('open', 'verifying')) DESC, CASE a.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, a.due_on, a.alert_no
    LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items: rows.map((r) => view(r, today)), total };
}

async function loadAlert(tx: Tx, scopeRegion: string, id: string, lock = false): Promise<AlertRow | null> {
  const scope = subtreeRange(scopeRegion);
  const [r] = await tx.rows<AlertRow>(sql`
    SELECT ${COLUMNS}, a.evidence FROM verification_alert a LEFT JOIN region rg ON rg.code = a.region_code
    WHERE a.id = ${id} AND a.region_code >= ${scope.from} AND a.region_code < ${scope.to} ${lock ? sql`FOR UPDATE OF a` : sql``}`);
  return r ?? null;
}

function actionsFor(status: AlertStatus, actorRegion: string, level: HandlingLevel): { key: AlertAction; name: string }[] {
  if (regionLevel(actorRegion) > level) return [];
  const keys: AlertAction[] = status === 'open' ? ['verify'] : status === 'verifying' ? ['keep', 'transfer', 'adjust'] : [];
  return keys.map((k) => ({ key: k, name: ALERT_ACTION_NAMES[k] }));
}

/**
 * One alert with its evidence and handling history. Reading the evidence is a use of other
 * departments' data about a person, so every call is audited.
 */
export async function getAlert(tx: Tx, actor: Actor, who: AuditActor, id: string, options: { audit?: boolean; today?: string } = {}): Promise<AlertDetail> {
  const today = options.today ?? todayInShanghai();
  const r = await loadAlert(tx, actor.regionCode, id);
  if (!r) throw notFound('预警不存在或不在本辖区');
  const events = await tx.rows<{ action: AlertEventAction; from_status: AlertStatus; to_status: AlertStatus; opinion: string | null; department: string | null; case_id: string | null; case_step: string | null; actor_name: string | null; at: string }>(sql`
    SELECT action, from_status, to_status, opinion, department, case_id, case_step, actor_name, at FROM verification_alert_event WHERE alert_id = ${id} ORDER BY id`);
  // The answer to a handling action shows what the official just saw; only a separate look is a new use.
  if (options.audit !== false) await appendAudit(tx, who, {
    action: 'verification.alert_view', entityType: 'verification_alert', entityId: id, regionCode: r.region_code,
    summary: `查看预警 ${r.alert_no}（${findRule(r.rule_code)?.name ?? r.rule_code}）：${r.person_name ?? ''}`,
  });
  const base = view(r, today);
  return {
    ...base, advice: findRule(r.rule_code)?.advice ?? '', evidence: r.evidence ?? {},
    events: events.map((e) => ({
      action: e.action, actionName: ALERT_EVENT_ACTION_NAMES[e.action], fromStatus: e.from_status, toStatus: e.to_status, opinion: e.opinion,
      department: e.department, caseId: e.case_id, caseStep: e.case_step, byName: e.actor_name, at: new Date(e.at).toISOString(),
    })),
    availableActions: actionsFor(r.status, actor.regionCode, base.handlingLevel),
  };
}

/**
 * 核实 / 维持 / 转办 / 需调整. The version the official saw must still be current (409 otherwise).
 * 需调整 records the assistance case to adjust: the one named (it must be in scope), or else the
 * alert's own open case when it has exactly one; the case's workflow does the adjustment.
 */
export async function actOnAlert(
  tx: Tx, actor: Actor, who: AuditActor, id: string, action: AlertAction, input: AlertActionInput & { version: number },
): Promise<void> {
  const r = await loadAlert(tx, actor.regionCode, id, true);
  if (!r) throw notFound('预警不存在或不在本辖区');
  if (r.version !== input.version) throw conflict('该预警已被他人处置，请刷新后重试');
  const to = planAlertAction({ status: r.status, handlingLevel: Number(r.handling_level) as HandlingLevel }, actor.regionCode, action, input);
  let caseId: string | null = null;
  if (action === 'adjust') {
    caseId = input.caseId ?? (r.case_ids.length === 1 ? r.case_ids[0]! : null);
    if (caseId) {
      const [c] = await tx.rows(sql`SELECT 1 FROM assistance_case WHERE id = ${caseId}::uuid`);
      if (!c) throw invalid('关联的救助案件不存在或不在本辖区', [{ path: 'caseId', message: '请填写本辖区内该对象的救助案件' }]);
    } else if (r.case_ids.length > 1) {
      throw invalid('该对象有多个救助案件，请指定需调整的案件', [{ path: 'caseId', message: '请选择需调整待遇的案件' }]);
    }
  }
  const opinion = input.opinion?.trim() || null;
  const department = action === 'transfer' ? input.department ?? null : null;
  await tx.run(sql`
    UPDATE verification_alert SET status = ${to}, version = version + 1,
      outcome_opinion = coalesce(${opinion}, outcome_opinion),
      transfer_department = coalesce(${department}, transfer_department),
      linked_case_id = coalesce(${caseId}::uuid, linked_case_id),
      handled_by = ${who.actorId}::uuid, handled_by_name = ${who.actorName}, handled_at = now()
    WHERE id = ${id}`);
  await tx.run(sql`
    INSERT INTO verification_alert_event (alert_id, region_code, action, from_status, to_status, opinion, department, case_id, actor_id, actor_name)
    VALUES (${id}, ${r.region_code}, ${action}, ${r.status}, ${to}, ${opinion}, ${department}, ${caseId}::uuid, ${who.actorId}::uuid, ${who.actorName})`);
  // 静默认证 holds: 维持/转办 release them; 需调整 keeps them until the case's decision closes the alert.
  await onAlertHandled(tx, who, { id }, action, opinion);
  // 需调整 reaches the case: a notice (rule, evidence, link) the case page shows and a flag for the
  // lists; the case's next benefit decision closes this alert (case-link.service.ts). Without a
  // case the alert waits for the official to link one.
  if (action === 'adjust' && caseId) {
    await attachCaseNotice(tx, who, noticeForAdjust({
      id, alertNo: Number(r.alert_no), ruleCode: r.rule_code, personName: r.person_name, evidence: r.evidence ?? {}, opinion, caseId,
    }));
  }
  await appendAudit(tx, who, {
    action: 'verification.alert_action', entityType: 'verification_alert', entityId: id, regionCode: r.region_code,
    summary: `${ALERT_ACTION_NAMES[action]}预警 ${r.alert_no}（${findRule(r.rule_code)?.name ?? r.rule_code}，${r.person_name ?? ''}）${department ? `转${department}` : ''}${opinion ? `：${opinion}` : ''}`,
    diff: { status: { before: r.status, after: to }, ...(caseId ? { linkedCaseId: { before: r.linked_case_id, after: caseId } } : {}) },
  });
}

export interface AlertStats {
  byRule: { ruleCode: string; ruleName: string; total: number; open: number; verifying: number; kept: number; transferred: number; adjust: number; overdue: number }[];
  byRegion: { regionCode: string; regionName: string | null; total: number; unresolved: number; overdue: number }[];
  byStatus: { status: AlertStatus; statusName: string; total: number }[];
}

/**
 * Statistics of the caller's jurisdiction: per rule (with each outcome), per child region one
 * level below the caller's, and per status. Optionally only alerts raised in [from, to].
 */
export async function alertStats(tx: Tx, scopeRegion: string, f: { from?: string; to?: string }, today = todayInShanghai()): Promise<AlertStats> {
  const scope = subtreeRange(scopeRegion);
  const level = regionLevel(scopeRegion);
  const childDigits = REGION_LEVEL_DIGITS[Math.min(5, level + 1) as RegionLevel];
  const where = sql`a.region_code >= ${scope.from} AND a.region_code < ${scope.to}
    ${f.from ? sql`AND a.raised_on >= ${f.from}::date` : sql``} ${f.to ? sql`AND a.raised_on <= ${f.to}::date` : sql``}`;
  const overdue = sql`a.status IN ('open', 'verifying') AND a.due_on < ${today}::date`;
  const byRule = await tx.rows<{ rule_code: string; total: number; open: number; verifying: number; kept: number; transferred: number; adjust: number; overdue: number }>(sql`
    SELECT a.rule_code, count(*)::int AS total,
      count(*) FILTER (WHERE a.status = 'open')::int AS open, count(*) FILTER (WHERE a.status = 'verifying')::int AS verifying,
      count(*) FILTER (WHERE a.status = 'kept')::int AS kept, count(*) FILTER (WHERE a.status = 'transferred')::int AS transferred,
      count(*) FILTER (WHERE a.status = 'adjust')::int AS adjust, count(*) FILTER (WHERE ${overdue})::int AS overdue
    FROM verification_alert a WHERE ${where} GROUP BY a.rule_code ORDER BY a.rule_code`);
  const byRegion = await tx.rows<{ code: string; name: string | null; total: number; unresolved: number; overdue: number }>(sql`
    SELECT x.code, rg.name, x.total, x.unresolved, x.overdue FROM (
      SELECT rpad(left(a.region_code, ${childDigits}), 12, '0') AS code, count(*)::int AS total,
        count(*) FILTER (WHERE a.status IN ('open', 'verifying', 'adjust'))::int AS unresolved, count(*) FILTER (WHERE ${overdue})::int AS overdue
      FROM verification_alert a WHERE ${where} GROUP BY 1) x
    LEFT JOIN region rg ON rg.code = x.code ORDER BY x.code`);
  const byStatus = await tx.rows<{ status: AlertStatus; total: number }>(sql`
    SELECT a.status, count(*)::int AS total FROM verification_alert a WHERE ${where} GROUP BY a.status ORDER BY a.status`);
  return {
    byRule: byRule.map((r) => ({ ruleCode: r.rule_code, ruleName: findRule(r.rule_code)?.name ?? r.rule_code, total: r.total, open: r.open, verifying: r.verifying, kept: r.kept, transferred: r.transferred, adjust: r.adjust, overdue: r.overdue })),
    byRegion: byRegion.map((r) => ({ regionCode: r.code, regionName: r.name, total: r.total, unresolved: r.unresolved, overdue: r.overdue })),
    byStatus: byStatus.map((r) => ({ status: r.status, statusName: ALERT_STATUS_NAMES[r.status], total: r.total })),
  };
}
