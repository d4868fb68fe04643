/**
 * 统计用区划代码 (NBS 12-digit code): 省 2 + 市 2 + 县 2 + 乡镇 3 + 村 3.
 *
 * Every region, at any level, is stored as its 12-digit form padded with
 * zeros, so one column holds all levels and "everything under X" becomes a
 * B-tree range scan (see subtreeRange). Users type the short forms
 * (22, 2201, 220105, 220105003), which normalizeRegionCode pads.
 *
 * Checks here are structural only; whether a code actually exists is a
 * question for the regions table.
 */
import { invalid } from './domain-error.ts';

export type RegionLevel = 1 | 2 | 3 | 4 | 5;

/** Number of significant leading digits at each level. */
export const REGION_LEVEL_DIGITS: Readonly<Record<RegionLevel, number>> = { 1: 2, 2: 4, 3: 6, 4: 9, 5: 12 };

export const LEVEL_NAMES: Readonly<Record<RegionLevel, string>> = {
  1: '省',
  2: '市',
  3: '县',
  4: '乡镇（街道）',
  5: '村（社区）',
};

const LEVELS: readonly RegionLevel[] = [1, 2, 3, 4, 5];
const ACCEPTED_LENGTHS = new Set([2, 4, 6, 9, 12]);

/** Returns a reason in Chinese, or null if the 12-digit code is structurally valid. */
function structuralProblem(code12: string): string | null {
  if (!/^\d{12}$/.test(code12)) return '区划代码只能由数字组成';
  if (code12.slice(0, 2) === '00') return '省级代码不能为00';
  // A county without a city part does not occur (直辖市 use 01/02 for their districts).
  // A township with county part 00 does occur: cities without counties, such as
  // 东莞 441900 and 中山 442000, number their towns directly (441900003000).
  if (code12.slice(2, 4) === '00' && code12.slice(4) !== '00000000') return '市级代码为00时其下级代码必须为0';
  if (code12.slice(6, 9) === '000' && code12.slice(9) !== '000') return '乡镇级代码为000时村级代码必须为0';
  return null;
}

function tryNormalize(input: unknown): { code: string } | { reason: string } {
  if (typeof input !== 'string') return { reason: '区划代码必须是字符串' };
  const text = input.trim();
  if (!/^\d+$/.test(text)) return { reason: '区划代码只能由数字组成' };
  if (!ACCEPTED_LENGTHS.has(text.length)) return { reason: '区划代码应为2、4、6、9或12位数字' };
  const code = text.padEnd(12, '0');
  const problem = structuralProblem(code);
  return problem ? { reason: problem } : { code };
}

/** '22' → '220000000000', '220105003' → '220105003000'. Throws a 422 DomainError on bad input. */
export function normalizeRegionCode(input: string): string {
  const result = tryNormalize(input);
  if ('reason' in result) {
    throw invalid('区划代码不正确', [{ path: 'regionCode', message: result.reason }], `收到 "${String(input)}"`);
  }
  return result.code;
}

/** True when normalizeRegionCode would accept the input (any of the 2/4/6/9/12-digit forms). */
export function isValidRegionCode(input: unknown): boolean {
  return 'code' in tryNormalize(input);
}

function requireCode12(code12: string): string {
  if (typeof code12 !== 'string' || code12.length !== 12) {
    throw invalid('区划代码不正确', [{ path: 'regionCode', message: '应为12位区划代码' }], `收到 "${String(code12)}"`);
  }
  return normalizeRegionCode(code12);
}

/**
 * Level from the trailing zeros: 220105003000 → 4, 220105000000 → 3,
 * 220100000000 → 2, 220000000000 → 1.
 */
export function regionLevel(code12: string): RegionLevel {
  const code = requireCode12(code12);
  if (code.slice(9) !== '000') return 5;
  if (code.slice(6, 9) !== '000') return 4;
  if (code.slice(4, 6) !== '00') return 3;
  if (code.slice(2, 4) !== '00') return 2;
  return 1;
}

/** The digits that identify the region at its own level: 220105003000 → '220105003'. */
export function significantPrefix(code12: string): string {
  return code12.slice(0, REGION_LEVEL_DIGITS[regionLevel(code12)]);
}

/**
 * Ancestors, root (province) first, excluding the code itself. Levels that a
 * code skips (东莞 has no county level) yield no ancestor, so
 * 441900003000 → ['440000000000', '441900000000'].
 */
export function ancestorCodes(code12: string): string[] {
  const level = regionLevel(code12);
  const result: string[] = [];
  for (const ancestorLevel of LEVELS) {
    if (ancestorLevel >= level) break;
    const candidate = code12.slice(0, REGION_LEVEL_DIGITS[ancestorLevel]).padEnd(12, '0');
    if (candidate !== code12 && candidate !== result[result.length - 1]) result.push(candidate);
  }
  return result;
}

/** Nearest ancestor, or null for a province. */
export function parentCode(code12: string): string | null {
  const ancestors = ancestorCodes(code12);
  return ancestors.length > 0 ? ancestors[ancestors.length - 1] : null;
}

/** A code is within itself, so "my region and below" checks need no special case. */
export function isWithin(code12: string, ancestor12: string): boolean {
  const code = requireCode12(code12);
  return code.startsWith(significantPrefix(ancestor12));
}

/**
 * Bounds for "this region and everything below it", for
 * `region_code >= from AND region_code < to` on a B-tree index.
 *
 * `to` is the significant prefix incremented as a number and padded back to
 * 12 digits: 220105003000 → ['220105003000', '220105004000'),
 * 22 → ['220000000000', '230000000000').
 *
 * When the prefix is all nines (99, 9999, …) incrementing would need an extra
 * digit. Then `to` is thirteen 9s: every 12-digit code is a proper prefix of
 * it or smaller, so it sorts above all of them. We deliberately avoid the
 * ':'-after-'9' trick, because under a linguistic collation (zh_CN, ICU)
 * punctuation is not ordered by byte value, while digit-only strings sort the
 * same under every collation.
 */
export function subtreeRange(code12: string): { from: string; to: string } {
  const prefix = significantPrefix(code12);
  const next = (BigInt(prefix) + 1n).toString().padStart(prefix.length, '0');
  const to = next.length > prefix.length ? '9'.repeat(13) : next.padEnd(12, '0');
  return { from: code12, to };
}
