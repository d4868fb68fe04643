import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { ageOn, subtreeRange, todayInShanghai } from '@mz/kernel';
import type { PersonDetail, PersonSummary } from '../domain/index.ts';

/**
 * The columns every person view selects. Only masked forms of sensitive values are read here;
 * the ciphertexts are read by the full-view path alone.
 */
export const PERSON_COLUMNS = sql`
  p.id, p.id_masked, p.name, p.sex, p.birth_date, p.region_code, r.name AS region_name, p.hukou_type, p.status,
  p.phone_masked,
  (SELECT m.household_id FROM registry_household_member m WHERE m.person_id = p.id AND m.valid_to IS NULL) AS household_id`;

export const PERSON_FROM = sql`registry_person p JOIN region r ON r.code = p.region_code`;

/** Repository-level scope: every query of persons goes through this range (RLS backs it up). */
export function personScope(regionCode: string, alias = sql`p`): SQL {
  const { from, to } = subtreeRange(regionCode);
  return sql`${alias}.region_code >= ${from} AND ${alias}.region_code < ${to}`;
}

export function toSummary(r: any, today = todayInShanghai()): PersonSummary {
  return {
    id: r.id, idNumberMasked: r.id_masked, name: r.name, sex: r.sex, birthDate: r.birth_date, age: ageOn(r.birth_date, today),
    regionCode: r.region_code, regionName: r.region_name, hukouType: r.hukou_type, status: r.status,
    phoneMasked: r.phone_masked ?? null, householdId: r.household_id ?? null,
  };
}

export async function findPersonDetail(tx: Tx, scopeRegion: string, id: string): Promise<(PersonDetail & { raw: any }) | null> {
  const [r] = await tx.rows<any>(sql`
    SELECT ${PERSON_COLUMNS}, p.ethnicity, e.name AS ethnicity_name, p.hukou_region_code, hr.name AS hukou_region_name, p.address,
      p.disability_cert_no, p.disability_category, p.disability_grade, p.marital_status, p.education, p.employment,
      p.bank_name, p.bank_account_masked, p.bank_holder, p.death_date, p.source, p.import_batch_id, p.created_at, p.updated_at, p.version,
      p.id_hash AS id_hash_current, p.id_cipher, p.phone_cipher, p.bank_account_cipher, p.health_cipher
    FROM ${PERSON_FROM} JOIN region hr ON hr.code = p.hukou_region_code LEFT JOIN registry_ethnicity e ON e.code = p.ethnicity
    WHERE p.id = ${id} AND ${personScope(scopeRegion)}`);
  if (!r) return null;
  return {
    ...toSummary(r),
    ethnicity: r.ethnicity, ethnicityName: r.ethnicity_name, hukouRegionCode: r.hukou_region_code, hukouRegionName: r.hukou_region_name,
    address: r.address, disabilityCertNo: r.disability_cert_no, disabilityCategory: r.disability_category,
    disabilityGrade: r.disability_grade === null ? null : Number(r.disability_grade), maritalStatus: r.marital_status,
    education: r.education, employment: r.employment, bankName: r.bank_name, bankAccountMasked: r.bank_account_masked,
    bankHolder: r.bank_holder, deathDate: r.death_date, source: r.source, importBatchId: r.import_batch_id,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(), version: Number(r.version),
    raw: r,
  };
}
