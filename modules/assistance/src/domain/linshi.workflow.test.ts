import { describe, expect, it } from 'vitest';
import { computeClocks, nextDue } from '@mz/workflow';
import { LINSHI_WORKFLOW } from './linshi.workflow.ts';
import { at, HOME_VISIT, newCase, refusal, take, walk } from './testing/case-walk.ts';

const def = LINSHI_WORKFLOW;
/** As linshiCaseSettings writes them: quota 2,400 元 (4 × 600). */
const settings = (patch: Record<string, string | number> = {}) => ({
  approvalLevel: 'township', paperworkWorkingDays: 5, townshipQuotaFen: 240000, linshiType: 'emergency', publicityDays: 7, advancePayHours: 48, ...patch,
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

  it('must be paid within the configured hours of the grant, holidays or not', () => {
    // Granted on the eve of 国庆 2025 (holiday 10-01 to 10-08): emergency money does not wait for it.
    const granted = take(def, accepted(settings(), ['advance']), 'townshipApprover', 'advance_grant', { ...grant, on: '2025-09-30' });
    const payClock = (c: typeof granted, now: string) => computeClocks(def, c, new Date(now)).find((k) => k.key === 'advance_payment');
    expect(payClock(granted, '2025-10-01T09:00:00+08:00')).toMatchObject({
      name: '先行救助发放', unit: 'hours', amount: 48, status: 'running', due: '2025-10-02T02:00:00.000Z', remaining: 25,
    });
    expect(nextDue(computeClocks(def, granted, new Date('2025-10-01T09:00:00+08:00')))?.key).toBe('advance_payment');
    expect(payClock(granted, '2025-10-02T11:00:00+08:00')).toMatchObject({ status: 'overdue', remaining: -1 });
    expect(payClock(take(def, granted, 'townshipClerk', 'pay_advance', { on: '2025-10-01', data: { ...PAYMENT, paidOn: '2025-10-01' } }), '2025-10-09T10:00:00+08:00'))
      .toMatchObject({ status: 'met' });
    // A local rule of 24 hours (济宁、邹平) comes from the case's settings.
    const strict = take(def, accepted(settings({ advancePayHours: 24 }), ['advance']), 'townshipApprover', 'advance_grant', { ...grant, on: '2025-09-30' });
    expect(payClock(strict, '2025-10-01T09:00:00+08:00')).toMatchObject({ amount: 24, due: '2025-10-01T02:00:00.000Z', status: 'running' });
  });

  it('counts the paperwork in working days across 国庆 and its 调休 Saturday', () => {
    // Paid Tuesday 2025-09-30. 10-01…10-08 are holidays; Saturday 10-11 is a make-up working day:
    // 10-09, 10-10, 10-11, 10-13, 10-14 → due Tuesday 10-14, not 10-07 as calendar counting would say.
    let c = take(def, accepted(settings(), ['advance']), 'townshipApprover', 'advance_grant', { ...grant, on: '2025-09-29' });
    c = take(def, c, 'townshipClerk', 'pay_advance', { on: '2025-09-30', data: { ...PAYMENT, paidOn: '2025-09-30' } });
    const clock = (now: string) => computeClocks(def, c, at(now)).find((k) => k.key === 'paperwork');
    expect(clock('2025-10-08')).toMatchObject({ status: 'running', due: '2025-10-14', remaining: 5 });
    expect(clock('2025-10-11')).toMatchObject({ status: 'running', remaining: 2 });
    expect(clock('2025-10-14')).toMatchObject({ status: 'running', remaining: 0 });
    expect(clock('2025-10-15')).toMatchObject({ status: 'overdue', remaining: -1 });
    expect(nextDue(computeClocks(def, c, at('2025-10-15')))).toMatchObject({ key: 'paperwork', due: '2025-10-14' });
    const done = take(def, c, 'townshipClerk', 'complete_paperwork', {
      on: '2025-10-13', opinion: '已补齐审批材料', data: { completedOn: '2025-10-13', explanation: '补充入户调查表和审批表' },
    });
    expect(computeClocks(def, done, at('2025-10-20')).find((k) => k.key === 'paperwork')).toMatchObject({ status: 'met', remaining: 1 });
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
