import { describe, expect, it } from 'vitest';
import {
  computeCreditCodeCheckChar,
  computeOrganizationCodeCheckChar,
  CREDIT_CODE_CHARSET,
  isValidCreditCode,
  isValidOrganizationCode,
  parseCreditCode,
} from './credit-code.ts';

// Codes as published by the organisations themselves (registration certificates, websites).
const PUBLISHED = [
  { code: '53100000500019795A', who: '中国社会福利基金会', authority: '5', category: '3', categoryName: '基金会', region: '100000' },
  { code: '51100000500009247D', who: '中国复合材料工业协会', authority: '5', category: '1', categoryName: '社会团体', region: '100000' },
  { code: '914403001922038216', who: '华为技术有限公司', authority: '9', category: '1', categoryName: '企业', region: '440300' },
  { code: '91440300708461136T', who: '深圳市腾讯计算机系统有限公司', authority: '9', category: '1', categoryName: '企业', region: '440300' },
  { code: '91110000802100433B', who: '北京百度网讯科技有限公司', authority: '9', category: '1', categoryName: '企业', region: '110000' },
  { code: '91330100799655058B', who: '阿里巴巴（中国）有限公司', authority: '9', category: '1', categoryName: '企业', region: '330100' },
  { code: '91110108551385082Q', who: '小米科技有限责任公司', authority: '9', category: '1', categoryName: '企业', region: '110108' },
];

describe('parseCreditCode: published codes', () => {
  it.each(PUBLISHED)('$who $code', ({ code, authority, category, categoryName, region }) => {
    const result = parseCreditCode(code);
    expect(result).toMatchObject({
      ok: true,
      value: code,
      authority,
      category,
      categoryName,
      registrationRegion: region,
      organizationCode: code.slice(8, 17),
      organizationCodeValid: true,
    });
    expect(computeCreditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('names the 民政 parts for a social organisation', () => {
    expect(parseCreditCode('51100000500009247D')).toMatchObject({ authorityName: '民政', categoryName: '社会团体' });
  });

  it('accepts lower case and spaces and normalises them', () => {
    expect(parseCreditCode(' 91440300708461136t ')).toMatchObject({ ok: true, value: '91440300708461136T' });
  });
});

describe('parseCreditCode: constructed codes', () => {
  // Built from the rules: prefix + 组织机构代码 with its GB 11714 check + mod-31 check char.
  const build = (prefix8: string, org8: string) => {
    const org = org8 + computeOrganizationCodeCheckChar(org8);
    const first17 = prefix8 + org;
    return first17 + computeCreditCodeCheckChar(first17);
  };

  it.each([
    ['52220105', 'MJ000123', '民办非企业单位'],
    ['53220000', 'MJ000777', '基金会'],
    ['59220100', 'MJ000001', '其他'],
    ['12220000', '41278000', '事业单位'],
    ['93220105', 'MA14XK2Q', '农民专业合作社'],
    ['N2220105', 'MF000010', '村级集体经济组织'],
    ['Y1110000', 'MC000001', '其他'],
  ])('%s + %s (%s)', (prefix, org, categoryName) => {
    const code = build(prefix, org);
    expect(parseCreditCode(code)).toMatchObject({ ok: true, categoryName, organizationCodeValid: true });
  });

  it('reports, but does not reject, a 主体标识码 that fails GB 11714', () => {
    const first17 = '5122010500000000' + '1'; // org-code check for 50000000... is not 1
    const code = first17 + computeCreditCodeCheckChar(first17);
    expect(isValidOrganizationCode(first17.slice(8))).toBe(false);
    expect(parseCreditCode(code)).toMatchObject({ ok: true, organizationCodeValid: false });
  });
});

describe('parseCreditCode: invalid codes', () => {
  it.each([
    ['53100000500019795B', '统一社会信用代码校验码不正确，请核对是否录入有误'], // last char changed
    ['53100000500019759A', '统一社会信用代码校验码不正确，请核对是否录入有误'], // two digits swapped
    ['914403001922038261', '统一社会信用代码校验码不正确，请核对是否录入有误'],
    ['9144030019220382', '统一社会信用代码应为18位'],
    ['9144030019220382166', '统一社会信用代码应为18位'],
    ['', '统一社会信用代码应为18位'],
    ['9144030019220382I6', '统一社会信用代码含有不允许的字符“I”（不使用I、O、S、V、Z）'],
    ['91440300192203821O', '统一社会信用代码含有不允许的字符“O”（不使用I、O、S、V、Z）'],
    ['91440300192203821Z', '统一社会信用代码含有不允许的字符“Z”（不使用I、O、S、V、Z）'],
    ['B14403001922038216', '统一社会信用代码第1位（登记管理部门代码）不正确'],
    ['04403001922038216X', '统一社会信用代码第1位（登记管理部门代码）不正确'],
    ['544403001922038216', '统一社会信用代码第2位（机构类别）不正确：民政部门没有类别“4”'],
    ['994403001922038216', '统一社会信用代码第2位（机构类别）不正确：工商部门没有类别“9”'],
    ['51A00000500009247D', '统一社会信用代码第3至8位应为6位行政区划代码'],
  ])('%j → %s', (input, reason) => {
    expect(parseCreditCode(input)).toEqual({ ok: false, reason });
    expect(isValidCreditCode(input)).toBe(false);
  });

  it('any single-character substitution of a valid code is caught by the mod-31 check', () => {
    const valid = '51100000500009247D';
    let checked = 0;
    for (let position = 8; position < 18; position += 1) {
      for (const char of CREDIT_CODE_CHARSET) {
        if (char === valid[position]) continue;
        const mutated = valid.slice(0, position) + char + valid.slice(position + 1);
        expect(isValidCreditCode(mutated), mutated).toBe(false);
        checked += 1;
      }
    }
    expect(checked).toBe(10 * 30);
  });

  it('returns a reason for non-string input', () => {
    expect(parseCreditCode(null as unknown as string)).toEqual({ ok: false, reason: '统一社会信用代码必须是文本' });
  });
});

describe('check character helpers', () => {
  it('charset has 31 chars without I O S V Z', () => {
    expect(CREDIT_CODE_CHARSET).toHaveLength(31);
    for (const banned of 'IOSVZ') expect(CREDIT_CODE_CHARSET).not.toContain(banned);
  });

  it.each([
    ['19220382', '1'],
    ['50001979', '5'],
    ['70846113', '6'],
    ['80210043', '3'],
  ])('GB 11714 check of %s is %s', (first8, check) => {
    expect(computeOrganizationCodeCheckChar(first8)).toBe(check);
  });

  it.each([
    ['00000000', '0'], // Σ = 0 → 11 − 0 = 11 → '0'
    ['40000000', 'X'], // Σ = 4×3 = 12 ≡ 1 → 11 − 1 = 10 → 'X'
    ['10000000', '8'], // Σ = 3 → 8
    ['A0000000', '3'], // A = 10, Σ = 30 ≡ 8 → 3
    ['0000000Z', '7'], // Z = 35, Σ = 70 ≡ 4 → 7
  ])('GB 11714 special cases: %s → %s', (first8, check) => {
    expect(computeOrganizationCodeCheckChar(first8)).toBe(check);
    expect(isValidOrganizationCode(first8 + check)).toBe(true);
  });

  it('refuses malformed input', () => {
    expect(() => computeCreditCodeCheckChar('5110000050000924')).toThrowError(RangeError);
    expect(() => computeCreditCodeCheckChar('5110000050000924I')).toThrowError(RangeError);
    expect(() => computeOrganizationCodeCheckChar('1234567')).toThrowError(RangeError);
  });
});
