import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { conflict, invalid, isWithin, notFound, subtreeRange, todayInShanghai } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { regionExists } from '@mz/regions/server';
import { HEAD_RELATION, type HouseholdDetail, type HouseholdMember } from '../domain/index.ts';
import { PERSON_COLUMNS, PERSON_FROM, personScope, toSummary } from './person.repository.ts';

export type { HouseholdDetail, HouseholdMember };

async function household(tx: Tx, actor: Actor, id: string) {
  const { from, to } = subtreeRange(actor.regionCode);
  const [h] = await tx.rows<any>(sql`
    SELECT h.id, h.region_code, r.name AS region_name, h.address, h.dissolved_on, h.head_person_id
    FROM registry_household h JOIN region r ON r.code = h.region_code
    WHERE h.id = ${id} AND h.region_code >= ${from} AND h.region_code < ${to}`);
  if (!h) throw notFound('家庭不存在', '本辖区内没有该家庭');
  return h;
}

export async function getHousehold(tx: Tx, actor: Actor, id: string, on = todayInShanghai()): Promise<HouseholdDetail> {
  const h = await household(tx, actor, id);
  const rows = await tx.rows<any>(sql`
    SELECT m.id::text AS member_id, m.relation, rel.name AS relation_name, m.valid_from, m.valid_to, m.ended_reason, ${PERSON_COLUMNS}
    FROM registry_household_member m JOIN ${PERSON_FROM} ON p.id = m.person_id JOIN registry_relation rel ON rel.code = m.relation
    WHERE m.household_id = ${id}
    ORDER BY m.valid_from, m.relation, m.id`);
  const history: HouseholdMember[] = rows.map((r) => ({
    memberId: r.member_id, person: toSummary(r), relation: r.relation, relationName: r.relation_name,
    validFrom: r.valid_from, validTo: r.valid_to, endedReason: r.ended_reason,
  }));
  const members = history.filter((m) => m.validFrom <= on && (m.validTo === null || m.validTo > on));
  const head = history.find((m) => m.person.id === h.head_person_id)?.person ?? null;
  return { id: h.id, regionCode: h.region_code, regionName: h.region_name, address: h.address, dissolvedOn: h.dissolved_on, head, members, history };
}

export interface NewMember { personId: string; relation: string }

/** Persons must be in scope, exist, and be in no household now; relations must be GB/T 4761 codes. */
async function checkNewMembers(tx: Tx, actor: Actor, members: NewMember[], path = 'members') {
  const ids = [...new Set(members.map((m) => m.personId))];
  if (ids.length !== members.length) throw invalid('同一人不能重复加入', [{ path, message: '成员名单中有重复的人' }]);
  const found = await tx.rows<{ id: string; name: string; id_masked: string; household_id: string | null }>(sql`
    SELECT p.id, p.name, p.id_masked,
      (SELECT m.household_id FROM registry_household_member m WHERE m.person_id = p.id AND m.valid_to IS NULL) AS household_id
    FROM registry_person p WHERE p.id IN ${ids} AND ${personScope(actor.regionCode)}`);
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw invalid('成员不存在', [{ path, message: `本辖区内找不到 ${missing.length} 名成员` }]);
  const busy = found.filter((f) => f.household_id);
  if (busy.length) {
    throw conflict('成员已在其他家庭中', `${busy.map((b) => `${b.name}（${b.id_masked}）`).join('、')} 已属于一个家庭，请先办理迁出`);
  }
  const codes = [...new Set(members.map((m) => m.relation))];
  const known = await tx.rows<{ code: string }>(sql`SELECT code FROM registry_relation WHERE code IN ${codes}`);
  const bad = codes.filter((c) => !known.some((k) => k.code === c));
  if (bad.length) throw invalid('与户主关系代码不正确', [{ path, message: `不在 GB/T 4761 代码表中：${bad.join('、')}` }]);
}

async function addMemberships(tx: Tx, householdId: string, members: NewMember[], validFrom: string) {
  await tx.run(sql`
    INSERT INTO registry_household_member (household_id, person_id, relation, valid_from)
    SELECT ${householdId}::uuid, x.person_id::uuid, x.relation, ${validFrom}::date
    FROM unnest(${sql.param(members.map((m) => m.personId))}::text[], ${sql.param(members.map((m) => m.relation))}::text[]) AS x(person_id, relation)`);
}

export interface NewHousehold { regionCode: string; address: string; headPersonId: string; members: NewMember[]; validFrom?: string }

export async function createHousehold(tx: Tx, actor: Actor, who: AuditActor, input: NewHousehold): Promise<HouseholdDetail> {
  if (!isWithin(input.regionCode, actor.regionCode)) throw invalid('区划超出管辖范围', [{ path: 'regionCode', message: '家庭所在区划必须在您的管辖范围内' }]);
  if (!(await regionExists(tx, input.regionCode))) throw invalid('区划不存在', [{ path: 'regionCode', message: '没有这个区划代码' }]);
  const members = input.members.some((m) => m.personId === input.headPersonId)
    ? input.members.map((m) => (m.personId === input.headPersonId ? { ...m, relation: HEAD_RELATION } : m))
    : [{ personId: input.headPersonId, relation: HEAD_RELATION }, ...input.members];
  if (members.filter((m) => m.relation === HEAD_RELATION).length !== 1) throw invalid('户主只能有一人', [{ path: 'members', message: '除户主外，其他成员的关系不能是“户主”' }]);
  await checkNewMembers(tx, actor, members);
  const validFrom = input.validFrom ?? todayInShanghai();
  const [{ id }] = await tx.rows<{ id: string }>(sql`
    INSERT INTO registry_household (region_code, address, head_person_id, created_by)
    VALUES (${input.regionCode}, ${input.address}, ${input.headPersonId}, ${actor.kind === 'user' ? actor.id : null}) RETURNING id`);
  await addMemberships(tx, id, members, validFrom);
  const detail = await getHousehold(tx, actor, id, validFrom);
  await appendAudit(tx, who, {
    action: 'household.create', entityType: 'household', entityId: id, regionCode: input.regionCode,
    summary: `建立家庭：户主 ${detail.head?.name ?? ''}，${members.length} 人`,
    diff: { address: { before: null, after: input.address }, members: { before: null, after: detail.members.map((m) => `${m.person.name}（${m.relationName}）`) } },
  });
  return detail;
}

export async function addMember(tx: Tx, actor: Actor, who: AuditActor, householdId: string, m: NewMember & { validFrom: string }): Promise<HouseholdDetail> {
  const h = await household(tx, actor, householdId);
  if (h.dissolved_on) throw conflict('家庭已撤销', '已撤销的家庭不能再添加成员');
  if (m.relation === HEAD_RELATION) throw invalid('户主只能有一人', [{ path: 'relation', message: '该家庭已有户主' }]);
  await checkNewMembers(tx, actor, [m], 'personId');
  await addMemberships(tx, householdId, [m], m.validFrom);
  const detail = await getHousehold(tx, actor, householdId, m.validFrom);
  const person = detail.members.find((x) => x.person.id === m.personId)!;
  await appendAudit(tx, who, { action: 'household.member_add', entityType: 'household', entityId: householdId, regionCode: h.region_code, summary: `${person.person.name} 迁入（${person.relationName}），自 ${m.validFrom} 起` });
  return getHousehold(tx, actor, householdId);
}

/** Ends a membership on a date; the row stays, so the history still answers "who was here then". */
export async function endMember(tx: Tx, actor: Actor, who: AuditActor, householdId: string, memberId: string, validTo: string, reason: string): Promise<HouseholdDetail> {
  const h = await household(tx, actor, householdId);
  const [m] = await tx.rows<{ person_id: string; valid_from: string; name: string }>(sql`
    SELECT m.person_id, m.valid_from, p.name FROM registry_household_member m JOIN registry_person p ON p.id = m.person_id
    WHERE m.id = ${memberId} AND m.household_id = ${householdId} AND m.valid_to IS NULL`);
  if (!m) throw notFound('成员不存在', '该家庭没有这名在册成员');
  if (m.person_id === h.head_person_id) throw conflict('户主不能直接迁出', '请先办理分户或合户，或更换户主');
  if (validTo <= m.valid_from) throw invalid('迁出日期不正确', [{ path: 'validTo', message: `迁出日期必须晚于迁入日期 ${m.valid_from}` }]);
  await tx.run(sql`UPDATE registry_household_member SET valid_to = ${validTo}, ended_reason = ${reason} WHERE id = ${memberId}`);
  await appendAudit(tx, who, { action: 'household.member_leave', entityType: 'household', entityId: householdId, regionCode: h.region_code, summary: `${m.name} 迁出，自 ${validTo} 起：${reason}` });
  return getHousehold(tx, actor, householdId);
}

/** 分户: some members leave on `date` and form a new household with its own head. */
export async function splitHousehold(tx: Tx, actor: Actor, who: AuditActor, householdId: string, input: { personIds: string[]; headPersonId: string; address: string; date: string }): Promise<HouseholdDetail> {
  const h = await household(tx, actor, householdId);
  if (!input.personIds.includes(input.headPersonId)) throw invalid('新户主必须是分出的成员之一', [{ path: 'headPersonId', message: '新户主必须是分出的成员之一' }]);
  if (input.personIds.includes(h.head_person_id)) throw invalid('原户主不能分出', [{ path: 'personIds', message: '原户主留在原家庭；如需原户主分出，请先更换户主' }]);
  const current = await tx.rows<{ id: string; person_id: string; relation: string; valid_from: string }>(sql`
    SELECT id::text AS id, person_id, relation, valid_from FROM registry_household_member WHERE household_id = ${householdId} AND valid_to IS NULL`);
  const moving = current.filter((m) => input.personIds.includes(m.person_id));
  if (moving.length !== input.personIds.length) throw invalid('分出的人员必须是本家庭在册成员', [{ path: 'personIds', message: '有人不是本家庭的在册成员' }]);
  if (moving.some((m) => input.date <= m.valid_from)) throw invalid('分户日期不正确', [{ path: 'date', message: '分户日期必须晚于成员的迁入日期' }]);
  await tx.run(sql`UPDATE registry_household_member SET valid_to = ${input.date}, ended_reason = '分户' WHERE id IN ${moving.map((m) => m.id)}`);
  const [{ id }] = await tx.rows<{ id: string }>(sql`
    INSERT INTO registry_household (region_code, address, head_person_id, created_by)
    VALUES (${h.region_code}, ${input.address}, ${input.headPersonId}, ${actor.kind === 'user' ? actor.id : null}) RETURNING id`);
  // Relations are to the new head; without a better answer from the clerk, the others keep
  // their old code except that the new head becomes 户主.
  await addMemberships(tx, id, moving.map((m) => ({ personId: m.person_id, relation: m.person_id === input.headPersonId ? HEAD_RELATION : m.relation === HEAD_RELATION ? '97' : m.relation })), input.date);
  await appendAudit(tx, who, { action: 'household.split', entityType: 'household', entityId: householdId, regionCode: h.region_code, summary: `分户：${moving.length} 人分出，另立新户 ${id}`, diff: { household: { before: householdId, after: id } } });
  return getHousehold(tx, actor, id, input.date);
}

/** 合户: every current member moves into the target household on `date`; the source is dissolved. */
export async function mergeHousehold(tx: Tx, actor: Actor, who: AuditActor, householdId: string, input: { intoHouseholdId: string; date: string }): Promise<HouseholdDetail> {
  if (householdId === input.intoHouseholdId) throw invalid('不能与自身合户', [{ path: 'intoHouseholdId', message: '请选择另一个家庭' }]);
  const source = await household(tx, actor, householdId);
  const target = await household(tx, actor, input.intoHouseholdId);
  if (target.dissolved_on) throw conflict('目标家庭已撤销');
  const moving = await tx.rows<{ id: string; person_id: string; relation: string; valid_from: string }>(sql`
    SELECT id::text AS id, person_id, relation, valid_from FROM registry_household_member WHERE household_id = ${householdId} AND valid_to IS NULL`);
  if (moving.some((m) => input.date <= m.valid_from)) throw invalid('合户日期不正确', [{ path: 'date', message: '合户日期必须晚于成员的迁入日期' }]);
  if (moving.length) {
    await tx.run(sql`UPDATE registry_household_member SET valid_to = ${input.date}, ended_reason = '合户' WHERE id IN ${moving.map((m) => m.id)}`);
    await addMemberships(tx, input.intoHouseholdId, moving.map((m) => ({ personId: m.person_id, relation: m.relation === HEAD_RELATION ? '97' : m.relation })), input.date);
  }
  await tx.run(sql`UPDATE registry_household SET dissolved_on = ${input.date}, updated_at = now() WHERE id = ${householdId}`);
  await appendAudit(tx, who, { action: 'household.merge', entityType: 'household', entityId: householdId, regionCode: source.region_code, summary: `合户：${moving.length} 人并入家庭 ${input.intoHouseholdId}，原家庭撤销`, diff: { household: { before: householdId, after: input.intoHouseholdId } } });
  return getHousehold(tx, actor, input.intoHouseholdId, input.date);
}

export async function listHouseholds(tx: Tx, actor: Actor, f: { regionCode?: string; q?: string; page: number; pageSize: number }) {
  const scope = subtreeRange(actor.regionCode);
  const within = f.regionCode ? subtreeRange(f.regionCode) : scope;
  const like = f.q ? '%' + f.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%' : null;
  const where = sql.join([
    sql`h.region_code >= ${scope.from} AND h.region_code < ${scope.to}`,
    sql`h.region_code >= ${within.from} AND h.region_code < ${within.to}`,
    sql`h.dissolved_on IS NULL`,
    like ? sql`(h.address LIKE ${like} OR hp.name LIKE ${like})` : undefined,
  ].filter((c) => c !== undefined), sql` AND `);
  const [{ total }] = await tx.rows<{ total: string }>(sql`SELECT count(*)::text AS total FROM registry_household h LEFT JOIN registry_person hp ON hp.id = h.head_person_id WHERE ${where}`);
  const rows = await tx.rows<any>(sql`
    SELECT h.id, h.region_code, r.name AS region_name, h.address, hp.name AS head_name, hp.id_masked AS head_id_masked,
      (SELECT count(*)::int FROM registry_household_member m WHERE m.household_id = h.id AND m.valid_to IS NULL) AS member_count
    FROM registry_household h JOIN region r ON r.code = h.region_code LEFT JOIN registry_person hp ON hp.id = h.head_person_id
    WHERE ${where} ORDER BY h.region_code, h.address, h.id LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return {
    total: Number(total),
    items: rows.map((r) => ({ id: r.id, regionCode: r.region_code, regionName: r.region_name, address: r.address, headName: r.head_name, headIdNumberMasked: r.head_id_masked, memberCount: Number(r.member_count) })),
  };
}

