import { sql } from 'drizzle-orm';
import { textArray, type Tx } from '@mz/db';
import type { CaseSnapshot, DecisionRecord, Level } from '../definition.ts';

/** A case as stored: the engine's snapshot plus the columns lists and supervisors need. */
export interface StoredCase extends CaseSnapshot {
  caseNo: string;
  subjectKind: string;
  subjectId: string | null;
  /** Key of the earliest running time limit, with its last day in time ('YYYY-MM-DD'). */
  nextDueKey: string | null;
  nextDueOn: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

// Both drivers parse jsonb and text[] and return int4 as a number (int8, dates and timestamps as text).
interface CaseRow {
  id: string;
  definition: string;
  definition_version: number | string;
  case_no: string;
  subject_kind: string;
  subject_id: string | null;
  region_code: string;
  state: string;
  version: number | string;
  flags: string[] | null;
  settings: Record<string, string | number>;
  events: Record<string, string>;
  next_due_key: string | null;
  next_due_on: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

interface DecisionRow {
  seq: number | string;
  action: string;
  from_state: string;
  to_state: string;
  actor_id: string;
  actor_name: string;
  actor_level: Level;
  actor_region: string;
  at: string;
  opinion: string | null;
  attachments: { name: string; ref: string }[] | null;
  data: unknown;
}

// Instants leave the database as ISO-8601 UTC text, so both engines (and any session TimeZone)
// give the same string the engine compares and the API returns.
const ISO = (column: string) => sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

export const CASE_COLUMNS = sql`c.id, c.definition, c.definition_version, c.case_no, c.subject_kind, c.subject_id, c.region_code, c.state,
  c.version, c.flags, c.settings, c.events, c.next_due_key, c.next_due_on::text AS next_due_on, c.created_by,
  ${ISO('c.created_at')} AS created_at, ${ISO('c.updated_at')} AS updated_at, ${ISO('c.closed_at')} AS closed_at`;

export function toStoredCase(row: CaseRow, decisions: readonly DecisionRecord[]): StoredCase {
  return {
    id: row.id,
    definition: row.definition,
    definitionVersion: Number(row.definition_version),
    state: row.state,
    version: Number(row.version),
    regionCode: row.region_code,
    flags: row.flags ?? [],
    settings: row.settings,
    events: row.events,
    decisions,
    caseNo: row.case_no,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    nextDueKey: row.next_due_key,
    nextDueOn: row.next_due_on,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

export function toDecision(row: DecisionRow): DecisionRecord {
  return {
    seq: Number(row.seq),
    action: row.action,
    fromState: row.from_state,
    toState: row.to_state,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorLevel: row.actor_level,
    actorRegion: row.actor_region,
    at: row.at,
    opinion: row.opinion,
    attachments: row.attachments ?? [],
    data: row.data ?? null,
  };
}

export const DECISION_COLUMNS = sql`d.seq, d.action, d.from_state, d.to_state, d.actor_id, d.actor_name, d.actor_level, d.actor_region,
  ${ISO('d.at')} AS at, d.opinion, d.attachments, d.data`;

/** The case and its decision log, or null when it does not exist or row-level security hides it. */
export async function findCase(tx: Tx, id: string): Promise<StoredCase | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.rows<CaseRow>(sql`SELECT ${CASE_COLUMNS} FROM workflow_case c WHERE c.id = ${id}::uuid`);
  if (!row) return null;
  const decisions = await tx.rows<DecisionRow>(sql`SELECT ${DECISION_COLUMNS} FROM workflow_decision d WHERE d.case_id = ${id}::uuid ORDER BY d.seq`);
  return toStoredCase(row, decisions.map(toDecision));
}

/**
 * Many cases with their decision logs in two statements (a work queue checks each candidate with
 * the engine). Ids that do not exist or are out of scope are simply absent from the map.
 */
export async function findCases(tx: Tx, ids: readonly string[]): Promise<Map<string, StoredCase>> {
  const wanted = [...new Set(ids.filter(isUuid))];
  const found = new Map<string, StoredCase>();
  if (wanted.length === 0) return found;
  const rows = await tx.rows<CaseRow>(sql`SELECT ${CASE_COLUMNS} FROM workflow_case c WHERE c.id = ANY (${textArray(wanted)}::uuid[])`);
  const decisions = await tx.rows<DecisionRow & { case_id: string }>(sql`
    SELECT d.case_id, ${DECISION_COLUMNS} FROM workflow_decision d WHERE d.case_id = ANY (${textArray(wanted)}::uuid[]) ORDER BY d.case_id, d.seq`);
  const logs = new Map<string, DecisionRecord[]>();
  for (const d of decisions) {
    const log = logs.get(d.case_id) ?? [];
    log.push(toDecision(d));
    logs.set(d.case_id, log);
  }
  for (const row of rows) found.set(row.id, toStoredCase(row, logs.get(row.id) ?? []));
  return found;
}
