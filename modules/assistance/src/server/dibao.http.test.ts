import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addMonthsToDate, nextMonthOf } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import {
  act, backdateEvent, createHousehold, createPerson, homeVisit, letPublicityPass, PROPERTY_NONE, seedParams, today, verification,
} from './assistance.testing.ts';

// 低保 from filing in the village to the county's decision, with every refusal an official can
// meet on the way. Parameters are the demo ones: 长春市 urban standard 820 元 from 2026-01-01.

describe.each(testEngines())('低保 cases over HTTP on %s', (engine) => {
  let t: TestApp;
  let village: HttpSession; // demo-village: 岭东社区 clerk
  let township: HttpSession; // demo-township: 荣光街道 clerk + reviewer
  let leader: HttpSession; // demo-township-leader: 荣光街道 reviewer
  let county: HttpSession; // demo-county: 二道区 approver
  let dongsheng: HttpSession; // demo-township2: 东盛街道 clerk + reviewer
  let city: HttpSession; // demo-city: 长春市 read-only
  const family = { head: { id: '', idNumber: '', masked: '' }, spouse: { id: '' }, child: { id: '' }, householdId: '' };

  const application = (overrides: Record<string, unknown> = {}) => ({
    programme: 'dibao', householdId: family.householdId, applicantPersonId: family.head.id, applicationDate: today(),
    authorizationSigned: true, pledgeSigned: true, hukouType: 'urban',
    incomes: [{ personId: family.head.id, kind: 'wage', monthlyFen: 120_000 }], deductions: [], property: PROPERTY_NONE, categories: [],
    ...overrides,
  });

  /** A fresh household of `n` persons (head first), for tests that need their own case. */
  async function newHousehold(label: string, n = 2) {
    const persons = [];
    for (let i = 0; i < n; i += 1) persons.push(await createPerson(township, { name: `${label}${i + 1}`, birth: `19${70 + i}0${i + 1}15`, sex: i % 2 ? 'female' : 'male' }));
    const h = await createHousehold(township, persons);
    return { householdId: h.id, persons };
  }

  async function file(session: HttpSession, body: Record<string, unknown>) {
    const res = await session.post('/api/v1/assistance/cases', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  /** Drives a filed case to 待审核确认 through the township's steps; returns the page. */
  async function toConfirmation(caseId: string) {
    let c = await act(township, caseId, 1, 'accept');
    c = await act(township, caseId, c.version, 'start_investigation');
    c = await act(village, caseId, c.version, 'record_home_visit', { data: homeVisit() });
    c = await act(township, caseId, c.version, 'request_verification', { data: {} });
    c = await act(township, caseId, c.version, 'record_verification', { data: verification() });
    c = await act(leader, caseId, c.version, 'preliminary_review', { opinion: '经调查，符合低保条件', data: { recommendation: 'approve' } });
    c = await act(township, caseId, c.version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await letPublicityPass(t.db, caseId);
    return act(township, caseId, c.version, 'end_publicity');
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedParams(t.db);
    [village, township, leader, county, dongsheng, city] = await Promise.all(
      ['demo-village', 'demo-township', 'demo-township-leader', 'demo-county', 'demo-township2', 'demo-city'].map((u) => t.login(u)),
    );
    family.head = await createPerson(township, { name: '张建国', birth: '19750315' });
    family.spouse = await createPerson(township, { name: '刘芳', birth: '19780612', sex: 'female' });
    family.child = await createPerson(township, { name: '张小军', birth: '20120901' });
    family.householdId = (await createHousehold(township, [family.head, family.spouse, family.child])).id;
  });
  afterAll(async () => { await t?.close(); });

  describe('filing', () => {
    it('refuses an application without the signed authorization and pledge', async () => {
      const res = await village.post('/api/v1/assistance/cases', application({ authorizationSigned: false, pledgeSigned: undefined }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([
        { path: 'authorizationSigned', message: '须签署授权核对书' }, { path: 'pledgeSigned', message: '须签署承诺书' },
      ]));
    });

    it('refuses a household outside the filer\'s jurisdiction as if it did not exist', async () => {
      const res = await dongsheng.post('/api/v1/assistance/cases', application());
      expect(res.status).toBe(404);
      expect(res.body.title).toBe('家庭不存在');
    });

    it('refuses an applicant who is not a member, and a filer without the permission', async () => {
      const stranger = await createPerson(township, { name: '路过者', birth: '19800101' });
      const res = await village.post('/api/v1/assistance/cases', application({ applicantPersonId: stranger.id }));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ path: 'applicantPersonId', message: '申请人须为该家庭现有的共同生活成员' }]);
      expect((await city.post('/api/v1/assistance/cases', application())).status).toBe(403);
    });

    it('files in the village: numbered case, settings from the parameters, masked members, audited', async () => {
      const c = await file(village, application());
      expect(c.caseNo).toMatch(new RegExp(`^DB-220105-${today().slice(0, 4)}-\\d{6}$`));
      expect(c).toMatchObject({
        programme: 'dibao', state: 'applied', stateName: '已申请', regionCode: '220105003005', regionName: '岭东社区',
        applicantName: '张建国', applicantIdMasked: family.head.masked, householdSize: 3, flags: [], version: 1,
        settings: { confirmingLevel: 'county', totalWorkingDays: 30 },
      });
      // 820 元 × 3 人 − 1200 元 = 1260 元 (低保办法第二十三条, 补差).
      expect(c.breakdown).toMatchObject({ programme: 'dibao', eligible: true, amountFen: 126_000 });
      expect(c.amountFen).toBe(126_000);
      expect(c.household.members.map((m: any) => [m.name, m.covered])).toEqual([['张建国', true], ['刘芳', true], ['张小军', true]]);
      expect(JSON.stringify(c)).not.toContain(family.head.idNumber);
      const [row] = await t.db.transaction((tx) => tx.rows<{ application: string }>(sql`SELECT application::text FROM assistance_case WHERE id = ${c.id}::uuid`));
      expect(row!.application).not.toContain(family.head.idNumber);
      const audit = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`SELECT summary FROM audit_log WHERE action = 'assistance.case_apply' AND entity_id = ${c.id}`));
      expect(audit[0]!.summary).toContain(`登记低保申请 ${c.caseNo}`);
    });

    it('refuses a second open case for the same household', async () => {
      const res = await township.post('/api/v1/assistance/cases', application());
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CASE_OPEN', title: '已有未办结的低保案件' });
    });

    it('numbers cases consecutively within the county and year, also when filed at the same moment', async () => {
      const a = await newHousehold('甲户');
      const b = await newHousehold('乙户');
      const filed = await Promise.all([a, b].map((h) => file(township, application({ householdId: h.householdId, applicantPersonId: h.persons[0]!.id, incomes: [] }))));
      const numbers = filed.map((c) => Number(c.caseNo.slice(-6))).sort((x, y) => x - y);
      expect(numbers[1]).toBe(numbers[0]! + 1);
    });

    it('flags 单人保 and covers that member alone', async () => {
      const h = await newHousehold('单人户', 2);
      const c = await file(township, application({
        householdId: h.householdId, applicantPersonId: h.persons[0]!.id, incomes: [],
        singlePerson: { personId: h.persons[1]!.id, reason: 'jobless_severely_disabled' },
      }));
      expect(c.flags).toEqual(['single_person']);
      expect(c.householdSize).toBe(1);
    });
  });

  describe('the path village → township → county', () => {
    let id = '';
    let version = 0;

    it('takes 受理 only at the township, from a clerk, on the current version', async () => {
      const [c] = (await township.get('/api/v1/assistance/cases?q=张建国')).body.items;
      id = c.id;
      const queued = (await township.get('/api/v1/assistance/queue')).body.items;
      expect(queued.find((q: any) => q.id === id)).toMatchObject({ stateName: '已申请', applicantIdMasked: family.head.masked });
      expect((await village.get('/api/v1/assistance/queue')).body.items.map((q: any) => q.id)).not.toContain(id);
      const byVillage = await village.post(`/api/v1/assistance/cases/${id}/actions/accept`, { version: 1 });
      expect(byVillage.status).toBe(403);
      expect(byVillage.body).toMatchObject({ code: 'NOT_YOUR_STEP', title: '「受理」应由乡镇（街道）工作人员办理' });
      const byReviewer = await leader.post(`/api/v1/assistance/cases/${id}/actions/accept`, { version: 1 });
      expect(byReviewer.body).toMatchObject({ code: 'NOT_YOUR_STEP', title: '您没有办理「受理」的角色' });
      const accepted = await act(township, id, 1, 'accept');
      expect(accepted).toMatchObject({ state: 'accepted', stateName: '已受理', version: 2 });
      expect(accepted.clocks.find((c: any) => c.key === 'investigation_start')).toMatchObject({ status: 'running', unit: 'working_days', amount: 3 });
      version = accepted.version;
    });

    it('refuses a stale page, an illegal step and an unknown step', async () => {
      const stale = await township.post(`/api/v1/assistance/cases/${id}/actions/start_investigation`, { version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', title: '该案件已被他人办理，请刷新后重试' });
      const early = await county.post(`/api/v1/assistance/cases/${id}/actions/approve`, { version, data: {} });
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', title: '当前状态「已受理」不能办理「确认同意」' });
      const unknown = await township.post(`/api/v1/assistance/cases/${id}/actions/pay_twice`, { version });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('UNKNOWN_ACTION');
    });

    it('investigates: home visit with two investigators, verification, economics recalculated', async () => {
      let c = await act(township, id, version, 'start_investigation');
      const alone = await village.post(`/api/v1/assistance/cases/${id}/actions/record_home_visit`, { version: c.version, data: { ...homeVisit(), investigators: ['王调查'] } });
      expect(alone.status).toBe(422);
      expect(alone.body.errors).toEqual([{ path: 'data.investigators', message: '调查人员不得少于2人（低保办法第十六条）' }]);
      c = await act(village, id, c.version, 'record_home_visit', { data: homeVisit() });
      c = await act(township, id, c.version, 'request_verification', { data: {} });
      c = await act(township, id, c.version, 'record_verification', { data: verification() });
      c = await act(township, id, c.version, 'record_economics', {
        data: { incomes: [{ personId: family.head.id, kind: 'wage', monthlyFen: 100_000 }], deductions: [], property: PROPERTY_NONE, categories: [] },
      });
      // The investigation found 1000 元, not 1200: 2460 − 1000 = 1460 元.
      expect(c.breakdown.amountFen).toBe(146_000);
      expect(c.amountFen).toBe(146_000);
      version = c.version;
    });

    it('keeps 受理 and 初审 apart: the official who accepted may not give the first review', async () => {
      const same = await township.post(`/api/v1/assistance/cases/${id}/actions/preliminary_review`, { version, opinion: '同意', data: { recommendation: 'approve' } });
      expect(same.status).toBe(403);
      expect(same.body).toMatchObject({ code: 'SEPARATION_OF_DUTIES', title: '同一工作人员不能连续办理两个审批环节' });
      const silent = await leader.post(`/api/v1/assistance/cases/${id}/actions/preliminary_review`, { version, data: { recommendation: 'approve' } });
      expect(silent.status).toBe(422);
      expect(silent.body.code).toBe('OPINION_REQUIRED');
      const c = await act(leader, id, version, 'preliminary_review', { opinion: '经入户调查和信息核对，符合低保条件', data: { recommendation: 'approve' } });
      expect(c.state).toBe('preliminary_done');
      version = c.version;
    });

    it('publicises for seven days before submitting to the county', async () => {
      let c = await act(township, id, version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
      const early = await township.post(`/api/v1/assistance/cases/${id}/actions/end_publicity`, { version: c.version });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('GUARD');
      expect(early.body.title).toMatch(/^公示期7日，至 .+ 届满/);
      const pdf = await township.get(`/api/v1/assistance/publicity.pdf?regionCode=220105003005&programme=dibao&stage=preliminary`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      await letPublicityPass(t.db, id);
      c = await act(township, id, c.version, 'end_publicity');
      expect(c).toMatchObject({ state: 'awaiting_confirmation', stateName: '待审核确认' });
      version = c.version;
    });

    it('is decided by the county, not the township; paid from the next month', async () => {
      const queue = (await county.get('/api/v1/assistance/queue')).body.items.map((c: any) => c.id);
      expect(queue).toContain(id);
      // Withdrawal stays possible at the township, but nobody there is waiting to take it.
      expect((await township.get('/api/v1/assistance/queue')).body.items.map((c: any) => c.id)).not.toContain(id);
      expect((await village.get('/api/v1/assistance/queue')).body.items.map((c: any) => c.id)).not.toContain(id);
      const byTownship = await township.post(`/api/v1/assistance/cases/${id}/actions/approve`, { version, data: {} });
      expect(byTownship.status).toBe(403);
      expect(byTownship.body.title).toBe('「确认同意」应由县级工作人员办理');
      const c = await act(county, id, version, 'approve', { opinion: '同意纳入低保', data: {} });
      expect(c).toMatchObject({ state: 'in_payment', stateName: '保障中', amountFen: 146_000, startMonth: nextMonthOf(today()) });
      // Wage income: an unstable household, re-checked after six months (低保办法第三十一条).
      expect(c.recheckDueOn).toBe(addMonthsToDate(today(), 6));
      expect(c.timeline.map((d: any) => d.actionName)).toEqual([
        '受理', '启动调查', '入户调查记录', '申请信息核对', '录入核对结果', '录入家庭经济状况', '初审', '开始公示', '公示期满报送', '确认同意',
      ]);
      expect(c.timeline.at(-1)).toMatchObject({ toStateName: '保障中', actorName: '区民政局审批员', actorLevel: 'county' });
      expect(c.clocks.find((k: any) => k.key === 'total')).toMatchObject({ status: 'met' });
      // A recipient is not a work item for anyone until a re-check falls due.
      for (const s of [county, township, leader]) expect((await s.get('/api/v1/assistance/queue')).body.items.map((q: any) => q.id)).not.toContain(id);
      const actions = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`SELECT summary FROM audit_log WHERE action = 'assistance.case_action' AND entity_id = ${id} ORDER BY id`));
      expect(actions).toHaveLength(10);
      expect(actions.at(-1)!.summary).toContain('「确认同意」：待审核确认 → 保障中');
    });

    it('prints the decision notice and the publicity list (names, sizes, amounts only)', async () => {
      const notice = await county.get(`/api/v1/assistance/cases/${id}/notice.pdf`);
      expect(notice.status).toBe(200);
      expect(notice.headers['content-type']).toBe('application/pdf');
      expect(String(notice.headers['content-disposition'])).toContain(encodeURIComponent('最低生活保障确认通知书'));
      const publicity = await township.get('/api/v1/assistance/publicity.pdf?regionCode=220105003005&programme=dibao');
      expect(publicity.status).toBe(200);
      const printed = await t.db.transaction((tx) => tx.rows<{ action: string }>(sql`SELECT action FROM audit_log WHERE action IN ('assistance.notice_print', 'assistance.publicity_print')`));
      expect(printed.map((p) => p.action).sort()).toEqual(['assistance.notice_print', 'assistance.publicity_print', 'assistance.publicity_print']);
      const undecided = (await township.get('/api/v1/assistance/cases?state=applied')).body.items[0];
      expect((await township.get(`/api/v1/assistance/cases/${undecided.id}/notice.pdf`)).status).toBe(409);
    });
  });

  describe('reading', () => {
    it('lists masked summaries in scope, filters, and audits each full read', async () => {
      const list = await city.get('/api/v1/assistance/cases?programme=dibao&pageSize=50');
      expect(list.status).toBe(200);
      expect(list.body.total).toBeGreaterThanOrEqual(4);
      const zhang = list.body.items.find((c: any) => c.applicantName === '张建国');
      expect(zhang).toMatchObject({ stateName: '保障中', applicantIdMasked: family.head.masked, householdSize: 3 });
      expect(JSON.stringify(list.body)).not.toContain(family.head.idNumber);
      expect((await city.get('/api/v1/assistance/cases?state=in_payment')).body.items.map((c: any) => c.id)).toEqual([zhang.id]);
      expect((await dongsheng.get('/api/v1/assistance/cases')).body).toEqual({ items: [], total: 0 });

      const detail = await city.get(`/api/v1/assistance/cases/${zhang.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.availableActions).toEqual([]); // read-only role
      const views = await t.db.transaction((tx) => tx.rows<{ actor_name: string }>(sql`SELECT actor_name FROM audit_log WHERE action = 'assistance.case_view' AND entity_id = ${zhang.id}`));
      expect(views.map((v) => v.actor_name)).toContain('市局查询员');
      expect((await dongsheng.get(`/api/v1/assistance/cases/${zhang.id}`)).status).toBe(404);
    });

    it('shows deadlines across public holidays: accepted before 国庆, due on the make-up Saturday', async () => {
      const h = await newHousehold('节前户');
      const c = await file(township, application({ householdId: h.householdId, applicantPersonId: h.persons[0]!.id, incomes: [] }));
      let page = await act(township, c.id, 1, 'accept');
      // Accepted on Wednesday 2026-09-30: 10-01…10-07 are 国庆节 and 中秋节, 10-08 and 10-09 count,
      // and Saturday 10-10 is a make-up working day — the third (低保办法第十五条).
      await backdateEvent(t.db, c.id, 'accepted', '2026-09-30T02:00:00.000Z');
      // An extension by the county re-reads the clocks and stores the next due date.
      page = await act(county, c.id, page.version, 'extend', { opinion: '人户分离，调查核实难度较大', data: { reason: 'separated_residence' } });
      expect(page.settings.totalWorkingDays).toBe(45);
      expect(page.clocks.find((k: any) => k.key === 'investigation_start')).toMatchObject({ due: '2026-10-10', status: 'overdue' });
      expect(page.nextDue).toEqual({ key: 'investigation_start', name: '启动家庭经济状况调查', due: '2026-10-10' });
      expect(page.overdue).toBe(true);
      const overdue = (await county.get('/api/v1/assistance/cases?overdue=true')).body.items;
      expect(overdue.map((o: any) => o.id)).toContain(c.id);
      expect(overdue.every((o: any) => o.overdue)).toBe(true);
    });

    it('calculates without saving, for a region in scope', async () => {
      const body = {
        programme: 'dibao', regionCode: '220105003005', month: '2026-12',
        household: { hukouType: 'urban', members: [{ personId: 'a' }, { personId: 'b' }], incomes: [{ personId: 'a', kind: 'wage', monthlyFen: 50_000 }], deductions: [], property: PROPERTY_NONE, categories: [] },
      };
      const res = await village.post('/api/v1/assistance/calculate', body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ programme: 'dibao', eligible: true, amountFen: 114_000 });
      expect(res.body.paramIds.length).toBeGreaterThan(0);
      expect((await dongsheng.post('/api/v1/assistance/calculate', body)).status).toBe(404);
    });
  });

  describe('near-kin and concurrency', () => {
    it('a household with a registered relative needs a county home visit before the decision', async () => {
      const h = await newHousehold('近亲户');
      const kin = await county.post('/api/v1/assistance/near-kin', { officialName: '岭东社区委员甲', officialRole: 'committee_member', relativePersonId: h.persons[1]!.id, relation: 'sibling', regionCode: '220105003005' });
      expect(kin.status, JSON.stringify(kin.body)).toBe(201);
      const c = await file(village, application({ householdId: h.householdId, applicantPersonId: h.persons[0]!.id, incomes: [] }));
      expect(c.flags).toEqual(['near_kin']);
      let page = await toConfirmation(c.id);
      const refused = await county.post(`/api/v1/assistance/cases/${c.id}/actions/approve`, { version: page.version, data: {} });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'REQUIRED_STEP', title: '近亲属备案的申请须经县级民政部门入户核查后方可确认（低保办法第十一条、第二十条）' });
      page = await act(county, c.id, page.version, 'county_home_visit', { data: homeVisit() });
      page = await act(county, c.id, page.version, 'approve', { data: {} });
      expect(page.state).toBe('in_payment');
    });

    it('two approvals of one version at once: one decides, the other is told to refresh', async () => {
      const h = await newHousehold('并发户');
      const c = await file(township, application({ householdId: h.householdId, applicantPersonId: h.persons[0]!.id, incomes: [] }));
      const page = await toConfirmation(c.id);
      const other = await t.login('demo-county');
      const results = await Promise.all([county, other].map((s) => s.post(`/api/v1/assistance/cases/${c.id}/actions/approve`, { version: page.version, data: {} })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).toBe('VERSION_CONFLICT');
      const decisions = await t.db.transaction((tx) => tx.rows(sql`SELECT seq FROM workflow_decision WHERE case_id = ${c.id}::uuid AND action = 'approve'`));
      expect(decisions).toHaveLength(1);
    });

    it('an approver may set another amount only with a reason', async () => {
      const h = await newHousehold('调整户');
      const c = await file(township, application({ householdId: h.householdId, applicantPersonId: h.persons[0]!.id, incomes: [] }));
      const page = await toConfirmation(c.id);
      const bare = await county.post(`/api/v1/assistance/cases/${c.id}/actions/approve`, { version: page.version, data: { overrideAmountFen: 100_000 } });
      expect(bare.status).toBe(422);
      expect(bare.body.errors).toEqual([{ path: 'data.overrideReason', message: '核定金额与测算金额不同时须说明理由' }]);
      const done = await act(county, c.id, page.version, 'approve', { data: { overrideAmountFen: 100_000, overrideReason: '家庭另有亲属定期资助' } });
      expect(done.amountFen).toBe(100_000);
      expect(done.recheckDueOn).toBe(addMonthsToDate(today(), 12));
    });
  });

  describe('ending', () => {
    it('stops 低保 from the next month at the earliest, after hearing the family', async () => {
      const h = await newHousehold('停保户');
      const c = await file(township, application({ householdId: h.householdId, applicantPersonId: h.persons[0]!.id, incomes: [] }));
      let page = await toConfirmation(c.id);
      page = await act(county, c.id, page.version, 'approve', { data: {} });
      const thisMonth = today().slice(0, 7);
      const unheard = await county.post(`/api/v1/assistance/cases/${c.id}/actions/terminate`, {
        version: page.version, opinion: '收入增加', data: { cause: 'income_exceeds', reasons: '家庭人均收入已超过低保标准', stopMonth: nextMonthOf(today()) },
      });
      expect(unheard.status).toBe(422);
      expect(unheard.body.errors).toEqual([{ path: 'data.familyHeardOn', message: '停发前须听取家庭意见（救助法第四十八条）' }]);
      const data = { cause: 'income_exceeds', reasons: '家庭人均收入已超过低保标准', familyHeardOn: today(), familyStatement: '无异议' };
      const backwards = await county.post(`/api/v1/assistance/cases/${c.id}/actions/terminate`, { version: page.version, opinion: '收入增加', data: { ...data, stopMonth: thisMonth } });
      expect(backwards.status).toBe(422);
      expect(backwards.body.errors).toEqual([{ path: 'data.stopMonth', message: `停发月份不能早于 ${nextMonthOf(today())}（决定次月起停止发放）` }]);
      page = await act(county, c.id, page.version, 'terminate', { opinion: '收入增加，停发低保', data: { ...data, stopMonth: nextMonthOf(today()) } });
      expect(page).toMatchObject({ state: 'terminated', stateName: '已停保', stopMonth: nextMonthOf(today()), availableActions: [] });
      const notice = await county.get(`/api/v1/assistance/cases/${c.id}/notice.pdf`);
      expect(notice.status).toBe(200);
      expect(String(notice.headers['content-disposition'])).toContain(encodeURIComponent('最低生活保障终止通知书'));
    });

    it('the database refuses a case that did not start as an application, and edits of what it is about', async () => {
      const scope = { actorId: null, regionCode: '220105003000' };
      const h = await newHousehold('直插户', 1);
      const attempt = t.db.transaction(async (tx) => {
        const [w] = await tx.rows<{ id: string }>(sql`
          INSERT INTO workflow_case (definition, definition_version, case_no, subject_kind, subject_id, region_code, state)
          VALUES ('assistance.dibao', 1, 'DB-220105-2026-999999', 'household', ${h.householdId}::uuid, '220105003005', 'in_payment') RETURNING id`);
        await tx.run(sql`
          INSERT INTO assistance_case (id, programme, household_id, applicant_person_id, region_code, applicant_name, applicant_id_masked, application, amount_fen)
          VALUES (${w!.id}::uuid, 'dibao', ${h.householdId}::uuid, ${h.persons[0]!.id}::uuid, '220105003005', '直插户1', '2201**********0000', '{}'::jsonb, 100000)`);
      }, { scope });
      await expect(attempt).rejects.toMatchObject({ code: 'P0001', message: expect.stringContaining('救助案件只能通过申请登记产生') });
      const [c] = (await township.get('/api/v1/assistance/cases?q=张建国')).body.items;
      const edit = t.db.transaction((tx) => tx.run(sql`UPDATE assistance_case SET household_id = ${h.householdId}::uuid WHERE id = ${c.id}::uuid`), { scope });
      await expect(edit).rejects.toMatchObject({ code: 'P0001' });
      await expect(t.db.transaction((tx) => tx.run(sql`DELETE FROM assistance_case WHERE id = ${c.id}::uuid`), { scope })).rejects.toMatchObject({ code: '42501' });
    });

    it('refuses with written reasons, delivered within 3 working days', async () => {
      const h = await newHousehold('不予户');
      const c = await file(township, application({ householdId: h.householdId, applicantPersonId: h.persons[0]!.id, incomes: [] }));
      let page = await toConfirmation(c.id);
      const silent = await county.post(`/api/v1/assistance/cases/${c.id}/actions/refuse`, { version: page.version });
      expect(silent.status).toBe(422);
      page = await act(county, c.id, page.version, 'refuse', { opinion: '家庭成员名下有未申报的机动车' });
      expect(page.state).toBe('refused');
      expect(page.clocks.find((k: any) => k.key === 'refusal_notice')).toMatchObject({ status: 'running', amount: 3 });
      const notice = await county.get(`/api/v1/assistance/cases/${c.id}/notice.pdf`);
      expect(notice.status).toBe(200);
      expect(String(notice.headers['content-disposition'])).toContain(encodeURIComponent('最低生活保障不予确认通知书'));
      page = await act(township, c.id, page.version, 'deliver_refusal', { data: { deliveredOn: today(), method: 'in_person', recipient: '户主' } });
      expect(page).toMatchObject({ state: 'refusal_served', stateName: '不予确认' });
      // A closed case no longer blocks a new application of the household.
      const again = await township.post('/api/v1/assistance/cases', application({ householdId: h.householdId, applicantPersonId: h.persons[0]!.id, incomes: [] }));
      expect(again.status).toBe(201);
    });
  });
});
