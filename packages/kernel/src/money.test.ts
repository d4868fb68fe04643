import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.ts';
import {
  allocateFen,
  assertFen,
  divideRounded,
  fenToYuanString,
  formatFen,
  isFen,
  multiplyFen,
  percentOf,
  sumFen,
  yuanToFen,
  type RoundingMode,
} from './money.ts';

describe('yuanToFen', () => {
  it.each([
    ['600', 60000],
    ['600.5', 60050],
    ['600.50', 60050],
    ['-12.34', -1234],
    ['+7.1', 710],
    ['0.01', 1],
    ['0', 0],
    ['-0', 0],
    [' 333.33 ', 33333],
    ['00012.00', 1200],
    [600, 60000],
    [600.5, 60050],
    [0.07, 7],
    [-12.34, -1234],
    ['90071992547409.91', 9007199254740991],
  ] as const)('%j → %d fen', (input, expected) => {
    expect(yuanToFen(input)).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(Object.is(yuanToFen('-0.00'), 0)).toBe(true);
  });

  it.each([
    ['600.123', 'three decimals'],
    ['1.005', 'float-ambiguous half'],
    [0.1 + 0.2, 'binary float sum'],
    ['', 'empty'],
    ['abc', 'letters'],
    ['1,234.00', 'grouping separators'],
    ['.5', 'missing integer part'],
    ['5.', 'dangling point'],
    ['1e3', 'exponent'],
    ['¥12', 'currency symbol'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['90071992547409.92', 'beyond safe integer fen'],
  ])('rejects %j (%s) with a 422 DomainError', (input, _why) => {
    expect(() => yuanToFen(input as string | number)).toThrowError(DomainError);
    try {
      yuanToFen(input as string | number);
    } catch (error) {
      expect((error as DomainError).status).toBe(422);
    }
  });
});

describe('fenToYuanString / formatFen', () => {
  it.each([
    [60000, '600.00', '¥600.00'],
    [123456, '1234.56', '¥1,234.56'],
    [-1200, '-12.00', '-¥12.00'],
    [-5, '-0.05', '-¥0.05'],
    [0, '0.00', '¥0.00'],
    [7, '0.07', '¥0.07'],
    [100000000, '1000000.00', '¥1,000,000.00'],
    [99999, '999.99', '¥999.99'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91', '¥90,071,992,547,409.91'],
  ])('%d fen → %s / %s', (fen, plain, display) => {
    expect(fenToYuanString(fen)).toBe(plain);
    expect(formatFen(fen)).toBe(display);
    expect(yuanToFen(plain)).toBe(fen);
  });

  it.each([1.5, Number.NaN, 2 ** 53])('rejects non-safe-integer %d', (value) => {
    expect(() => fenToYuanString(value)).toThrowError(DomainError);
  });
});

describe('sumFen', () => {
  it('adds exactly where floats drift (10 × 0.10 元)', () => {
    expect(sumFen(Array(10).fill(10))).toBe(100);
  });

  it('E1: 600 × 3 − 1000 = 800 元 as integer fen', () => {
    const standard = yuanToFen('600');
    expect(sumFen([standard, standard, standard, -yuanToFen('1000')])).toBe(80000);
  });

  it('empty list sums to zero', () => {
    expect(sumFen([])).toBe(0);
  });

  it('names the bad item when one is not integer fen', () => {
    expect(() => sumFen([100, 2.5])).toThrowError(/第2项金额/);
  });

  it('refuses to overflow the safe range', () => {
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrowError(DomainError);
  });
});

describe('multiplyFen', () => {
  it.each<[number, string, RoundingMode | undefined, number]>([
    [60000, '1.5', undefined, 90000],
    [60000, '0.3333', undefined, 19998],
    [100, '0.333', 'half-up', 33],
    [5, '0.5', 'half-up', 3],
    [5, '0.5', 'half-even', 2],
    [15, '0.5', 'half-even', 8],
    [5, '0.5', 'down', 2],
    [5, '0.5', 'up', 3],
    [101, '0.01', 'up', 2],
    [101, '0.01', 'down', 1],
    [101, '0.01', 'half-up', 1],
    [-5, '0.5', 'half-up', -3],
    [-5, '0.5', 'down', -2],
    [-5, '0.5', 'up', -3],
    [-5, '0.5', 'half-even', -2],
    [1234, '-1', undefined, -1234],
    [33333, '3', undefined, 99999],
    [1, '0.0000001', 'up', 1],
    [1, '0.0000001', 'half-up', 0],
    [1999, '0.1', 'half-up', 200],
    [1999, '0.1', 'half-even', 200],
    [1985, '0.1', 'half-even', 198],
  ])('%d × %s (%s) = %d', (fen, ratio, mode, expected) => {
    expect(mode === undefined ? multiplyFen(fen, ratio) : multiplyFen(fen, ratio, mode)).toBe(expected);
  });

  it.each(['1/3', '', 'abc', '1e2', '.5'])('rejects ratio %j', (ratio) => {
    expect(() => multiplyFen(100, ratio)).toThrowError(DomainError);
  });

  it('rejects unknown rounding modes and non-integer amounts', () => {
    expect(() => multiplyFen(100, '0.5', 'ceiling' as RoundingMode)).toThrowError(DomainError);
    expect(() => multiplyFen(10.5, '2')).toThrowError(DomainError);
  });

  it('multiplies large amounts without losing precision', () => {
    expect(multiplyFen(9_000_000_000_000, '1.0000001')).toBe(9_000_000_900_000);
  });
});

describe('divideRounded', () => {
  it.each<[bigint, bigint, RoundingMode, bigint]>([
    [7n, 2n, 'half-up', 4n],
    [7n, 2n, 'half-even', 4n],
    [5n, 2n, 'half-even', 2n],
    [-7n, 2n, 'half-up', -4n],
    [7n, 3n, 'up', 3n],
    [-7n, 3n, 'down', -2n],
    [6n, 3n, 'up', 2n],
  ])('%s / %s %s = %s', (n, d, mode, expected) => {
    expect(divideRounded(n, d, mode)).toBe(expected);
  });

  it('refuses non-positive denominators', () => {
    expect(() => divideRounded(1n, 0n)).toThrowError(RangeError);
  });
});

describe('percentOf', () => {
  it.each<[number, number, number | undefined, string]>([
    [1, 3, undefined, '33.33'],
    [2, 3, undefined, '66.67'],
    [1, 8, 2, '12.50'],
    [1, 8, 1, '12.5'],
    [1, 8, 0, '13'],
    [1, 200, 0, '1'],
    [1, 400, 0, '0'],
    [5, 5, 2, '100.00'],
    [0, 7, 2, '0.00'],
    [1, 3, 4, '33.3333'],
    [-1, 3, 2, '-33.33'],
    [1, -3, 2, '-33.33'],
    [-1, 8, 1, '-12.5'],
    [-1, 16, 1, '-6.3'],
    [3, 1, 0, '300'],
    [1, 1000, 2, '0.10'],
    [1, 100000, 2, '0.00'],
  ])('%d / %d with %s digits → %s', (part, whole, digits, expected) => {
    expect(digits === undefined ? percentOf(part, whole) : percentOf(part, whole, digits)).toBe(expected);
  });

  it('refuses a zero denominator and bad digits', () => {
    expect(() => percentOf(1, 0)).toThrowError(/分母不能为0/);
    expect(() => percentOf(1, 3, -1)).toThrowError(DomainError);
    expect(() => percentOf(1.5, 3)).toThrowError(DomainError);
  });
});

describe('allocateFen', () => {
  it.each<[number, number[], number[]]>([
    [100, [1, 1, 1], [34, 33, 33]],
    [200, [1, 1, 1], [67, 67, 66]],
    [100, [1, 2], [33, 67]],
    [80000, [1, 1, 1], [26667, 26667, 26666]],
    [1000, [3, 0, 7], [300, 0, 700]],
    [1, [1, 1, 1], [1, 0, 0]],
    [0, [5, 3], [0, 0]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [10, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]],
    [99, [50, 30, 20], [49, 30, 20]],
    [7, [1, 2, 4], [1, 2, 4]],
  ])('%d over %j → %j', (total, weights, expected) => {
    const parts = allocateFen(total, weights);
    expect(parts).toEqual(expected);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('gives the larger remainder the extra fen even when it is not first', () => {
    // 10 × 1/6 = 1.67, 10 × 5/6 = 8.33 → floors 1 and 8; the remainder .67 wins.
    expect(allocateFen(10, [1, 5])).toEqual([2, 8]);
  });

  it('always sums exactly for awkward totals', () => {
    for (const total of [1, 7, 101, 99_999, 1_234_567]) {
      const parts = allocateFen(total, [3, 7, 11, 13]);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    }
  });

  it.each<[number[], RegExp]>([
    [[], /不能为空/],
    [[0, 0], /之和必须大于0/],
    [[1, -1], /非负整数/],
    [[1.5, 1], /非负整数/],
  ])('rejects weights %j', (weights, message) => {
    expect(() => allocateFen(100, weights)).toThrowError(message);
  });
});

describe('isFen / assertFen', () => {
  it.each([
    [0, true],
    [-1, true],
    [Number.MAX_SAFE_INTEGER, true],
    [1.1, false],
    [Number.NaN, false],
    ['100', false],
    [2 ** 53, false],
  ])('isFen(%j) = %s', (value, expected) => {
    expect(isFen(value)).toBe(expected);
  });

  it('assertFen returns the value and names the field on failure', () => {
    expect(assertFen(5)).toBe(5);
    expect(() => assertFen(0.5, '补差金额')).toThrowError(/补差金额/);
  });
});
