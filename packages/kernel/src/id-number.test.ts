import { describe, expect, it } from 'vitest';
import {
  ageOn,
  computeIdCheckChar,
  isValidIdNumber,
  maskBankAccount,
  maskIdNumber,
  maskMiddle,
  maskPhone,
  parseIdNumber,
} from './id-number.ts';

const TODAY = '2025-11-22';

describe('computeIdCheckChar (ISO 7064 MOD 11-2)', () => {
  it.each([
    ['11010519491231002', 'X'], // E7: Σ mod 11 = 2 → "10X98765432"[2]
    ['44052418800101001', '4'], // E7
    ['22010519850315001', '4'],
    ['32058319701001123', '5'],
    ['65010219991231999', '8'],
    ['81000019900101001', '9'],
  ])('%s → %s', (first17, check) => {
    expect(computeIdCheckChar(first17)).toBe(check);
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100X', ''])('refuses %j', (input) => {
    expect(() => computeIdCheckChar(input)).toThrowError(RangeError);
  });
});

describe('parseIdNumber: valid numbers', () => {
  it.each([
    {
      input: '11010519491231002X',
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female', // E7: sequence 002 is even
      regionPrefix: '110105',
    },
    { input: '11010519491231002x', value: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionPrefix: '110105' },
    { input: '220105198503150014', value: '220105198503150014', birthDate: '1985-03-15', sex: 'male', regionPrefix: '220105' },
    { input: '220105198503150022', value: '220105198503150022', birthDate: '1985-03-15', sex: 'female', regionPrefix: '220105' },
    { input: '220105200002290043', value: '220105200002290043', birthDate: '2000-02-29', sex: 'female', regionPrefix: '220105' },
    { input: '320583197010011235', value: '320583197010011235', birthDate: '1970-10-01', sex: 'male', regionPrefix: '320583' },
    { input: '650102199912319998', value: '650102199912319998', birthDate: '1999-12-31', sex: 'male', regionPrefix: '650102' },
    { input: '220105190001010015', value: '220105190001010015', birthDate: '1900-01-01', sex: 'male', regionPrefix: '220105' },
    { input: '810000199001010019', value: '810000199001010019', birthDate: '1990-01-01', sex: 'male', regionPrefix: '810000' },
    { input: ' 2201 0519 8503 1500 14 ', value: '220105198503150014', birthDate: '1985-03-15', sex: 'male', regionPrefix: '220105' },
    // Born today is allowed (newborn registration).
    { input: '220105202511220018', value: '220105202511220018', birthDate: '2025-11-22', sex: 'male', regionPrefix: '220105' },
  ])('$input', ({ input, ...expected }) => {
    expect(parseIdNumber(input, { today: TODAY })).toEqual({ ok: true, upgradedFrom15: false, ...expected });
  });

  it.each([
    // E7: 110105491231002 → insert 19 → 11010519491231002 → check X.
    ['110105491231002', '11010519491231002X', '1949-12-31', 'female'],
    ['220105850315001', '220105198503150014', '1985-03-15', 'male'],
    ['650102991231999', '650102199912319998', '1999-12-31', 'male'],
  ])('upgrades 15-digit %s to %s', (input, value, birthDate, sex) => {
    expect(parseIdNumber(input, TODAY)).toEqual({
      ok: true,
      value,
      birthDate,
      sex,
      regionPrefix: input.slice(0, 6),
      upgradedFrom15: true,
    });
  });

  it('E7 sample 440524188001010014 (born 1880) is valid; a caller may still set a later lower bound', () => {
    expect(computeIdCheckChar('44052418800101001')).toBe('4');
    expect(parseIdNumber('440524188001010014', { today: TODAY, earliestBirthDate: '1900-01-01' })).toEqual({
      ok: false,
      reason: '身份号码中的出生日期早于1900-01-01，请核对',
    });
    expect(parseIdNumber('440524188001010014', { today: TODAY })).toMatchObject({
      ok: true,
      birthDate: '1880-01-01',
      sex: 'male',
      regionPrefix: '440524',
    });
  });

  it('defaults today to the current Beijing date', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('220105299901010011')).toBe(false);
  });
});

describe('parseIdNumber: invalid numbers', () => {
  it.each([
    ['110105194912310021', '身份证号校验位错误，应为X'], // E7: expected X, given 1
    ['11010519491231002Y', '身份号码前17位必须是数字，末位为数字或X'],
    ['1101051949123100X2', '身份号码前17位必须是数字，末位为数字或X'],
    ['11010519491231002', '身份号码应为18位（或15位旧号码）'],
    ['11010519491231002XX', '身份号码应为18位（或15位旧号码）'],
    ['', '身份号码应为18位（或15位旧号码）'],
    ['11010549123100X', '15位身份号码只能由数字组成'],
    ['220105199902300011', '身份号码中的出生日期不是有效日期'], // 1999-02-30
    ['220105190002290012', '身份号码中的出生日期不是有效日期'], // 1900 is not a leap year
    ['220105202513010011', '身份号码中的出生日期不是有效日期'],
    ['220105202511230017', '身份号码中的出生日期晚于今天'], // tomorrow
    ['220105184912310018', '身份号码中的出生日期早于1850-01-01，请核对'],
    ['000000198503150011', '身份号码的地址码（省级）不存在'],
    ['990105198503150011', '身份号码的地址码（省级）不存在'],
    ['220105990230001', '身份号码中的出生日期不是有效日期'], // 15-digit with 1999-02-30
  ])('%j → %s', (input, reason) => {
    expect(parseIdNumber(input, { today: TODAY })).toEqual({ ok: false, reason });
  });

  it('flags a single-digit typo and a swapped pair in a valid number', () => {
    expect(parseIdNumber('220105198503150015', TODAY).ok).toBe(false);
    expect(parseIdNumber('220105198503510014', TODAY).ok).toBe(false);
    expect(parseIdNumber('220105198530150014', TODAY).ok).toBe(false);
  });

  it('returns a reason instead of throwing for non-string input', () => {
    expect(parseIdNumber(undefined as unknown as string, TODAY)).toEqual({ ok: false, reason: '身份号码必须是文本' });
  });
});

describe('masking', () => {
  it.each([
    ['11010519491231002X', '1101**********002X'],
    ['22010519491231123X', '2201**********123X'],
    ['11010519491231002x', '1101**********002X'],
    ['110105491231002', '1101*******1002'],
  ])('maskIdNumber(%s) = %s', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });

  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['043188776655', '043*****6655'],
    ['1234567', '*******'],
    ['', ''],
  ])('maskPhone(%j) = %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it.each([
    ['6222021234567890123', '6222***********0123'],
    ['6222 0212 3456 7890 123', '6222***********0123'],
    ['6217000010001234', '6217********1234'],
    ['12345678', '********'],
  ])('maskBankAccount(%j) = %j', (input, expected) => {
    expect(maskBankAccount(input)).toBe(expected);
  });

  it('maskMiddle hides everything when nothing could stay hidden', () => {
    expect(maskMiddle('abcdefgh', 4, 4)).toBe('********');
    expect(maskMiddle('abcdefghi', 4, 4)).toBe('abcd*fghi');
  });
});

describe('ageOn (周岁)', () => {
  it.each([
    ['1965-03-15', '2025-03-14', 59],
    ['1965-03-15', '2025-03-15', 60], // 年满60周岁 on the birthday
    ['1965-03-15', '2025-03-16', 60],
    ['1949-12-31', '2025-01-01', 75],
    ['2000-02-29', '2025-02-28', 24],
    ['2000-02-29', '2025-03-01', 25],
    ['2000-02-29', '2024-02-29', 24],
    ['2025-11-22', '2025-11-22', 0],
    ['2007-11-23', '2025-11-22', 17], // turns 18 tomorrow
    ['2007-11-22', '2025-11-22', 18],
  ])('born %s, on %s → %d', (birth, date, age) => {
    expect(ageOn(birth, date)).toBe(age);
  });

  it('refuses dates before birth and malformed dates', () => {
    expect(() => ageOn('2025-01-02', '2025-01-01')).toThrowError(RangeError);
    expect(() => ageOn('2025-02-30', '2025-03-01')).toThrowError(RangeError);
  });

  it('works with the birth date parsed from an id number', () => {
    const parsed = parseIdNumber('11010519491231002X', TODAY);
    expect(parsed.ok && ageOn(parsed.birthDate, TODAY)).toBe(75);
  });
});
