// Test and benchmark data for the import (not used by the running server).
import { computeIdCheckChar } from '@mz/kernel';
import { IMPORT_HEADERS } from '../import-template.ts';

/** A valid 18-digit ID number: region 220105, the given birth date, sequence `seq` (odd = male). */
export function validId(birth: string, seq: number, region = '220105'): string {
  const first17 = `${region}${birth.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + computeIdCheckChar(first17);
}

/** The same number with a wrong check character; also returns the right one. */
export function badCheckId(birth: string, seq: number): { id: string; right: string } {
  const good = validId(birth, seq);
  const right = good[17]!;
  const wrong = right === '0' ? '1' : '0';
  return { id: good.slice(0, 17) + wrong, right };
}

export type FixtureRow = Partial<Record<'身份证号' | '姓名' | '户籍地区划代码' | '户籍类型' | '现居住地区划代码' | '现居住地址' | '联系电话' | '民族' | '婚姻状况' | '家庭编号' | '与户主关系', string>>;

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A template CSV (UTF-8, BOM) of the given rows. */
export function fixtureCsv(rows: FixtureRow[], bom = true): Buffer {
  const lines = [IMPORT_HEADERS.join(',')];
  for (const r of rows) lines.push(IMPORT_HEADERS.map((h) => csvField((r as Record<string, string>)[h] ?? '')).join(','));
  return Buffer.from(`${bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`, 'utf8');
}
