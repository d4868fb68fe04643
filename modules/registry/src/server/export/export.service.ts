import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import { invalid } from '@mz/kernel';
import { personOrder, personWhere, type PersonFilter } from '../person.search.ts';
import { HUKOU_TYPES, MARITAL_STATUSES, PERSON_STATUSES, SEXES } from '../../domain/person.codes.ts';

/** The list's own filters: an export is exactly the list the clerk is looking at. */
export type ExportFilter = PersonFilter;

export const MAX_EXPORT_ROWS = 200_000;

export const EXPORT_HEADERS = ['身份证号', '姓名', '性别', '出生日期', '民族', '户籍地区划代码', '户籍地', '户籍类型', '现居住地区划代码', '现居住地', '现居住地址', '联系电话', '婚姻状况', '人员状态'];
export const EXPORT_WIDTHS = [22, 12, 6, 12, 10, 16, 20, 8, 16, 20, 30, 14, 8, 8];

/**
 * The filtered person list as spreadsheet rows: masked ID number and phone, or (unmasked) the
 * decrypted values. Refuses more than MAX_EXPORT_ROWS.
 */
export async function exportRows(tx: Tx, cipher: FieldCipher, scopeRegion: string, f: ExportFilter, unmasked: boolean): Promise<unknown[][]> {
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT p.id_masked, p.id_cipher, p.name, p.sex, p.birth_date, e.name AS ethnicity, p.hukou_region_code, hr.name AS hukou_region_name,
           p.hukou_type, p.region_code, r.name AS region_name, p.address, p.phone_masked, p.phone_cipher, p.marital_status, p.status
    FROM registry_person p
    LEFT JOIN registry_ethnicity e ON e.code = p.ethnicity
    LEFT JOIN region hr ON hr.code = p.hukou_region_code
    LEFT JOIN region r ON r.code = p.region_code
    WHERE ${personWhere(f, scopeRegion, cipher)}
    ORDER BY ${personOrder(f)}
    LIMIT ${MAX_EXPORT_ROWS + 1}`);
  if (rows.length > MAX_EXPORT_ROWS) {
    throw invalid('导出条数过多', undefined, `一次最多导出 ${MAX_EXPORT_ROWS} 条，请缩小查询范围后分批导出`);
  }
  return rows.map((p) => [
    unmasked ? cipher.decrypt('id_number', p.id_cipher) : p.id_masked,
    p.name,
    SEXES[p.sex as keyof typeof SEXES] ?? p.sex,
    p.birth_date,
    p.ethnicity,
    p.hukou_region_code,
    p.hukou_region_name,
    HUKOU_TYPES[p.hukou_type as keyof typeof HUKOU_TYPES] ?? p.hukou_type,
    p.region_code,
    p.region_name,
    p.address,
    unmasked ? (p.phone_cipher ? cipher.decrypt('phone', p.phone_cipher) : null) : p.phone_masked,
    p.marital_status ? MARITAL_STATUSES[p.marital_status as keyof typeof MARITAL_STATUSES] : null,
    PERSON_STATUSES[p.status as keyof typeof PERSON_STATUSES] ?? p.status,
  ]);
}
