/**
 * Reading cases: the business row (assistance_case) joined to the engine's row (workflow_case) for
 * state, flags and the next time limit. Every query carries the caller's range on region_code
 * (row-level security on both tables backs it up).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { subtreeRange, todayInShanghai } from '@mz/kernel';
import { stateName, type WorkflowDefinition } from '@mz/workflow';
import { ASSISTANCE_WORKFLOWS, type Breakdown, type CaseSummary, type Programme } from '../domain/index.ts';

export interface CaseRow {
  id: string;
  programme: Programme;
  case_no: string;
  state: string;
  version: number;
  region_code: string;
  region_name: string;
  household_id: string | null;
  applicant_person_id: string;
  person_id: string | null;
  applicant_name: string;
  applicant_id_masked: string;
  application: Record<string, unknown>;
  economics: Record<string, unknown> | null;
  breakdown: Breakdown | null;
  amount_fen: string | null;
  amount_override_reason: string | null;
  start_month: string | null;
  stop_month: string | null;
  covered_person_ids: string[];
  tier: 'self' | 'semi' | 'full' | null;
  care_mode: 'centralized' | 'dispersed' | null;
  linshi_type: 'emergency' | 'expenditure' | null;
  advance_paid_fen: string | null;
  recheck_due_on: string | null;
  last_rechecked_on: string | null;
  excluded_members: ExcludedMemberRow[];
  /** Deaths awaiting their re-check (view assistance_death_recheck), earliest due first; filled by `withDeaths`. */
  deaths: DeathRecheck[];
  /** The scheduled re-check or the earliest death's, whichever is sooner (null once closed); filled by `withDeaths`. */
  effective_recheck_on: string | null;
  flags: string[];
  events: Record<string, string>;
  settings: Record<string, string | number>;
  next_due_key: string | null;
  next_due_on: string | null;
  closed: boolean;
  updated_at: string;
}

export interface ExcludedMemberRow {
  personId: string;
  name: string;
  fromMonth: string;
  reason: string;
  decidedOn: string;
}

export interface DeathRecheck {
  personId: string;
  name: string;
  deathDate: string;
  dueOn: string;
}

export const CASE_SELECT = sql`
  a.id, a.programme, w.case_no, w.state, w.version, a.region_code, r.name AS region_name, a.household_id, a.applicant_person_id, a.person_id,
  a.applicant_name, a.applicant_id_masked, a.application, a.economics, a.breakdown, a.amount_fen::text AS amount_fen, a.amount_override_reason,
  a.start_month, a.stop_month, a.covered_person_ids::text[] AS covered_person_ids, a.tier, a.care_mode, a.linshi_type,
  a.advance_paid_fen::text AS advance_paid_fen, a.recheck_due_on::text AS recheck_due_on, a.last_rechecked_on::text AS last_rechecked_on,
  a.excluded_members, w.flags, w.events, w.settings,
  w.next_due_key, w.next_due_on::text AS next_due_on, w.closed_at IS NOT NULL AS closed,
  to_char(greatest(w.updated_at, a.updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at`;

export const CASE_FROM = sql`assistance_case a JOIN workflow_case w ON w.id = a.id JOIN region r ON r.code = a.region_code`;

/**
 * The earliest re-check a death calls for (2022通知一(三)), for filters and ordering in SQL. The
 * view is scoped to the caller's jurisdiction itself, and only 低保 cases in payment have rows;
 * lists use it only where they filter or sort by it, and read the page's deaths with `withDeaths`.
 */
export const DEATH_DUE_ON = sql`(SELECT min(d.due_on) FROM assistance_death_recheck d WHERE d.case_id = a.id)`;

/**
 * Adds the deaths awaiting a re-check to rows already read — one statement for the whole page —
 * and the effective re-check day: the scheduled one, or three months after a death if sooner.
 */
export async function withDeaths<T extends CaseRow>(tx: Tx, rows: T[]): Promise<T[]> {
  const ids = rows.filter((r) => r.programme === 'dibao' && !r.closed).map((r) => r.id);
  const found = ids.length === 0 ? [] : await tx.rows<{ case_id: string; person_id: string; person_name: string; death_date: string; due_on: string }>(sql`
    SELECT d.case_id, d.person_id, d.person_name, d.death_date::text AS death_date, d.due_on::text AS due_on
    FROM assistance_death_recheck d WHERE d.case_id IN ${ids} ORDER BY d.due_on, d.person_name`);
  for (const r of rows) {
    r.deaths = found.filter((d) => d.case_id === r.id).map((d) => ({ personId: d.person_id, name: d.person_name, deathDate: d.death_date, dueOn: d.due_on }));
    const dates = [r.recheck_due_on, ...r.deaths.map((d) => d.dueOn)].filter((d): d is string => d !== null).sort();
    r.effective_recheck_on = r.closed ? null : dates[0] ?? null;
  }
  return rows;
}

/** A re-check is waiting: its scheduled day has come, or a member died since the last one. */
export function recheckIsDue(r: Pick<CaseRow, 'closed' | 'effective_recheck_on' | 'deaths'>, today: string): boolean {
  return !r.closed && (r.deaths.length > 0 || (r.effective_recheck_on !== null && r.effective_recheck_on <= today));
}

/** Repository-level scope on the case's region (row-level security refuses the rest anyway). */
export function caseScope(regionCode: string): SQL {
  const { from, to } = subtreeRange(regionCode);
  return sql`a.region_code >= ${from} AND a.region_code < ${to}`;
}

export function definitionOf(programme: Programme): WorkflowDefinition {
  return ASSISTANCE_WORKFLOWS[programme];
}

export async function findCaseRow(tx: Tx, scopeRegion: string, id: string): Promise<CaseRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await tx.rows<CaseRow>(sql`SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE a.id = ${id}::uuid AND ${caseScope(scopeRegion)}`);
  return row ? (await withDeaths(tx, [row]))[0]! : null;
}

export function toSummary(r: CaseRow, today = todayInShanghai()): CaseSummary {
  const def = definitionOf(r.programme);
  const deadline = r.next_due_key ? def.deadlines.find((d) => d.key === r.next_due_key) : undefined;
  return {
    id: r.id,
    caseNo: r.case_no,
    programme: r.programme,
    state: r.state,
    stateName: stateName(def, r.state),
    regionCode: r.region_code,
    regionName: r.region_name,
    applicantName: r.applicant_name,
    applicantIdMasked: r.applicant_id_masked,
    householdSize: Math.max(r.covered_person_ids.length, 1),
    amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
    nextDue: r.next_due_key && r.next_due_on ? { key: r.next_due_key, name: deadline?.name ?? r.next_due_key, due: r.next_due_on } : null,
    overdue: r.next_due_on !== null && r.next_due_on < today,
    flags: r.flags,
    updatedAt: r.updated_at,
    recheckDueOn: r.effective_recheck_on,
    recheckDue: recheckIsDue(r, today),
  };
}
