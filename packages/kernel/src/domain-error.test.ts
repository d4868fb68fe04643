import { describe, expect, it } from 'vitest';
import { conflict, DomainError, forbidden, invalid, isDomainError, notFound, unauthorized } from './domain-error.ts';

describe('helpers map each kind to its code and HTTP status', () => {
  it.each([
    { make: () => notFound('低保申请不存在', 'id=42'), code: 'NOT_FOUND', status: 404, title: '低保申请不存在' },
    { make: () => forbidden('无权查看其他县的数据'), code: 'FORBIDDEN', status: 403, title: '无权查看其他县的数据' },
    { make: () => conflict('该身份证号已有在办申请'), code: 'CONFLICT', status: 409, title: '该身份证号已有在办申请' },
    { make: () => invalid('申请材料不完整'), code: 'INVALID', status: 422, title: '申请材料不完整' },
    { make: () => unauthorized(), code: 'UNAUTHORIZED', status: 401, title: '未登录或登录已过期' },
  ])('$code → $status', ({ make, code, status, title }) => {
    const error = make();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.title).toBe(title);
    expect(isDomainError(error)).toBe(true);
  });
});

describe('DomainError', () => {
  it('keeps field errors and detail, and puts both title and detail in message for logs', () => {
    const error = invalid('家庭成员信息有误', [{ path: 'members[1].idNumber', message: '校验码不正确' }], '共1处错误');
    expect(error.errors).toEqual([{ path: 'members[1].idNumber', message: '校验码不正确' }]);
    expect(error.detail).toBe('共1处错误');
    expect(error.message).toBe('家庭成员信息有误：共1处错误');
    expect(error.name).toBe('DomainError');
  });

  it('message is just the title when there is no detail', () => {
    expect(notFound('区划不存在').message).toBe('区划不存在');
  });

  it('accepts custom codes through the constructor', () => {
    const error = new DomainError({ code: 'DEADLINE_PASSED', status: 409, title: '已超过审核期限', detail: '应于2025-04-14前完成' });
    expect(error.toProblem('https://mz.example/problems/deadline-passed')).toEqual({
      type: 'https://mz.example/problems/deadline-passed',
      title: '已超过审核期限',
      status: 409,
      code: 'DEADLINE_PASSED',
      detail: '应于2025-04-14前完成',
    });
  });

  it('toProblem omits absent optional fields and defaults type to about:blank', () => {
    const problem = forbidden('无权操作').toProblem();
    expect(problem).toEqual({ type: 'about:blank', title: '无权操作', status: 403, code: 'FORBIDDEN' });
    expect('detail' in problem).toBe(false);
    expect('errors' in problem).toBe(false);
  });

  it('isDomainError rejects plain errors and look-alikes without code/status', () => {
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError({ code: 'NOT_FOUND', status: 404 })).toBe(false);
    const copy = Object.assign(new Error('y'), { name: 'DomainError', code: 'X', status: 400 });
    expect(isDomainError(copy)).toBe(true);
  });
});
