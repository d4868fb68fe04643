import { sql } from 'drizzle-orm';
import { ancestorCodes, normalizeRegionCode, isValidRegionCode, notFound, invalid, type RegionLevel } from '@mz/kernel';
import type { Tx } from '@mz/db';
import type { RegionDetail, RegionNode, RegionRef } from '@mz/kernel';

// Region names are published reference data (NBS), not personal data: any signed-in official may
// look up any code (a 户籍地 can be in another province). Jurisdiction limits the business rows
// that carry a region code, not the code book itself.

export function parseRegionCode(input: string): string {
  if (!isValidRegionCode(input)) {
    throw invalid('区划代码格式不正确', [{ path: 'code', message: '应为 2、4、6、9 或 12 位数字' }]);
  }
  return normalizeRegionCode(input);
}

interface Row { code: string; name: string; level: number; parent_code: string | null; has_children: boolean }

const toRef = (r: Row): RegionRef => ({ code: r.code, name: r.name, level: r.level as RegionLevel });

export async function getRegion(tx: Tx, code12: string): Promise<RegionDetail> {
  const codes = [...ancestorCodes(code12), code12];
  const rows = await tx.rows<Row>(sql`
    SELECT r.code, r.name, r.level, r.parent_code,
           EXISTS (SELECT 1 FROM region c WHERE c.parent_code = r.code) AS has_children
    FROM region r WHERE r.code IN ${codes} ORDER BY r.level`);
  const self = rows.find((r) => r.code === code12);
  if (!self) throw notFound('区划不存在', `没有代码为 ${code12} 的区划`);
  return {
    ...toRef(self),
    parentCode: self.parent_code,
    hasChildren: self.has_children,
    path: rows.filter((r) => r.code !== code12).map(toRef),
  };
}

export async function getChildren(tx: Tx, code12: string): Promise<RegionNode[]> {
  const rows = await tx.rows<Row>(sql`
    SELECT r.code, r.name, r.level, r.parent_code,
           EXISTS (SELECT 1 FROM region c WHERE c.parent_code = r.code) AS has_children
    FROM region r WHERE r.parent_code = ${code12} ORDER BY r.code`);
  if (rows.length === 0) {
    const [exists] = await tx.rows(sql`SELECT 1 FROM region WHERE code = ${code12}`);
    if (!exists) throw notFound('区划不存在', `没有代码为 ${code12} 的区划`);
  }
  return rows.map((r) => ({ ...toRef(r), hasChildren: r.has_children }));
}

/** Names for a set of codes (lists show 所属区划 by name). */
export async function regionNames(tx: Tx, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await tx.rows<{ code: string; name: string }>(sql`SELECT code, name FROM region WHERE code IN ${unique}`);
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function regionExists(tx: Tx, code12: string): Promise<boolean> {
  const rows = await tx.rows(sql`SELECT 1 FROM region WHERE code = ${code12}`);
  return rows.length > 0;
}
