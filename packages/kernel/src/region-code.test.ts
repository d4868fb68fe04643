import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.ts';
import {
  ancestorCodes,
  isValidRegionCode,
  isWithin,
  LEVEL_NAMES,
  normalizeRegionCode,
  parentCode,
  regionLevel,
  significantPrefix,
  subtreeRange,
  type RegionLevel,
} from './region-code.ts';

describe('normalizeRegionCode', () => {
  it.each([
    ['22', '220000000000'],
    ['2201', '220100000000'],
    ['220105', '220105000000'],
    ['220105003', '220105003000'],
    ['220105003001', '220105003001'],
    ['110105', '110105000000'], // 北京市朝阳区
    [' 220105 ', '220105000000'],
    ['2200', '220000000000'], // a zero-padded short form is the same province
    ['441900003', '441900003000'], // 东莞 towns sit directly under the city
  ])('%j → %s', (input, expected) => {
    expect(normalizeRegionCode(input)).toBe(expected);
    expect(isValidRegionCode(input)).toBe(true);
  });

  it.each([
    ['', '2/4/6/9/12'],
    ['2', '2/4/6/9/12'],
    ['220', '2/4/6/9/12'],
    ['22010', '2/4/6/9/12'],
    ['2201050030', '2/4/6/9/12'],
    ['2201050030001', '2/4/6/9/12'],
    ['22a105', 'digits'],
    ['２２', 'full-width digits'],
    ['00', 'province 00'],
    ['000000000000', 'province 00'],
    ['220005000000', 'county without city'],
    ['220105000001', 'village without township'],
  ])('rejects %j (%s)', (input) => {
    expect(isValidRegionCode(input)).toBe(false);
    expect(() => normalizeRegionCode(input)).toThrowError(DomainError);
  });

  it('reports the reason as a field error', () => {
    try {
      normalizeRegionCode('22010');
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).status).toBe(422);
      expect((error as DomainError).errors?.[0]).toEqual({ path: 'regionCode', message: '区划代码应为2、4、6、9或12位数字' });
    }
  });

  it('isValidRegionCode is false for non-strings', () => {
    expect(isValidRegionCode(220105)).toBe(false);
    expect(isValidRegionCode(undefined)).toBe(false);
  });
});

describe('regionLevel / significantPrefix / LEVEL_NAMES', () => {
  it.each<[string, RegionLevel, string, string]>([
    ['220000000000', 1, '22', '省'],
    ['220100000000', 2, '2201', '市'],
    ['220105000000', 3, '220105', '县'],
    ['220105003000', 4, '220105003', '乡镇（街道）'],
    ['220105003001', 5, '220105003001', '村（社区）'],
    ['220105100000', 4, '220105100', '乡镇（街道）'], // township code 100 (镇) ends in zeros
    ['110101001001', 5, '110101001001', '村（社区）'],
    ['441900003000', 4, '441900003', '乡镇（街道）'],
    ['220105003200', 5, '220105003200', '村（社区）'],
  ])('%s is level %d, prefix %s (%s)', (code, level, prefix, name) => {
    expect(regionLevel(code)).toBe(level);
    expect(significantPrefix(code)).toBe(prefix);
    expect(LEVEL_NAMES[level]).toBe(name);
  });

  it('requires the 12-digit form', () => {
    expect(() => regionLevel('220105')).toThrowError(DomainError);
  });
});

describe('parentCode / ancestorCodes', () => {
  it.each([
    ['220000000000', null, []],
    ['220100000000', '220000000000', ['220000000000']],
    ['220105000000', '220100000000', ['220000000000', '220100000000']],
    ['220105003000', '220105000000', ['220000000000', '220100000000', '220105000000']],
    ['220105003001', '220105003000', ['220000000000', '220100000000', '220105000000', '220105003000']],
    // 东莞: no county level, so the town's parent is the city.
    ['441900003000', '441900000000', ['440000000000', '441900000000']],
    ['441900003001', '441900003000', ['440000000000', '441900000000', '441900003000']],
  ])('%s → parent %s, ancestors %j', (code, parent, ancestors) => {
    expect(parentCode(code)).toBe(parent);
    expect(ancestorCodes(code)).toEqual(ancestors);
  });
});

describe('isWithin', () => {
  it.each([
    ['220105003001', '220000000000', true],
    ['220105003001', '220105003000', true],
    ['220105003001', '220105003001', true], // a code is within itself
    ['220105003001', '220105004000', false],
    ['220105003001', '220200000000', false],
    ['220000000000', '220105000000', false], // an ancestor is not within its descendant
    ['221000000000', '220000000000', true], // city 2210 is in province 22
    ['211000000000', '220000000000', false],
    ['441900003000', '441900000000', true],
    ['230105000000', '220000000000', false],
  ])('%s within %s: %s', (code, ancestor, expected) => {
    expect(isWithin(code, ancestor)).toBe(expected);
  });
});

describe('subtreeRange', () => {
  it.each([
    ['220105003000', '220105003000', '220105004000'],
    ['220000000000', '220000000000', '230000000000'],
    ['220100000000', '220100000000', '220200000000'],
    ['220105000000', '220105000000', '220106000000'],
    ['220105003001', '220105003001', '220105003002'],
    ['220199000000', '220199000000', '220200000000'], // carry into the city digits
    ['220105999000', '220105999000', '220106000000'], // carry out of the township digits
    ['990000000000', '990000000000', '9999999999999'], // all nines: sentinel above every 12-digit code
    ['999999999999', '999999999999', '9999999999999'],
  ])('%s → [%s, %s)', (code, from, to) => {
    expect(subtreeRange(code)).toEqual({ from, to });
  });

  it('range bounds agree with isWithin for codes around the edges', () => {
    const probes = [
      '220104999999',
      '220105000000',
      '220105003000',
      '220105999999',
      '220106000000',
      '219999999999',
      '230000000000',
      '990000000000',
      '999999999999',
    ];
    for (const ancestor of ['220105000000', '220000000000', '990000000000']) {
      const { from, to } = subtreeRange(ancestor);
      for (const probe of probes) {
        // Plain string comparison stands in for the B-tree on a digits-only column.
        expect(probe >= from && probe < to, `${probe} in ${ancestor}`).toBe(isWithin(probe, ancestor));
      }
    }
  });
});
