import { describe, expect, it } from 'vitest';
import { idNumberHint } from './id-number-hint.ts';

const TODAY = '2026-11-22';

describe('idNumberHint', () => {
  it.each([
    // GB 11643 sample numbers
    ['11010519491231002X', { idNumber: '11010519491231002X', sex: 'female', birthDate: '1949-12-31', age: 76 }],
    ['440524188001010014', { idNumber: '440524188001010014', sex: 'male', birthDate: '1880-01-01' }],
    // lower-case x and pasted spaces are tolerated
    [' 11010519491231002x ', { idNumber: '11010519491231002X', sex: 'female' }],
  ])('reads sex and birth date from %s', (raw, expected) => {
    expect(idNumberHint(raw, TODAY)).toMatchObject({ ok: true, upgradedFrom15: false, ...expected });
  });

  it('upgrades a 15-digit number to 18 digits', () => {
    expect(idNumberHint('110105491231002', TODAY)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      sex: 'female',
      birthDate: '1949-12-31',
      age: 76,
      upgradedFrom15: true,
    });
  });

  it.each([
    ['110105194912310021', '身份证号校验位错误，应为X'],
    ['440524188001010015', '身份证号校验位错误，应为4'],
  ])('names the expected check character for %s', (raw, message) => {
    expect(idNumberHint(raw, TODAY)).toEqual({ ok: false, message });
  });

  it('counts age in full years, going up on the birthday', () => {
    expect(idNumberHint('11010519491231002X', '2026-12-30')).toMatchObject({ age: 76 });
    expect(idNumberHint('11010519491231002X', '2026-12-31')).toMatchObject({ age: 77 });
  });

  it.each(['1101051949', '11010519491331002X', 'ABCDEFGHIJKLMNOPQR', '990105194912310021'])('refuses %s with a Chinese reason', (raw) => {
    const hint = idNumberHint(raw, TODAY);
    expect(hint?.ok).toBe(false);
    expect(hint && !hint.ok && hint.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('says nothing about an empty field', () => {
    expect(idNumberHint('', TODAY)).toBeNull();
    expect(idNumberHint(undefined, TODAY)).toBeNull();
  });
});
