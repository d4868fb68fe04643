/**
 * Case lists, the worklist (queue) and the case page. Lists carry masked copies only; the case page
 * shows the household with masked ID numbers and is audited as a view of personal data.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { isDomainError, notFound, subtreeRange, todayInShanghai } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { getHousehold, getPerson } from '@mz/registry/server';
import {
  actionName, availableActions, computeClocks, levelOf, stateName, type CaseSnapshot, type Level, type WorkflowActor,
} from '@mz/workflow';
import { loadCase as loadStoredCase, loadCases } from '@mz/workflow/server';
import { ASSISTANCE_GUARDS, PROGRAMME_SHORT_NAMES, type CaseDetail, type CaseMember, type CaseSummary, type Programme } from '../domain/index.ts';
import { CASE_FROM, CASE_SELECT, caseScope, definitionOf, findCaseRow, toSummary, type CaseRow } from './case.repository.ts';

export const CASE_NOT_FOUND = () => notFound('案件不存在', '本辖区内没有该案件');

export function workflowActor(actor: Actor): WorkflowActor {
  return { id: actor.id, name: actor.name, regionCode: actor.regionCode, roles: actor.roles };
}

export interface CaseListQuery {
  programme?: Programme;
  state?: string;
  regionCode?: string;
  overdue?: boolean;
  flag?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export async function listCases(tx: Tx, actor: Actor, f: CaseListQuery): Promise<{ items: CaseSummary[]; total: number }> {
  const today = todayInShanghai();
  const within = f.regionCode ? subtreeRange(f.regionCode) : null;
  const like = f.q ? '%' + f.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%' : null;
  const where = sql.join([
    caseScope(actor.regionCode),
    within ? sql`a.region_code >= ${within.from} AND a.region_code < ${within.to}` : undefined,
    f.programme ? sql`a.programme = ${f.programme}` : undefined,
    f.state ? sql`w.state = ${f.state}` : undefined,
    // The engine keeps next_due_on current on every change, so "overdue" is one indexed comparison.
    f.overdue ? sql`w.next_due_on < ${today}::date` : undefined,
    f.flag ? sql`${f.flag} = ANY (w.flags)` : undefined,
    like ? sql`(w.case_no = ${f.q} OR a.applicant_name LIKE ${like})` : undefined,
  ].filter((c) => c !== undefined), sql` AND `);
  const order = f.overdue ? sql`w.next_due_on, w.case_no` : sql`w.created_at DESC, w.case_no DESC`;
  const rows = await tx.rows<CaseRow & { total: string }>(sql`SELECT ${CASE_SELECT}, count(*) OVER () AS total FROM ${CASE_FROM} WHERE ${where}
    ORDER BY ${order} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  const total = rows.length > 0 || f.page === 1 ? Number(rows[0]?.total ?? 0)
    : Number((await tx.rows<{ total: string }>(sql`SELECT count(*)::text AS total FROM ${CASE_FROM} WHERE ${where}`))[0]!.total);
  return { items: rows.map((r) => toSummary(r, today)), total };
}

/** At most this many open cases are checked for the worklist; the earliest due come first. */
const QUEUE_CANDIDATES = 300;

/**
 * Steps an official may take at any time but that nobody is waiting for: withdrawing, extending,
 * recording a complaint or objection when one comes, and managing a benefit in payment (adjust,
 * suspend, taper, stop, propose ending it). Were they counted, every open case and every recipient
 * would sit in the worklist of every township clerk and county approver.
 */
const OPTIONAL_STEPS = new Set(['withdraw', 'extend', 'terminate_procedure', 'record_complaint', 'record_objection', 'record_termination_objection',
  'adjust', 'suspend', 'taper', 'propose_termination']);
/** After the decision these are dynamic management, due only when a re-check is (低保办法第三十一条). */
const AFTER_DECISION_OPTIONAL = new Set(['record_economics', 'assess_self_care', 'recheck', 'record_home_visit', 'record_neighbour_visit']);

/** Whether an available step means the case is waiting for this official. */
function waitsFor(action: string, row: CaseRow, today: string): boolean {
  if (OPTIONAL_STEPS.has(action)) return false;
  // 特困 终止 is a work item once its 公示 has run; 低保 停保 is management.
  if (action === 'terminate') return row.state === 'termination_publicity';
  if (row.events.decided && AFTER_DECISION_OPTIONAL.has(action)) {
    return action === 'recheck' && row.recheck_due_on !== null && row.recheck_due_on <= today;
  }
  return true;
}

/**
 * Cases waiting for a step the caller can take now, earliest due first. SQL narrows to open cases
 * in states where some action fits the caller's level and roles; the engine then decides per case
 * (separation of duties, required steps and guards need the decision log); the candidates and
 * their logs are read in two statements.
 */
export async function caseQueue(tx: Tx, actor: Actor): Promise<{ items: CaseSummary[] }> {
  if (!actor.permissions.has('assistance.handle')) return { items: [] };
  const level = levelOf(actor.regionCode);
  const candidates: { programme: Programme; states: string[] }[] = [];
  for (const programme of Object.keys(PROGRAMME_SHORT_NAMES) as Programme[]) {
    const def = definitionOf(programme);
    const states = new Set<string>();
    for (const action of Object.values(def.actions)) {
      // A level read from the case's settings is checked by the engine below.
      const levelFits = !Array.isArray(action.levels) || (action.levels as readonly Level[]).includes(level);
      if (levelFits && action.roles.some((r) => actor.roles.includes(r))) action.from.forEach((s) => states.add(s));
    }
    if (states.size) candidates.push({ programme, states: [...states] });
  }
  if (candidates.length === 0) return { items: [] };
  const fits = sql.join(candidates.map((c) => sql`(a.programme = ${c.programme} AND w.state IN ${c.states})`), sql` OR `);
  const rows = await tx.rows<CaseRow>(sql`SELECT ${CASE_SELECT} FROM ${CASE_FROM}
    WHERE ${caseScope(actor.regionCode)} AND w.closed_at IS NULL AND (${fits})
    ORDER BY w.next_due_on NULLS LAST, w.created_at LIMIT ${QUEUE_CANDIDATES}`);
  const now = new Date();
  const today = todayInShanghai(now);
  const who = workflowActor(actor);
  const items: CaseSummary[] = [];
  const snapshots = await loadCases(tx, rows.map((r) => r.id));
  for (const row of rows) {
    const snapshot = snapshots.get(row.id);
    if (!snapshot) continue;
    const steps = availableActions(definitionOf(row.programme), ASSISTANCE_GUARDS, snapshot, who, now);
    if (steps.some((step) => waitsFor(step.key, row, today))) items.push(toSummary(row, today));
  }
  return { items };
}

/**
 * The case page. `audit` is off only when the page is the answer to the caller's own write (the
 * filing or the action is audited already, with more detail).
 */
export async function getCaseDetail(tx: Tx, actor: Actor, who: AuditActor, id: string, options: { audit: boolean } = { audit: true }): Promise<CaseDetail> {
  const row = await findCaseRow(tx, actor.regionCode, id);
  const snapshot = row ? await loadStoredCase(tx, id) : null;
  if (!row || !snapshot) throw CASE_NOT_FOUND();
  const detail = await buildDetail(tx, actor, row, snapshot);
  if (options.audit) {
    await appendAudit(tx, who, {
      action: 'assistance.case_view', entityType: 'assistance_case', entityId: row.id, regionCode: row.region_code,
      summary: `查看${PROGRAMME_SHORT_NAMES[row.programme]}案件 ${row.case_no}：${row.applicant_name}（${row.applicant_id_masked}）`,
    });
  }
  return detail;
}

async function orNull<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (err) {
    // A household or person outside the reader's jurisdiction (a 临时救助 filed where the emergency
    // happened, for someone living elsewhere): the page shows the case's own masked copies instead.
    if (isDomainError(err) && err.status === 404) return null;
    throw err;
  }
}

async function buildDetail(tx: Tx, actor: Actor, row: CaseRow, snapshot: CaseSnapshot): Promise<CaseDetail> {
  const def = definitionOf(row.programme);
  const now = new Date();
  const covered = new Set(row.covered_person_ids);
  let household: CaseDetail['household'] = null;
  if (row.household_id) {
    const h = await orNull(getHousehold(tx, actor, row.household_id));
    if (h) {
      const members: CaseMember[] = h.members.map((m) => ({
        personId: m.person.id, name: m.person.name, idNumberMasked: m.person.idNumberMasked, relation: m.relation, relationName: m.relationName,
        sex: m.person.sex, age: m.person.age, covered: covered.has(m.person.id),
      }));
      household = { id: h.id, address: h.address, members };
    }
  }
  let subject: CaseDetail['subject'] = null;
  if (row.person_id) {
    const p = await orNull(getPerson(tx, actor, row.person_id));
    subject = p
      ? { personId: p.id, name: p.name, idNumberMasked: p.idNumberMasked, age: p.age }
      : row.person_id === row.applicant_person_id
        ? { personId: row.person_id, name: row.applicant_name, idNumberMasked: row.applicant_id_masked, age: null }
        : null;
  }
  const canHandle = actor.permissions.has('assistance.handle');
  return {
    ...toSummary(row, undefined),
    version: snapshot.version,
    settings: { ...snapshot.settings },
    application: row.application,
    household,
    breakdown: row.breakdown,
    startMonth: row.start_month,
    clocks: computeClocks(def, snapshot, now),
    timeline: snapshot.decisions.map((d) => ({ ...d, actionName: actionName(def, d.action), toStateName: stateName(def, d.toState) })),
    availableActions: canHandle ? availableActions(def, ASSISTANCE_GUARDS, snapshot, workflowActor(actor), now) : [],
    spotCheck: snapshot.flags.includes('spot_check'),
    subject,
    tier: row.tier,
    careMode: row.care_mode,
    linshiType: row.linshi_type,
    recheckDueOn: row.recheck_due_on,
    stopMonth: row.stop_month,
    advancePaidFen: row.advance_paid_fen === null ? null : Number(row.advance_paid_fen),
  };
}

/** The case page after the caller's own write (not audited as a view: the write is). */
export async function caseAfterWrite(tx: Tx, actor: Actor, id: string): Promise<CaseDetail> {
  const row = await findCaseRow(tx, actor.regionCode, id);
  const snapshot = row ? await loadStoredCase(tx, id) : null;
  if (!row || !snapshot) throw CASE_NOT_FOUND();
  return buildDetail(tx, actor, row, snapshot);
}
