import { describe, expect, it } from 'vitest';
import { passwordProblems, USERNAME_PATTERN } from './password-policy.ts';

describe('passwordProblems', () => {
  it.each([
    ['Minzheng@2026', []],
    ['minzheng2026!', []],          // lower + digit + symbol
    ['MINZHENG2026a', []],          // upper + digit + lower
    ['Abc@123', ['密码至少 8 位']],
    ['minzheng2026', ['密码须包含大写字母、小写字母、数字、符号中的至少三类']],
    ['MinzhengMinzheng', ['密码须包含大写字母、小写字母、数字、符号中的至少三类']],
    ['abc', ['密码至少 8 位', '密码须包含大写字母、小写字母、数字、符号中的至少三类']],
  ])('%s', (pw, expected) => {
    expect(passwordProblems(pw)).toEqual(expected);
  });

  it('refuses a password containing the username', () => {
    expect(passwordProblems('Demo-village1', 'demo-village')).toEqual(['密码不能包含用户名']);
  });
});

describe('USERNAME_PATTERN', () => {
  it.each([['demo-township', true], ['zhang.wei_01', true], ['ab', false], ['Demo', false], ['-abc', false], ['张伟', false], ["a'; drop", false]])('%s → %s', (u, ok) => {
    expect(USERNAME_PATTERN.test(u)).toBe(ok);
  });
});
