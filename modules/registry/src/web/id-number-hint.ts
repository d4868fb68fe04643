import { ageOn, computeIdCheckChar, parseIdNumber, todayInShanghai, type IsoDate } from '@mz/kernel';
import type { Sex } from '../domain/person.codes.ts';

export type IdNumberHint =
  | {
      ok: true;
      /** 18 characters, upper-case X (a 15-digit number is upgraded). */
      idNumber: string;
      sex: Sex;
      birthDate: IsoDate;
      age: number;
      upgradedFrom15: boolean;
    }
  | { ok: false; message: string };

/**
 * What a clerk sees when leaving the 身份证号 field: sex, birth date and age read from the number
 * (GB 11643: ISO 7064 MOD 11-2 check character, 15 → 18 digits). The server checks again; this is
 * only to catch a typo before the form is sent. Empty input gives `null` (the required rule speaks).
 */
export function idNumberHint(raw: string | null | undefined, today: IsoDate = todayInShanghai()): IdNumberHint | null {
  const text = (raw ?? '').replace(/\s+/g, '').toUpperCase();
  if (!text) return null;
  // Name the expected check character: the usual typo is in the last place or one digit earlier.
  if (/^\d{17}[\dX]$/.test(text)) {
    const check = computeIdCheckChar(text.slice(0, 17));
    if (text[17] !== check) return { ok: false, message: `身份证号校验位错误，应为${check}` };
  }
  const parsed = parseIdNumber(text, { today });
  if (!parsed.ok) return { ok: false, message: parsed.reason.replace(/^身份号码/, '身份证号') };
  return {
    ok: true,
    idNumber: parsed.value,
    sex: parsed.sex,
    birthDate: parsed.birthDate,
    age: ageOn(parsed.birthDate, today),
    upgradedFrom15: parsed.upgradedFrom15,
  };
}
