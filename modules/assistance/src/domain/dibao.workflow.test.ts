import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '@mz/kernel';
import { availableActions, computeClocks, type CaseSnapshot } from '@mz/workflow';
import { DIBAO_WORKFLOW } from './dibao.workflow.ts';
import { ASSISTANCE_GUARDS } from './guards.ts';
import { at, CAST, HOME_VISIT, newCase, refusal, take, VERIFICATION, walk, type CastMember } from './testing/case-walk.ts';

const def = DIBAO_WORKFLOW;
const COUNTY_CONFIRMS = { confirmingLevel: 'county', totalWorkingDays: 30, taperMonthsMax: 6 };
const TOWNSHIP_CONFIRMS = { confirmingLevel: 'township', totalWorkingDays: 20, taperMonthsMax: 6 };
const OBJECTION = { receivedOn: '2025-03-12', content: '邻居反映申请人有经营收入' };
const PERSON = '0b0c6a7e-5d1f-4c3a-9e2b-7f8a9b0c1d2e';
const ECONOMICS = { incomes: [{ personId: PERSON, kind: 'wage', monthlyFen: 100000 }], property: {} };

// 受理 on Monday 2025-03-03 (E10), no holiday until 清明 (2025-04-04).
const accepted = (settings = COUNTY_CONFIRMS, flags: string[] = []) =>
  walk(def, newCase(def, settings, flags), [['townshipClerk', 'accept', { on: '2025-03-03' }]]);
const investigating = (settings = COUNTY_CONFIRMS, flags: string[] = []) => walk(def, accepted(settings, flags), [
  ['townshipClerk', 'start_investigation', { on: '2025-03-04' }],
]);
const investigated = (settings = COUNTY_CONFIRMS, flags: string[] = []) => walk(def, investigating(settings, flags), [
  ['villageClerk', 'record_home_visit', { on: '2025-03-05', data: HOME_VISIT }],
  ['townshipClerk', 'request_verification', { on: '2025-03-05', data: { items: ['deposit', 'vehicle', 'real_estate'] } }],
  ['countyClerk', 'record_verification', { on: '2025-03-07', data: VERIFICATION }],
  ['townshipClerk', 'record_economics', { on: '2025-03-07', data: ECONOMICS }],
]);
const reviewed = (settings = COUNTY_CONFIRMS, flags: string[] = []) => walk(def, investigated(settings, flags), [
  ['townshipReviewer', 'preliminary_review', { on: '2025-03-10', opinion: '经调查核实，家庭人均收入低于当地低保标准，同意纳入', data: { recommendation: 'approve', proposedAmountFen: 80000 } }],
]);
const publicising = (settings = COUNTY_CONFIRMS, flags: string[] = []) => walk(def, reviewed(settings, flags), [
  ['townshipClerk', 'start_publicity', { on: '2025-03-10', data: { place: '社区居务公开栏' } }],
]);
const submitted = (settings = COUNTY_CONFIRMS, flags: string[] = []) => walk(def, publicising(settings, flags), [
  ['townshipClerk', 'end_publicity', { on: '2025-03-18' }],
]);
const inPayment = (settings = COUNTY_CONFIRMS) => walk(def, submitted(settings), [
  ['countyApprover', 'approve', { on: '2025-03-20', data: {} }],
]);

describe('低保 happy path by level and role', () => {
  it('walks 已申请 → 保障中 with each step at its level', () => {
    const c = inPayment();
    expect(c.state).toBe('in_payment');
    expect(c.decisions.map((d) => [d.action, d.actorLevel, d.toState])).toEqual([
      ['accept', 'township', 'accepted'],
      ['start_investigation', 'township', 'investigating'],
      ['record_home_visit', 'village', 'investigating'],
      ['request_verification', 'township', 'investigating'],
      ['record_verification', 'county', 'investigating'],
      ['record_economics', 'township', 'investigating'],
      ['preliminary_review', 'township', 'preliminary_done'],
      ['start_publicity', 'township', 'in_publicity'],
      ['end_publicity', 'township', 'awaiting_confirmation'],
      ['approve', 'county', 'in_payment'],
    ]);
    expect(Object.keys(c.events).sort()).toEqual(
      ['accepted', 'applied', 'decided', 'investigation_started', 'preliminary_done', 'publicity_started', 'submitted', 'verification_requested'],
    );
  });

  it('meets every clock on that path (E10: investigation by working day 3, decision by working day 30)', () => {
    const clocks = Object.fromEntries(computeClocks(def, inPayment(), at('2025-03-20')).map((k) => [k.key, [k.status, k.due]]));
    expect(clocks).toEqual({
      investigation_start: ['met', '2025-03-06'],
      publicity: ['met', '2025-03-17'],
      confirmation: ['met', '2025-04-01'],
      total: ['met', '2025-04-15'],
      refusal_notice: ['not_started', null],
    });
    expect(addWorkingDays('2025-03-03', 30)).toBe('2025-04-15');
  });

  it('lets the township confirm where it is delegated, within 20 working days (2022通知四(一))', () => {
    const c = walk(def, submitted(TOWNSHIP_CONFIRMS), [['townshipApprover', 'approve', { on: '2025-03-20', data: {} }]]);
    expect(c.state).toBe('in_payment');
    expect(computeClocks(def, c, at('2025-03-20')).find((k) => k.key === 'total')).toMatchObject({ due: '2025-03-31', status: 'met' });
  });

  it('refuses, then the township serves the notice within 3 working days', () => {
    let c = walk(def, submitted(), [['countyApprover', 'refuse', { on: '2025-03-20', opinion: '家庭人均收入高于当地低保标准' }]]);
    expect(c.state).toBe('refused');
    expect(computeClocks(def, c, at('2025-03-21')).find((k) => k.key === 'refusal_notice')).toMatchObject({ status: 'running', due: '2025-03-25' });
    c = take(def, c, 'townshipClerk', 'deliver_refusal', { on: '2025-03-24', data: { deliveredOn: '2025-03-24', method: 'in_person', recipient: '王秀英' } });
    expect(c.state).toBe('refusal_served');
    expect(computeClocks(def, c, at('2025-03-24')).find((k) => k.key === 'refusal_notice')?.status).toBe('met');
  });

  it('offers a township clerk exactly the acceptance steps on a new application', () => {
    const keys = availableActions(def, ASSISTANCE_GUARDS, newCase(def, COUNTY_CONFIRMS), CAST.townshipClerk, at('2025-03-03')).map((a) => a.key);
    expect(keys).toEqual(['accept', 'request_materials', 'reject_application', 'withdraw']);
    expect(availableActions(def, ASSISTANCE_GUARDS, newCase(def, COUNTY_CONFIRMS), CAST.villageClerk, at('2025-03-03'))).toEqual([]);
  });
});

describe('低保: who may take each step', () => {
  const ALL = Object.keys(CAST) as CastMember[];
  const TOWNSHIP_CLERKS: CastMember[] = ['townshipClerk', 'townshipClerk2'];
  const rows: [string, () => CaseSnapshot, string, unknown, CastMember[]][] = [
    ['accept', () => newCase(def, COUNTY_CONFIRMS), '2025-03-03', undefined, TOWNSHIP_CLERKS],
    ['request_materials', () => newCase(def, COUNTY_CONFIRMS), '2025-03-03', { missingItems: ['户口簿复印件'] }, TOWNSHIP_CLERKS],
    ['start_investigation', accepted, '2025-03-04', undefined, TOWNSHIP_CLERKS],
    ['record_home_visit', investigating, '2025-03-05', HOME_VISIT, ['villageClerk', ...TOWNSHIP_CLERKS]],
    ['record_verification', investigating, '2025-03-05', VERIFICATION, [...TOWNSHIP_CLERKS, 'countyClerk']],
    ['preliminary_review', investigated, '2025-03-10', { recommendation: 'approve' }, ['townshipReviewer', 'townshipReviewer2', 'townshipLead']],
    ['start_publicity', reviewed, '2025-03-10', { place: '社区居务公开栏' }, TOWNSHIP_CLERKS],
    ['end_publicity', publicising, '2025-03-18', undefined, TOWNSHIP_CLERKS],
    ['record_objection', publicising, '2025-03-12', OBJECTION, ['villageClerk', ...TOWNSHIP_CLERKS]],
    ['approve', submitted, '2025-03-20', {}, ['countyApprover']],
    ['refuse', submitted, '2025-03-20', undefined, ['countyApprover']],
    ['approve', () => submitted(TOWNSHIP_CONFIRMS), '2025-03-20', {}, ['townshipApprover', 'townshipLead']],
    ['county_home_visit', submitted, '2025-03-19', HOME_VISIT, ['countyClerk', 'countyReviewer', 'countyApprover']],
    ['extend', submitted, '2025-03-19', { reason: 'objection' }, ['countyApprover']],
    ['terminate_procedure', investigating, '2025-03-05', undefined,
      ['townshipReviewer', 'townshipReviewer2', 'townshipApprover', 'townshipLead', 'countyReviewer', 'countyApprover']],
    ['recheck', inPayment, '2025-09-20', { checkedOn: '2025-09-20', result: 'unchanged', findings: '家庭情况无变化' },
      ['townshipClerk', 'townshipClerk2', 'townshipReviewer', 'townshipReviewer2', 'townshipLead', 'countyClerk', 'countyReviewer']],
    ['adjust', inPayment, '2025-09-20', { direction: 'increase', newAmountFen: 90000, effectiveMonth: '2025-10', reasons: '家庭成员患重病' }, ['countyApprover']],
  ];
  const cases = rows.flatMap(([action, snap, on, data, allowed]) => ALL.map((who) => [action, who, allowed.includes(who), snap, on, data] as const));

  it.each(cases)('%s by %s → allowed %s', (action, who, allowed, snap, on, data) => {
    const result = refusal(def, snap(), who, action, { on, data, opinion: '同意' });
    const expected = allowed ? null : who === 'otherTownshipClerk' ? 'NOT_FOUND' : 'NOT_YOUR_STEP';
    expect(result?.code ?? null).toBe(expected);
  });
});

describe('低保: steps refused in the wrong state or without what the rules require', () => {
  it.each([
    ['accept', accepted, 'townshipClerk', '2025-03-04', undefined],
    ['approve', investigated, 'countyApprover', '2025-03-10', {}],
    ['end_publicity', reviewed, 'townshipClerk', '2025-03-20', undefined],
    ['deliver_refusal', inPayment, 'townshipClerk', '2025-03-21', { deliveredOn: '2025-03-21', method: 'post', recipient: '王秀英' }],
    ['taper', submitted, 'countyApprover', '2025-03-21', { months: 3, fromMonth: '2025-04', reason: '就业' }],
    ['start_publicity', publicising, 'townshipClerk', '2025-03-12', { place: '社区居务公开栏' }],
  ] as const)('%s in the wrong state is refused', (action, snap, who, on, data) => {
    expect(refusal(def, snap(), who, action, { on, opinion: '意见', data })?.code).toBe('ILLEGAL_TRANSITION');
  });

  it('refuses 初审 before a home visit by two investigators and before the 核对 result', () => {
    expect(refusal(def, investigating(), 'townshipReviewer', 'preliminary_review', { on: '2025-03-05', opinion: '同意', data: { recommendation: 'approve' } }))
      .toEqual({ code: 'GUARD', title: '须先完成入户调查并记录，调查人员不少于2人（低保办法第十六条）' });
    const visited = take(def, investigating(), 'villageClerk', 'record_home_visit', { on: '2025-03-05', data: HOME_VISIT });
    expect(refusal(def, visited, 'townshipReviewer', 'preliminary_review', { on: '2025-03-05', opinion: '同意', data: { recommendation: 'approve' } }))
      .toEqual({ code: 'GUARD', title: '须先申请家庭经济状况信息核对（低保办法第十七条）' });
    const requested = take(def, visited, 'townshipClerk', 'request_verification', { on: '2025-03-05', data: {} });
    expect(refusal(def, requested, 'townshipReviewer', 'preliminary_review', { on: '2025-03-05', opinion: '同意', data: { recommendation: 'approve' } })?.title)
      .toBe('信息核对结果尚未录入，录入后方可初审（低保办法第十七条）');
  });

  it('refuses a home visit record with one investigator (schema)', () => {
    expect(() => take(def, investigating(), 'villageClerk', 'record_home_visit', { on: '2025-03-05', data: { ...HOME_VISIT, investigators: ['张伟', '张伟'] } }))
      .toThrow('调查人员不得少于2人（低保办法第十六条）');
  });

  it('keeps the 公示 open for 7 days: started on 03-10, it ends on 03-17 and may be closed from 03-18', () => {
    expect(refusal(def, publicising(), 'townshipClerk', 'end_publicity', { on: '2025-03-17' }))
      .toEqual({ code: 'GUARD', title: '公示期7日，至 2025-03-17 届满，期满后方可办理（低保办法第十九条）' });
    expect(refusal(def, publicising(), 'townshipClerk', 'end_publicity', { on: '2025-03-18' })).toBeNull();
  });

  it('sends an objection through re-investigation or 民主评议 to a new 初审 and a new 公示', () => {
    const objected = walk(def, publicising(), [['villageClerk', 'record_objection', { on: '2025-03-12', opinion: '邻居反映申请人有经营收入', data: OBJECTION }]]);
    expect(objected.state).toBe('publicity_objected');
    const deliberated = take(def, objected, 'townshipClerk', 'democratic_review', {
      on: '2025-03-14', data: { heldOn: '2025-03-14', participants: 9, result: '评议认为经营收入为偶发，仍符合条件' },
    });
    expect(deliberated.state).toBe('deliberated');
    const again = walk(def, deliberated, [
      ['townshipReviewer2', 'preliminary_review', { on: '2025-03-17', opinion: '经民主评议，维持初审意见', data: { recommendation: 'approve' } }],
      ['townshipClerk', 'start_publicity', { on: '2025-03-17', data: { place: '社区居务公开栏' } }],
    ]);
    // The second 公示 restarts the 7 days.
    expect(refusal(def, again, 'townshipClerk', 'end_publicity', { on: '2025-03-21' })?.code).toBe('GUARD');
    expect(take(def, again, 'townshipClerk', 'end_publicity', { on: '2025-03-25' }).state).toBe('awaiting_confirmation');

    const reinvestigated = take(def, objected, 'townshipClerk', 'reinvestigate', { on: '2025-03-13' });
    expect(reinvestigated.state).toBe('investigating');
    // The first clock stays met: re-investigation does not restamp investigation_started.
    expect(computeClocks(def, reinvestigated, at('2025-03-13')).find((k) => k.key === 'investigation_start')?.status).toBe('met');
  });

  it('needs a county home visit before confirming a near-kin case (低保办法第十一条、第二十条)', () => {
    const c = submitted(COUNTY_CONFIRMS, ['near_kin']);
    expect(refusal(def, c, 'countyApprover', 'approve', { on: '2025-03-20', data: {} })?.code).toBe('REQUIRED_STEP');
    const visited = take(def, c, 'countyClerk', 'county_home_visit', { on: '2025-03-19', data: HOME_VISIT });
    expect(take(def, visited, 'countyApprover', 'approve', { on: '2025-03-20', data: {} }).state).toBe('in_payment');
  });

  it('needs a county home visit after a complaint during confirmation', () => {
    const complained = take(def, submitted(), 'countyClerk', 'record_complaint', {
      on: '2025-03-19', opinion: '群众来信反映', data: { receivedOn: '2025-03-19', content: '反映申请人家庭有车辆' },
    });
    expect(refusal(def, complained, 'countyApprover', 'approve', { on: '2025-03-20', data: {} }))
      .toEqual({ code: 'GUARD', title: '审核确认期间收到投诉，须经县级民政部门入户核查后方可确认（低保办法第二十条第二款）' });
    const visited = take(def, complained, 'countyReviewer', 'county_home_visit', { on: '2025-03-20', data: HOME_VISIT });
    expect(refusal(def, visited, 'countyApprover', 'approve', { on: '2025-03-21', data: {} })).toBeNull();
  });

  it('separates 初审 and confirmation: one township official may not take both', () => {
    const c = walk(def, investigated(TOWNSHIP_CONFIRMS), [
      ['townshipLead', 'preliminary_review', { on: '2025-03-10', opinion: '同意', data: { recommendation: 'approve' } }],
      ['townshipClerk', 'start_publicity', { on: '2025-03-10', data: { place: '社区居务公开栏' } }],
      ['townshipClerk', 'end_publicity', { on: '2025-03-18' }],
    ]);
    expect(refusal(def, c, 'townshipLead', 'approve', { on: '2025-03-20', data: {} })?.code).toBe('SEPARATION_OF_DUTIES');
    expect(refusal(def, c, 'townshipApprover', 'approve', { on: '2025-03-20', data: {} })).toBeNull();
  });

  it('extends to 45 working days once, with a reason (低保办法第二十二条)', () => {
    const extended = take(def, submitted(), 'countyApprover', 'extend', { on: '2025-03-19', opinion: '公示期间有异议，需进一步核实', data: { reason: 'objection' } });
    expect(extended.settings.totalWorkingDays).toBe(45);
    expect(computeClocks(def, extended, at('2025-03-19')).find((k) => k.key === 'total')?.due).toBe('2025-05-08');
    expect(refusal(def, extended, 'countyApprover', 'extend', { on: '2025-03-20', opinion: '再次延期', data: { reason: 'other' } }))
      .toEqual({ code: 'GUARD', title: '办理时限已延长至45个工作日，不能再次延长（低保办法第二十二条）' });
    expect(refusal(def, submitted(), 'countyApprover', 'extend', { on: '2025-03-19', data: { reason: 'objection' } })?.code).toBe('OPINION_REQUIRED');
  });

  it('ends the procedure when the family does not cooperate (低保办法第二十九条)', () => {
    const c = take(def, investigating(), 'townshipReviewer', 'terminate_procedure', { on: '2025-03-06', opinion: '申请人无正当理由拒不配合入户调查' });
    expect(c.state).toBe('procedure_terminated');
    expect(refusal(def, c, 'townshipClerk', 'accept', { on: '2025-03-07' })?.code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('低保 in payment: recheck, adjust, suspend, taper, terminate (低保办法第三十一至三十三条; 救助法第四十八条)', () => {
  it('reduces only after hearing the family', () => {
    const decrease = { direction: 'decrease', newAmountFen: 50000, effectiveMonth: '2025-10', reasons: '家庭成员实现就业' };
    expect(() => take(def, inPayment(), 'countyApprover', 'adjust', { on: '2025-09-20', opinion: '减发', data: decrease }))
      .toThrow('减发前须听取家庭意见（救助法第四十八条）');
    expect(refusal(def, inPayment(), 'countyApprover', 'adjust', { on: '2025-09-20', opinion: '减发', data: { ...decrease, familyHeardOn: '2025-09-25' } }))
      .toEqual({ code: 'GUARD', title: '听取家庭意见的日期不能晚于今天' });
    const c = take(def, inPayment(), 'countyApprover', 'adjust', { on: '2025-09-20', opinion: '减发', data: { ...decrease, familyHeardOn: '2025-09-18' } });
    expect(c.state).toBe('in_payment');
  });

  it('limits 渐退 to the configured months', () => {
    const taper = (months: number) => ({ months, fromMonth: '2025-10', reason: '家庭成员就业后人均收入超过低保标准' });
    expect(refusal(def, inPayment(), 'countyApprover', 'taper', { on: '2025-09-20', opinion: '同意渐退', data: taper(7) }))
      .toEqual({ code: 'GUARD', title: '渐退期不超过6个月（低保办法第三十三条；2022通知一(三)）' });
    const short = { ...COUNTY_CONFIRMS, taperMonthsMax: 3 };
    expect(refusal(def, inPayment(short), 'countyApprover', 'taper', { on: '2025-09-20', opinion: '同意渐退', data: taper(4) })?.code).toBe('GUARD');
    const tapering = take(def, inPayment(), 'countyApprover', 'taper', { on: '2025-09-20', opinion: '同意渐退', data: taper(6) });
    expect(tapering.state).toBe('tapering');
    const ended = take(def, tapering, 'countyApprover', 'terminate', {
      on: '2026-03-20', opinion: '渐退期满',
      data: { cause: 'taper_ended', reasons: '渐退期满，家庭人均收入持续高于低保标准', stopMonth: '2026-04', familyHeardOn: '2026-03-15' },
    });
    expect(ended.state).toBe('terminated');
    expect(ended.events.terminated).toBeDefined();
  });

  it('suspends and resumes', () => {
    const suspended = take(def, inPayment(), 'countyApprover', 'suspend', { on: '2025-09-20', opinion: '暂停', data: { fromMonth: '2025-10', reasons: '家庭成员外出务工，收入待核实' } });
    expect(suspended.state).toBe('suspended');
    expect(take(def, suspended, 'countyApprover', 'resume', { on: '2025-10-20', opinion: '恢复', data: { fromMonth: '2025-11', reasons: '核实后仍符合条件' } }).state).toBe('in_payment');
  });

  it('stops after a death without a hearing, otherwise only after one', () => {
    const stop = { reasons: '保障对象于2025-09-01死亡', stopMonth: '2025-10' };
    expect(take(def, inPayment(), 'countyApprover', 'terminate', { on: '2025-09-20', opinion: '停保', data: { ...stop, cause: 'death' } }).state).toBe('terminated');
    expect(() => take(def, inPayment(), 'countyApprover', 'terminate', { on: '2025-09-20', opinion: '停保', data: { ...stop, cause: 'income_exceeds' } }))
      .toThrow('停发前须听取家庭意见（救助法第四十八条）');
  });
});

describe('低保办法第三十四条: refused jobs and one member\'s share', () => {
  const SPOUSE = '2c7e1f40-8a3b-4d5e-9f60-718293a4b5c6';
  const refused = (offeredOn: string, goodReason = false) => ({
    personId: SPOUSE, offeredOn, job: '小区保洁员', employer: '岭东物业公司', goodReason, ...(goodReason ? { note: '需照顾卧床老人' } : {}),
  });
  const exclusion = { personId: SPOUSE, fromMonth: '2025-11', reasons: '无正当理由连续三次拒绝社区介绍的工作', familyHeardOn: '2025-10-10' };
  const threeRefusals = () => walk(def, inPayment(), [
    ['villageClerk', 'record_job_refusal', { on: '2025-09-01', data: refused('2025-09-01') }],
    ['townshipClerk', 'record_job_refusal', { on: '2025-09-15', data: refused('2025-09-15') }],
    ['villageClerk', 'record_job_refusal', { on: '2025-10-08', data: refused('2025-10-08') }],
  ]);

  it.each([
    ['record_job_refusal', refused('2025-09-01'), ['villageClerk', 'townshipClerk', 'townshipClerk2']],
    ['record_job_accepted', { personId: SPOUSE, acceptedOn: '2025-09-01', job: '保安', employer: '岭东物业公司' }, ['villageClerk', 'townshipClerk', 'townshipClerk2']],
  ] as const)('%s is recorded by village and township clerks only', (action, data, allowed) => {
    for (const who of Object.keys(CAST) as CastMember[]) {
      const result = refusal(def, inPayment(), who, action, { on: '2025-09-02', data });
      const expected = (allowed as readonly string[]).includes(who) ? null : who === 'otherTownshipClerk' ? 'NOT_FOUND' : 'NOT_YOUR_STEP';
      expect(result?.code ?? null, who).toBe(expected);
    }
  });

  it('asks for the reason when a refusal had one', () => {
    expect(() => take(def, inPayment(), 'villageClerk', 'record_job_refusal', { on: '2025-09-02', data: { ...refused('2025-09-01'), goodReason: true } }))
      .toThrow('有正当理由的，请说明理由');
  });

  it('offers the stop to the confirming level only once a member has three refusals in a row', () => {
    const offered = (c: CaseSnapshot) => availableActions(def, ASSISTANCE_GUARDS, c, CAST.countyApprover, at('2025-10-12')).map((a) => a.key);
    const two = walk(def, inPayment(), [
      ['villageClerk', 'record_job_refusal', { on: '2025-09-01', data: refused('2025-09-01') }],
      ['villageClerk', 'record_job_refusal', { on: '2025-09-15', data: refused('2025-09-15') }],
    ]);
    expect(offered(two)).not.toContain('exclude_member');
    expect(refusal(def, two, 'countyApprover', 'exclude_member', { on: '2025-10-12', opinion: '停发', data: exclusion }))
      .toEqual({ code: 'GUARD', title: '该成员无正当理由连续拒绝介绍的工作2次，未达到连续三次，不能停发其本人保障金（低保办法第三十四条）' });
    expect(offered(threeRefusals())).toContain('exclude_member');
  });

  it('does not count refusals broken by a good reason or a job taken up', () => {
    const broken = walk(def, inPayment(), [
      ['villageClerk', 'record_job_refusal', { on: '2025-09-01', data: refused('2025-09-01') }],
      ['villageClerk', 'record_job_refusal', { on: '2025-09-15', data: refused('2025-09-15', true) }],
      ['villageClerk', 'record_job_refusal', { on: '2025-10-01', data: refused('2025-10-01') }],
      ['villageClerk', 'record_job_refusal', { on: '2025-10-08', data: refused('2025-10-08') }],
    ]);
    expect(refusal(def, broken, 'countyApprover', 'exclude_member', { on: '2025-10-12', opinion: '停发', data: exclusion })?.code).toBe('GUARD');
    const working = take(def, threeRefusals(), 'townshipClerk', 'record_job_accepted', {
      on: '2025-10-09', data: { personId: SPOUSE, acceptedOn: '2025-10-09', job: '保安', employer: '岭东物业公司' },
    });
    expect(refusal(def, working, 'countyApprover', 'exclude_member', { on: '2025-10-12', opinion: '停发', data: exclusion })?.code).toBe('GUARD');
  });

  it('stops the share by the confirming level, with the family heard and an opinion, and only once', () => {
    const c = threeRefusals();
    expect(refusal(def, c, 'townshipApprover', 'exclude_member', { on: '2025-10-12', opinion: '停发', data: exclusion })?.code).toBe('NOT_YOUR_STEP');
    expect(refusal(def, c, 'countyApprover', 'exclude_member', { on: '2025-10-12', data: exclusion })?.code).toBe('OPINION_REQUIRED');
    expect(() => take(def, c, 'countyApprover', 'exclude_member', { on: '2025-10-12', opinion: '停发', data: { ...exclusion, familyHeardOn: undefined } }))
      .toThrow('请填写听取家庭意见日期');
    expect(refusal(def, c, 'countyApprover', 'exclude_member', { on: '2025-10-09', opinion: '停发', data: exclusion }))
      .toEqual({ code: 'GUARD', title: '听取家庭意见的日期不能晚于今天' });
    const stopped = take(def, c, 'countyApprover', 'exclude_member', { on: '2025-10-12', opinion: '停发其本人保障金', data: exclusion });
    expect(stopped.state).toBe('in_payment');
    // The decision consumed the run: the same refusals cannot ground a second stop.
    expect(refusal(def, stopped, 'countyApprover', 'exclude_member', { on: '2025-10-13', opinion: '停发', data: exclusion })?.code).toBe('GUARD');
  });
});
