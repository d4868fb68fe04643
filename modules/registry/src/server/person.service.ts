import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, invalid, isWithin, maskBankAccount, maskIdNumber, maskPhone, notFound, type FieldError } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import { regionExists } from '@mz/regions/server';
import { checkPerson, nameInitials, type PersonDetail, type PersonFull, type PersonInput, type PersonSummary } from '../domain/index.ts';
import { findPersonDetail, PERSON_COLUMNS, PERSON_FROM, toSummary } from './person.repository.ts';
import { personOrder, personWhere, type PersonFilter } from './person.search.ts';

export interface Services { cipher: FieldCipher }

/**
 * Refuses an ID number registered anywhere in the deployment, naming where, never what. The
 * holder function looks past row-level security (a clerk cannot see other jurisdictions' rows).
 */
async function refuseIfRegistered(tx: Tx, idHash: string, exceptId?: string): Promise<void> {
  const [{ holder }] = await tx.rows<{ holder: string | null }>(sql`SELECT registry_id_holder(${idHash}, ${exceptId ?? null}::uuid) AS holder`);
  if (holder) throw duplicateId(holder);
}

/** The unique index caught a concurrent registration: the transaction is aborted, so no lookup. */
function duplicateId(holder?: string): DomainError {
  return new DomainError({
    code: 'DUPLICATE_ID', status: 409, title: '该身份证号已登记',
    detail: `该身份证号已在 ${holder ?? '其他辖区'} 登记，同一人只能有一条记录；如需迁入请联系该辖区办理。`,
    errors: [{ path: 'idNumber', message: `已在 ${holder ?? '其他辖区'} 登记` }],
  });
}

async function checkRegions(tx: Tx, actor: Actor, input: { hukouRegionCode: string; regionCode: string; ethnicity?: string | null }): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (!isWithin(input.regionCode, actor.regionCode)) errors.push({ path: 'regionCode', message: '现居住地区划超出您的管辖范围' });
  else if (!(await regionExists(tx, input.regionCode))) errors.push({ path: 'regionCode', message: '没有这个区划代码' });
  if (!(await regionExists(tx, input.hukouRegionCode))) errors.push({ path: 'hukouRegionCode', message: '没有这个区划代码' });
  if (input.ethnicity) {
    const [e] = await tx.rows(sql`SELECT 1 FROM registry_ethnicity WHERE code = ${input.ethnicity}`);
    if (!e) errors.push({ path: 'ethnicity', message: '民族代码不在 GB/T 3304 代码表中' });
  }
  return errors;
}

/** Sensitive values as the table stores them: ciphertext, keyed hash, masked form. */
function sealed(cipher: FieldCipher, input: PersonInput, id18: string) {
  return {
    idHash: cipher.hash('id_number', id18), idCipher: cipher.encrypt('id_number', id18), idMasked: maskIdNumber(id18),
    phoneCipher: input.phone ? cipher.encrypt('phone', input.phone) : null,
    phoneHash: input.phone ? cipher.hash('phone', input.phone) : null,
    phoneMasked: input.phone ? maskPhone(input.phone) : null,
    healthCipher: input.healthNotes ? cipher.encrypt('health_notes', input.healthNotes) : null,
    bankCipher: input.bankAccount ? cipher.encrypt('bank_account', input.bankAccount) : null,
    bankHash: input.bankAccount ? cipher.hash('bank_account', input.bankAccount) : null,
    bankMasked: input.bankAccount ? maskBankAccount(input.bankAccount) : null,
  };
}

/** Fields the audit diff shows: plain for ordinary fields, masked for sensitive ones. */
function auditView(d: PersonDetail) {
  const { raw: _raw, age: _age, householdId: _h, createdAt: _c, updatedAt: _u, version: _v, regionName: _rn, hukouRegionName: _hn, ethnicityName: _en, ...rest } = d as PersonDetail & { raw?: unknown };
  return rest;
}

export async function createPerson(tx: Tx, actor: Actor, who: AuditActor, { cipher }: Services, input: PersonInput): Promise<PersonDetail> {
  const regionCode = input.regionCode ?? input.hukouRegionCode;
  const { identity, errors } = checkPerson(input);
  errors.push(...(await checkRegions(tx, actor, { ...input, regionCode })));
  if (errors.length || !identity) throw invalid('人员信息有误', errors);
  const s = sealed(cipher, input, identity.idNumber);
  await refuseIfRegistered(tx, s.idHash);
  let id: string;
  try {
    [{ id }] = await tx.rows<{ id: string }>(sql`
      INSERT INTO registry_person (id_hash, id_cipher, id_masked, name, name_initials, sex, birth_date, ethnicity,
        phone_cipher, phone_hash, phone_masked, hukou_region_code, hukou_type, region_code, address,
        disability_cert_no, disability_category, disability_grade, marital_status, education, employment, health_cipher,
        bank_name, bank_account_cipher, bank_account_hash, bank_account_masked, bank_holder, status, death_date, source, created_by, updated_by)
      VALUES (${s.idHash}, ${s.idCipher}, ${s.idMasked}, ${input.name}, ${nameInitials(input.name)}, ${identity.sex}, ${identity.birthDate}, ${input.ethnicity ?? null},
        ${s.phoneCipher}, ${s.phoneHash}, ${s.phoneMasked}, ${input.hukouRegionCode}, ${input.hukouType}, ${regionCode}, ${input.address ?? null},
        ${input.disabilityCertNo ?? null}, ${input.disabilityCategory ?? null}, ${input.disabilityGrade ?? null}, ${input.maritalStatus ?? null},
        ${input.education ?? null}, ${input.employment ?? null}, ${s.healthCipher},
        ${input.bankName ?? null}, ${s.bankCipher}, ${s.bankHash}, ${s.bankMasked}, ${input.bankHolder ?? null}, ${input.status}, ${input.deathDate ?? null},
        'manual', ${actor.kind === 'user' ? actor.id : null}, ${actor.kind === 'user' ? actor.id : null})
      RETURNING id`);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw duplicateId();
    throw err;
  }
  const detail = (await findPersonDetail(tx, actor.regionCode, id))!;
  await appendAudit(tx, who, {
    action: 'person.create', entityType: 'person', entityId: id, regionCode, summary: `登记人员 ${detail.name}（${detail.idNumberMasked}）`,
    diff: diffFields(null, auditView(detail)),
  });
  return strip(detail);
}

function strip(d: PersonDetail & { raw?: unknown }): PersonDetail {
  const { raw: _raw, ...rest } = d;
  return rest;
}

export async function getPerson(tx: Tx, actor: Actor, id: string): Promise<PersonDetail> {
  const d = await findPersonDetail(tx, actor.regionCode, id);
  if (!d) throw notFound('人员不存在', '本辖区内没有该人员');
  return strip(d);
}

/** The unmasked record. Every call leaves an audit entry naming who looked. */
export async function getPersonFull(tx: Tx, actor: Actor, who: AuditActor, { cipher }: Services, id: string): Promise<PersonFull> {
  const d = await findPersonDetail(tx, actor.regionCode, id);
  if (!d) throw notFound('人员不存在', '本辖区内没有该人员');
  const r = d.raw;
  await appendAudit(tx, who, { action: 'person.view_full', entityType: 'person', entityId: id, regionCode: d.regionCode, summary: `查看人员完整信息：${d.name}（${d.idNumberMasked}）` });
  return {
    ...strip(d),
    idNumber: cipher.decrypt('id_number', r.id_cipher),
    phone: r.phone_cipher ? cipher.decrypt('phone', r.phone_cipher) : null,
    bankAccount: r.bank_account_cipher ? cipher.decrypt('bank_account', r.bank_account_cipher) : null,
    healthNotes: r.health_cipher ? cipher.decrypt('health_notes', r.health_cipher) : null,
  };
}

export type PersonChanges = Partial<PersonInput> & { version: number };

/** Edit with an optimistic version check: two clerks saving one record → the second is told. */
export async function updatePerson(tx: Tx, actor: Actor, who: AuditActor, services: Services, id: string, changes: PersonChanges): Promise<PersonDetail> {
  const { cipher } = services;
  const current = await findPersonDetail(tx, actor.regionCode, id);
  if (!current) throw notFound('人员不存在', '本辖区内没有该人员');
  if (current.version !== changes.version) throw versionConflict();
  const r = current.raw;
  // The whole record after the change, validated as one: cross-field rules see the final state.
  const merged: PersonInput = {
    idNumber: changes.idNumber ?? cipher.decrypt('id_number', r.id_cipher),
    name: changes.name ?? current.name,
    sex: changes.sex ?? null, birthDate: changes.birthDate ?? null,
    ethnicity: pick(changes, 'ethnicity', current.ethnicity),
    phone: pick(changes, 'phone', r.phone_cipher ? cipher.decrypt('phone', r.phone_cipher) : null),
    hukouRegionCode: changes.hukouRegionCode ?? current.hukouRegionCode,
    hukouType: changes.hukouType ?? current.hukouType,
    regionCode: changes.regionCode ?? current.regionCode,
    address: pick(changes, 'address', current.address),
    disabilityCertNo: pick(changes, 'disabilityCertNo', current.disabilityCertNo),
    disabilityCategory: pick(changes, 'disabilityCategory', current.disabilityCategory as PersonInput['disabilityCategory']),
    disabilityGrade: pick(changes, 'disabilityGrade', current.disabilityGrade),
    maritalStatus: pick(changes, 'maritalStatus', current.maritalStatus as PersonInput['maritalStatus']),
    education: pick(changes, 'education', current.education),
    employment: pick(changes, 'employment', current.employment),
    healthNotes: pick(changes, 'healthNotes', r.health_cipher ? cipher.decrypt('health_notes', r.health_cipher) : null),
    bankName: pick(changes, 'bankName', current.bankName),
    bankAccount: pick(changes, 'bankAccount', r.bank_account_cipher ? cipher.decrypt('bank_account', r.bank_account_cipher) : null),
    bankHolder: pick(changes, 'bankHolder', current.bankHolder),
    status: changes.status ?? current.status,
    deathDate: pick(changes, 'deathDate', current.deathDate),
  };
  const { identity, errors } = checkPerson(merged);
  errors.push(...(await checkRegions(tx, actor, { ...merged, regionCode: merged.regionCode! })));
  if (errors.length || !identity) throw invalid('人员信息有误', errors);
  const s = sealed(cipher, merged, identity.idNumber);
  if (s.idHash !== r.id_hash_current) await refuseIfRegistered(tx, s.idHash, id);
  let updated: number;
  try {
    updated = await tx.run(sql`
      UPDATE registry_person SET id_hash = ${s.idHash}, id_cipher = ${s.idCipher}, id_masked = ${s.idMasked}, name = ${merged.name},
        name_initials = ${nameInitials(merged.name)}, sex = ${identity.sex}, birth_date = ${identity.birthDate}, ethnicity = ${merged.ethnicity ?? null},
        phone_cipher = ${s.phoneCipher}, phone_hash = ${s.phoneHash}, phone_masked = ${s.phoneMasked},
        hukou_region_code = ${merged.hukouRegionCode}, hukou_type = ${merged.hukouType}, region_code = ${merged.regionCode!}, address = ${merged.address ?? null},
        disability_cert_no = ${merged.disabilityCertNo ?? null}, disability_category = ${merged.disabilityCategory ?? null},
        disability_grade = ${merged.disabilityGrade ?? null}, marital_status = ${merged.maritalStatus ?? null}, education = ${merged.education ?? null},
        employment = ${merged.employment ?? null}, health_cipher = ${s.healthCipher}, bank_name = ${merged.bankName ?? null},
        bank_account_cipher = ${s.bankCipher}, bank_account_hash = ${s.bankHash}, bank_account_masked = ${s.bankMasked}, bank_holder = ${merged.bankHolder ?? null},
        status = ${merged.status}, death_date = ${merged.deathDate ?? null}, updated_by = ${actor.kind === 'user' ? actor.id : null},
        updated_at = now(), version = version + 1
      WHERE id = ${id} AND version = ${changes.version}`);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw duplicateId();
    throw err;
  }
  if (updated === 0) throw versionConflict();
  const after = (await findPersonDetail(tx, actor.regionCode, id))!;
  const diff = diffFields(auditView(current), auditView(after));
  const sensitiveChanged = ['phone', 'bankAccount', 'healthNotes'].filter((k) => k in changes);
  const fullDiff = { ...(diff ?? {}), ...Object.fromEntries(sensitiveChanged.map((k) => [k, { before: '***', after: '***' }])) };
  await appendAudit(tx, who, {
    action: 'person.update', entityType: 'person', entityId: id, regionCode: after.regionCode, summary: `修改人员 ${after.name}（${after.idNumberMasked}）`,
    diff: Object.keys(fullDiff).length ? fullDiff : null,
  });
  return strip(after);
}

function pick<T>(changes: Partial<PersonInput>, key: keyof PersonInput, fallback: T): T {
  return key in changes ? ((changes as Record<string, unknown>)[key] as T) : fallback;
}

function versionConflict() {
  return new DomainError({ code: 'VERSION_CONFLICT', status: 409, title: '数据已被他人修改，请刷新后重试', detail: '您打开这条记录之后，有人保存过它' });
}

export async function listPersons(tx: Tx, actor: Actor, { cipher }: Services, f: PersonFilter & { page: number; pageSize: number }): Promise<{ items: PersonSummary[]; total: number }> {
  const where = personWhere(f, actor.regionCode, cipher);
  // The page and the total in one pass over the matches (a separate count(*) scanned them twice).
  const rows = await tx.rows<any>(sql`SELECT ${PERSON_COLUMNS}, count(*) OVER () AS total FROM ${PERSON_FROM} WHERE ${where}
    ORDER BY ${personOrder(f)} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  // A page past the end returns no row to carry the total: count separately only then.
  const total = rows.length > 0 || f.page === 1 ? Number(rows[0]?.total ?? 0)
    : Number((await tx.rows<{ total: string }>(sql`SELECT count(*)::text AS total FROM registry_person p WHERE ${where}`))[0]!.total);
  return { items: rows.map((r) => toSummary(r)), total };
}
