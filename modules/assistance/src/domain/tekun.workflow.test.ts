import { describe, expect, it } from 'vitest';
import { computeClocks, type CaseSnapshot } from '@mz/workflow';
import { TEKUN_WORKFLOW } from './tekun.workflow.ts';
import { at, CAST, HOME_VISIT, newCase, refusal, take, VERIFICATION, walk, type CastMember } from './testing/case-walk.ts';

const def = TEKUN_WORKFLOW;
const COUNTY_CONFIRMS = { confirmingLevel: 'county' };
const ASSESSMENT = {
  assessedOn: '2025-03-07', assessor: '区民政局委托评估机构',
  items: { eat: true, dress: false, bed: true, toilet: false, walk: true, bath: false }, careMode: 'dispersed',
};
const PRELIMINARY = { on: '2025-03-10', opinion: '申请人年满60周岁，无生活来源，无法定义务人，同意认定', data: { recommendation: 'approve' } };

const investigated = (flags: string[] = []) => walk(def, newCase(def, COUNTY_CONFIRMS, flags), [
  ['townshipClerk', 'accept', { on: '2025-03-03' }],
  ['townshipClerk', 'start_investigation', { on: '2025-03-04' }],
  ['villageClerk', 'record_home_visit', { on: '2025-03-05', data: HOME_VISIT }],
  ['townshipClerk', 'request_verification', { on: '2025-03-05', data: {} }],
  ['countyClerk', 'record_verification', { on: '2025-03-07', data: VERIFICATION }],
  ['countyClerk', 'assess_self_care', { on: '2025-03-07', data: ASSESSMENT }],
]);
const publicising = (flags: string[] = []) => walk(def, investigated(flags), [
  ['townshipReviewer', 'preliminary_review', PRELIMINARY],
  ['townshipClerk', 'start_publicity', { on: '2025-03-10', data: { place: '村务公开栏' } }],
]);
const submitted = (flags: string[] = []) => walk(def, publicising(flags), [['townshipClerk', 'end_publicity', { on: '2025-03-18' }]]);
const inSupport = () => walk(def, submitted(), [['countyApprover', 'approve', { on: '2025-03-20' }]]);

describe('特困 self-care re-assessment on change (特困办法第二十三条)', () => {
  const change = { on: '2025-09-30', opinion: '供养服务机构报告：老人脑梗后如厕、洗澡需人协助', data: { reportedOn: '2025-09-30', reportedBy: '乡敬老院', change: '脑梗后遗症，如厕、洗澡需他人协助' } };
  const clock = (c: CaseSnapshot, on: string) => computeClocks(def, c, at(on)).find((k) => k.key === 'care_reassessment');

  it('gives the county 10 working days from the report, counted across 国庆 and its 调休', () => {
    const supported = inSupport();
    // The assessment before the decision is not the re-assessment a later change calls for.
    expect(clock(supported, '2025-09-29')).toMatchObject({ status: 'not_started' });
    const reported = take(def, supported, 'villageClerk', 'report_care_change', change);
    // 10-09, 10, 11 (调休), 13, 14, 15, 16, 17, 20, 21 → due Tuesday 10-21.
    expect(clock(reported, '2025-10-08')).toMatchObject({ name: '重新评估生活自理能力', status: 'running', due: '2025-10-21', remaining: 10, basis: '特困办法第二十三条' });
    expect(clock(reported, '2025-10-22')).toMatchObject({ status: 'overdue', remaining: -1 });
    const reassessed = take(def, reported, 'countyClerk', 'assess_self_care', { on: '2025-10-20', data: { ...ASSESSMENT, assessedOn: '2025-10-20' } });
    expect(reassessed.state).toBe('in_support');
    expect(clock(reassessed, '2025-10-30')).toMatchObject({ status: 'met', remaining: 1 });
    // A second change starts the clock again.
    const again = take(def, reassessed, 'townshipClerk', 'report_care_change', { ...change, on: '2025-11-03' });
    expect(clock(again, '2025-11-04')).toMatchObject({ status: 'running', due: '2025-11-17' });
  });

  it('is reported by village, township or county staff, with an opinion, only while in support', () => {
    expect(refusal(def, inSupport(), 'villageClerk', 'report_care_change', { ...change, opinion: null })?.code).toBe('OPINION_REQUIRED');
    expect(refusal(def, inSupport(), 'countyReviewer', 'report_care_change', change)).toBeNull();
    expect(refusal(def, inSupport(), 'townshipApprover', 'report_care_change', change)?.code).toBe('NOT_YOUR_STEP');
    expect(refusal(def, submitted(), 'villageClerk', 'report_care_change', change)?.code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('特困 happy path', () => {
  it('walks 已申请 → 供养中 within the 15-working-day clocks (特困办法第十三、十六条)', () => {
    const c = inSupport();
    expect(c.state).toBe('in_support');
    expect(c.decisions.filter((d) => d.fromState !== d.toState).map((d) => [d.action, d.actorLevel])).toEqual([
      ['accept', 'township'], ['start_investigation', 'township'], ['preliminary_review', 'township'],
      ['start_publicity', 'township'], ['end_publicity', 'township'], ['approve', 'county'],
    ]);
    const clocks = Object.fromEntries(computeClocks(def, c, at('2025-03-20')).map((k) => [k.key, [k.status, k.due]]));
    // 受理 03-03 + 15 WD = 03-24; submitted 03-18 + 15 WD = 04-09 (清明 04-04 is a holiday).
    expect(clocks.preliminary).toEqual(['met', '2025-03-24']);
    expect(clocks.confirmation).toEqual(['met', '2025-04-09']);
    expect(clocks.publicity).toEqual(['met', '2025-03-17']);
  });

  it('needs the self-care assessment before confirmation (特困办法第二十条)', () => {
    const c = walk(def, newCase(def, COUNTY_CONFIRMS), [
      ['townshipClerk', 'accept', { on: '2025-03-03' }],
      ['townshipClerk', 'start_investigation', { on: '2025-03-04' }],
      ['villageClerk', 'record_home_visit', { on: '2025-03-05', data: HOME_VISIT }],
      ['townshipClerk', 'request_verification', { on: '2025-03-05', data: {} }],
      ['townshipClerk', 'record_verification', { on: '2025-03-07', data: VERIFICATION }],
      ['townshipReviewer', 'preliminary_review', PRELIMINARY],
      ['townshipClerk', 'start_publicity', { on: '2025-03-10', data: { place: '村务公开栏' } }],
      ['townshipClerk', 'end_publicity', { on: '2025-03-18' }],
    ]);
    expect(refusal(def, c, 'countyApprover', 'approve', { on: '2025-03-20' }))
      .toEqual({ code: 'GUARD', title: '须先完成生活自理能力评估，确定照料护理等级（特困办法第二十条）' });
    const assessed = take(def, c, 'countyReviewer', 'assess_self_care', { on: '2025-03-19', data: ASSESSMENT });
    expect(take(def, assessed, 'countyApprover', 'approve', { on: '2025-03-20' }).state).toBe('in_support');
  });

  it('needs the county spot check on a sampled case (特困办法第十六条)', () => {
    const c = submitted(['spot_check']);
    expect(refusal(def, c, 'countyApprover', 'approve', { on: '2025-03-20' })?.code).toBe('REQUIRED_STEP');
    const checked = take(def, c, 'countyReviewer', 'spot_check', {
      on: '2025-03-19', data: { checkedOn: '2025-03-19', investigators: ['赵敏', '钱进'], result: 'consistent', findings: '与初审意见相符' },
    });
    expect(take(def, checked, 'countyApprover', 'approve', { on: '2025-03-20' }).state).toBe('in_support');
  });

  it('re-reviews after an objection with its own 15-working-day clock (特困办法第十五条)', () => {
    let c = take(def, publicising(), 'villageClerk', 'record_objection', {
      on: '2025-03-12', opinion: '村民反映申请人儿子有赡养能力', data: { receivedOn: '2025-03-12', content: '申请人儿子在外务工，收入较高' },
    });
    c = take(def, c, 'townshipClerk', 'reinvestigate', { on: '2025-03-13' });
    expect(c.state).toBe('reinvestigating');
    expect(computeClocks(def, c, at('2025-03-13')).find((k) => k.key === 'objection_review')).toMatchObject({ status: 'running', due: '2025-04-02' });
    c = take(def, c, 'townshipReviewer2', 'review_again', { on: '2025-03-20', opinion: '经核实，儿子为低保对象，无赡养能力，维持初审意见', data: { recommendation: 'approve' } });
    expect(c.state).toBe('preliminary_done');
    const clocks = Object.fromEntries(computeClocks(def, c, at('2025-03-20')).map((k) => [k.key, k.status]));
    expect(clocks).toMatchObject({ preliminary: 'met', objection_review: 'met' });
  });

  it('refuses and serves written reasons within 3 working days (特困办法第十八条)', () => {
    const c = walk(def, submitted(), [
      ['countyApprover', 'refuse', { on: '2025-03-20', opinion: '申请人之子具有赡养能力' }],
      ['townshipClerk', 'deliver_refusal', { on: '2025-03-21', data: { deliveredOn: '2025-03-21', method: 'via_village', recipient: '村委会' } }],
    ]);
    expect(c.state).toBe('refusal_served');
  });
});

describe('特困: who may take each step', () => {
  const ALL = Object.keys(CAST) as CastMember[];
  const rows: [string, () => CaseSnapshot, string, unknown, CastMember[]][] = [
    ['accept', () => newCase(def, COUNTY_CONFIRMS), '2025-03-03', undefined, ['townshipClerk', 'townshipClerk2']],
    ['assess_self_care', investigated, '2025-03-08', ASSESSMENT, ['townshipClerk', 'townshipClerk2', 'townshipReviewer', 'townshipReviewer2', 'townshipLead', 'countyClerk', 'countyReviewer']],
    ['preliminary_review', investigated, '2025-03-10', { recommendation: 'approve' }, ['townshipReviewer', 'townshipReviewer2', 'townshipLead']],
    ['spot_check', submitted, '2025-03-19', { checkedOn: '2025-03-19', investigators: ['赵敏', '钱进'], result: 'consistent', findings: '相符' },
      ['countyClerk', 'countyReviewer', 'countyApprover']],
    ['approve', submitted, '2025-03-20', undefined, ['countyApprover']],
    ['propose_termination', inSupport, '2025-09-01', { cause: 'death', reasons: '本人死亡', verifiedOn: '2025-09-01' },
      ['townshipClerk', 'townshipClerk2', 'townshipReviewer', 'townshipReviewer2', 'townshipLead']],
  ];
  const cases = rows.flatMap(([action, snap, on, data, allowed]) => ALL.map((who) => [action, who, allowed.includes(who), snap, on, data] as const));

  it.each(cases)('%s by %s → allowed %s', (action, who, allowed, snap, on, data) => {
    const result = refusal(def, snap(), who, action, { on, data, opinion: '同意' });
    expect(result?.code ?? null).toBe(allowed ? null : who === 'otherTownshipClerk' ? 'NOT_FOUND' : 'NOT_YOUR_STEP');
  });
});

describe('特困 termination: township verifies, county publicises 7 days, support stops next month (特困办法第二十五、二十六条)', () => {
  const proposed = (cause: string) => walk(def, inSupport(), [
    ['townshipClerk', 'propose_termination', { on: '2025-09-01', opinion: '经核实拟终止供养', data: { cause, reasons: '经核实不再符合条件', verifiedOn: '2025-09-01' } }],
    ['countyClerk', 'start_termination_publicity', { on: '2025-09-02', data: { place: '村务公开栏' } }],
  ]);
  const terminate = (data: Record<string, unknown>, on = '2025-09-10') =>
    ({ on, opinion: '公示期满无异议，终止供养', data: { reasons: '申请人收入已超过当地低保标准', stopMonth: '2025-10', ...data } });

  it('terminates after the 7 days, with the person heard', () => {
    const c = proposed('no_longer_poor');
    expect(refusal(def, c, 'countyApprover', 'terminate', terminate({ personHeardOn: '2025-09-01' }, '2025-09-09'))?.title)
      .toBe('公示期7日，至 2025-09-09 届满，期满后方可办理（特困办法第二十六条）');
    expect(refusal(def, c, 'countyApprover', 'terminate', terminate({}))).toEqual({ code: 'GUARD', title: '终止供养前须听取本人意见（救助法第四十八条）' });
    const done = take(def, c, 'countyApprover', 'terminate', terminate({ personHeardOn: '2025-09-01' }));
    expect(done.state).toBe('terminated');
    expect(computeClocks(def, done, at('2025-09-10')).find((k) => k.key === 'termination_publicity')?.status).toBe('met');
  });

  it('needs no hearing after a death', () => {
    expect(take(def, proposed('death'), 'countyApprover', 'terminate', terminate({})).state).toBe('terminated');
  });

  it('investigates an objection within 15 working days, then re-publicises or continues support', () => {
    const objected = take(def, proposed('gained_capacity'), 'villageClerk', 'record_termination_objection', {
      on: '2025-09-05', opinion: '本人对终止有异议', data: { receivedOn: '2025-09-05', content: '本人称仍无法劳动' },
    });
    expect(computeClocks(def, objected, at('2025-09-05')).find((k) => k.key === 'termination_objection')).toMatchObject({ status: 'running', due: '2025-09-26' });
    const continued = take(def, objected, 'countyApprover', 'cancel_termination', { on: '2025-09-15', opinion: '经核查，本人仍无劳动能力，继续供养' });
    expect(continued.state).toBe('in_support');
    const republished = take(def, objected, 'countyClerk', 'republish_termination', { on: '2025-09-15', opinion: '异议不成立', data: { findings: '经核查本人已在企业稳定就业' } });
    expect(republished.state).toBe('termination_publicity');
    expect(refusal(def, republished, 'countyApprover', 'terminate', terminate({ personHeardOn: '2025-09-12' }, '2025-09-20'))?.code).toBe('GUARD');
    expect(take(def, republished, 'countyApprover', 'terminate', terminate({ personHeardOn: '2025-09-12' }, '2025-09-23')).state).toBe('terminated');
  });
});
