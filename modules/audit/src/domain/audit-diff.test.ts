import { describe, expect, it } from 'vitest';
import { diffFields } from './audit-diff.ts';

describe('diffFields', () => {
  it.each([
    ['creation lists every field', null, { name: '张伟', status: 'active' }, { name: { before: null, after: '张伟' }, status: { before: null, after: 'active' } }],
    ['deletion lists every field', { name: '张伟' }, null, { name: { before: '张伟', after: null } }],
    ['unchanged fields are left out', { name: '张伟', region: '220105003000' }, { name: '张伟', region: '220105001000' }, { region: { before: '220105003000', after: '220105001000' } }],
    ['arrays compare by value', { roles: ['clerk'] }, { roles: ['clerk', 'reviewer'] }, { roles: { before: ['clerk'], after: ['clerk', 'reviewer'] } }],
    ['secrets are masked, their change still shows', { passwordHash: 'a' }, { passwordHash: 'b' }, { passwordHash: { before: '***', after: '***' } }],
  ])('%s', (_name, before, after, expected) => {
    expect(diffFields(before, after)).toEqual(expected);
  });

  it('returns null when nothing changed', () => {
    expect(diffFields({ roles: ['clerk'], at: new Date(5) }, { roles: ['clerk'], at: new Date(5) })).toBeNull();
  });
});
