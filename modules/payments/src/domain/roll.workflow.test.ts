import { describe, expect, it } from 'vitest';
import { availableRollOperations, planRollAction, type RollActor, type RollSnapshot } from './roll.workflow.ts';

const COUNTY = '220105000000';
const actor = (id: string, permissions: string[], regionCode = COUNTY): RollActor => ({ id, regionCode, permissions: new Set(['payments.read', ...permissions]) });
const clerk = actor('u-clerk', ['payments.prepare', 'payments.export']);
const reviewer = actor('u-reviewer', ['payments.review']);
const approver = actor('u-approver', ['payments.approve']);
const roll = (state: RollSnapshot['state'], extra: Partial<RollSnapshot> = {}): RollSnapshot => ({ state, regionCode: COUNTY, generatedBy: 'u-clerk', reviewedBy: null, ...extra });

describe('roll steps', () => {
  it.each([
    ['review', roll('draft'), reviewer, 'reviewed'],
    ['approve', roll('reviewed', { reviewedBy: 'u-reviewer' }), approver, 'approved'],
    ['return', roll('reviewed'), reviewer, 'draft'],
    ['return', roll('approved'), approver, 'draft'],
    ['reconcile', roll('returned'), approver, 'reconciled'],
  ] as const)('%s from %s goes to its next state', (action, r, who, to) => {
    expect(planRollAction(r, who, action, '意见')).toEqual({ to });
  });

  it.each([
    ['approve', roll('draft'), approver, 'ILLEGAL_TRANSITION', '当前状态「草稿」不能办理「审批通过」'],
    ['reconcile', roll('exported'), approver, 'ILLEGAL_TRANSITION', '当前状态「已导出」不能办理「对账完成」'],
    ['review', roll('draft'), clerk, 'NOT_YOUR_STEP', '没有权限办理这一环节'],
    ['return', roll('approved'), reviewer, 'NOT_YOUR_STEP', '没有权限办理这一环节'],
    ['review', roll('draft'), actor('u-clerk', ['payments.review']), 'SEPARATION_OF_DUTIES', '同一工作人员不能连续办理两个审批环节'],
    ['approve', roll('reviewed', { reviewedBy: 'u-x' }), actor('u-x', ['payments.approve']), 'SEPARATION_OF_DUTIES', '同一工作人员不能连续办理两个审批环节'],
    ['review', roll('draft'), actor('u-t', ['payments.review'], '220105003000'), 'NOT_YOUR_STEP', '只有本县（市、区）民政部门可以办理本发放表'],
    ['review', roll('draft'), actor('u-c', ['payments.review'], '220100000000'), 'NOT_YOUR_STEP', '只有本县（市、区）民政部门可以办理本发放表'],
    ['pay', roll('draft'), approver, 'UNKNOWN_ACTION', '没有这个办理环节'],
  ] as const)('%s from %s is refused (%s)', (action, r, who, code, title) => {
    expect(() => planRollAction(r, who, action, '意见')).toThrow(expect.objectContaining({ code, title }));
  });

  it('wants a reason to send a roll back', () => {
    expect(() => planRollAction(roll('reviewed'), reviewer, 'return', '  ')).toThrow(expect.objectContaining({ code: 'OPINION_REQUIRED' }));
  });

  it('an API token never counts as the official who took the previous step', () => {
    expect(planRollAction(roll('draft', { generatedBy: null }), { ...reviewer, id: null }, 'review')).toEqual({ to: 'reviewed' });
  });

  // A reissue batch is discarded and reissued again, never regenerated (the server refuses it).
  it.each([
    ['regular', roll('draft'), clerk, ['regenerate', 'discard']],
    ['run', roll('draft'), clerk, ['regenerate', 'discard']],
    ['reissue', roll('draft'), clerk, ['discard']],
    ['reissue', roll('draft'), reviewer, ['review']],
    ['reissue', roll('approved'), clerk, ['export']],
  ] as const)('offers a %s roll in %j only what the server allows', (kind, r, who, ops) => {
    expect(availableRollOperations({ ...r, kind, openFailures: 0 }, who)).toEqual(ops);
  });

  it.each([
    [roll('draft'), clerk, 0, ['regenerate', 'discard']],
    [roll('draft'), reviewer, 0, ['review']],
    [roll('reviewed', { reviewedBy: 'u-reviewer' }), approver, 0, ['approve', 'return']],
    [roll('approved'), clerk, 0, ['export']],
    [roll('exported'), clerk, 0, ['export', 'import_return']],
    [roll('returned'), clerk, 1, ['export', 'reissue']],
    [roll('returned'), approver, 1, ['reconcile']],
    [roll('draft'), actor('u-t', ['payments.prepare', 'payments.review'], '220105003000'), 0, []],
  ] as const)('offers %j to the right people', (r, who, openFailures, ops) => {
    expect(availableRollOperations({ ...r, kind: 'regular', openFailures }, who)).toEqual(ops);
  });
});
