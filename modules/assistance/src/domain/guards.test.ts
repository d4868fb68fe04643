import { describe, expect, it } from 'vitest';
import { availableActions, type CaseSnapshot, type DecisionRecord } from '@mz/workflow';
import { DIBAO_WORKFLOW } from './dibao.workflow.ts';
import { ASSISTANCE_GUARDS } from './guards.ts';
import { at, CAST, newCase } from './testing/case-walk.ts';
import { TEKUN_WORKFLOW } from './tekun.workflow.ts';

let seq = 0;
const decision = (action: string, data: unknown = null): DecisionRecord => ({
  seq: ++seq, action, fromState: 'x', toState: 'x', actorId: 'a', actorName: '经办员', actorLevel: 'township', actorRegion: '220105003000',
  at: '2025-03-05T02:00:00.000Z', opinion: null, attachments: [], data,
});
const snapshot = (patch: Partial<CaseSnapshot> = {}): CaseSnapshot =>
  ({ ...newCase(DIBAO_WORKFLOW, { confirmingLevel: 'county', totalWorkingDays: 30, taperMonthsMax: 6 }), ...patch });
const run = (guard: string, c: CaseSnapshot, data?: unknown, action = 'x', on = '2025-03-20', who: keyof typeof CAST = 'countyApprover') =>
  ASSISTANCE_GUARDS[guard]({ case: c, actor: CAST[who], action, data, now: at(on) });

const VISIT = { visitedOn: '2025-03-05', investigators: ['张伟', '李娜'], householdMemberPresent: '王秀英', remote: false, findings: '无' };

describe('guards', () => {
  it.each([
    [[], false],
    [[decision('record_home_visit', { ...VISIT, investigators: ['张伟'] })], false], // stored before the rule: one investigator
    [[decision('record_home_visit', VISIT)], true],
    [[decision('county_home_visit', VISIT)], true],
  ])('home_visit_recorded with %j → %s', (decisions, ok) => {
    expect(run('home_visit_recorded', snapshot({ decisions })) === null).toBe(ok);
  });

  it.each([
    [[], '须先申请家庭经济状况信息核对（低保办法第十七条）'],
    [['request_verification'], '信息核对结果尚未录入，录入后方可初审（低保办法第十七条）'],
    [['request_verification', 'record_verification'], null],
    [['request_verification', 'record_verification', 'request_verification'], '信息核对结果尚未录入，录入后方可初审（低保办法第十七条）'],
  ])('verification_recorded after %j', (actions, message) => {
    expect(run('verification_recorded', snapshot({ decisions: actions.map((a) => decision(a)) }))).toBe(message);
  });

  it.each([
    [[], null],
    [['record_complaint'], '审核确认期间收到投诉，须经县级民政部门入户核查后方可确认（低保办法第二十条第二款）'],
    [['county_home_visit', 'record_complaint'], '审核确认期间收到投诉，须经县级民政部门入户核查后方可确认（低保办法第二十条第二款）'],
    [['record_complaint', 'county_home_visit'], null],
  ])('complaint_visited after %j', (actions, message) => {
    expect(run('complaint_visited', snapshot({ decisions: actions.map((a) => decision(a)) }))).toBe(message);
  });

  it.each([
    ['adjust', undefined, null], // availableActions asks without data
    ['adjust', { direction: 'increase' }, null],
    ['adjust', { direction: 'decrease' }, '减发前须听取家庭意见（救助法第四十八条）'],
    ['adjust', { direction: 'decrease', familyHeardOn: '2025-03-21' }, '听取家庭意见的日期不能晚于今天'],
    ['adjust', { direction: 'decrease', familyHeardOn: '2025-03-20' }, null],
    ['terminate', { cause: 'death' }, null],
    ['terminate', { cause: 'fraud' }, '停发前须听取家庭意见（救助法第四十八条）'],
    ['terminate', { cause: 'fraud', familyHeardOn: '2025-03-01' }, null],
    ['exclude_member', { personId: 'p1' }, '减发前须听取家庭意见（救助法第四十八条）'],
    ['exclude_member', { personId: 'p1', familyHeardOn: '2025-03-19' }, null],
  ])('family_heard for %s %j', (action, data, message) => {
    expect(run('family_heard', snapshot(), data, action)).toBe(message);
  });

  it.each([
    [undefined, 6, null],
    [{ months: 6 }, 6, null],
    [{ months: 7 }, 6, '渐退期不超过6个月（低保办法第三十三条；2022通知一(三)）'],
    [{ months: 4 }, 3, '渐退期不超过3个月（低保办法第三十三条；2022通知一(三)）'],
  ])('taper_within_limit %j with limit %i', (data, max, message) => {
    expect(run('taper_within_limit', snapshot({ settings: { confirmingLevel: 'county', totalWorkingDays: 30, taperMonthsMax: max } }), data)).toBe(message);
  });

  it.each([[30, null], [20, null], [45, '办理时限已延长至45个工作日，不能再次延长（低保办法第二十二条）']])('not_extended at %i working days', (days, message) => {
    expect(run('not_extended', snapshot({ settings: { confirmingLevel: 'county', totalWorkingDays: days } }))).toBe(message);
  });

  it('publicity_elapsed reads the 公示 clock of the case’s own definition', () => {
    const started = snapshot({ events: { publicity_started: '2025-03-10T02:00:00.000Z' } });
    expect(run('publicity_elapsed', snapshot())).toBe('尚未开始公示');
    expect(run('publicity_elapsed', started, undefined, 'x', '2025-03-17')).toBe('公示期7日，至 2025-03-17 届满，期满后方可办理（低保办法第十九条）');
    expect(run('publicity_elapsed', started, undefined, 'x', '2025-03-18')).toBeNull();
    const tekun = { ...started, definition: TEKUN_WORKFLOW.key };
    expect(run('publicity_elapsed', tekun, undefined, 'x', '2025-03-17')).toContain('特困办法第十五条');
  });

  it('person_heard looks at the proposed cause (特困)', () => {
    const proposed = (cause: string) => snapshot({ definition: TEKUN_WORKFLOW.key, decisions: [decision('propose_termination', { cause })] });
    expect(run('person_heard', proposed('voluntary'), {})).toBeNull();
    expect(run('person_heard', proposed('no_longer_poor'), {})).toBe('终止供养前须听取本人意见（救助法第四十八条）');
    expect(run('person_heard', proposed('no_longer_poor'), { personHeardOn: '2025-03-19' })).toBeNull();
    expect(run('person_heard', proposed('no_longer_poor'), undefined)).toBeNull();
  });

  it('within_approval_authority stops a township above its quota but not the county', () => {
    const c = snapshot({ settings: { approvalLevel: 'county', townshipQuotaFen: 240000 } });
    expect(run('within_approval_authority', c, { overrideAmountFen: 240001 }, 'approve', '2025-03-20', 'townshipApprover')).toContain('须报县级民政部门审批');
    expect(run('within_approval_authority', c, { overrideAmountFen: 240000 }, 'approve', '2025-03-20', 'townshipApprover')).toBeNull();
    expect(run('within_approval_authority', c, { overrideAmountFen: 900000 }, 'approve', '2025-03-20', 'countyApprover')).toBeNull();
  });

  it('lets data-dependent actions show in the list of available actions', () => {
    const inPayment = snapshot({ state: 'in_payment', decisions: [decision('approve')] });
    const keys = availableActions(DIBAO_WORKFLOW, ASSISTANCE_GUARDS, inPayment, CAST.countyApprover, at('2025-09-01')).map((a) => a.key);
    expect(keys).toEqual(['adjust', 'suspend', 'taper', 'terminate']);
  });

  it.each([
    // refusals of p1 (R without, G with good reason, A job taken up), data → message
    ['', undefined, '没有无正当理由连续三次拒绝介绍工作的成员（低保办法第三十四条）'],
    ['R R R', undefined, null],
    ['R R R', { personId: 'p1' }, null],
    ['R R R', { personId: 'p2' }, '该成员无正当理由连续拒绝介绍的工作0次，未达到连续三次，不能停发其本人保障金（低保办法第三十四条）'],
    ['R G R R', { personId: 'p1' }, '该成员无正当理由连续拒绝介绍的工作2次，未达到连续三次，不能停发其本人保障金（低保办法第三十四条）'],
    ['R R R A', undefined, '没有无正当理由连续三次拒绝介绍工作的成员（低保办法第三十四条）'],
  ])('three_job_refusals after %j with %j', (refusals, data, message) => {
    const decisions = refusals.split(' ').filter(Boolean).map((code, i) => code === 'A'
      ? decision('record_job_accepted', { personId: 'p1', acceptedOn: `2025-03-0${i + 1}`, job: '保安', employer: '物业' })
      : decision('record_job_refusal', { personId: 'p1', offeredOn: `2025-03-0${i + 1}`, job: '保洁', employer: '物业', goodReason: code === 'G' }));
    expect(run('three_job_refusals', snapshot({ decisions }), data, 'exclude_member')).toBe(message);
  });
});
