import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import { invalid, isValidRegionCode, normalizeRegionCode, parseIdNumber, subtreeRange, todayInShanghai } from '@mz/kernel';
import { HUKOU_TYPES, MARITAL_STATUSES, PERSON_STATUSES, SEXES } from '../../domain/person.codes.ts';

export interface ExportFilter {
  q?: string;
  regionCode?: string;
  status?: keyof typeof PERSON_STATUSES;
  ageMin?: number;
  ageMax?: number;
  sort: 'name' | 'birthDate' | 'createdAt';
  order: 'asc' | 'desc';
}

export const MAX_EXPORT_ROWS = 200_000;

export const EXPORT_HEADERS = ['身份证号', '姓名', '性别', '出生日期', '民族', '户籍地区划代码', '户籍地', '户籍类型', '现居住地区划代码', '现居住地', '现居住地址', '联系电话', '婚姻状况', '人员状态'];
export const EXPORT_WIDTHS = [22, 12, 6, 12, 10, 16, 20, 8, 16, 20, 30, 14, 8, 8];

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** The list filters as SQL (the same meaning as GET /registry/persons). */
function where(f: ExportFilter, cipher: FieldCipher, scopeRegion: string): SQL {
  const scope = subtreeRange(scopeRegion);
  const parts: SQL[] = [sql`p.region_code >= ${scope.from} AND p.region_code < ${scope.to}`];
  if (f.regionCode) {
    if (!isValidRegionCode(f.regionCode)) throw invalid('区划代码不正确', [{ path: 'regionCode', message: '应为 2、4、6、9 或 12 位数字' }]);
    const r = subtreeRange(normalizeRegionCode(f.regionCode));
    parts.push(sql`p.region_code >= ${r.from} AND p.region_code < ${r.to}`);
  }
  if (f.status) parts.push(sql`p.status = ${f.status}`);
  const today = todayInShanghai();
  if (f.ageMin !== undefined) parts.push(sql`p.birth_date <= (${today}::date - make_interval(years => ${f.ageMin}))::date`);
  if (f.ageMax !== undefined) parts.push(sql`p.birth_date > (${today}::date - make_interval(years => ${f.ageMax + 1}))::date`);
  const q = f.q?.trim();
  if (q) {
    const id = q.replace(/\s+/g, '').toUpperCase();
    if (/^(\d{15}|\d{17}[\dX])$/.test(id)) {
      const parsed = parseIdNumber(id);
      parts.push(sql`p.id_hash = ${cipher.hash('id_number', parsed.ok ? parsed.value : id)}`);
    } else if (/^[a-z]+$/i.test(q)) {
      parts.push(sql`p.name_initials LIKE ${escapeLike(q.toLowerCase()) + '%'}`);
    } else {
      parts.push(sql`p.name LIKE ${'%' + escapeLike(q) + '%'}`);
    }
  }
  return sql.join(parts, sql` AND `);
}

const ORDER = { name: sql`p.name`, birthDate: sql`p.birth_date`, createdAt: sql`p.created_at` } as const;

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
    WHERE ${where(f, cipher, scopeRegion)}
    ORDER BY ${ORDER[f.sort]} ${f.order === 'desc' ? sql`DESC` : sql`ASC`}, p.id
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
