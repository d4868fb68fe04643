/**
 * 公民身份号码, GB 11643-1999: 6-digit address code + YYYYMMDD + 3-digit
 * sequence (odd = male, even = female) + ISO 7064 MOD 11-2 check character.
 *
 * Applicants often still hold the old 15-digit number (6 address + YYMMDD +
 * 3 sequence, issued for 20th-century births); we upgrade it to 18 digits so
 * that one person has one key in the database.
 */
import { isIsoDate, todayInShanghai, type IsoDate } from './dates.ts';

export type Sex = 'male' | 'female';

export type IdNumberResult =
  | {
      ok: true;
      /** 18 characters, check character upper-case. */
      value: string;
      birthDate: IsoDate;
      sex: Sex;
      /** Address code of first registration (GB/T 2260), not necessarily the current residence. */
      regionPrefix: string;
      upgradedFrom15: boolean;
    }
  | { ok: false; reason: string };

export interface ParseIdNumberOptions {
  /** 'YYYY-MM-DD'; birth dates after it are rejected. Defaults to today in Beijing time. */
  today?: IsoDate;
  /**
   * Birth dates before it are rejected; default '1850-01-01', low enough for
   * the standard's own sample 440524188001010014 (born 1880, examples E7) to be
   * valid. Whether a birth date is plausible for a living applicant is a
   * registry rule, not part of the number's validity.
   */
  earliestBirthDate?: IsoDate;
}

const DEFAULT_EARLIEST_BIRTH_DATE = '1850-01-01';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/**
 * GB/T 2260 province-level codes. 81 香港, 82 澳门 and 83 台湾 are the address
 * codes used on 港澳台居民居住证, whose numbers follow the same format.
 */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** The check character for the first 17 digits ("10X98765432"[Σ aᵢ·Wᵢ mod 11]). */
export function computeIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('computeIdCheckChar expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function fail(reason: string): IdNumberResult {
  return { ok: false, reason };
}

export function parseIdNumber(input: string, options: ParseIdNumberOptions | IsoDate = {}): IdNumberResult {
  const { today = todayInShanghai(), earliestBirthDate = DEFAULT_EARLIEST_BIRTH_DATE } =
    typeof options === 'string' ? { today: options } : options;
  if (!isIsoDate(today) || !isIsoDate(earliestBirthDate)) {
    throw new RangeError('parseIdNumber: today and earliestBirthDate must be YYYY-MM-DD');
  }
  if (typeof input !== 'string') return fail('身份号码必须是文本');

  // People paste numbers with spaces; nothing else is tolerated.
  const text = input.replace(/\s+/g, '').toUpperCase();
  let first17: string;
  let upgradedFrom15 = false;
  if (text.length === 15) {
    if (!/^\d{15}$/.test(text)) return fail('15位身份号码只能由数字组成');
    first17 = `${text.slice(0, 6)}19${text.slice(6)}`;
    upgradedFrom15 = true;
  } else if (text.length === 18) {
    if (!/^\d{17}[\dX]$/.test(text)) return fail('身份号码前17位必须是数字，末位为数字或X');
    first17 = text.slice(0, 17);
  } else {
    return fail('身份号码应为18位（或15位旧号码）');
  }

  if (!PROVINCE_CODES.has(first17.slice(0, 2))) return fail('身份号码的地址码（省级）不存在');

  const birthDate = `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`;
  if (!isIsoDate(birthDate)) return fail('身份号码中的出生日期不是有效日期');
  if (birthDate < earliestBirthDate) return fail(`身份号码中的出生日期早于${earliestBirthDate}，请核对`);
  if (birthDate > today) return fail('身份号码中的出生日期晚于今天');

  const check = computeIdCheckChar(first17);
  if (!upgradedFrom15 && text[17] !== check) return fail(`身份证号校验位错误，应为${check}`);

  return {
    ok: true,
    value: first17 + check,
    birthDate,
    sex: Number(first17[16]) % 2 === 1 ? 'male' : 'female',
    regionPrefix: first17.slice(0, 6),
    upgradedFrom15,
  };
}

export function isValidIdNumber(input: string, options?: ParseIdNumberOptions | IsoDate): boolean {
  return parseIdNumber(input, options).ok;
}

/**
 * Shows `keepStart` leading and `keepEnd` trailing characters and stars the
 * rest (one star per hidden character). A value too short to hide anything
 * is starred entirely rather than shown.
 */
export function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  const text = String(value ?? '');
  if (text.length <= keepStart + keepEnd) return '*'.repeat(text.length);
  return text.slice(0, keepStart) + '*'.repeat(text.length - keepStart - keepEnd) + text.slice(text.length - keepEnd);
}

/** '22010519491231123X' → '2201**********123X' (first 4 + 10 stars + last 4). */
export function maskIdNumber(value: string): string {
  return maskMiddle(String(value ?? '').trim().toUpperCase(), 4, 4);
}

/** '13812345678' → '138****5678'. */
export function maskPhone(value: string): string {
  return maskMiddle(String(value ?? '').replace(/[\s-]/g, ''), 3, 4);
}

/** '6222021234567890123' → '6222***********0123'. */
export function maskBankAccount(value: string): string {
  return maskMiddle(String(value ?? '').replace(/[\s-]/g, ''), 4, 4);
}

/**
 * Age in full years (周岁) on `date`. The age goes up on the birthday itself,
 * which is how 民政 eligibility like "年满60周岁" is applied. Someone born on
 * 02-29 turns a year older on 03-01 in common years (02-28 is still before the
 * birthday).
 */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  if (!isIsoDate(birthDate) || !isIsoDate(date)) throw new RangeError('ageOn expects YYYY-MM-DD dates');
  if (date < birthDate) throw new RangeError(`ageOn: ${date} is before birth date ${birthDate}`);
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
