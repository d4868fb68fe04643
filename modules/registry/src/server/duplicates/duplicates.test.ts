import { describe, expect, it } from 'vitest';
import { computeIdCheckChar } from '@mz/kernel';
import { oneTypoApart } from './duplicates.service.ts';

const id18 = (body17: string) => body17 + computeIdCheckChar(body17);
const BASE = id18('22010519800501123');

describe('oneTypoApart', () => {
  it.each([
    ['one digit of the address code', id18('22010219800501123'), true],
    ['one digit of the birth date', id18('22010519800507123'), true],
    ['one digit of the sequence code', id18('22010519800501163'), true],
    ['two neighbouring digits swapped', id18('22010519800501213'), true],
    ['two digits apart, not neighbours', id18('22010219800501124'), false],
    ['two neighbours changed, not swapped', id18('22010519800501993'), false],
    ['the same number', BASE, false],
    ['an unrelated number', id18('22018319751111886'), false],
  ])('%s → %s', (_label, other, expected) => {
    expect(oneTypoApart(BASE, other)).toBe(expected);
    expect(oneTypoApart(other, BASE)).toBe(expected);
  });
});
