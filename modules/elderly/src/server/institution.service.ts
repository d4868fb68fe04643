/**
 * 机构与床位: institutions — registration, list with figures, detail, filing (备案) and its
 * documents, status, and the binding of operator accounts. Every read and write goes through
 * institutionScopeFor(); every write appends an audit entry in the same transaction.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { conflict, DomainError, invalid, isWithin, notFound, subtreeRange, todayInShanghai, type FieldError } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import { regionExists } from '@mz/regions/server';
import {
  certifiedPercent, DOCUMENT_KIND_NAMES, INSTITUTION_KIND_NAMES, INSTITUTION_STATUS_NAMES, occupancyPercent, OPERATOR_TYPE_NAMES, statusChangeProblem,
  type DocumentKind, type InstitutionKind, type InstitutionStatus, type OperatorType,
} from '../domain/institution.rules.ts';
import type { InstitutionInput, InstitutionUpdate } from '../domain/institution.schema.ts';
import type { InstitutionDetail, InstitutionDocument, InstitutionOperator, InstitutionSummary } from '../domain/institution.views.ts';
import { INSTITUTION_NOT_FOUND, INSTITUTION_OPERATOR_ROLE, institutionInScope, institutionScopeFor, scopeCondition, type InstitutionScope } from './institution.scope.ts';

const num = (v: unknown) => Number(v ?? 0);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => new Date(v as string).toISOString();

function versionConflict() {
  return new DomainError({ code: 'VERSION_CONFLICT', status: 409, title: '数据已被他人修改，请刷新后重试', detail: '您打开这条记录之后，有人保存过它' });
}

/** A unique index or our triggers refused a write: the Chinese 409 for each constraint we own. */
export function constraintProblem(err: unknown): DomainError | null {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23505' && e.code !== '23514') return null;
  switch (e.constraint) {
    case 'elderly_institution_credit_code': return new DomainError({ code: 'DUPLICATE_CREDIT_CODE', status: 409, title: '该统一社会信用代码已登记', errors: [{ path: 'creditCode', message: '已有机构使用该统一社会信用代码' }] });
    case 'elderly_institution_filing_no': return new DomainError({ code: 'DUPLICATE_FILING_NO', status: 409, title: '备案编号已被使用', errors: [{ path: 'filingNo', message: '已有机构使用该备案编号' }] });
    case 'elderly_institution_operator_one': return new DomainError({ code: 'OPERATOR_BOUND', status: 409, title: '账号已绑定机构', detail: '一个经办账号只能绑定一家机构，请先解除原绑定' });
    case 'elderly_bed_label': return new DomainError({ code: 'DUPLICATE_BED', status: 409, title: '床位编号重复', detail: '同一房间内已有相同床号的床位' });
    case 'elderly_resident_bed_current': return new DomainError({ code: 'BED_OCCUPIED', status: 409, title: '该床位已有人入住', detail: '刚刚有人办理了这张床位的入住，请选择其他床位', errors: [{ path: 'bedId', message: '该床位已有人入住' }] });
    case 'elderly_resident_person_current': return new DomainError({ code: 'ALREADY_RESIDENT', status: 409, title: '该人员已在机构入住', detail: '同一人同时只能在一家机构入住，请先办理原机构的退住' });
    case 'elderly_resident_bed_in_service': return new DomainError({ code: 'BED_OUT_OF_SERVICE', status: 409, title: '该床位已停用或不属于本机构', errors: [{ path: 'bedId', message: '该床位不可入住' }] });
    case 'elderly_bed_occupied': return new DomainError({ code: 'BED_OCCUPIED', status: 409, title: '床位有人入住，不能停用', detail: '请先为该人员办理退住或调换床位' });
    default: return null;
  }
}

/** Runs a write; the database's last-line refusals become their Chinese 409s. */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw constraintProblem(err) ?? err;
  }
}

// ---- list and detail ---------------------------------------------------------------------------

export interface InstitutionFilter {
  kind?: InstitutionKind;
  operatorType?: OperatorType;
  status?: InstitutionStatus;
  regionCode?: string;
  name?: string;
  page: number;
  pageSize: number;
}

const FIGURES = sql`
  LEFT JOIN LATERAL (SELECT count(*) AS beds, count(*) FILTER (WHERE b.nursing) AS nursing_beds
    FROM elderly_bed b WHERE b.institution_id = i.id AND b.in_service) bf ON true
  LEFT JOIN LATERAL (SELECT count(*) AS residents FROM elderly_resident r WHERE r.institution_id = i.id AND r.checked_out_on IS NULL) rf ON true`;

function toSummary(r: any): InstitutionSummary {
  const beds = num(r.beds);
  const residents = num(r.residents);
  return {
    id: r.id, name: r.name, kind: r.kind, kindName: INSTITUTION_KIND_NAMES[r.kind as InstitutionKind], operatorType: r.operator_type,
    operatorTypeName: OPERATOR_TYPE_NAMES[r.operator_type as OperatorType], regionCode: r.region_code, regionName: r.region_name,
    address: r.address, status: r.status, statusName: INSTITUTION_STATUS_NAMES[r.status as InstitutionStatus], grade: numOrNull(r.grade),
    filingNo: r.filing_no ?? null, beds, nursingBeds: num(r.nursing_beds), residents, occupancyPercent: occupancyPercent(residents, beds),
  };
}

export async function listInstitutions(tx: Tx, actor: Actor, f: InstitutionFilter): Promise<{ items: InstitutionSummary[]; total: number }> {
  const scope = await institutionScopeFor(tx, actor);
  const conditions = [scopeCondition(scope, sql`i.id`, sql`i.region_code`)];
  if (f.regionCode) {
    if (!isWithin(f.regionCode, actor.regionCode)) return { items: [], total: 0 };
    const { from, to } = subtreeRange(f.regionCode);
    conditions.push(sql`i.region_code >= ${from} AND i.region_code < ${to}`);
  }
  if (f.kind) conditions.push(sql`i.kind = ${f.kind}`);
  if (f.operatorType) conditions.push(sql`i.operator_type = ${f.operatorType}`);
  if (f.status) conditions.push(sql`i.status = ${f.status}`);
  if (f.name) conditions.push(sql`strpos(i.name, ${f.name}) > 0`);
  const rows = await tx.rows<any>(sql`
    SELECT i.*, rg.name AS region_name, bf.beds, bf.nursing_beds, rf.residents, count(*) OVER () AS total
    FROM elderly_institution i JOIN region rg ON rg.code = i.region_code ${FIGURES}
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY i.region_code, i.name, i.id LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  const total = rows.length ? num(rows[0].total) : f.page === 1 ? 0
    : num((await tx.rows<{ n: string }>(sql`SELECT count(*) AS n FROM elderly_institution i WHERE ${sql.join(conditions, sql` AND `)}`))[0]!.n);
  return { items: rows.map(toSummary), total };
}

export async function getInstitution(tx: Tx, actor: Actor, id: string): Promise<InstitutionDetail> {
  const scope = await institutionScopeFor(tx, actor);
  return loadDetail(tx, scope, id);
}

async function loadDetail(tx: Tx, scope: InstitutionScope, id: string): Promise<InstitutionDetail> {
  const [r] = await tx.rows<any>(sql`
    SELECT i.*, rg.name AS region_name, bf.beds, bf.nursing_beds, rf.residents,
      (SELECT count(*) FROM elderly_staff s WHERE s.institution_id = i.id AND s.left_on IS NULL) AS staff,
      (SELECT count(*) FROM elderly_staff s WHERE s.institution_id = i.id AND s.left_on IS NULL AND s.role = 'caregiver') AS caregivers,
      (SELECT count(*) FROM elderly_staff s WHERE s.institution_id = i.id AND s.left_on IS NULL AND s.role = 'caregiver' AND s.certificate_level IS NOT NULL) AS certified
    FROM elderly_institution i JOIN region rg ON rg.code = i.region_code ${FIGURES}
    WHERE i.id = ${id}::uuid AND ${scopeCondition(scope, sql`i.id`, sql`i.region_code`)}`);
  if (!r) throw INSTITUTION_NOT_FOUND();
  const documents = await tx.rows<any>(sql`
    SELECT id, kind, name, file_name, content_type, size_bytes, uploaded_by_name, uploaded_at FROM elderly_institution_document
    WHERE institution_id = ${id}::uuid AND removed_at IS NULL ORDER BY uploaded_at, id`);
  const operators = await tx.rows<any>(sql`
    SELECT o.user_id, u.username, u.display_name, o.created_at FROM elderly_institution_operator o JOIN iam_user u ON u.id = o.user_id
    WHERE o.institution_id = ${id}::uuid ORDER BY u.username`);
  const caregivers = num(r.caregivers);
  const certified = num(r.certified);
  return {
    ...toSummary(r),
    creditCode: r.credit_code ?? null, longitude: numOrNull(r.longitude), latitude: numOrNull(r.latitude), legalPerson: r.legal_person ?? null,
    contactName: r.contact_name ?? null, contactPhone: r.contact_phone ?? null, openedOn: r.opened_on ?? null, filedOn: r.filed_on ?? null,
    filingNote: r.filing_note ?? null, statusReason: r.status_reason ?? null, statusChangedOn: r.status_changed_on ?? null, gradedOn: r.graded_on ?? null,
    staff: num(r.staff), caregivers, certifiedCaregivers: certified, certifiedPercent: certifiedPercent(certified, caregivers),
    documents: documents.map(toDocument),
    operators: operators.map((o): InstitutionOperator => ({ userId: o.user_id, username: o.username, displayName: o.display_name, boundAt: iso(o.created_at) })),
    version: num(r.version), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

function toDocument(d: any): InstitutionDocument {
  return {
    id: d.id, kind: d.kind, kindName: DOCUMENT_KIND_NAMES[d.kind as DocumentKind], name: d.name, fileName: d.file_name, contentType: d.content_type,
    sizeBytes: num(d.size_bytes), uploadedByName: d.uploaded_by_name ?? null, uploadedAt: iso(d.uploaded_at),
  };
}

/** What the audit diff shows of an institution (figures and lists left out). */
function auditView(d: InstitutionDetail) {
  return {
    name: d.name, kind: d.kindName, operatorType: d.operatorTypeName, creditCode: d.creditCode, regionCode: d.regionCode, address: d.address,
    longitude: d.longitude, latitude: d.latitude, legalPerson: d.legalPerson, contactName: d.contactName, contactPhone: d.contactPhone,
    openedOn: d.openedOn, filingNo: d.filingNo, filedOn: d.filedOn, filingNote: d.filingNote, status: d.statusName, statusReason: d.statusReason,
  };
}

// ---- create and update -------------------------------------------------------------------------

async function regionProblems(tx: Tx, actor: Actor, regionCode: string): Promise<FieldError[]> {
  if (!isWithin(regionCode, actor.regionCode)) return [{ path: 'regionCode', message: '所在区划超出您的管辖范围' }];
  if (!(await regionExists(tx, regionCode))) return [{ path: 'regionCode', message: '没有这个区划代码' }];
  return [];
}

export async function createInstitution(tx: Tx, actor: Actor, who: AuditActor, input: InstitutionInput): Promise<InstitutionDetail> {
  const errors = await regionProblems(tx, actor, input.regionCode);
  if (errors.length) throw invalid('机构信息有误', errors);
  const [{ id }] = await guarded(() => tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_institution (name, kind, operator_type, credit_code, region_code, address, longitude, latitude,
      legal_person, contact_name, contact_phone, opened_on, created_by)
    VALUES (${input.name}, ${input.kind}, ${input.operatorType}, ${input.creditCode ?? null}, ${input.regionCode}, ${input.address},
      ${input.longitude ?? null}, ${input.latitude ?? null}, ${input.legalPerson ?? null}, ${input.contactName ?? null}, ${input.contactPhone ?? null},
      ${input.openedOn ?? null}, ${actor.kind === 'user' ? actor.id : null})
    RETURNING id`)) as [{ id: string }];
  const detail = await loadDetail(tx, await institutionScopeFor(tx, actor), id);
  await appendAudit(tx, who, {
    action: 'elderly.institution.create', entityType: 'elderly_institution', entityId: id, regionCode: detail.regionCode,
    summary: `登记${detail.kindName}：${detail.name}（${detail.operatorTypeName}）`, diff: diffFields(null, auditView(detail)),
  });
  return detail;
}

const COLUMN_OF: Record<string, string> = {
  name: 'name', kind: 'kind', operatorType: 'operator_type', creditCode: 'credit_code', regionCode: 'region_code', address: 'address',
  longitude: 'longitude', latitude: 'latitude', legalPerson: 'legal_person', contactName: 'contact_name', contactPhone: 'contact_phone', openedOn: 'opened_on',
};

export async function updateInstitution(tx: Tx, actor: Actor, who: AuditActor, id: string, changes: InstitutionUpdate): Promise<InstitutionDetail> {
  const scope = await institutionScopeFor(tx, actor);
  const row = await institutionInScope(tx, scope, id, true);
  if (row.version !== changes.version) throw versionConflict();
  if (changes.regionCode && changes.regionCode !== row.region_code) {
    const errors = await regionProblems(tx, actor, changes.regionCode);
    if (errors.length) throw invalid('机构信息有误', errors);
  }
  const before = await loadDetail(tx, scope, id);
  const sets = Object.entries(changes)
    .filter(([k, v]) => k in COLUMN_OF && v !== undefined)
    .map(([k, v]) => sql`${sql.identifier(COLUMN_OF[k]!)} = ${v}`);
  if (sets.length === 0) return before;
  await guarded(() => tx.run(sql`UPDATE elderly_institution SET ${sql.join(sets, sql`, `)}, updated_at = now(), version = version + 1 WHERE id = ${id}::uuid`));
  // Beds, stays, staff and documents carry their institution's region (CONTRACT): they move with it.
  if (changes.regionCode && changes.regionCode !== row.region_code) {
    for (const table of ['elderly_bed', 'elderly_resident', 'elderly_staff', 'elderly_institution_document'] as const) {
      await tx.run(sql`UPDATE ${sql.identifier(table)} SET region_code = ${changes.regionCode} WHERE institution_id = ${id}::uuid`);
    }
  }
  const after = await loadDetail(tx, scope, id);
  await appendAudit(tx, who, {
    action: 'elderly.institution.update', entityType: 'elderly_institution', entityId: id, regionCode: after.regionCode,
    summary: `修改机构信息：${after.name}`, diff: diffFields(auditView(before), auditView(after)),
  });
  return after;
}

// ---- filing and status -------------------------------------------------------------------------

export async function fileInstitution(tx: Tx, actor: Actor, who: AuditActor, id: string, body: { filingNo: string; filedOn: string; note?: string | null; version: number }): Promise<InstitutionDetail> {
  const scope = await institutionScopeFor(tx, actor);
  const row = await institutionInScope(tx, scope, id, true);
  if (row.version !== body.version) throw versionConflict();
  if (body.filedOn > todayInShanghai()) throw invalid('备案信息有误', [{ path: 'filedOn', message: '备案日期不能晚于今天' }]);
  if (row.status === 'closed') throw conflict('机构已关闭', '已关闭的机构不能备案');
  const before = await loadDetail(tx, scope, id);
  await guarded(() => tx.run(sql`
    UPDATE elderly_institution SET filing_no = ${body.filingNo}, filed_on = ${body.filedOn}, filing_note = ${body.note ?? null},
      updated_at = now(), version = version + 1 WHERE id = ${id}::uuid`));
  const after = await loadDetail(tx, scope, id);
  await appendAudit(tx, who, {
    action: 'elderly.institution.file', entityType: 'elderly_institution', entityId: id, regionCode: after.regionCode,
    summary: `${after.name} 备案：${body.filingNo}（${body.filedOn}）`, diff: diffFields(auditView(before), auditView(after)),
  });
  return after;
}

export async function changeInstitutionStatus(tx: Tx, actor: Actor, who: AuditActor, id: string, body: { status: InstitutionStatus; reason?: string; version: number }): Promise<InstitutionDetail> {
  const scope = await institutionScopeFor(tx, actor);
  const row = await institutionInScope(tx, scope, id, true);
  if (row.version !== body.version) throw versionConflict();
  const [{ n }] = await tx.rows<{ n: string }>(sql`SELECT count(*) AS n FROM elderly_resident WHERE institution_id = ${id}::uuid AND checked_out_on IS NULL`) as [{ n: string }];
  const problem = statusChangeProblem(row.status as InstitutionStatus, body.status, num(n));
  if (problem) throw conflict('不能变更机构状态', problem);
  const before = await loadDetail(tx, scope, id);
  const reason = body.status === 'operating' ? null : body.reason!;
  await tx.run(sql`
    UPDATE elderly_institution SET status = ${body.status}, status_reason = ${reason}, status_changed_on = ${todayInShanghai()},
      updated_at = now(), version = version + 1 WHERE id = ${id}::uuid`);
  const after = await loadDetail(tx, scope, id);
  await appendAudit(tx, who, {
    action: 'elderly.institution.status', entityType: 'elderly_institution', entityId: id, regionCode: after.regionCode,
    summary: `${after.name}：${before.statusName} → ${after.statusName}${reason ? `（${reason}）` : ''}`, diff: diffFields(auditView(before), auditView(after)),
  });
  return after;
}

// ---- documents of the filing -------------------------------------------------------------------

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const ALLOWED_TYPES = /^(application\/pdf|image\/(jpeg|png)|application\/(msword|vnd\.openxmlformats-officedocument\.[a-z.]+)|application\/octet-stream)$/;
const ALLOWED_EXTENSIONS = /\.(pdf|jpe?g|png|docx?|xlsx?)$/i;

export async function addDocument(tx: Tx, actor: Actor, who: AuditActor, id: string,
  doc: { kind: DocumentKind; name: string; fileName: string; contentType: string; data: Buffer }): Promise<InstitutionDocument> {
  const scope = await institutionScopeFor(tx, actor);
  const row = await institutionInScope(tx, scope, id);
  if (!ALLOWED_EXTENSIONS.test(doc.fileName) || !ALLOWED_TYPES.test(doc.contentType)) {
    throw invalid('文件类型不支持', [{ path: 'file', message: '请上传 PDF、JPG、PNG、Word 或 Excel 文件' }]);
  }
  if (doc.data.length === 0) throw invalid('文件为空', [{ path: 'file', message: '请选择非空的文件' }]);
  const sha256 = createHash('sha256').update(doc.data).digest('hex');
  const [d] = await tx.rows<any>(sql`
    INSERT INTO elderly_institution_document (institution_id, region_code, kind, name, file_name, content_type, size_bytes, sha256, file_data, uploaded_by, uploaded_by_name)
    VALUES (${id}::uuid, ${row.region_code}, ${doc.kind}, ${doc.name}, ${doc.fileName}, ${doc.contentType}, ${doc.data.length}, ${sha256},
      decode(${doc.data.toString('base64')}, 'base64'), ${actor.kind === 'user' ? actor.id : null}, ${who.actorName})
    RETURNING id, kind, name, file_name, content_type, size_bytes, uploaded_by_name, uploaded_at`);
  await appendAudit(tx, who, {
    action: 'elderly.institution.document_add', entityType: 'elderly_institution', entityId: id, regionCode: row.region_code,
    summary: `${row.name} 上传备案材料：${DOCUMENT_KIND_NAMES[doc.kind]}《${doc.name}》（${doc.fileName}，sha256 ${sha256.slice(0, 12)}…）`,
  });
  return toDocument(d);
}

export async function readDocument(tx: Tx, actor: Actor, who: AuditActor, id: string, documentId: string): Promise<{ fileName: string; contentType: string; data: Buffer }> {
  const scope = await institutionScopeFor(tx, actor);
  const row = await institutionInScope(tx, scope, id);
  const [d] = await tx.rows<{ file_name: string; content_type: string; name: string; b64: string }>(sql`
    SELECT file_name, content_type, name, encode(file_data, 'base64') AS b64 FROM elderly_institution_document
    WHERE id = ${documentId}::uuid AND institution_id = ${id}::uuid AND removed_at IS NULL`);
  if (!d) throw notFound('材料不存在');
  await appendAudit(tx, who, {
    action: 'elderly.institution.document_view', entityType: 'elderly_institution', entityId: id, regionCode: row.region_code,
    summary: `查看 ${row.name} 的备案材料《${d.name}》`,
  });
  return { fileName: d.file_name, contentType: d.content_type, data: Buffer.from(d.b64, 'base64') };
}

export async function removeDocument(tx: Tx, actor: Actor, who: AuditActor, id: string, documentId: string): Promise<void> {
  const scope = await institutionScopeFor(tx, actor);
  const row = await institutionInScope(tx, scope, id);
  const [d] = await tx.rows<{ name: string }>(sql`
    UPDATE elderly_institution_document SET removed_at = now()
    WHERE id = ${documentId}::uuid AND institution_id = ${id}::uuid AND removed_at IS NULL RETURNING name`);
  if (!d) throw notFound('材料不存在');
  await appendAudit(tx, who, {
    action: 'elderly.institution.document_remove', entityType: 'elderly_institution', entityId: id, regionCode: row.region_code,
    summary: `${row.name} 撤回备案材料《${d.name}》`,
  });
}

// ---- operator accounts -------------------------------------------------------------------------

export async function bindOperator(tx: Tx, actor: Actor, who: AuditActor, id: string, username: string): Promise<InstitutionDetail> {
  const scope = await institutionScopeFor(tx, actor);
  const row = await institutionInScope(tx, scope, id);
  // iam_user is under row-level security: a user outside the actor's jurisdiction looks missing.
  const [user] = await tx.rows<{ id: string; display_name: string; is_operator: boolean; bound_to: string | null }>(sql`
    SELECT u.id, u.display_name,
      EXISTS (SELECT 1 FROM iam_user_role r WHERE r.user_id = u.id AND r.role_code = ${INSTITUTION_OPERATOR_ROLE}) AS is_operator,
      (SELECT i.name FROM elderly_institution_operator o JOIN elderly_institution i ON i.id = o.institution_id WHERE o.user_id = u.id LIMIT 1) AS bound_to
    FROM iam_user u WHERE u.username = ${username}`);
  if (!user) throw invalid('账号不存在', [{ path: 'username', message: '您的管辖范围内没有该账号' }]);
  if (!user.is_operator) throw invalid('账号不是机构经办', [{ path: 'username', message: '请先为该账号分配“养老机构经办”角色' }]);
  if (user.bound_to) throw conflict('账号已绑定机构', `该账号已绑定“${user.bound_to}”，一个经办账号只能绑定一家机构，请先解除`);
  await guarded(() => tx.run(sql`INSERT INTO elderly_institution_operator (user_id, institution_id, created_by) VALUES (${user.id}::uuid, ${id}::uuid, ${actor.kind === 'user' ? actor.id : null})`));
  await appendAudit(tx, who, {
    action: 'elderly.institution.operator_bind', entityType: 'elderly_institution', entityId: id, regionCode: row.region_code,
    summary: `绑定机构经办账号 ${username}（${user.display_name}）到 ${row.name}`,
  });
  return loadDetail(tx, scope, id);
}

export async function unbindOperator(tx: Tx, actor: Actor, who: AuditActor, id: string, userId: string): Promise<InstitutionDetail> {
  const scope = await institutionScopeFor(tx, actor);
  const row = await institutionInScope(tx, scope, id);
  const [gone] = await tx.rows<{ username: string }>(sql`
    DELETE FROM elderly_institution_operator o USING iam_user u
    WHERE o.user_id = ${userId}::uuid AND o.institution_id = ${id}::uuid AND u.id = o.user_id RETURNING u.username`);
  if (!gone) throw notFound('该账号未绑定本机构');
  await appendAudit(tx, who, {
    action: 'elderly.institution.operator_unbind', entityType: 'elderly_institution', entityId: id, regionCode: row.region_code,
    summary: `解除机构经办账号 ${gone.username} 与 ${row.name} 的绑定`,
  });
  return loadDetail(tx, scope, id);
}
