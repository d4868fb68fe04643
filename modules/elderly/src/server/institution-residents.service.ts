/**
 * 机构与床位: beds (added in bulk, taken out of service), residents (入住, 退住, 调换床位) and the
 * check-in person search. The bed and person invariants are checked here with the bed row locked,
 * and the partial unique indexes and triggers of 0040 refuse whatever a concurrent request slips
 * past; their violations become Chinese 409s (guarded()).
 */
import { sql } from 'drizzle-orm';
import type { FieldCipher } from '@mz/crypto';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { ageOn, conflict, DomainError, invalid, isDomainError, notFound, parseIdNumber, todayInShanghai } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { getPerson, listPersons } from '@mz/registry/server';
import {
  CHECKOUT_REASON_NAMES, checkInProblems, checkOutProblems, expandBeds, keepsBeds, MAX_BEDS_PER_REQUEST, parseRoomList,
  type CheckoutReason, type InstitutionKind, type InstitutionStatus,
} from '../domain/institution.rules.ts';
import type { BedView, CheckInCandidate, ResidentView } from '../domain/institution.views.ts';
import { guarded } from './institution.service.ts';
import { institutionInScope, institutionScopeFor, scopeCondition, type InstitutionRow } from './institution.scope.ts';

const num = (v: unknown) => Number(v ?? 0);

// ---- beds --------------------------------------------------------------------------------------

export async function listBeds(tx: Tx, actor: Actor, institutionId: string): Promise<BedView[]> {
  const scope = await institutionScopeFor(tx, actor);
  await institutionInScope(tx, scope, institutionId);
  const rows = await tx.rows<any>(sql`
    SELECT b.id, b.room, b.bed_no, b.nursing, b.in_service, r.id AS resident_id, r.person_name, r.person_id_masked, r.checked_in_on
    FROM elderly_bed b LEFT JOIN elderly_resident r ON r.bed_id = b.id AND r.checked_out_on IS NULL
    WHERE b.institution_id = ${institutionId}::uuid
    ORDER BY length(b.room), b.room, length(b.bed_no), b.bed_no`);
  return rows.map((r): BedView => ({
    id: r.id, room: r.room, bedNo: r.bed_no, nursing: Boolean(r.nursing), inService: Boolean(r.in_service),
    resident: r.resident_id ? { id: r.resident_id, personName: r.person_name ?? '', idNumberMasked: r.person_id_masked ?? '', checkedInOn: r.checked_in_on } : null,
  }));
}

/** Adds every room × bed label in one INSERT … SELECT; refuses the lot if any label exists. */
export async function addBeds(tx: Tx, actor: Actor, who: AuditActor, institutionId: string, body: { rooms: string; bedNos: string[]; nursing: boolean }): Promise<{ added: number }> {
  const scope = await institutionScopeFor(tx, actor);
  const inst = await institutionInScope(tx, scope, institutionId, true);
  if (inst.status === 'closed') throw conflict('机构已关闭', '已关闭的机构不能新增床位');
  if (!keepsBeds(inst.kind as InstitutionKind)) throw conflict('该类机构不设床位', '老年餐厅不设床位');
  const { rooms, error } = parseRoomList(body.rooms);
  if (error) throw invalid('床位信息有误', [{ path: 'rooms', message: error }]);
  const bedNos = [...new Set(body.bedNos)];
  if (bedNos.length !== body.bedNos.length) throw invalid('床位信息有误', [{ path: 'bedNos', message: '床号有重复' }]);
  const beds = expandBeds(rooms, bedNos);
  if (beds.length > MAX_BEDS_PER_REQUEST) throw invalid('床位信息有误', [{ path: 'rooms', message: `一次最多添加 ${MAX_BEDS_PER_REQUEST} 张床位` }]);
  const roomArr = beds.map((b) => b.room);
  const bedArr = beds.map((b) => b.bedNo);
  const taken = await tx.rows<{ room: string; bed_no: string }>(sql`
    SELECT b.room, b.bed_no FROM elderly_bed b JOIN unnest(${sql.param(roomArr)}::text[], ${sql.param(bedArr)}::text[]) AS n(room, bed_no)
      ON b.room = n.room AND b.bed_no = n.bed_no
    WHERE b.institution_id = ${institutionId}::uuid ORDER BY b.room, b.bed_no LIMIT 10`);
  if (taken.length) {
    throw new DomainError({
      code: 'DUPLICATE_BED', status: 409, title: '床位已存在', detail: `以下床位已经登记：${taken.map((t) => `${t.room}-${t.bed_no}`).join('、')}`,
      errors: [{ path: 'rooms', message: '部分床位已经登记' }],
    });
  }
  const added = await guarded(() => tx.run(sql`
    INSERT INTO elderly_bed (institution_id, region_code, room, bed_no, nursing)
    SELECT ${institutionId}::uuid, ${inst.region_code}, n.room, n.bed_no, ${body.nursing}
    FROM unnest(${sql.param(roomArr)}::text[], ${sql.param(bedArr)}::text[]) AS n(room, bed_no)`));
  await appendAudit(tx, who, {
    action: 'elderly.bed.add', entityType: 'elderly_institution', entityId: institutionId, regionCode: inst.region_code,
    summary: `${inst.name} 新增${body.nursing ? '护理型' : ''}床位 ${added} 张（房间 ${rooms.length > 6 ? `${rooms.slice(0, 6).join('、')} 等 ${rooms.length} 间` : rooms.join('、')}，床号 ${bedNos.join('、')}）`,
  });
  return { added };
}

/** Takes a bed out of service or back; refused while someone lives in it. */
export async function setBedService(tx: Tx, actor: Actor, who: AuditActor, institutionId: string, bedId: string, inService: boolean): Promise<BedView> {
  const scope = await institutionScopeFor(tx, actor);
  const inst = await institutionInScope(tx, scope, institutionId);
  const [bed] = await tx.rows<{ room: string; bed_no: string; in_service: boolean; occupant: string | null }>(sql`
    SELECT b.room, b.bed_no, b.in_service,
      (SELECT r.person_name FROM elderly_resident r WHERE r.bed_id = b.id AND r.checked_out_on IS NULL) AS occupant
    FROM elderly_bed b WHERE b.id = ${bedId}::uuid AND b.institution_id = ${institutionId}::uuid FOR UPDATE`);
  if (!bed) throw notFound('床位不存在');
  if (bed.in_service === inService) throw conflict(inService ? '床位已在使用中' : '床位已停用');
  if (!inService && bed.occupant) throw conflict('床位有人入住，不能停用', `${bed.room}-${bed.bed_no} 床住着 ${bed.occupant}，请先办理退住或调换床位`);
  await guarded(() => tx.run(sql`UPDATE elderly_bed SET in_service = ${inService} WHERE id = ${bedId}::uuid`));
  await appendAudit(tx, who, {
    action: 'elderly.bed.service', entityType: 'elderly_institution', entityId: institutionId, regionCode: inst.region_code,
    summary: `${inst.name} ${bed.room}-${bed.bed_no} 床${inService ? '恢复使用' : '停用'}`,
  });
  return (await listBeds(tx, actor, institutionId)).find((b) => b.id === bedId)!;
}

// ---- residents ---------------------------------------------------------------------------------

async function assessmentTableExists(tx: Tx): Promise<boolean> {
  const [r] = await tx.rows<{ ok: boolean }>(sql`SELECT to_regclass('elderly_assessment') IS NOT NULL AS ok`);
  return Boolean(r?.ok);
}

export interface ResidentFilter {
  /** current (default): living there now; past: checked out; all. */
  state?: 'current' | 'past' | 'all';
  q?: string;
  page: number;
  pageSize: number;
}

export async function listResidents(tx: Tx, actor: Actor, institutionId: string, f: ResidentFilter): Promise<{ items: ResidentView[]; total: number }> {
  const scope = await institutionScopeFor(tx, actor);
  await institutionInScope(tx, scope, institutionId);
  const conditions = [sql`r.institution_id = ${institutionId}::uuid`];
  if ((f.state ?? 'current') === 'current') conditions.push(sql`r.checked_out_on IS NULL`);
  if (f.state === 'past') conditions.push(sql`r.checked_out_on IS NOT NULL`);
  if (f.q) conditions.push(sql`strpos(r.person_name, ${f.q}) > 0`);
  return queryResidents(tx, sql.join(conditions, sql` AND `), f.page, f.pageSize);
}

async function queryResidents(tx: Tx, where: ReturnType<typeof sql>, page: number, pageSize: number): Promise<{ items: ResidentView[]; total: number }> {
  const withAssessment = await assessmentTableExists(tx);
  const level = withAssessment
    ? sql`(SELECT a.final_level FROM elderly_assessment a WHERE a.id = r.assessment_id)`
    : sql`NULL::int`;
  const rows = await tx.rows<any>(sql`
    SELECT r.*, b.room, b.bed_no, b.nursing, ${level} AS assessment_level, count(*) OVER () AS total
    FROM elderly_resident r JOIN elderly_bed b ON b.id = r.bed_id
    WHERE ${where}
    ORDER BY r.checked_out_on DESC NULLS FIRST, length(b.room), b.room, b.bed_no, r.id
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
  const today = todayInShanghai();
  return {
    total: rows.length ? num(rows[0].total) : 0,
    items: rows.map((r): ResidentView => ({
      id: r.id, institutionId: r.institution_id, personId: r.person_id, personName: r.person_name ?? '', idNumberMasked: r.person_id_masked ?? '',
      sex: r.person_sex ?? null, age: r.person_birth_date ? ageOn(r.person_birth_date, today) : null,
      bedId: r.bed_id, room: r.room, bedNo: r.bed_no, nursingBed: Boolean(r.nursing), checkedInOn: r.checked_in_on, checkedOutOn: r.checked_out_on ?? null,
      checkoutReason: r.checkout_reason ?? null, checkoutReasonName: r.checkout_reason ? CHECKOUT_REASON_NAMES[r.checkout_reason as CheckoutReason] : null,
      assessmentId: r.assessment_id ?? null, assessmentLevel: r.assessment_level === null || r.assessment_level === undefined ? null : Number(r.assessment_level),
      note: r.note ?? null,
    })),
  };
}

async function residentById(tx: Tx, institutionId: string, residentId: string): Promise<ResidentView> {
  const { items } = await queryResidents(tx, sql`r.id = ${residentId}::uuid AND r.institution_id = ${institutionId}::uuid`, 1, 1);
  if (!items[0]) throw notFound('入住记录不存在');
  return items[0];
}

/**
 * Persons who could be checked in: the registry's own search (ID number by keyed hash, name,
 * initials) inside the actor's jurisdiction, with each one's current stay anywhere, if any.
 */
export async function checkInCandidates(tx: Tx, actor: Actor, cipher: FieldCipher, institutionId: string, q: string): Promise<CheckInCandidate[]> {
  const scope = await institutionScopeFor(tx, actor);
  await institutionInScope(tx, scope, institutionId);
  // An institution's operator admits the person in front of them: by the ID card, not by browsing
  // the registry's names (officials may search by name).
  if (scope.institutionIds !== null && !parseIdNumber(q.trim()).ok) {
    throw invalid('请按身份证号查找', [{ path: 'q', message: '机构经办人员请输入入住人员完整的身份证号' }]);
  }
  const { items } = await listPersons(tx, actor, { cipher }, { q, page: 1, pageSize: 20 });
  if (items.length === 0) return [];
  const stays = await tx.rows<{ person_id: string; stay: string | null }>(sql`
    SELECT p AS person_id, elderly_current_stay_of(p) AS stay FROM unnest(${sql.param(items.map((i) => i.id))}::uuid[]) AS p`);
  const stayOf = new Map(stays.map((s) => [s.person_id, s.stay]));
  return items.map((p) => ({
    personId: p.id, name: p.name, idNumberMasked: p.idNumberMasked, sex: p.sex, age: p.age, regionName: p.regionName, status: p.status,
    currentStay: stayOf.get(p.id) ?? null,
  }));
}

/** The person a check-in names, through the registry's scoped look-ups. */
async function resolvePerson(tx: Tx, actor: Actor, cipher: FieldCipher, body: { personId?: string; idNumber?: string }) {
  let personId = body.personId;
  if (!personId) {
    const parsed = parseIdNumber(body.idNumber!);
    if (!parsed.ok) throw invalid('身份证号有误', [{ path: 'idNumber', message: parsed.reason }]);
    const { items } = await listPersons(tx, actor, { cipher }, { q: parsed.value, page: 1, pageSize: 1 });
    if (!items[0]) {
      // The registry's holder function names the jurisdiction only, never the person.
      const [{ holder }] = await tx.rows<{ holder: string | null }>(sql`SELECT registry_id_holder(${cipher.hash('id_number', parsed.value)}) AS holder`) as [{ holder: string | null }];
      throw invalid('人口库中查不到该人员', [{
        path: 'idNumber',
        message: holder ? `该人员登记在${holder}，不在您的管辖范围内，请由该辖区办理或先办理迁入` : '人口库中没有该身份证号，请先在人口库登记',
      }]);
    }
    personId = items[0].id;
  }
  try {
    return await getPerson(tx, actor, personId);
  } catch (err) {
    if (isDomainError(err) && err.status === 404) throw invalid('人员不存在', [{ path: 'person', message: '您的管辖范围内没有该人员' }]);
    throw err;
  }
}

export async function checkIn(tx: Tx, actor: Actor, who: AuditActor, cipher: FieldCipher, institutionId: string,
  body: { personId?: string; idNumber?: string; bedId: string; checkedInOn: string; assessmentId?: string | null; note?: string | null }): Promise<ResidentView> {
  const scope = await institutionScopeFor(tx, actor);
  const inst = await institutionInScope(tx, scope, institutionId);
  const person = await resolvePerson(tx, actor, cipher, body);
  // A second current stay anywhere, named — the stay may be in another jurisdiction.
  const [{ stay }] = await tx.rows<{ stay: string | null }>(sql`SELECT elderly_current_stay_of(${person.id}::uuid) AS stay`) as [{ stay: string | null }];
  if (stay) {
    throw new DomainError({
      code: 'ALREADY_RESIDENT', status: 409, title: '该人员已在机构入住', detail: `${person.name} 正在“${stay}”入住，请先在该机构办理退住`,
      errors: [{ path: 'person', message: `正在“${stay}”入住` }],
    });
  }
  // The bed row is locked: a concurrent check-in or take-out-of-service on it waits for us.
  const [bed] = await tx.rows<{ id: string; room: string; bed_no: string; in_service: boolean; occupied: boolean }>(sql`
    SELECT b.id, b.room, b.bed_no, b.in_service,
      EXISTS (SELECT 1 FROM elderly_resident r WHERE r.bed_id = b.id AND r.checked_out_on IS NULL) AS occupied
    FROM elderly_bed b WHERE b.id = ${body.bedId}::uuid AND b.institution_id = ${institutionId}::uuid FOR UPDATE`);
  const problems = checkInProblems({
    institutionStatus: inst.status as InstitutionStatus, personStatus: person.status, checkedInOn: body.checkedInOn, today: todayInShanghai(),
    bed: bed ? { inService: bed.in_service, occupied: bed.occupied } : null,
  });
  if (bed?.occupied && problems.length === 1) throw conflict('该床位已有人入住', `${bed.room}-${bed.bed_no} 床已有人入住，请选择其他床位`);
  if (problems.length) throw invalid('不能办理入住', problems);
  if (body.assessmentId) await checkAssessment(tx, body.assessmentId, person.id);
  const [row] = await guarded(() => tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_resident (institution_id, bed_id, person_id, region_code, assessment_id, checked_in_on, note, created_by)
    VALUES (${institutionId}::uuid, ${body.bedId}::uuid, ${person.id}::uuid, ${inst.region_code}, ${body.assessmentId ?? null}::uuid,
      ${body.checkedInOn}, ${body.note ?? null}, ${actor.kind === 'user' ? actor.id : null})
    RETURNING id`));
  await appendAudit(tx, who, {
    action: 'elderly.resident.check_in', entityType: 'elderly_resident', entityId: row!.id, regionCode: inst.region_code,
    summary: `${person.name}（${person.idNumberMasked}）入住 ${inst.name} ${bed!.room}-${bed!.bed_no} 床，入住日期 ${body.checkedInOn}`,
  });
  return residentById(tx, institutionId, row!.id);
}

/** The linked ability assessment must be this person's and completed (table of the assessment part). */
async function checkAssessment(tx: Tx, assessmentId: string, personId: string): Promise<void> {
  if (!(await assessmentTableExists(tx))) throw invalid('能力评估未启用', [{ path: 'assessmentId', message: '本系统尚未启用老年人能力评估' }]);
  const [a] = await tx.rows<{ person_id: string; status: string }>(sql`SELECT person_id, status FROM elderly_assessment WHERE id = ${assessmentId}::uuid`);
  if (!a) throw invalid('评估记录不存在', [{ path: 'assessmentId', message: '没有该能力评估记录' }]);
  if (a.person_id !== personId) throw invalid('评估记录不符', [{ path: 'assessmentId', message: '该评估不是本人的评估' }]);
  if (a.status !== 'completed') throw invalid('评估尚未完成', [{ path: 'assessmentId', message: '只能关联已完成的能力评估' }]);
}

async function currentStay(tx: Tx, inst: InstitutionRow, residentId: string) {
  const [r] = await tx.rows<{ id: string; person_id: string; person_name: string; person_id_masked: string; checked_in_on: string; checked_out_on: string | null; bed_id: string; room: string; bed_no: string }>(sql`
    SELECT r.id, r.person_id, r.person_name, r.person_id_masked, r.checked_in_on, r.checked_out_on, r.bed_id, b.room, b.bed_no
    FROM elderly_resident r JOIN elderly_bed b ON b.id = r.bed_id
    WHERE r.id = ${residentId}::uuid AND r.institution_id = ${inst.id}::uuid FOR UPDATE OF r`);
  if (!r) throw notFound('入住记录不存在');
  if (r.checked_out_on) throw conflict('已办理退住', `该人员已于 ${r.checked_out_on} 退住`);
  return r;
}

export async function checkOut(tx: Tx, actor: Actor, who: AuditActor, institutionId: string, residentId: string,
  body: { checkedOutOn: string; reason: CheckoutReason; note?: string | null }): Promise<ResidentView> {
  const scope = await institutionScopeFor(tx, actor);
  const inst = await institutionInScope(tx, scope, institutionId);
  const stay = await currentStay(tx, inst, residentId);
  // The registry's date of death when the actor may read the person; a person registered in
  // another jurisdiction is checked out on the home's word.
  let deathDate: string | null = null;
  try {
    deathDate = (await getPerson(tx, actor, stay.person_id)).deathDate ?? null;
  } catch (err) {
    if (!(isDomainError(err) && err.status === 404)) throw err;
  }
  const problems = checkOutProblems({ checkedInOn: stay.checked_in_on, checkedOutOn: body.checkedOutOn, reason: body.reason, today: todayInShanghai(), deathDate });
  if (problems.length) throw invalid('不能办理退住', problems);
  await tx.run(sql`
    UPDATE elderly_resident SET checked_out_on = ${body.checkedOutOn}, checkout_reason = ${body.reason},
      note = coalesce(${body.note ?? null}, note), checked_out_by = ${actor.kind === 'user' ? actor.id : null}
    WHERE id = ${residentId}::uuid`);
  await appendAudit(tx, who, {
    action: 'elderly.resident.check_out', entityType: 'elderly_resident', entityId: residentId, regionCode: inst.region_code,
    summary: `${stay.person_name}（${stay.person_id_masked}）从 ${inst.name} ${stay.room}-${stay.bed_no} 床退住，${body.checkedOutOn}，原因：${CHECKOUT_REASON_NAMES[body.reason]}`,
  });
  return residentById(tx, institutionId, residentId);
}

export async function moveBed(tx: Tx, actor: Actor, who: AuditActor, institutionId: string, residentId: string, bedId: string): Promise<ResidentView> {
  const scope = await institutionScopeFor(tx, actor);
  const inst = await institutionInScope(tx, scope, institutionId);
  const stay = await currentStay(tx, inst, residentId);
  if (stay.bed_id === bedId) throw invalid('请选择其他床位', [{ path: 'bedId', message: '已在这张床位' }]);
  const [bed] = await tx.rows<{ room: string; bed_no: string; in_service: boolean; occupied: boolean }>(sql`
    SELECT b.room, b.bed_no, b.in_service, EXISTS (SELECT 1 FROM elderly_resident r WHERE r.bed_id = b.id AND r.checked_out_on IS NULL) AS occupied
    FROM elderly_bed b WHERE b.id = ${bedId}::uuid AND b.institution_id = ${institutionId}::uuid FOR UPDATE`);
  if (!bed) throw invalid('床位不存在', [{ path: 'bedId', message: '本机构没有这张床位' }]);
  if (!bed.in_service) throw invalid('床位已停用', [{ path: 'bedId', message: '该床位已停用' }]);
  if (bed.occupied) throw conflict('该床位已有人入住', `${bed.room}-${bed.bed_no} 床已有人入住，请选择其他床位`);
  await guarded(() => tx.run(sql`UPDATE elderly_resident SET bed_id = ${bedId}::uuid, moved_at = now() WHERE id = ${residentId}::uuid`));
  await appendAudit(tx, who, {
    action: 'elderly.resident.move', entityType: 'elderly_resident', entityId: residentId, regionCode: inst.region_code,
    summary: `${stay.person_name}（${stay.person_id_masked}）在 ${inst.name} 由 ${stay.room}-${stay.bed_no} 床调至 ${bed.room}-${bed.bed_no} 床`,
  });
  return residentById(tx, institutionId, residentId);
}

/** Occupancy of every institution in scope (for the indicator pages of other parts, and the list). */
export async function occupancyByInstitution(tx: Tx, actor: Actor): Promise<{ institutionId: string; name: string; beds: number; nursingBeds: number; residents: number }[]> {
  const scope = await institutionScopeFor(tx, actor);
  const rows = await tx.rows<any>(sql`
    SELECT i.id, i.name,
      (SELECT count(*) FROM elderly_bed b WHERE b.institution_id = i.id AND b.in_service) AS beds,
      (SELECT count(*) FROM elderly_bed b WHERE b.institution_id = i.id AND b.in_service AND b.nursing) AS nursing_beds,
      (SELECT count(*) FROM elderly_resident r WHERE r.institution_id = i.id AND r.checked_out_on IS NULL) AS residents
    FROM elderly_institution i WHERE ${scopeCondition(scope, sql`i.id`, sql`i.region_code`)} AND i.status <> 'closed'
    ORDER BY i.region_code, i.name`);
  return rows.map((r) => ({ institutionId: r.id, name: r.name, beds: num(r.beds), nursingBeds: num(r.nursing_beds), residents: num(r.residents) }));
}
