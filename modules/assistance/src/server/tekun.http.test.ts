import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addMonthsToDate, addWorkingDays, nextMonthOf, todayInShanghai } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { act, createPerson, homeVisit, letPublicityPass, PROPERTY_NONE, seedParams, today, verification } from './assistance.testing.ts';
import { sampleSize } from './spot-check.service.ts';

// 特困供养: recognition with the county's random spot check of at least 30% (特困办法第十六条).
// Demo parameters: 低保 standard 820 元, basic living 1.3 ×, care by the previous year's minimum
// wage 2120 元 (分散供养: 全自理 8%, 全护理 40%).

const ALL_CAN = { eat: true, dress: true, bed: true, toilet: true, walk: true, bath: true };

describe('sample size', () => {
  it.each([[0, '0.3', 0], [1, '0.3', 1], [4, '0.3', 2], [10, '0.3', 3], [11, '0.3', 4], [10, '0.5', 5], [10, '0.2', 3], [3, '1', 3]])(
    '%i pending cases at ratio %s → %i drawn (never below 30%%, rounded up)', (pool, ratio, drawn) => {
      expect(sampleSize(pool, ratio)).toBe(drawn);
    },
  );
});

describe.each(testEngines())('特困供养 over HTTP on %s', (engine) => {
  let t: TestApp;
  let township: HttpSession;
  let leader: HttpSession;
  let county: HttpSession;
  const caseIds: string[] = [];

  async function fileFor(name: string, birth: string) {
    const p = await createPerson(township, { name, birth });
    const res = await township.post('/api/v1/assistance/cases', {
      programme: 'tekun', personId: p.id, applicantPersonId: p.id, applicationDate: today(), authorizationSigned: true, pledgeSigned: true,
      careMode: 'dispersed', selfCare: ALL_CAN, obligors: [{ name: '张某', relation: '子', circumstance: 'dibao_elderly', authorizationSigned: true }], incomes: [], property: PROPERTY_NONE,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedParams(t.db);
    [township, leader, county] = await Promise.all(['demo-township', 'demo-township-leader', 'demo-county'].map((u) => t.login(u)));
  });
  afterAll(async () => { await t?.close(); });

  it('files for an elderly person: settings, care tier and the monthly standard', async () => {
    const c = await fileFor('王秀英', '19480210');
    expect(c.caseNo).toMatch(/^TK-220105-\d{4}-000001$/);
    expect(c).toMatchObject({ programme: 'tekun', state: 'applied', householdSize: 1, tier: 'self', careMode: 'dispersed', settings: { confirmingLevel: 'county' } });
    expect(c.subject).toMatchObject({ name: '王秀英', age: expect.any(Number) });
    // 1.3 × 820 元 = 1066 元, plus 全自理 care 8% × 2120 元 = 169.60 元.
    expect(c.breakdown).toMatchObject({ eligible: true, amountFen: 123_560, careTier: 'self' });
    caseIds.push(c.id);
    for (const [name, birth] of [['李桂兰', '19490305'], ['赵德福', '19500101'], ['孙玉珍', '19510707']] as const) caseIds.push((await fileFor(name, birth)).id);
  });

  it('refuses a second open case for the same person', async () => {
    const first = await t.db.transaction((tx) => tx.rows<{ person_id: string }>(sql`SELECT person_id FROM assistance_case WHERE id = ${caseIds[0]}::uuid`));
    const res = await township.post('/api/v1/assistance/cases', {
      programme: 'tekun', personId: first[0]!.person_id, applicantPersonId: first[0]!.person_id, applicationDate: today(), authorizationSigned: true,
      pledgeSigned: true, careMode: 'dispersed', selfCare: ALL_CAN, obligors: [], incomes: [], property: PROPERTY_NONE,
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CASE_OPEN');
  });

  it('draws at least 30% of the county\'s accepted, undecided cases, each case once', async () => {
    for (const id of caseIds) await act(township, id, 1, 'accept');
    const byTownship = await township.post('/api/v1/assistance/tekun/spot-checks', { countyCode: '220105' });
    expect(byTownship.status).toBe(403);
    const notCounty = await county.post('/api/v1/assistance/tekun/spot-checks', { countyCode: '220105003' });
    expect(notCounty.status).toBe(422);
    expect(notCounty.body.errors).toEqual([{ path: 'countyCode', message: '抽查以县级为单位，请选择一个县（市、区）' }]);
    expect((await county.post('/api/v1/assistance/tekun/spot-checks', { countyCode: '220104' })).status).toBe(404);

    const first = await county.post('/api/v1/assistance/tekun/spot-checks', { countyCode: '220105' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.pool).toBe(4);
    expect(first.body.drawn).toHaveLength(2);
    const second = (await county.post('/api/v1/assistance/tekun/spot-checks', { countyCode: '220105' })).body;
    expect(second.pool).toBe(2);
    expect(second.drawn).toHaveLength(1);
    const drawn = [...first.body.drawn, ...second.drawn];
    expect(new Set(drawn).size).toBe(3);
    for (const id of caseIds) {
      const page = (await county.get(`/api/v1/assistance/cases/${id}`)).body;
      expect(page.spotCheck).toBe(drawn.includes(id));
      expect(page.flags.includes('spot_check')).toBe(drawn.includes(id));
    }
    const flagged = await county.get('/api/v1/assistance/cases?flag=spot_check');
    expect(flagged.body.total).toBe(3);
    const draws = await t.db.transaction((tx) => tx.rows<{ pool_size: number; n: number }>(sql`
      SELECT pool_size, cardinality(sample_case_ids) AS n FROM assistance_spot_check ORDER BY drawn_at, id`));
    expect(draws.map((d) => [Number(d.pool_size), Number(d.n)])).toEqual([[4, 2], [2, 1]]);
    const audit = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`SELECT summary FROM audit_log WHERE action = 'assistance.spot_check' ORDER BY id`));
    expect(audit[0]!.summary).toMatch(/^二道区特困供养抽查：待审核确认 4 件，抽取 2 件/);
  });

  it('runs a drawn case to the decision: assessment, first review, publicity, spot check, confirmation', async () => {
    const drawnId = (await county.get('/api/v1/assistance/cases?flag=spot_check')).body.items[0].id;
    let c = (await township.get(`/api/v1/assistance/cases/${drawnId}`)).body;
    c = await act(township, drawnId, c.version, 'start_investigation');
    c = await act(township, drawnId, c.version, 'record_home_visit', { data: homeVisit() });
    c = await act(township, drawnId, c.version, 'request_verification', { data: {} });
    c = await act(township, drawnId, c.version, 'record_verification', { data: verification() });
    // Cannot dress, get out of bed, use the toilet or bathe alone: 4 items → 全护理 (第二十二条).
    c = await act(township, drawnId, c.version, 'assess_self_care', {
      data: { assessedOn: today(), assessor: '荣光街道评估小组', items: { ...ALL_CAN, dress: false, bed: false, toilet: false, bath: false } },
    });
    expect(c.tier).toBe('full');
    // 1066 元 + 全护理 40% × 2120 元 = 1066 + 848 = 1914 元.
    expect(c.breakdown).toMatchObject({ careTier: 'full', amountFen: 191_400 });
    c = await act(leader, drawnId, c.version, 'preliminary_review', { opinion: '符合特困人员认定条件', data: { recommendation: 'approve' } });
    c = await act(township, drawnId, c.version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await letPublicityPass(t.db, drawnId);
    c = await act(township, drawnId, c.version, 'end_publicity');
    expect(c.state).toBe('awaiting_confirmation');
    expect(c.clocks.find((k: any) => k.key === 'confirmation')).toMatchObject({ status: 'running', amount: 15 });

    const unchecked = await county.post(`/api/v1/assistance/cases/${drawnId}/actions/approve`, { version: c.version, data: {} });
    expect(unchecked.status).toBe(409);
    expect(unchecked.body).toMatchObject({ code: 'REQUIRED_STEP', title: '本案被抽中，须完成县级抽查后方可确认（特困办法第十六条）' });
    c = await act(county, drawnId, c.version, 'spot_check', {
      data: { checkedOn: today(), investigators: ['县民政局甲', '县民政局乙'], result: 'consistent', findings: '与初审意见相符' },
    });
    c = await act(county, drawnId, c.version, 'approve', { opinion: '同意认定为特困人员', data: {} });
    expect(c).toMatchObject({ state: 'in_support', stateName: '供养中', amountFen: 191_400, startMonth: nextMonthOf(today()), recheckDueOn: null });
    const notice = await county.get(`/api/v1/assistance/cases/${drawnId}/notice.pdf`);
    expect(notice.status).toBe(200);
    expect(String(notice.headers['content-disposition'])).toContain(encodeURIComponent('特困人员救助供养确认通知书'));
  });

  it('re-assesses self-care within 10 working days of a reported change, from the county clerk\'s worklist (特困办法第二十三条)', async () => {
    const countyClerk = await t.login('demo-county-clerk');
    const id = (await county.get('/api/v1/assistance/cases?programme=tekun&state=in_support')).body.items[0].id;
    const inQueue = async () => (await countyClerk.get('/api/v1/assistance/queue')).body.items.some((x: any) => x.id === id);
    expect(await inQueue()).toBe(false); // in support, nothing reported: nothing to do
    let c = (await township.get(`/api/v1/assistance/cases/${id}`)).body;
    expect(c.availableActions.map((a: any) => a.key)).toContain('report_care_change');
    const noOpinion = await township.post(`/api/v1/assistance/cases/${id}/actions/report_care_change`, {
      version: c.version, data: { reportedOn: today(), reportedBy: '岭东社区', change: '摔伤后行走需人搀扶' },
    });
    expect(noOpinion.status).toBe(422);
    c = await act(township, id, c.version, 'report_care_change', {
      opinion: '社区报告自理能力下降', data: { reportedOn: today(), reportedBy: '岭东社区', change: '摔伤后行走需人搀扶' },
    });
    const reportedOn = todayInShanghai(new Date(c.timeline.at(-1).at));
    expect(c.clocks.find((k: any) => k.key === 'care_reassessment')).toMatchObject({
      name: '重新评估生活自理能力', status: 'running', amount: 10, unit: 'working_days', due: addWorkingDays(reportedOn, 10), basis: '特困办法第二十三条',
    });
    expect(c.nextDue).toMatchObject({ key: 'care_reassessment', due: addWorkingDays(reportedOn, 10) });
    expect(await inQueue()).toBe(true);
    c = await act(countyClerk, id, c.version, 'assess_self_care', {
      data: { assessedOn: today(), assessor: '区民政局评估小组', items: { ...ALL_CAN, dress: false, bed: false, toilet: false, bath: false, walk: false } },
    });
    expect(c).toMatchObject({ state: 'in_support', nextDue: null });
    expect(c.clocks.find((k: any) => k.key === 'care_reassessment')).toMatchObject({ status: 'met' });
    expect(await inQueue()).toBe(false);
  });

  it('ends support through proposal, 7-day 公示 and the county decision, from the next month (特困办法第二十六条)', async () => {
    const id = (await county.get('/api/v1/assistance/cases?programme=tekun&state=in_support')).body.items[0].id;
    let c = (await township.get(`/api/v1/assistance/cases/${id}`)).body;
    c = await act(township, id, c.version, 'propose_termination', {
      opinion: '经核实本人已有赡养人履行义务', data: { cause: 'obligor_able', reasons: '其子返乡就业，具备赡养能力', verifiedOn: today() },
    });
    expect(c.state).toBe('termination_proposed');
    c = await act(county, id, c.version, 'start_termination_publicity', { data: { place: '岭东社区公示栏' } });
    expect(c.clocks.find((k: any) => k.key === 'termination_publicity')).toMatchObject({ kind: 'period', status: 'running' });
    const early = await county.post(`/api/v1/assistance/cases/${id}/actions/terminate`, {
      version: c.version, opinion: '终止供养', data: { reasons: '法定义务人具备履行能力', stopMonth: nextMonthOf(today()), personHeardOn: today() },
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('GUARD');
    await letPublicityPass(t.db, id, 'termination_publicity_started');
    c = (await county.get(`/api/v1/assistance/cases/${id}`)).body;
    // The person must be heard first (救助法第四十八条) unless the cause is death or a voluntary exit.
    const unheard = await county.post(`/api/v1/assistance/cases/${id}/actions/terminate`, {
      version: c.version, opinion: '终止供养', data: { reasons: '法定义务人具备履行能力', stopMonth: nextMonthOf(today()) },
    });
    expect(unheard.status).toBe(409);
    expect(unheard.body.title).toBe('终止供养前须听取本人意见（救助法第四十八条）');
    const pastMonth = await county.post(`/api/v1/assistance/cases/${id}/actions/terminate`, {
      version: c.version, opinion: '终止供养', data: { reasons: '法定义务人具备履行能力', stopMonth: today().slice(0, 7), personHeardOn: today() },
    });
    expect(pastMonth.status).toBe(422);
    c = await act(county, id, c.version, 'terminate', {
      opinion: '终止供养', data: { reasons: '法定义务人具备履行能力', stopMonth: nextMonthOf(today()), personHeardOn: today(), personStatement: '无异议' },
    });
    expect(c).toMatchObject({ state: 'terminated', stopMonth: nextMonthOf(today()), availableActions: [] });
    expect(c.timeline.map((d: any) => d.action).slice(-3)).toEqual(['propose_termination', 'start_termination_publicity', 'terminate']);
    // Support was to start next month and stops then: the ledger holds no month to pay.
    const ledger = await county.get(`/api/v1/payments/entitlements?sourceModule=assistance&sourceId=${id}&current=false`);
    // (The ledger may also keep the end as a version of its own; either way nothing is current.)
    expect(ledger.body.items.length).toBeGreaterThan(0);
    expect(ledger.body.items.map((i: any) => [i.programme, i.fromMonth, i.current]))
      .toEqual(ledger.body.items.map(() => ['tekun', nextMonthOf(today()), false]));
    const [ended] = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`
      SELECT summary FROM audit_log WHERE action = 'payments.entitlement_end' ORDER BY id DESC LIMIT 1`));
    expect(ended!.summary).toContain(`${nextMonthOf(today())} 起停发（终止供养（法定义务人具有了履行义务能力或者新增具有履行义务能力的法定义务人）：法定义务人具备履行能力）`);
  });

  it('draws nothing twice and nothing decided: the pool shrinks to what is left', async () => {
    const third = (await county.post('/api/v1/assistance/tekun/spot-checks', { countyCode: '220105' })).body;
    expect(third.pool).toBe(1);
    expect(third.drawn).toHaveLength(1);
    const fourth = (await county.post('/api/v1/assistance/tekun/spot-checks', { countyCode: '220105' })).body;
    expect(fourth).toEqual({ drawn: [], pool: 0 });
  });

  it('tells the officials when a supported minor is about to turn 18 (特困办法第二十四条)', async () => {
    // Severely disabled, 17, eighteen next month: supported now, beyond 18 only while at school.
    const born = addMonthsToDate(today(), -18 * 12 + 1);
    const p = await createPerson(township, { name: '韩小北', birth: born.replaceAll('-', ''), extra: { disabilityCategory: 'physical', disabilityGrade: 1 } });
    const filed = await township.post('/api/v1/assistance/cases', {
      programme: 'tekun', personId: p.id, applicantPersonId: p.id, applicationDate: today(), authorizationSigned: true, pledgeSigned: true,
      careMode: 'dispersed', selfCare: ALL_CAN, obligors: [{ name: '韩某', relation: '父', circumstance: 'incapacitated' }], incomes: [], property: PROPERTY_NONE,
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.id;
    let c = await act(township, id, 1, 'accept');
    c = await act(township, id, c.version, 'start_investigation');
    c = await act(township, id, c.version, 'record_home_visit', { data: homeVisit() });
    c = await act(township, id, c.version, 'request_verification', { data: {} });
    c = await act(township, id, c.version, 'record_verification', { data: verification() });
    c = await act(township, id, c.version, 'assess_self_care', { data: { assessedOn: today(), assessor: '荣光街道评估小组', items: ALL_CAN } });
    c = await act(leader, id, c.version, 'preliminary_review', { opinion: '符合特困人员认定条件', data: { recommendation: 'approve' } });
    c = await act(township, id, c.version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    expect(c.recheckNotes).toEqual([]); // nothing to verify before the decision
    await letPublicityPass(t.db, id);
    c = await act(township, id, c.version, 'end_publicity');
    c = await act(county, id, c.version, 'approve', { opinion: '同意认定为特困人员', data: {} });
    expect(c.state).toBe('in_support');
    expect(c.recheckNotes).toEqual([
      `供养对象将于${addMonthsToDate(born, 18 * 12)}年满18周岁：仍在接受义务教育或在普通高中、中等职业学校就读的继续供养，否则应提出终止供养（特困办法第二十四条；救助法第十六条第三款）`,
    ]);
  });
});
