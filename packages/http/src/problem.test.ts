import { describe, expect, it } from 'vitest';
import { DomainError, invalid } from '@mz/kernel';
import { DatabaseError } from '@mz/db';
import { toProblem } from './problem.ts';

describe('toProblem', () => {
  it('passes a DomainError through with its Chinese title and field errors', () => {
    const { problem, unexpected } = toProblem(invalid('密码不符合要求', [{ path: 'password', message: '密码至少 8 位' }]));
    expect(unexpected).toBe(false);
    expect(problem).toMatchObject({ status: 422, code: 'INVALID', title: '密码不符合要求', errors: [{ path: 'password', message: '密码至少 8 位' }] });
  });

  it.each([
    ['23505', 409, 'DUPLICATE'],
    ['23503', 409, 'REFERENCE'],
    ['42501', 403, 'OUT_OF_SCOPE'],
    ['40001', 409, 'CONFLICT'],
  ])('maps PostgreSQL %s to %i %s on either engine', (code, status, problemCode) => {
    const { problem } = toProblem(new DatabaseError({ message: 'x', code }));
    expect(problem).toMatchObject({ status, code: problemCode });
  });

  it('hides everything about an unexpected error', () => {
    const err = new Error('connection string postgres://secret@db leaked?');
    const { problem, unexpected } = toProblem(err);
    expect(unexpected).toBe(true);
    expect(problem).toEqual({ type: 'urn:minzheng:problem:internal', title: '服务器内部错误', status: 500, code: 'INTERNAL', detail: '请稍后重试；如持续出现请联系系统管理员' });
    expect(JSON.stringify(problem)).not.toMatch(/secret|stack|Error/);
  });

  it('keeps a custom DomainError code and status', () => {
    const { problem } = toProblem(new DomainError({ code: 'AUTH_LOCKED', status: 423, title: '账号已锁定' }));
    expect(problem).toMatchObject({ status: 423, code: 'AUTH_LOCKED', type: 'urn:minzheng:problem:auth_locked' });
  });
});
