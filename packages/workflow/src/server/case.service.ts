/**
 * The case engine's store. Every function runs inside the caller's transaction — normally a scoped
 * one from `inScope()`, so row-level security keeps cases of other jurisdictions invisible and
 * unwritable whatever the query says.
 *
 * Concurrency is optimistic: the official's form carries the version they saw, and the one UPDATE
 * that moves the case says `WHERE version = <that>`. On PostgreSQL a second official acting at the
 * same moment waits for the first one's row lock, then finds the version changed and gets 409; on
 * PGlite the single session runs them one after the other, with the same outcome.
 */
import { sql } from 'drizzle-orm';
import { pgErrorCode, PG, textArray, type Tx } from '@mz/db';
import { conflict, DomainError, invalid, isIsoDate, isValidRegionCode, isWithin, notFound, type IsoDate } from '@mz/kernel';
import type { CaseSnapshot, DecisionRecord, GuardTable, WorkflowActor, WorkflowDefinition } from '../definition.ts';
import { computeClocks, dueDate, nextDue } from '../deadlines.ts';
import { CASE_NOT_FOUND_TITLE, isTerminal, planTransition, WORKFLOW_ERRORS } from '../engine.ts';
import { levelOf } from '../levels.ts';
import { findCase, findCases, isUuid, type StoredCase } from './case.repository.ts';

export type { StoredCase } from './case.repository.ts';

export interface NewCase {
  /** Lets the business module create its own row with the same id first (or reference it). */
  id?: string;
  regionCode: string;
  subjectKind: string;
  subjectId: string | null;
  caseNo: string;
  flags?: readonly string[];
  settings?: Readonly<Record<string, string | number>>;
  /** Events already true at filing, e.g. `{ applied: <application instant> }`. */
  events?: Readonly<Record<string, string>>;
  actor: WorkflowActor;
  /** Creation time; defaults to the clock. */
  now?: Date;
}

export interface TransitionRequest {
  caseId: string;
  /** The version the official's page showed; anything else is someone else's newer work. */
  expectedVersion: number;
  actor: WorkflowActor;
  action: string;
  opinion?: string | null;
  attachments?: readonly { name: string; ref: string }[];
  data?: unknown;
  now?: Date;
}

export interface TransitionResult {
  snapshot: StoredCase;
  decision: DecisionRecord;
}

export interface OverdueCase {
  caseId: string;
  dueKey: string;
  dueOn: IsoDate;
  caseNo: string;
  definition: string;
  state: string;
  regionCode: string;
}

const CODE = /^[a-z][a-z0-9_]{0,39}$/;
const KIND = /^[a-z][a-z0-9_.]{0,63}$/;
const MAX_OPINION = 2000;

export function versionConflict(): DomainError {
  return new DomainError({
    code: WORKFLOW_ERRORS.versionConflict, status: 409,
    title: '该案件已被他人办理，请刷新后重试',
    detail: '您看到的案件信息已不是最新版本',
  });
}

/** next_due_key / next_due_on after a change: the earliest running limit, none once the case is closed. */
function dueColumns(def: WorkflowDefinition, snapshot: CaseSnapshot, now: Date): { key: string | null; on: IsoDate | null } {
  if (isTerminal(def, snapshot.state)) return { key: null, on: null };
  const due = nextDue(computeClocks(def, snapshot, now));
  return due ? { key: due.key, on: dueDate(due) } : { key: null, on: null };
}

function isInstant(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Opens a case in the definition's initial state. There is no way to open one further along: a
 * benefit can only be reached through the workflow's own steps.
 */
export async function createCase(tx: Tx, def: WorkflowDefinition, input: NewCase): Promise<StoredCase> {
  const now = input.now ?? new Date();
  const flags = [...new Set(input.flags ?? [])];
  const settings = { ...(input.settings ?? {}) };
  const events = { ...(input.events ?? {}) };
  if (!def.states[def.initial]) throw new Error(`workflow ${def.key}: initial state ${def.initial} is not a state`);

  const errors: { path: string; message: string }[] = [];
  if (!isValidRegionCode(input.regionCode) || input.regionCode.length !== 12) errors.push({ path: 'regionCode', message: '应为12位区划代码' });
  else if (!isWithin(input.regionCode, input.actor.regionCode)) errors.push({ path: 'regionCode', message: '案件所属区划超出您的管辖范围' });
  if (typeof input.caseNo !== 'string' || input.caseNo.length < 1 || input.caseNo.length > 40) errors.push({ path: 'caseNo', message: '案件编号应为1至40个字符' });
  if (!KIND.test(input.subjectKind)) errors.push({ path: 'subjectKind', message: '对象类别格式不正确' });
  if (input.subjectId !== null && !isUuid(input.subjectId)) errors.push({ path: 'subjectId', message: '对象编号格式不正确' });
  if (input.id !== undefined && !isUuid(input.id)) errors.push({ path: 'id', message: '案件编号格式不正确' });
  for (const flag of flags) {
    if (!CODE.test(flag) || (def.flags && !Object.hasOwn(def.flags, flag))) errors.push({ path: 'flags', message: `《${def.name}》没有「${flag}」这个标记` });
  }
  for (const [event, at] of Object.entries(events)) {
    if (!CODE.test(event) || !isInstant(at)) errors.push({ path: `events.${event}`, message: '事件时间应为 ISO 8601 时刻' });
  }
  if (errors.length) throw invalid('案件信息有误', errors);

  const draft: CaseSnapshot = {
    id: input.id ?? '', definition: def.key, definitionVersion: def.version, state: def.initial, version: 1,
    regionCode: input.regionCode, flags, settings, events, decisions: [],
  };
  const due = dueColumns(def, draft, now);
  let id: string;
  try {
    [{ id }] = await tx.rows<{ id: string }>(sql`
      INSERT INTO workflow_case (id, definition, definition_version, case_no, subject_kind, subject_id, region_code, state, version,
        flags, settings, events, next_due_key, next_due_on, created_by, created_at, updated_at)
      VALUES (coalesce(${input.id ?? null}::uuid, gen_random_uuid()), ${def.key}, ${def.version}, ${input.caseNo}, ${input.subjectKind},
        ${input.subjectId}::uuid, ${input.regionCode}, ${def.initial}, 1, ${textArray(flags)}, ${JSON.stringify(settings)}::jsonb,
        ${JSON.stringify(events)}::jsonb, ${due.key}, ${due.on}::date, ${isUuid(input.actor.id) ? input.actor.id : null}::uuid,
        ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
      RETURNING id`);
  } catch (err) {
    if (pgErrorCode(err) === PG.uniqueViolation) {
      const which = (err as { constraint?: string }).constraint === 'workflow_case_pkey' ? '案件标识' : '案件编号';
      throw new DomainError({ code: 'CASE_EXISTS', status: 409, title: `${which}已存在`, errors: [{ path: which === '案件编号' ? 'caseNo' : 'id', message: `${which}已存在` }] });
    }
    throw err;
  }
  return (await findCase(tx, id))!;
}

/** The case with its decision log; null when it does not exist or lies outside the caller's jurisdiction. */
export function loadCase(tx: Tx, id: string): Promise<StoredCase | null> {
  return findCase(tx, id);
}

/** Many cases at once, by id (two statements); out-of-scope or unknown ids are absent. */
export function loadCases(tx: Tx, ids: readonly string[]): Promise<Map<string, StoredCase>> {
  return findCases(tx, ids);
}

/**
 * Changes case settings that follow from facts found after filing (临时救助: the verified need is
 * above the township quota, so the county must approve). Call it in the same transaction as the
 * action that found the fact, after `applyTransition`; it bumps the version so an open page learns
 * of it, and recomputes the next due date (an amount may come from a setting).
 */
export async function updateSettings(tx: Tx, def: WorkflowDefinition, caseId: string, changes: Readonly<Record<string, string | number>>, now = new Date()): Promise<StoredCase> {
  const current = await findCase(tx, caseId);
  if (!current) throw notFound(CASE_NOT_FOUND_TITLE);
  if (current.closedAt !== null) throw conflict('案件已办结，不能再修改办理设置');
  const settings = { ...current.settings, ...changes };
  const due = dueColumns(def, { ...current, settings }, now);
  await tx.run(sql`
    UPDATE workflow_case SET settings = ${JSON.stringify(settings)}::jsonb, version = version + 1,
      next_due_key = ${due.key}, next_due_on = ${due.on}::date, updated_at = ${now.toISOString()}::timestamptz
    WHERE id = ${current.id}::uuid`);
  return (await findCase(tx, caseId))!;
}

/**
 * Takes one action: load → check (planTransition) → one guarded UPDATE → one decision row. Any
 * refusal throws before anything is written; the caller's transaction holds the rest (the module's
 * own rows, the audit entry) so all of it commits or none.
 */
export async function applyTransition(tx: Tx, def: WorkflowDefinition, guards: GuardTable, request: TransitionRequest): Promise<TransitionResult> {
  const now = request.now ?? new Date();
  const opinion = request.opinion?.trim() ? request.opinion.trim() : null;
  if (opinion && opinion.length > MAX_OPINION) throw invalid('办理意见过长', [{ path: 'opinion', message: `不超过 ${MAX_OPINION} 个字` }]);
  const attachments = [...(request.attachments ?? [])];

  const current = await findCase(tx, request.caseId);
  if (!current) throw notFound(CASE_NOT_FOUND_TITLE);
  // Checked before planning as well as in the UPDATE: a stale page should hear "someone else acted",
  // not a refusal computed from a state it never saw.
  if (current.version !== request.expectedVersion) throw versionConflict();

  const plan = planTransition(def, guards, current, request.actor, request.action, { data: request.data, opinion, now });
  const decision: DecisionRecord = {
    seq: 0, action: request.action, fromState: plan.from, toState: plan.to,
    actorId: request.actor.id, actorName: request.actor.name, actorLevel: levelOf(request.actor.regionCode), actorRegion: request.actor.regionCode,
    at: now.toISOString(), opinion, attachments, data: request.data ?? null,
  };
  const next: StoredCase = {
    ...current, state: plan.to, version: current.version + 1, settings: plan.settings,
    events: { ...current.events, ...plan.events }, decisions: [...current.decisions, decision],
  };
  const due = dueColumns(def, next, now);
  const closing = isTerminal(def, plan.to);

  const moved = await tx.run(sql`
    UPDATE workflow_case SET state = ${plan.to}, version = version + 1, events = events || ${JSON.stringify(plan.events)}::jsonb,
      settings = ${JSON.stringify(plan.settings)}::jsonb, next_due_key = ${due.key}, next_due_on = ${due.on}::date,
      updated_at = ${now.toISOString()}::timestamptz, closed_at = ${closing ? now.toISOString() : null}::timestamptz
    WHERE id = ${current.id}::uuid AND version = ${request.expectedVersion}`);
  if (moved === 0) throw versionConflict();

  // The row lock taken by the UPDATE serialises writers of this case, so max + 1 cannot collide.
  const [{ seq }] = await tx.rows<{ seq: number }>(sql`
    INSERT INTO workflow_decision (case_id, seq, action, from_state, to_state, actor_id, actor_name, actor_level, actor_region,
      region_code, at, opinion, attachments, data)
    SELECT ${current.id}::uuid, coalesce(max(d.seq), 0) + 1, ${request.action}, ${plan.from}, ${plan.to}, ${request.actor.id}::uuid,
      ${request.actor.name}, ${decision.actorLevel}, ${request.actor.regionCode}, ${current.regionCode}, ${decision.at}::timestamptz,
      ${opinion}, ${JSON.stringify(attachments)}::jsonb, ${request.data === undefined ? null : JSON.stringify(request.data)}::jsonb
    FROM workflow_decision d WHERE d.case_id = ${current.id}::uuid
    RETURNING seq`);
  const recorded = { ...decision, seq: Number(seq) };
  return {
    snapshot: {
      ...next, decisions: [...current.decisions, recorded], nextDueKey: due.key, nextDueOn: due.on,
      updatedAt: decision.at, closedAt: closing ? decision.at : null,
    },
    decision: recorded,
  };
}

/**
 * Marks a case (近亲属备案, 投诉, 抽查…). Idempotent; bumps the version, because a flag can add a
 * required step (a county home visit) that a page opened earlier does not know about.
 */
export async function addFlag(tx: Tx, caseId: string, flag: string): Promise<StoredCase> {
  if (!CODE.test(flag)) throw invalid('案件标记格式不正确', [{ path: 'flag', message: '应为小写字母、数字和下划线' }]);
  if (!isUuid(caseId)) throw notFound(CASE_NOT_FOUND_TITLE);
  const changed = await tx.run(sql`
    UPDATE workflow_case SET flags = array_append(flags, ${flag}), version = version + 1, updated_at = now()
    WHERE id = ${caseId}::uuid AND closed_at IS NULL AND NOT (${flag} = ANY (flags))`);
  const stored = await findCase(tx, caseId);
  if (!stored) throw notFound(CASE_NOT_FOUND_TITLE);
  if (changed === 0 && !stored.flags.includes(flag)) throw conflict('案件已办结，不能再添加标记');
  return stored;
}

/**
 * Takes a flag off (a run of refusals broken, a complaint resolved). Idempotent; bumps the version
 * like addFlag, since a required step may go away with it.
 */
export async function removeFlag(tx: Tx, caseId: string, flag: string): Promise<StoredCase> {
  if (!CODE.test(flag)) throw invalid('案件标记格式不正确', [{ path: 'flag', message: '应为小写字母、数字和下划线' }]);
  if (!isUuid(caseId)) throw notFound(CASE_NOT_FOUND_TITLE);
  await tx.run(sql`
    UPDATE workflow_case SET flags = array_remove(flags, ${flag}), version = version + 1, updated_at = now()
    WHERE id = ${caseId}::uuid AND ${flag} = ANY (flags)`);
  const stored = await findCase(tx, caseId);
  if (!stored) throw notFound(CASE_NOT_FOUND_TITLE);
  return stored;
}

/**
 * Open cases whose earliest time limit has passed (its last day is before `today`), earliest
 * first, within the caller's jurisdiction. Hour limits count by their Beijing date here.
 */
export async function overdueCases(tx: Tx, options: { definitions?: readonly string[]; today: IsoDate; limit?: number }): Promise<OverdueCase[]> {
  if (!isIsoDate(options.today)) throw invalid('日期格式不正确', [{ path: 'today', message: '应为 YYYY-MM-DD' }]);
  if (options.definitions && options.definitions.length === 0) return [];
  const limit = Math.min(Math.max(options.limit ?? 1000, 1), 10_000);
  const rows = await tx.rows<{ id: string; next_due_key: string; next_due_on: string; case_no: string; definition: string; state: string; region_code: string }>(sql`
    SELECT c.id, c.next_due_key, c.next_due_on::text AS next_due_on, c.case_no, c.definition, c.state, c.region_code
    FROM workflow_case c
    WHERE c.next_due_on < ${options.today}::date
      ${options.definitions ? sql`AND c.definition = ANY (${textArray(options.definitions)})` : sql``}
    ORDER BY c.next_due_on, c.case_no
    LIMIT ${limit}`);
  return rows.map((r) => ({
    caseId: r.id, dueKey: r.next_due_key, dueOn: r.next_due_on, caseNo: r.case_no, definition: r.definition, state: r.state, regionCode: r.region_code,
  }));
}
