import { describe, expect, it } from 'vitest';
import { computeClocks } from '@mz/workflow';
import { LINSHI_WORKFLOW } from './linshi.workflow.ts';
import { at, HOME_VISIT, newCase, refusal, take, walk } from './testing/case-walk.ts';

const def = LINSHI_WORKFLOW;
/** As linshiCaseSettings writes them: quota 2,400 元 (4 × 600). */
const settings = (patch: Record<string, string | number> = {}) => ({
  approvalLevel: 'township', paperworkWorkingDays: 5, townshipQuotaFen: 240000, linshiType: 'emergency', publicityDays: 7, ...patch,
});
const PAYMENT = { paidOn: '2025-03-21', amountFen: 200000, method: 'bank' };

const accepted = (s = settings(), flags: string[] = []) => take(def, newCase(def, s, flags), 'townshipClerk', 'accept', { on: '2025-03-03' });
const awaitingApproval = (s = settings()) => walk(def, accepted(s), [
  ['townshipClerk', 'start_investigation', { on: '2025-03-03' }],
  ['villageClerk', 'record_home_visit', { on: '2025-03-04', data: HOME_VISIT }],
  ['townshipReviewer', 'township_review', { on: '2025-03-05', opinion: '因火灾导致基本生活暂时困难，同意救助', data: { recommendation: 'approve', proposedAmountFen: 200000 } }],
  ['townshipClerk', 'start_publicity', { on: '2025-03-05', data: { place: '社区居务公开栏' } }],
  ['townshipClerk', 'end_publicity', { on: '2025-03-13' }],
]);

describe('临时救助 一般程序', () => {
  it('is approved by the township within its quota, then paid', () => {
    const c = walk(def, awaitingApproval(), [
      ['townshipApprover', 'approve', { on: '2025-03-14', data: { form: 'cash' } }],
      ['townshipClerk', 'record_payment', { on: '2025-03-17', data: PAYMENT }],
    ]);
    expect(c.state).toBe('paid');
    expect(c.decisions.map((d) => d.actorLevel)).toEqual(['township', 'township', 'village', 'township', 'township', 'township', 'township', 'township']);
  });

  it('goes to the county above the quota, and a township approver may not decide it', () => {
    const c = awaitingApproval(settings({ approvalLevel: 'county' }));
    expect(refusal(def, c, 'townshipApprover', 'approve', { on: '2025-03-14' })?.code).toBe('NOT_YOUR_STEP');
    expect(refusal(def, c, 'countyApprover', 'approve', { on: '2025-03-14' })).toBeNull();
  });

  it('keeps a township from raising the amount above its quota', () => {
    const over = { overrideAmountFen: 300000, overrideReason: '火灾损失较大' };
    expect(refusal(def, awaitingApproval(), 'townshipApprover', 'approve', { on: '2025-03-14', data: over }))
      .toEqual({ code: 'GUARD', title: '核定金额超过乡镇（街道）审批额度 2400.00 元，须报县级民政部门审批（暂行办法第四十八条）' });
    expect(() => take(def, awaitingApproval(), 'townshipApprover', 'approve', { on: '2025-03-14', data: { overrideAmountFen: 100000 } }))
      .toThrow('核定金额与测算金额不同时须说明理由');
  });

  it('keeps the 公示 open for the configured days', () => {
    const publicising = walk(def, accepted(settings({ publicityDays: 5 })), [
      ['townshipClerk', 'start_investigation', { on: '2025-03-03' }],
      ['villageClerk', 'record_home_visit', { on: '2025-03-04', data: HOME_VISIT }],
      ['townshipReviewer', 'township_review', { on: '2025-03-05', opinion: '同意', data: { recommendation: 'approve', proposedAmountFen: 100000 } }],
      ['townshipClerk', 'start_publicity', { on: '2025-03-05', data: { place: '社区居务公开栏' } }],
    ]);
    expect(refusal(def, publicising, 'townshipClerk', 'end_publicity', { on: '2025-03-10' })?.code).toBe('GUARD');
    expect(refusal(def, publicising, 'townshipClerk', 'end_publicity', { on: '2025-03-11' })).toBeNull();
  });

  it('refuses 审核 without a home visit, and refuses with a served notice', () => {
    const investigating = take(def, accepted(), 'townshipClerk', 'start_investigation', { on: '2025-03-03' });
    expect(refusal(def, investigating, 'townshipReviewer', 'township_review', { on: '2025-03-04', opinion: '同意', data: { recommendation: 'approve', proposedAmountFen: 1 } })?.code)
      .toBe('GUARD');
    const refused = walk(def, awaitingApproval(), [
      ['townshipApprover', 'refuse', { on: '2025-03-14', opinion: '经核实，损失已由保险赔付' }],
      ['townshipClerk', 'deliver_refusal', { on: '2025-03-17', data: { deliveredOn: '2025-03-17', method: 'in_person', recipient: '李明' } }],
    ]);
    expect(refused.state).toBe('refusal_served');
  });
});

describe('临时救助 先行救助 (救助法第五十条)', () => {
  const grant = { on: '2025-03-03', opinion: '火灾致无家可归，情况紧急，先行救助', data: { amountFen: 200000, form: 'cash' } };

  it('grants at the township, pays, and completes the paperwork within 5 working days', () => {
    let c = take(def, accepted(settings(), ['advance']), 'townshipApprover', 'advance_grant', grant);
    expect(c.state).toBe('advance_granted');
    c = take(def, c, 'townshipClerk', 'pay_advance', { on: '2025-03-04', data: { ...PAYMENT, paidOn: '2025-03-04' } });
    expect(c.state).toBe('paperwork_pending');
    const clock = () => computeClocks(def, c, at('2025-03-05')).find((k) => k.key === 'paperwork');
    expect(clock()).toMatchObject({ status: 'running', due: '2025-03-11', amount: 5 });
    c = take(def, c, 'villageClerk', 'record_home_visit', { on: '2025-03-06', data: HOME_VISIT });
    c = take(def, c, 'townshipClerk', 'complete_paperwork', {
      on: '2025-03-10', opinion: '已补齐审批材料', data: { completedOn: '2025-03-10', explanation: '补充入户调查表、火灾证明和审批表' },
    });
    expect(c.state).toBe('paid');
    expect(computeClocks(def, c, at('2025-03-10')).find((k) => k.key === 'paperwork')?.status).toBe('met');
  });

  it.each([
    [settings({ linshiType: 'expenditure' }), grant.data, '先行救助仅适用于急难型临时救助'],
    [settings({ approvalLevel: 'county' }), grant.data, '救助金额超过乡镇（街道）审批额度，不能先行救助，须按一般程序报县级审批'],
    [settings(), { amountFen: 250000, form: 'cash' }, '先行救助金额不能超过乡镇（街道）审批额度 2400.00 元'],
  ])('is refused when %j', (s, data, title) => {
    expect(refusal(def, accepted(s), 'townshipApprover', 'advance_grant', { ...grant, data })).toEqual({ code: 'GUARD', title });
  });

  it('is granted by the township approver, not the county nor a clerk', () => {
    expect(refusal(def, accepted(), 'countyApprover', 'advance_grant', grant)?.code).toBe('NOT_YOUR_STEP');
    expect(refusal(def, accepted(), 'townshipClerk', 'advance_grant', grant)?.code).toBe('NOT_YOUR_STEP');
    expect(refusal(def, accepted(), 'townshipApprover', 'advance_grant', { ...grant, opinion: null })?.code).toBe('OPINION_REQUIRED');
  });
});
