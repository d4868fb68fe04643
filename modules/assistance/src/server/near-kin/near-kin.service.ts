/**
 * 近亲属备案 (低保办法第十一条): the register of relatives of 低保 case workers and of village /
 * community committee members. The register is kept where the official serves; the application
 * service asks `nearKinMatches` about the household being filed and flags the case `near_kin`,
 * which makes a county home visit a required step before the decision (第二十条第二款).
 */
import { sql } from 'drizzle-orm';
import { pgErrorCode, PG, textArray, type Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { conflict, invalid, isWithin, notFound, subtreeRange, type FieldError } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import { regionExists } from '@mz/regions/server';

/** 近亲属 of 民法典第一千零四十五条, seen from the official. Both sides of grandparents share a code. */
export const NEAR_KIN_RELATIONS = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
} as const;
export type NearKinRelation = keyof typeof NEAR_KIN_RELATIONS;

export const OFFICIAL_ROLES = {
  case_worker: '低保经办人员',
  committee_member: '村（居）委会成员',
} as const;
export type OfficialRole = keyof typeof OFFICIAL_ROLES;

/** Audit action codes this register writes, with the names the audit viewer shows. */
export const NEAR_KIN_AUDIT_ACTIONS: Readonly<Record<string, string>> = {
  'assistance.near_kin_add': '近亲属备案登记',
  'assistance.near_kin_remove': '撤销近亲属备案',
};

export interface NearKinInput {
  officialName: string;
  officialRole: OfficialRole;
  officialUserId?: string | null;
  relativePersonId: string;
  relation: NearKinRelation;
  /** Where the official serves (12 digits); defaults to the official's account region, else the registrar's own. */
  regionCode?: string | null;
  note?: string | null;
}

export interface NearKinQuery {
  regionCode?: string;
  personId?: string;
  includeRemoved?: boolean;
  page: number;
  pageSize: number;
}

export interface NearKinEntry {
  id: string;
  regionCode: string;
  regionName: string | null;
  officialName: string;
  officialRole: OfficialRole;
  officialRoleName: string;
  officialUserId: string | null;
  relativePersonId: string;
  relativeName: string;
  relativeIdMasked: string;
  relation: NearKinRelation;
  relationName: string;
  note: string | null;
  createdAt: string;
  createdByName: string | null;
  removedAt: string | null;
  removedByName: string | null;
}

export interface NearKinMatch {
  entryId: string;
  personId: string;
  officialName: string;
  officialRole: OfficialRole;
  relation: NearKinRelation;
}

interface EntryRow {
  id: string;
  region_code: string;
  region_name: string | null;
  official_name: string;
  official_role: OfficialRole;
  official_user_id: string | null;
  relative_person_id: string;
  relative_name: string;
  relative_id_masked: string;
  relation: NearKinRelation;
  note: string | null;
  created_at: string;
  created_by_name: string | null;
  removed_at: string | null;
  removed_by_name: string | null;
  total?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (column: string) => sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

// The relative's current name and masked number when the reader may see the registry record,
// otherwise the copies taken at registration.
const ENTRY_COLUMNS = sql`k.id, k.region_code, r.name AS region_name, k.official_name, k.official_role, k.official_user_id,
  k.relative_person_id, coalesce(p.name, k.relative_name) AS relative_name, coalesce(p.id_masked, k.relative_id_masked) AS relative_id_masked,
  k.relation, k.note, ${iso('k.created_at')} AS created_at, k.created_by_name, ${iso('k.removed_at')} AS removed_at, k.removed_by_name`;
const ENTRY_FROM = sql`assistance_near_kin k
  LEFT JOIN region r ON r.code = k.region_code
  LEFT JOIN registry_person p ON p.id = k.relative_person_id`;

function toEntry(row: EntryRow): NearKinEntry {
  return {
    id: row.id, regionCode: row.region_code, regionName: row.region_name,
    officialName: row.official_name, officialRole: row.official_role, officialRoleName: OFFICIAL_ROLES[row.official_role],
    officialUserId: row.official_user_id, relativePersonId: row.relative_person_id, relativeName: row.relative_name,
    relativeIdMasked: row.relative_id_masked, relation: row.relation, relationName: NEAR_KIN_RELATIONS[row.relation],
    note: row.note, createdAt: row.created_at, createdByName: row.created_by_name, removedAt: row.removed_at, removedByName: row.removed_by_name,
  };
}

async function findEntry(tx: Tx, id: string): Promise<NearKinEntry | null> {
  const [row] = await tx.rows<EntryRow>(sql`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE k.id = ${id}::uuid`);
  return row ? toEntry(row) : null;
}

/** What the audit log keeps of an entry: masked values only. */
function auditView(e: NearKinEntry) {
  return {
    regionCode: e.regionCode, officialName: e.officialName, officialRole: e.officialRole, officialUserId: e.officialUserId,
    relativePersonId: e.relativePersonId, relativeIdMasked: e.relativeIdMasked, relation: e.relation, note: e.note,
  };
}

const describeEntry = (e: NearKinEntry) =>
  `${e.officialName}（${e.officialRoleName}）的${e.relationName} ${e.relativeName}（${e.relativeIdMasked}）`;

/** The register within the caller's jurisdiction, newest first. */
export async function listNearKin(tx: Tx, actor: Actor, query: NearKinQuery): Promise<{ items: NearKinEntry[]; total: number }> {
  // A region outside the jurisdiction shows nothing, like a region with no entries.
  if (query.regionCode && !isWithin(query.regionCode, actor.regionCode)) return { items: [], total: 0 };
  const within = subtreeRange(query.regionCode ?? actor.regionCode);
  const rows = await tx.rows<EntryRow>(sql`
    SELECT ${ENTRY_COLUMNS}, count(*) OVER ()::text AS total FROM ${ENTRY_FROM}
    WHERE k.region_code >= ${within.from} AND k.region_code < ${within.to}
      ${query.personId ? sql`AND k.relative_person_id = ${query.personId}::uuid` : sql``}
      ${query.includeRemoved ? sql`` : sql`AND k.removed_at IS NULL`}
    ORDER BY k.created_at DESC, k.id
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`);
  return { items: rows.map(toEntry), total: Number(rows[0]?.total ?? 0) };
}

export async function addNearKin(tx: Tx, actor: Actor, who: AuditActor, input: NearKinInput): Promise<NearKinEntry> {
  const errors: FieldError[] = [];
  const [person] = await tx.rows<{ name: string; id_masked: string; merged_into: string | null }>(sql`
    SELECT name, id_masked, merged_into FROM registry_person WHERE id = ${input.relativePersonId}::uuid`);
  if (!person) errors.push({ path: 'relativePersonId', message: '人口库中没有该人员，或其不在您的管辖范围内' });
  else if (person.merged_into) errors.push({ path: 'relativePersonId', message: '该人员记录已合并到另一条记录，请选择保留的记录' });

  let regionCode = input.regionCode ?? null;
  if (input.officialUserId) {
    const [user] = await tx.rows<{ region_code: string }>(sql`SELECT region_code FROM iam_user WHERE id = ${input.officialUserId}::uuid`);
    if (!user) errors.push({ path: 'officialUserId', message: '工作人员账号不存在或不在您的管辖范围内' });
    else regionCode ??= user.region_code;
  }
  regionCode ??= actor.regionCode;
  if (!isWithin(regionCode, actor.regionCode)) errors.push({ path: 'regionCode', message: '任职区划超出您的管辖范围' });
  else if (!(await regionExists(tx, regionCode))) errors.push({ path: 'regionCode', message: '没有这个区划代码' });
  if (errors.length || !person) throw invalid('近亲属备案信息有误', errors);

  let id: string;
  try {
    [{ id }] = await tx.rows<{ id: string }>(sql`
      INSERT INTO assistance_near_kin (region_code, official_name, official_role, official_user_id, relative_person_id, relative_name,
        relative_id_masked, relation, note, created_by, created_by_name)
      VALUES (${regionCode}, ${input.officialName}, ${input.officialRole}, ${input.officialUserId ?? null}::uuid, ${input.relativePersonId}::uuid,
        ${person.name}, ${person.id_masked}, ${input.relation}, ${input.note?.trim() || null},
        ${actor.kind === 'user' ? actor.id : null}::uuid, ${who.actorName})
      RETURNING id`);
  } catch (err) {
    if (pgErrorCode(err) === PG.uniqueViolation) throw conflict('该近亲属备案已存在', `${input.officialName} 与该人员的备案尚未撤销`);
    throw err;
  }
  const entry = (await findEntry(tx, id))!;
  await appendAudit(tx, who, {
    action: 'assistance.near_kin_add', entityType: 'near_kin', entityId: id, regionCode,
    summary: `近亲属备案：${describeEntry(entry)}`, diff: diffFields(null, auditView(entry)),
  });
  return entry;
}

/** Ends an entry; the row stays so cases flagged while it was current remain explainable. */
export async function removeNearKin(tx: Tx, actor: Actor, who: AuditActor, id: string): Promise<void> {
  const [removed] = await tx.rows<{ removed_at: string }>(sql`
    UPDATE assistance_near_kin SET removed_at = now(), removed_by = ${actor.kind === 'user' ? actor.id : null}::uuid, removed_by_name = ${who.actorName}
    WHERE id = ${id}::uuid AND removed_at IS NULL
    RETURNING ${iso('removed_at')} AS removed_at`);
  const entry = await findEntry(tx, id);
  if (!entry) throw notFound('备案不存在或不在本辖区');
  if (!removed) throw conflict('该近亲属备案已撤销', `已于 ${entry.removedAt} 由 ${entry.removedByName ?? '系统'} 撤销`);
  await appendAudit(tx, who, {
    action: 'assistance.near_kin_remove', entityType: 'near_kin', entityId: id, regionCode: entry.regionCode,
    summary: `撤销近亲属备案：${describeEntry(entry)}`, diff: diffFields({ removedAt: null }, { removedAt: removed.removed_at }),
  });
}

/**
 * Which of these persons are registered relatives of an official: one set-based query for the
 * whole household, across the register of every jurisdiction (see 0012 for why it looks past
 * row-level security). Ids that are not uuids cannot match and are skipped.
 */
export async function nearKinMatches(tx: Tx, personIds: readonly string[]): Promise<NearKinMatch[]> {
  const ids = [...new Set(personIds.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return [];
  const rows = await tx.rows<{ entry_id: string; person_id: string; official_name: string; official_role: OfficialRole; relation: NearKinRelation }>(sql`
    SELECT entry_id, person_id, official_name, official_role, relation
    FROM assistance_near_kin_matches(${textArray(ids)}::uuid[])
    ORDER BY person_id, official_name, entry_id`);
  return rows.map((r) => ({ entryId: r.entry_id, personId: r.person_id, officialName: r.official_name, officialRole: r.official_role, relation: r.relation }));
}
