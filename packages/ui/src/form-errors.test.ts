import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { applyFieldErrors, toNamePath, type FieldErrorTarget } from './form-errors.ts';

/** The two FormInstance methods applyFieldErrors uses, recording what it sets. */
function fakeForm(fields: (string | number)[][]) {
  const set: { name: (string | number)[]; errors: string[] }[] = [];
  const form: FieldErrorTarget = {
    getFieldsError: () => fields.map((name) => ({ name, errors: [] })),
    setFields: (f) => set.push(...f),
  };
  return { form, set };
}

const problem = (errors: { path: string; message: string }[]) =>
  new ApiError({ status: 422, code: 'VALIDATION', title: '提交的数据未通过校验', errors });

describe('toNamePath', () => {
  it.each([
    ['password', ['password']],
    ['roles.0', ['roles', 0]],
    ['/body/password', ['password']],
    ['body.regionCode', ['regionCode']],
    ['items[2].name', ['items', 2, 'name']],
    ['', []],
  ])('%s → %j', (path, expected) => {
    expect(toNamePath(path)).toEqual(expected);
  });
});

describe('applyFieldErrors', () => {
  it('puts each message on its field and groups messages per field', () => {
    const { form, set } = fakeForm([['username'], ['password']]);
    const result = applyFieldErrors(
      form,
      problem([
        { path: 'username', message: '账号已存在' },
        { path: 'password', message: '密码至少 8 位' },
        { path: 'password', message: '密码须包含三类字符' },
      ]),
    );
    expect(result).toEqual({ applied: 2, unmatched: [] });
    expect(set).toEqual([
      { name: ['username'], errors: ['账号已存在'] },
      { name: ['password'], errors: ['密码至少 8 位', '密码须包含三类字符'] },
    ]);
  });

  it('maps an array element error onto the array field', () => {
    const { form, set } = fakeForm([['roles']]);
    applyFieldErrors(form, problem([{ path: 'roles.1', message: '角色不存在：boss' }]));
    expect(set).toEqual([{ name: ['roles'], errors: ['角色不存在：boss'] }]);
  });

  it('returns errors that match no field so the page can show them', () => {
    const { form, set } = fakeForm([['displayName']]);
    const result = applyFieldErrors(form, problem([{ path: 'tenant', message: '无效的租户' }]));
    expect(result.unmatched).toEqual([{ path: 'tenant', message: '无效的租户' }]);
    expect(set).toEqual([]);
  });

  it('ignores errors without field errors', () => {
    const { form, set } = fakeForm([['username']]);
    expect(applyFieldErrors(form, new Error('boom'))).toEqual({ applied: 0, unmatched: [] });
    expect(applyFieldErrors(form, null)).toEqual({ applied: 0, unmatched: [] });
    expect(set).toEqual([]);
  });
});
