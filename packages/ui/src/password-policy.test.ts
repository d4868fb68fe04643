import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.ts';

describe('checkPassword (≥8 characters, three of upper/lower/digit/symbol)', () => {
  it.each([
    ['Abcdef12', null],
    ['abcdef1!', null],
    ['ABCDEF1!', null],
    ['Abcdefg!', null],
    ['Abc12!', '密码至少 8 位'],
    ['abcdefgh1', '密码须包含大写字母、小写字母、数字、符号中的至少三类'],
    ['12345678', '密码须包含大写字母、小写字母、数字、符号中的至少三类'],
  ])('%s', (pwd, expected) => {
    expect(checkPassword(pwd)).toBe(expected);
  });
});
