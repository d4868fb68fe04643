/**
 * The SQL the household registers share (低保边缘家庭 `assistance_edge_family`, 刚性支出困难家庭
 * `assistance_rigid_family`): both tables carry the household, its head as lists show it, the
 * recognition's dates and its ending, so finding, listing, superseding and ending a recognition
 * are the same statements over a different table. Who may act, and what a recognition measures,
 * are each register's own rule and stay in its service.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { conflict, invalid, isWithin, notFound, subtreeRange, todayInShanghai, type IsoDate } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { getHousehold, type HouseholdDetail } from '@mz/registry/server';
import type { HukouType } from '@mz/registry';
import type { RecognitionEndInput, RecognitionQuery, RecognitionSummary } from '../domain/index.ts';

/** The columns every register row has, as the shared SELECT returns them. */
export interface RecognitionRow {
  id: string;
  household_id: string;
  region_code: string;
  region_name: string;
  head_name: string;
  head_id_masked: string;
  household_size: number;
  hukou_type: HukouType;
  recognised_on: string;
  valid_until: string;
  ended_on: string | null;
  ended_reason: string | null;
  recognised_by_name: string | null;
  active: boolean;
  total?: string;
}

/** One register: its table, what its rows add to the shared columns, and its name in messages and audit. */
export interface RecognitionRegister<R extends RecognitionRow, S extends RecognitionSummary> {
  /** The table, aliased `e` in every statement (an identifier from code, never input). */
  table: SQL;
  /** Joins beyond the region's name. */
  joins?: SQL;
  /** The register's own columns, after the shared ones. */
  columns: SQL;
  toSummary(row: R, shared: RecognitionSummary): S;
  /** '低保边缘家庭', in 'not found' and audit texts. */
  name: string;
  entityType: string;
  /** Audit action of an official's ending. */
  endAction: string;
}

/** In force on `today`: not ended and within its validity. */
export const activeOn = (today: IsoDate) => sql`(e.ended_on IS NULL AND e.valid_until >= ${today}::date)`;

/** Who ends or recognises, as the row records it (an API token is no user). */
export const actorUserId = (actor: Actor) => (actor.kind === 'user' ? actor.id : null);

function columns<R extends RecognitionRow, S extends RecognitionSummary>(reg: RecognitionRegister<R, S>, today: IsoDate): SQL {
  return sql`e.id, e.household_id, e.region_code, r.name AS region_name, e.head_name, e.head_id_masked, e.household_size, e.hukou_type,
    e.recognised_on::text AS recognised_on, e.valid_until::text AS valid_until, e.ended_on::text AS ended_on, e.ended_reason, e.recognised_by_name,
    ${activeOn(today)} AS active, ${reg.columns}`;
}

function from<R extends RecognitionRow, S extends RecognitionSummary>(reg: RecognitionRegister<R, S>): SQL {
  return reg.joins ? sql`${reg.table} e JOIN region r ON r.code = e.region_code ${reg.joins}` : sql`${reg.table} e JOIN region r ON r.code = e.region_code`;
}

function toSummary<R extends RecognitionRow, S extends RecognitionSummary>(reg: RecognitionRegister<R, S>, r: R): S {
  return reg.toSummary(r, {
    id: r.id, householdId: r.household_id, regionCode: r.region_code, regionName: r.region_name, headName: r.head_name,
    headIdMasked: r.head_id_masked, householdSize: Number(r.household_size), hukouType: r.hukou_type, recognisedOn: r.recognised_on,
    validUntil: r.valid_until, endedOn: r.ended_on, endedReason: r.ended_reason, active: r.active, recognisedByName: r.recognised_by_name,
  });
}

/** One recognition within the actor's jurisdiction; a malformed or foreign id is simply not there. */
export async function findRecognition<R extends RecognitionRow, S extends RecognitionSummary>(
  tx: Tx, actor: Actor, reg: RecognitionRegister<R, S>, id: string, today: IsoDate,
): Promise<S | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const { from: lo, to: hi } = subtreeRange(actor.regionCode);
  const [row] = await tx.rows<R>(sql`SELECT ${columns(reg, today)} FROM ${from(reg)} WHERE e.id = ${id}::uuid AND e.region_code >= ${lo} AND e.region_code < ${hi}`);
  return row ? toSummary(reg, row) : null;
}

/** The register within the caller's jurisdiction, newest first. */
export async function listRecognitions<R extends RecognitionRow, S extends RecognitionSummary>(
  tx: Tx, actor: Actor, reg: RecognitionRegister<R, S>, query: RecognitionQuery, now = new Date(),
): Promise<{ items: S[]; total: number }> {
  // A region outside the jurisdiction shows nothing, like a region without recognitions.
  if (query.regionCode && !isWithin(query.regionCode, actor.regionCode)) return { items: [], total: 0 };
  const today = todayInShanghai(now);
  const { from: lo, to: hi } = subtreeRange(query.regionCode ?? actor.regionCode);
  const like = query.q ? '%' + query.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%' : null;
  const where = sql.join([
    sql`e.region_code >= ${lo} AND e.region_code < ${hi}`,
    query.active === true ? activeOn(today) : query.active === false ? sql`NOT ${activeOn(today)}` : undefined,
    like ? sql`e.head_name LIKE ${like}` : undefined,
  ].filter((c) => c !== undefined), sql` AND `);
  const rows = await tx.rows<R>(sql`SELECT ${columns(reg, today)}, count(*) OVER ()::text AS total FROM ${from(reg)} WHERE ${where}
    ORDER BY e.recognised_on DESC, e.created_at DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`);
  // A page past the end has no row to carry the count: ask for it alone.
  const total = rows.length > 0 || query.page === 1 ? Number(rows[0]?.total ?? 0)
    : Number((await tx.rows<{ total: string }>(sql`SELECT count(*)::text AS total FROM ${from(reg)} WHERE ${where}`))[0]!.total);
  return { items: rows.map((r) => toSummary(reg, r)), total };
}

/** A household to recognise: in the actor's jurisdiction (getHousehold) and not dissolved. */
export async function currentHousehold(tx: Tx, actor: Actor, householdId: string): Promise<HouseholdDetail> {
  const household = await getHousehold(tx, actor, householdId);
  if (household.dissolvedOn) throw invalid('家庭已撤销', [{ path: 'householdId', message: '该家庭已撤销（分户或合户），请选择现在的家庭' }]);
  return household;
}

/**
 * One household, one recognition in force: a new one ends the current one the day it starts (never
 * before that one began). The new recognition's own audit entry tells of it.
 */
export async function supersedeRecognition<R extends RecognitionRow, S extends RecognitionSummary>(
  tx: Tx, actor: Actor, reg: RecognitionRegister<R, S>, householdId: string, on: IsoDate,
): Promise<void> {
  await tx.run(sql`
    UPDATE ${reg.table} SET ended_on = greatest(${on}::date, recognised_on), ended_reason = '重新认定',
      ended_by = ${actorUserId(actor)}::uuid, ended_by_name = ${actor.name}
    WHERE household_id = ${householdId}::uuid AND ended_on IS NULL`);
}

/**
 * An official ends a recognition early, with a reason, on a day between its recognition and today.
 * The caller has checked the official may (each register's rule).
 */
export async function endRecognition<R extends RecognitionRow, S extends RecognitionSummary>(
  tx: Tx, actor: Actor, who: AuditActor, reg: RecognitionRegister<R, S>, id: string, input: RecognitionEndInput, now = new Date(),
): Promise<S> {
  const today = todayInShanghai(now);
  const current = await findRecognition(tx, actor, reg, id, today);
  if (!current) throw notFound('认定不存在', `本辖区内没有该${reg.name}认定`);
  if (current.endedOn) throw conflict('该认定已终止', `已于 ${current.endedOn} 终止：${current.endedReason}`);
  const errors = [];
  if (input.endedOn > today) errors.push({ path: 'endedOn', message: '终止日期不能晚于今天' });
  if (input.endedOn < current.recognisedOn) errors.push({ path: 'endedOn', message: `终止日期不能早于认定日期 ${current.recognisedOn}` });
  if (errors.length) throw invalid('终止日期不正确', errors);
  await tx.run(sql`
    UPDATE ${reg.table} SET ended_on = ${input.endedOn}::date, ended_reason = ${input.reason},
      ended_by = ${actorUserId(actor)}::uuid, ended_by_name = ${actor.name}
    WHERE id = ${id}::uuid AND ended_on IS NULL`);
  await appendAudit(tx, who, {
    action: reg.endAction, entityType: reg.entityType, entityId: id, regionCode: current.regionCode,
    summary: `终止${reg.name}认定：户主 ${current.headName}（${current.headIdMasked}），${input.reason}`,
    diff: { endedOn: { before: null, after: input.endedOn }, endedReason: { before: null, after: input.reason } },
  });
  return (await findRecognition(tx, actor, reg, id, today))!;
}
