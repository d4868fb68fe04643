import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, todayInShanghai } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { act, backdateEvent, createHousehold, createPerson, homeVisit, letPublicityPass, seedParams, today } from './assistance.testing.ts';

// 临时救助: filed where the emergency happened; the township approves within the quota 二道区
// delegated (3000 元, demo parameter), the county above it; 先行救助 first, paperwork within 5
// working days (救助法第五十条).

describe.each(testEngines())('临时救助 over HTTP on %s', (engine) => {
  let t: TestApp;
  let township: HttpSession;
  let leader: HttpSession;
  let approver: HttpSession; // a 荣光街道 approver, created for these tests
  let county: HttpSession;
  let village: HttpSession;
  let dongsheng: HttpSession;
  let household = { id: '', memberIds: [] as string[] };

  const application = (overrides: Record<string, unknown> = {}) => ({
    programme: 'linshi', householdId: household.id, applicantPersonId: household.memberIds[0], applicationDate: today(),
    authorizationSigned: true, pledgeSigned: true, type: 'emergency', incidentRegionCode: '220105003005', incidentDate: today(),
    description: '家中失火，衣物被褥全部烧毁', requestedFen: 200_000, advance: false, ...overrides,
  });

  async function file(body: Record<string, unknown>) {
    const res = await township.post('/api/v1/assistance/cases', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  /** Accept → investigate → review → 公示 → 待审批, by the township. */
  async function toApproval(id: string, need: number) {
    let c = await act(township, id, 1, 'accept');
    c = await act(township, id, c.version, 'start_investigation');
    c = await act(township, id, c.version, 'record_home_visit', { data: homeVisit() });
    c = await act(township, id, c.version, 'record_economics', { data: { assessedNeedFen: need, findings: '核实火灾损失属实' } });
    c = await act(leader, id, c.version, 'township_review', { opinion: '情况属实，同意救助', data: { recommendation: 'approve', proposedAmountFen: need } });
    c = await act(township, id, c.version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await letPublicityPass(t.db, id);
    return act(township, id, c.version, 'end_publicity');
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedParams(t.db);
    const province = await t.login('demo-province');
    const created = await province.post('/api/v1/users', { username: 'rg-approver', displayName: '荣光街道审批员', regionCode: '220105003', roles: ['approver'], password: 'Rongguang-2026' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    [township, leader, county, village, dongsheng] = await Promise.all(['demo-township', 'demo-township-leader', 'demo-county', 'demo-village', 'demo-township2'].map((u) => t.login(u)));
    approver = await t.login('rg-approver', 'Rongguang-2026');
    const head = await createPerson(township, { name: '陈志强', birth: '19680808' });
    const wife = await createPerson(township, { name: '周丽', birth: '19700505', sex: 'female' });
    household = await createHousehold(township, [head, wife]);
  });
  afterAll(async () => { await t?.close(); });

  it('is filed at the township where the emergency happened, which need not be where the family lives', async () => {
    const elsewhere = await dongsheng.post('/api/v1/assistance/cases', application({ householdId: undefined, personId: household.memberIds[0] }));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors).toEqual([{ path: 'incidentRegionCode', message: '临时救助由急难发生地的乡镇（街道）受理，请由发生地受理' }]);
    const vague = await township.post('/api/v1/assistance/cases', application({ incidentRegionCode: '220105' }));
    expect(vague.body.errors).toEqual([{ path: 'incidentRegionCode', message: '急难发生地应具体到乡镇（街道）或村（社区）' }]);
    const wrongType = await township.post('/api/v1/assistance/cases', application({ type: 'expenditure', advance: true }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors).toEqual([{ path: 'advance', message: '先行救助仅适用于急难型临时救助' }]);

    // A family of 岭东社区 hit by an accident in 民丰社区: the case belongs to 民丰社区.
    const c = await file(application({ incidentRegionCode: '220105003001', requestedFen: 80_000 }));
    expect(c).toMatchObject({ regionCode: '220105003001', regionName: '民丰社区', linshiType: 'emergency', applicantName: '陈志强' });
    expect(c.caseNo).toMatch(/^LS-220105-\d{4}-\d{6}$/);
    // 岭东社区's own clerk does not see it: it is not their village's case.
    expect((await village.get(`/api/v1/assistance/cases/${c.id}`)).status).toBe(404);
  });

  it('within the quota: the township reviews and approves, then pays', async () => {
    const c = await file(application());
    expect(c.settings).toMatchObject({ approvalLevel: 'township', townshipQuotaFen: 300_000, paperworkWorkingDays: 5 });
    expect(c.breakdown).toMatchObject({ amountFen: 200_000, approvalLevel: 'township' });
    let page = await toApproval(c.id, 200_000);
    expect(page.state).toBe('awaiting_approval');

    const byCounty = await county.post(`/api/v1/assistance/cases/${c.id}/actions/approve`, { version: page.version, data: {} });
    expect(byCounty.status).toBe(403);
    expect(byCounty.body.title).toBe('「审批同意」应由乡镇（街道）工作人员办理');
    const beyond = await approver.post(`/api/v1/assistance/cases/${c.id}/actions/approve`, { version: page.version, data: { overrideAmountFen: 350_000, overrideReason: '损失较大' } });
    expect(beyond.status).toBe(409);
    expect(beyond.body.title).toBe('核定金额超过乡镇（街道）审批额度 3000.00 元，须报县级民政部门审批（暂行办法第四十八条）');

    page = await act(approver, c.id, page.version, 'approve', { opinion: '同意救助2000元', data: {} });
    expect(page.timeline.at(-1)).toMatchObject({ actionName: '审批同意', actorName: '荣光街道审批员', actorLevel: 'township' });
    expect(page).toMatchObject({ state: 'approved', amountFen: 200_000, startMonth: null });
    // The bank pays through the county's 临时救助 roll: a bank payment cannot be recorded by hand
    // before a roll holds the grant (payments-handoff.http.test.ts records one after the roll).
    const byBank = await township.post(`/api/v1/assistance/cases/${c.id}/actions/record_payment`, {
      version: page.version, data: { paidOn: today(), amountFen: 200_000, method: 'bank' },
    });
    expect(byBank.status).toBe(409);
    expect(byBank.body).toMatchObject({ code: 'NOT_IN_ROLL', title: '该救助金尚未列入发放表，不能登记银行发放' });
    const wrongSum = await township.post(`/api/v1/assistance/cases/${c.id}/actions/record_payment`, {
      version: page.version, data: { paidOn: today(), amountFen: 150_000, method: 'cash' },
    });
    expect(wrongSum.status).toBe(422);
    expect(wrongSum.body.errors).toEqual([{ path: 'data.amountFen', message: '发放金额应为批准的 2000.00 元' }]);
    // Paid in cash at the township: the ledger keeps the grant as paid outside the bank.
    page = await act(township, c.id, page.version, 'record_payment', { data: { paidOn: today(), amountFen: 200_000, method: 'cash' } });
    expect(page).toMatchObject({ state: 'paid', stateName: '已发放', availableActions: [] });
    const ledger = (await approver.get(`/api/v1/payments/entitlements?sourceModule=assistance&sourceId=${c.id}`)).body;
    expect(ledger.items).toMatchObject([{ programme: 'linshi', kind: 'grant', monthlyAmountFen: 200_000, paidOutsideOn: today(), current: true }]);
    const notice = await township.get(`/api/v1/assistance/cases/${c.id}/notice.pdf`);
    expect(notice.status).toBe(200);
    expect(String(notice.headers['content-disposition'])).toContain(encodeURIComponent('临时救助审批通知书'));
  });

  it('a need raised above the quota by the investigation moves the approval to the county', async () => {
    const p = await createPerson(township, { name: '冯大勇', birth: '19720303' });
    const h = await createHousehold(township, [p]);
    const c = await file(application({ householdId: h.id, applicantPersonId: p.id, requestedFen: 250_000 }));
    expect(c.settings.approvalLevel).toBe('township');
    const page = await toApproval(c.id, 380_000);
    expect(page.breakdown.amountFen).toBe(380_000);
    expect(page.settings.approvalLevel).toBe('county');
    const res = await approver.post(`/api/v1/assistance/cases/${c.id}/actions/approve`, { version: page.version, data: {} });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('NOT_YOUR_STEP');
    const approved = await act(county, c.id, page.version, 'approve', { opinion: '同意救助3800元', data: {} });
    expect(approved).toMatchObject({ state: 'approved', amountFen: 380_000 });
  });

  it('above the quota: approved by the county only; no 先行救助', async () => {
    const other = await createPerson(township, { name: '吴建华', birth: '19820202' });
    const h = await createHousehold(township, [other]);
    const c = await file(application({ householdId: h.id, applicantPersonId: other.id, requestedFen: 400_000, advance: true }));
    expect(c.settings.approvalLevel).toBe('county');
    expect(c.flags).toEqual(['advance']);
    expect(c.breakdown.notes).toContain('核定金额超过乡镇（街道）审批额度，不能先行救助，按一般程序报县级审批');
    const accepted = await act(township, c.id, 1, 'accept');
    const advance = await approver.post(`/api/v1/assistance/cases/${c.id}/actions/advance_grant`, { version: accepted.version, opinion: '先行救助', data: { amountFen: 100_000 } });
    expect(advance.status).toBe(409);
    expect(advance.body.title).toBe('救助金额超过乡镇（街道）审批额度，不能先行救助，须按一般程序报县级审批');

    let page = await act(township, c.id, accepted.version, 'start_investigation');
    page = await act(township, c.id, page.version, 'record_home_visit', { data: homeVisit() });
    page = await act(leader, c.id, page.version, 'township_review', { opinion: '同意上报', data: { recommendation: 'approve', proposedAmountFen: 400_000 } });
    page = await act(township, c.id, page.version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await letPublicityPass(t.db, c.id);
    page = await act(township, c.id, page.version, 'end_publicity');
    const byTownship = await approver.post(`/api/v1/assistance/cases/${c.id}/actions/approve`, { version: page.version, data: {} });
    expect(byTownship.status).toBe(403);
    expect(byTownship.body.title).toBe('「审批同意」应由县级工作人员办理');
    page = await act(county, c.id, page.version, 'approve', { opinion: '同意救助4000元', data: {} });
    expect(page).toMatchObject({ state: 'approved', amountFen: 400_000 });
  });

  it('先行救助: the township pays first, and the paperwork clock runs for 5 working days', async () => {
    const single = await createPerson(township, { name: '郑小红', birth: '19900909', sex: 'female' });
    const res = await township.post('/api/v1/assistance/cases', application({ householdId: null, personId: single.id, applicantPersonId: single.id, requestedFen: 150_000, advance: true }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const c = res.body;
    expect(c).toMatchObject({ flags: ['advance'], householdSize: 1, household: null, subject: { name: '郑小红' } });
    expect(c.breakdown.advanceAllowed).toBe(true);
    let page = await act(township, c.id, 1, 'accept');
    expect(page.availableActions.map((a: any) => a.key)).not.toContain('advance_grant'); // a clerk may not grant
    const approverView = (await approver.get(`/api/v1/assistance/cases/${c.id}`)).body;
    expect(approverView.availableActions.map((a: any) => a.key)).toContain('advance_grant');
    page = await act(approver, c.id, page.version, 'advance_grant', { opinion: '情况紧急，先行救助', data: { amountFen: 150_000 } });
    expect(page).toMatchObject({ state: 'advance_granted', advancePaidFen: 150_000, amountFen: 150_000 });
    expect(c.settings).toMatchObject({ advancePayHours: 48, paperworkWorkingDays: 5 });
    // Granted: the money must be handed over within 48 hours (demo county: the national default).
    const grantedAt = Date.parse(page.timeline.at(-1).at);
    expect(page.clocks.find((k: any) => k.key === 'advance_payment')).toMatchObject({
      name: '先行救助发放', status: 'running', unit: 'hours', amount: 48, due: new Date(grantedAt + 48 * 3_600_000).toISOString(),
    });
    expect(page.nextDue).toMatchObject({ key: 'advance_payment' });

    // A grant left unpaid for three days shows overdue on the case; paying it then is late.
    await backdateEvent(t.db, c.id, 'advance_granted', new Date(grantedAt - 72 * 3_600_000).toISOString());
    page = (await township.get(`/api/v1/assistance/cases/${c.id}`)).body;
    const unpaid = page.clocks.find((k: any) => k.key === 'advance_payment');
    expect(unpaid.status).toBe('overdue');
    expect(unpaid.remaining).toBeLessThanOrEqual(-24); // a day past the 48 hours
    const overdueIds = async () => (await county.get('/api/v1/assistance/cases?overdue=true&programme=linshi&pageSize=100')).body.items
      .filter((x: any) => x.id === c.id).map((x: any) => ({ overdue: x.overdue, key: x.nextDue?.key, due: x.nextDue?.due }));
    page = await act(township, c.id, page.version, 'pay_advance', { data: { paidOn: today(), amountFen: 150_000, method: 'cash' } });
    expect(page.clocks.find((k: any) => k.key === 'advance_payment')).toMatchObject({ status: 'late' });
    expect(page.state).toBe('paperwork_pending');
    const paidOn = todayInShanghai(new Date(page.timeline.at(-1).at));
    expect(page.clocks.find((k: any) => k.key === 'paperwork')).toMatchObject({
      name: '先行救助补办手续', status: 'running', amount: 5, unit: 'working_days', due: addWorkingDays(paidOn, 5),
    });
    expect(page.nextDue).toMatchObject({ key: 'paperwork', due: addWorkingDays(paidOn, 5) });

    // Paid on Sunday 2026-11-01: the fifth working day after is Friday 11-06, long past.
    await backdateEvent(t.db, c.id, 'advance_paid', '2026-11-01T03:00:00.000Z');
    let late = (await township.get(`/api/v1/assistance/cases/${c.id}`)).body;
    expect(late.clocks.find((k: any) => k.key === 'paperwork')).toMatchObject({ due: '2026-11-06', status: 'overdue' });
    expect(await overdueIds()).toEqual([]); // the stored limit still says "not yet"…
    late = await act(township, c.id, late.version, 'record_home_visit', { data: homeVisit() });
    // …until a step is taken: then the case sits on the overdue list under its paperwork clock.
    expect(await overdueIds()).toEqual([{ overdue: true, key: 'paperwork', due: '2026-11-06' }]);

    page = await act(township, c.id, late.version, 'complete_paperwork', { opinion: '已补办审批手续', data: { completedOn: today(), explanation: '火灾损失经核实属实，补充说明情况' } });
    expect(page.state).toBe('paid');
    expect(page.clocks.find((k: any) => k.key === 'paperwork')).toMatchObject({ status: 'late' });
    expect(await overdueIds()).toEqual([]); // done, late: off the overdue list
  });
});
