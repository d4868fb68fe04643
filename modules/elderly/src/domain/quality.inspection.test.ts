import { describe, expect, it } from 'vitest';
import { categoriesOf, defaultDeadline, findingActionProblem, isOverdue, rectifyDaysProblems } from './quality.inspection.ts';

describe('rectification deadlines (start day not counted)', () => {
  it.each([
    ['重大隐患 7 days', '2026-03-03', 'major', undefined, '2026-03-10'],
    ['一般问题 30 days', '2026-03-03', 'general', undefined, '2026-04-02'],
    ['一般问题 across the year end', '2026-12-15', 'general', undefined, '2027-01-14'],
    ['重大隐患 immediate (0 days) under a regional rule', '2026-03-03', 'major', { major: 0, general: 15 }, '2026-03-03'],
    ['一般问题 15 days under a regional rule', '2026-02-20', 'general', { major: 0, general: 15 }, '2026-03-07'],
  ] as const)('%s', (_c, on, severity, days, due) => {
    expect(defaultDeadline(on, severity, days)).toBe(due);
  });

  it.each([
    ['open, deadline today → not yet overdue', 'open', '2026-03-10', '2026-03-10', false],
    ['open, deadline yesterday → overdue', 'open', '2026-03-10', '2026-03-11', true],
    ['rectified awaiting verification → not overdue', 'rectified', '2026-03-10', '2026-04-01', false],
    ['verified → never overdue', 'verified', '2026-03-10', '2026-04-01', false],
  ] as const)('%s', (_c, status, deadline, today, overdue) => {
    expect(isOverdue(status, deadline, today)).toBe(overdue);
  });

  it('moves a finding open → rectified → verified, or back to open on rejection', () => {
    expect(findingActionProblem('rectify', 'open')).toBeNull();
    expect(findingActionProblem('verify', 'rectified')).toBeNull();
    expect(findingActionProblem('reject', 'rectified')).toBeNull();
    expect(findingActionProblem('verify', 'open')).toBe('当前状态为“待整改”，不能验证通过');
    expect(findingActionProblem('rectify', 'verified')).toBe('当前状态为“已验证销号”，不能报送整改');
  });

  it('checks regional days and which checklists a kind covers', () => {
    expect(rectifyDaysProblems({ major: 7, general: 30 })).toEqual([]);
    expect(rectifyDaysProblems({ major: 40, general: 30 })).toEqual(['重大隐患的整改期限不应长于一般问题']);
    expect(rectifyDaysProblems({ major: -1, general: 1.5 })).toHaveLength(2);
    expect(categoriesOf('combined')).toEqual(['fire', 'service']);
    expect(categoriesOf('fire')).toEqual(['fire']);
  });
});
