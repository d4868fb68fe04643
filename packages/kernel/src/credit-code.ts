/**
 * 统一社会信用代码, GB 32100-2015 (rules.md §8.7).
 *
 *   pos 1     登记管理部门代码 (5 = 民政)
 *   pos 2     机构类别 (under 民政: 1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他)
 *   pos 3–8   登记管理机关行政区划码 (GB/T 2260)
 *   pos 9–17  主体标识码 (组织机构代码, GB 11714, own check char at pos 17)
 *   pos 18    check char, mod 31 over the 31-char set below
 *
 * Social organisations registered by 民政 are this platform's own subjects,
 * so the parse result names the parts that registration screens display.
 */

/** The 31 characters in value order; I, O, S, V, Z are excluded to avoid misreading. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * 登记管理部门 and their 机构类别 (GB 32100-2015 附录A).
 * Only the 民政 row is confirmed in rules.md; the other category lists are from
 * the standard as commonly reproduced and should be re-checked if a real code
 * from those authorities is ever rejected.
 */
export const CREDIT_CODE_AUTHORITIES: Readonly<Record<string, { name: string; categories: Readonly<Record<string, string>> }>> = {
  '1': { name: '机构编制', categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    categories: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': { name: '旅游', categories: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' } },
  '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', categories: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', categories: { '1': '其他' } },
};

export type CreditCodeResult =
  | {
      ok: true;
      value: string;
      authority: string;
      authorityName: string;
      category: string;
      categoryName: string;
      /** Positions 3–8. '100000' is used for bodies registered by a central ministry (e.g. 民政部). */
      registrationRegion: string;
      /** Positions 9–17, the 组织机构代码. */
      organizationCode: string;
      /**
       * Whether positions 9–17 pass the GB 11714 check. Reported, not enforced:
       * the mod-31 check already catches typos, and we have not confirmed that
       * every issuer keeps a valid GB 11714 code in these positions.
       */
      organizationCodeValid: boolean;
    }
  | { ok: false; reason: string };

function charValue(char: string): number {
  return CREDIT_CODE_CHARSET.indexOf(char);
}

/** Check character (position 18) for the first 17 characters. */
export function computeCreditCodeCheckChar(first17: string): string {
  if (first17.length !== 17 || [...first17].some((char) => charValue(char) < 0)) {
    throw new RangeError('computeCreditCodeCheckChar expects 17 characters from the credit-code charset');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += charValue(first17[i]) * WEIGHTS[i];
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 组织机构代码 check character for its first 8 characters (digits, or letters A=10 … Z=35). */
export function computeOrganizationCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new RangeError('computeOrganizationCodeCheckChar expects 8 chars of [0-9A-Z]');
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += parseInt(first8[i], 36) * ORG_CODE_WEIGHTS[i];
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export function isValidOrganizationCode(code: string): boolean {
  return /^[0-9A-Z]{8}[0-9X]$/.test(code) && computeOrganizationCodeCheckChar(code.slice(0, 8)) === code[8];
}

function fail(reason: string): CreditCodeResult {
  return { ok: false, reason };
}

export function parseCreditCode(input: string): CreditCodeResult {
  if (typeof input !== 'string') return fail('统一社会信用代码必须是文本');
  const text = input.replace(/\s+/g, '').toUpperCase();
  if (text.length !== 18) return fail('统一社会信用代码应为18位');
  const badChar = [...text].find((char) => charValue(char) < 0);
  if (badChar !== undefined) return fail(`统一社会信用代码含有不允许的字符“${badChar}”（不使用I、O、S、V、Z）`);

  const authority = CREDIT_CODE_AUTHORITIES[text[0]];
  if (!authority) return fail('统一社会信用代码第1位（登记管理部门代码）不正确');
  const categoryName = authority.categories[text[1]];
  if (!categoryName) return fail(`统一社会信用代码第2位（机构类别）不正确：${authority.name}部门没有类别“${text[1]}”`);

  const registrationRegion = text.slice(2, 8);
  if (!/^\d{6}$/.test(registrationRegion)) return fail('统一社会信用代码第3至8位应为6位行政区划代码');

  if (computeCreditCodeCheckChar(text.slice(0, 17)) !== text[17]) {
    return fail('统一社会信用代码校验码不正确，请核对是否录入有误');
  }

  const organizationCode = text.slice(8, 17);
  return {
    ok: true,
    value: text,
    authority: text[0],
    authorityName: authority.name,
    category: text[1],
    categoryName,
    registrationRegion,
    organizationCode,
    organizationCodeValid: isValidOrganizationCode(organizationCode),
  };
}

export function isValidCreditCode(input: string): boolean {
  return parseCreditCode(input).ok;
}
