/**
 * Case lists, the worklist (queue) and the case page. Lists carry masked copies only; the case page
 * shows the household with masked ID numbers and is audited as a view of personal data.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import type { FieldCipher } from '@mz/crypto';
import { isDomainError, notFound, parseIdNumber, subtreeRange, todayInShanghai } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { getHousehold, getPerson } from '@mz/registry/server';
import {
  actionName, availableActions, computeClocks, levelOf, stateName, type CaseSnapshot, type Level, type WorkflowActor,
} from '@mz/workflow';
import { loadCase as loadStoredCase, loadCases } from '@mz/workflow/server';
import { caseNotices } from './case-links.ts';
import {
  ASSISTANCE_GUARDS, deathRecheckNote, EDGE_FAMILY_SOURCES, tekunAgeOutNote, jobEventsOf, PROGRAMME_SHORT_NAMES, refusalRuns, type EdgeFamilySource,
  type CaseDetail, type CaseMember, type CaseSummary, type Programme,
} from '../domain/index.ts';
import {
  CASE_FROM, CASE_SELECT, caseScope, DEATH_DUE_ON, definitionOf, findCaseRow, recheckIsDue, toSummary, withDeaths, type CaseRow,
} from './case.repository.ts';

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
  /** Only cases whose re-check is waiting (scheduled day come, or a member died since the last one). */
  recheckDue?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

const ID_LIKE = /^(\d{15}|\d{17}[\dXx])$/;

/**
 * What `q` finds: a case number exactly; an ID number (15 or 18 characters) → the cases whose
 * applicant or 特困/临时救助 subject holds it, exactly, through the registry's keyed hash (the
 * number itself is stored only encrypted); anything else → a part of the applicant's name.
 */
function searchCondition(q: string, cipher: FieldCipher | undefined) {
  const text = q.trim();
  if (ID_LIKE.test(text)) {
    if (!cipher) throw new Error('listCases: searching by ID number needs the field cipher');
    const parsed = parseIdNumber(text);
    // An invalid number still searches as typed: it can only match nothing, never someone else.
    const id18 = parsed.ok ? parsed.value : text.toUpperCase();
    return sql`(w.case_no = ${text} OR a.id IN (SELECT assistance_cases_by_id_hash(${cipher.hash('id_number', id18)})))`;
  }
  const like = '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  return sql`(w.case_no = ${text} OR a.applicant_name LIKE ${like})`;
}

export async function listCases(tx: Tx, actor: Actor, f: CaseListQuery, services: { cipher?: FieldCipher } = {}): Promise<{ items: CaseSummary[]; total: number }> {
  const today = todayInShanghai();
  const within = f.regionCode ? subtreeRange(f.regionCode) : null;
  const where = sql.join([
    caseScope(actor.regionCode),
    within ? sql`a.region_code >= ${within.from} AND a.region_code < ${within.to}` : undefined,
    f.programme ? sql`a.programme = ${f.programme}` : undefined,
    f.state ? sql`w.state = ${f.state}` : undefined,
    // The engine keeps next_due_on current on every change, so "overdue" is one indexed comparison.
    f.overdue ? sql`w.next_due_on < ${today}::date` : undefined,
    f.flag ? sql`${f.flag} = ANY (w.flags)` : undefined,
    f.recheckDue ? sql`w.closed_at IS NULL AND (a.recheck_due_on <= ${today}::date OR ${DEATH_DUE_ON} IS NOT NULL)` : undefined,
    f.q?.trim() ? searchCondition(f.q, services.cipher) : undefined,
  ].filter((c) => c !== undefined), sql` AND `);
  const order = f.overdue ? sql`w.next_due_on, w.case_no`
    : f.recheckDue ? sql`least(a.recheck_due_on, ${DEATH_DUE_ON}), w.case_no` : sql`w.created_at DESC, w.case_no DESC`;
  const rows = await tx.rows<CaseRow & { total: string }>(sql`SELECT ${CASE_SELECT}, count(*) OVER () AS total FROM ${CASE_FROM} WHERE ${where}
    ORDER BY ${order} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  const total = rows.length > 0 || f.page === 1 ? Number(rows[0]?.total ?? 0)
    : Number((await tx.rows<{ total: string }>(sql`SELECT count(*)::text AS total FROM ${CASE_FROM} WHERE ${where}`))[0]!.total);
  return { items: (await withDeaths(tx, rows)).map((r) => toSummary(r, today)), total };
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
  'adjust', 'suspend', 'taper', 'propose_termination',
  // 低保办法第三十四条: jobs refused or taken up are recorded when they happen; stopping a member's
  // share "may" follow three refusals (the case carries the `job_refusals` flag for the lists).
  'record_job_refusal', 'record_job_accepted', 'exclude_member',
  // 特困办法第二十三条: a change in self-care is reported when it happens; the re-assessment it calls for is the work item.
  'report_care_change']);
/** After the decision these are dynamic management, due only when a re-check is (低保办法第三十一条). */
const AFTER_DECISION_OPTIONAL = new Set(['record_economics', 'assess_self_care', 'recheck', 'record_home_visit', 'record_neighbour_visit']);

/** A change in self-care reported after the latest assessment (ISO instants compare as text). */
function careChangePending(events: Record<string, string>): boolean {
  const reported = events.care_change_reported;
  return reported !== undefined && !(events.self_care_assessed !== undefined && events.self_care_assessed >= reported);
}

/** Whether an available step means the case is waiting for this official. */
function waitsFor(action: string, row: CaseRow, today: string): boolean {
  if (OPTIONAL_STEPS.has(action)) return false;
  // 特困 终止 is a work item once its 公示 has run; 低保 停保 is management.
  if (action === 'terminate') return row.state === 'termination_publicity';
  // A reported change in a 特困 person's self-care waits for the re-assessment (10 working days).
  if (action === 'assess_self_care' && careChangePending(row.events)) return true;
  if (row.events.decided && AFTER_DECISION_OPTIONAL.has(action)) {
    // A death calls for a re-check at once, to be finished within three months (2022通知一(三)).
    return action === 'recheck' && recheckIsDue(row, today);
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
    for (const [key, action] of Object.entries(def.actions)) {
      // Steps nobody waits for must not draw every recipient into the candidates.
      if (OPTIONAL_STEPS.has(key)) continue;
      // A level read from the case's settings is checked by the engine below.
      const levelFits = !Array.isArray(action.levels) || (action.levels as readonly Level[]).includes(level);
      if (levelFits && action.roles.some((r) => actor.roles.includes(r))) action.from.forEach((s) => states.add(s));
    }
    if (states.size) candidates.push({ programme, states: [...states] });
  }
  if (candidates.length === 0) return { items: [] };
  const fits = sql.join(candidates.map((c) => sql`(a.programme = ${c.programme} AND w.state IN ${c.states})`), sql` OR `);
  const now = new Date();
  const today = todayInShanghai(now);
  // Due first: a running time limit, a death awaiting its re-check, or a scheduled re-check whose
  // day has come. Re-checks not yet due do not count, and cases still being decided come before
  // recipients, or every recipient would crowd new applications out of the candidates.
  const rows = await tx.rows<CaseRow>(sql`SELECT ${CASE_SELECT} FROM ${CASE_FROM}
    WHERE ${caseScope(actor.regionCode)} AND w.closed_at IS NULL AND (${fits})
    ORDER BY least(w.next_due_on, ${DEATH_DUE_ON}, CASE WHEN a.recheck_due_on <= ${today}::date THEN a.recheck_due_on END) NULLS LAST,
      (w.events->>'decided') IS NOT NULL, w.created_at
    LIMIT ${QUEUE_CANDIDATES}`);
  await withDeaths(tx, rows);
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

/** The household's latest 低保边缘家庭 recognition, for the 低保 case page. */
async function latestEdgeFamily(tx: Tx, householdId: string | null, today: string): Promise<CaseDetail['edgeFamilyRecognition']> {
  if (!householdId) return null;
  const [e] = await tx.rows<{ id: string; recognised_on: string; valid_until: string; ended_on: string | null; source: EdgeFamilySource; active: boolean }>(sql`
    SELECT e.id, e.recognised_on::text AS recognised_on, e.valid_until::text AS valid_until, e.ended_on::text AS ended_on, e.source,
      (e.ended_on IS NULL AND e.valid_until >= ${today}::date) AS active
    FROM assistance_edge_family e WHERE e.household_id = ${householdId}::uuid ORDER BY e.recognised_on DESC, e.created_at DESC LIMIT 1`);
  return e ? { id: e.id, recognisedOn: e.recognised_on, validUntil: e.valid_until, endedOn: e.ended_on, active: e.active, sourceName: EDGE_FAMILY_SOURCES[e.source] } : null;
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
  let subjectBirth: string | null = null;
  if (row.person_id) {
    const p = await orNull(getPerson(tx, actor, row.person_id));
    subjectBirth = p?.birthDate ?? null;
    subject = p
      ? { personId: p.id, name: p.name, idNumberMasked: p.idNumberMasked, age: p.age }
      : row.person_id === row.applicant_person_id
        ? { personId: row.person_id, name: row.applicant_name, idNumberMasked: row.applicant_id_masked, age: null }
        : null;
  }
  const canHandle = actor.permissions.has('assistance.handle');
  const names = new Map<string, string>([
    ...(household?.members.map((m) => [m.personId, m.name] as [string, string]) ?? []),
    ...(row.person_id ? [[row.person_id, subject?.name ?? row.applicant_name] as [string, string]] : []),
  ]);
  const runs = [...refusalRuns(jobEventsOf(snapshot.decisions)).values()].filter((r) => r.consecutive > 0);
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
    recheckNotes: [
      ...(row.deaths ?? []).map((d) => deathRecheckNote(d.name, d.deathDate, d.dueOn)),
      // A 特困 minor is supported to 18, beyond only while at school (特困办法第二十四条).
      ...(row.programme === 'tekun' && !row.closed && snapshot.events.decided
        ? [tekunAgeOutNote(subjectBirth, todayInShanghai(new Date(snapshot.events.decided)), todayInShanghai(now))].filter((n): n is string => n !== null)
        : []),
    ],
    jobRefusals: runs.map((r) => ({ personId: r.personId, name: names.get(r.personId) ?? '', consecutive: r.consecutive, refusals: r.refusals })),
    excludedMembers: row.excluded_members.map(({ personId, name, fromMonth, reason }) => ({ personId, name, fromMonth, reason })),
    edgeFamilyRecognition: row.programme === 'dibao' ? await latestEdgeFamily(tx, row.household_id, todayInShanghai(now)) : null,
    stopMonth: row.stop_month,
    advancePaidFen: row.advance_paid_fen === null ? null : Number(row.advance_paid_fen),
    notices: await caseNotices(tx, row.id),
  };
}

/** The case page after the caller's own write (not audited as a view: the write is). */
export async function caseAfterWrite(tx: Tx, actor: Actor, id: string): Promise<CaseDetail> {
  const row = await findCaseRow(tx, actor.regionCode, id);
  const snapshot = row ? await loadStoredCase(tx, id) : null;
  if (!row || !snapshot) throw CASE_NOT_FOUND();
  return buildDetail(tx, actor, row, snapshot);
}
