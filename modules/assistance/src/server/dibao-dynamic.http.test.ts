import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCalendarDays, addMonthsToDate, nextMonthOf } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { act, createHousehold, createPerson, homeVisit, letPublicityPass, PROPERTY_NONE, seedParams, today, verification } from './assistance.testing.ts';

// 低保 in payment: the three-refusals rule (低保办法第三十四条) and the re-check after a member's
// death (2022通知一(三)). Demo parameters: 长春市 urban standard 820 元; the county confirms.

describe.each(testEngines())('低保 dynamic management over HTTP on %s', (engine) => {
  let t: TestApp;
  let village: HttpSession; // 岭东社区 clerk
  let township: HttpSession; // 荣光街道 clerk + reviewer
  let leader: HttpSession; // 荣光街道 reviewer
  let county: HttpSession; // 二道区 approver
  let dongsheng: HttpSession; // 东盛街道 clerk + reviewer

  async function household(label: string, births: string[]) {
    const persons = [];
    for (const [i, birth] of births.entries()) persons.push(await createPerson(township, { name: `${label}${i + 1}`, birth, sex: i % 2 ? 'female' : 'male' }));
    const h = await createHousehold(township, persons);
    return { id: h.id, persons };
  }

  /** Files, takes through the township and has the county approve; returns the page in payment. */
  async function inPayment(h: { id: string; persons: { id: string }[] }, incomes: unknown[]) {
    const filed = await village.post('/api/v1/assistance/cases', {
      programme: 'dibao', householdId: h.id, applicantPersonId: h.persons[0]!.id, applicationDate: today(), authorizationSigned: true, pledgeSigned: true,
      hukouType: 'urban', incomes, deductions: [], property: PROPERTY_NONE, categories: [],
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.id;
    let c = await act(township, id, 1, 'accept');
    c = await act(township, id, c.version, 'start_investigation');
    c = await act(village, id, c.version, 'record_home_visit', { data: homeVisit() });
    c = await act(township, id, c.version, 'request_verification', { data: {} });
    c = await act(township, id, c.version, 'record_verification', { data: verification() });
    c = await act(leader, id, c.version, 'preliminary_review', { opinion: '符合低保条件', data: { recommendation: 'approve' } });
    c = await act(township, id, c.version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await letPublicityPass(t.db, id);
    c = await act(township, id, c.version, 'end_publicity');
    return act(county, id, c.version, 'approve', { opinion: '同意', data: {} });
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedParams(t.db);
    [village, township, leader, county, dongsheng] = await Promise.all(
      ['demo-village', 'demo-township', 'demo-township-leader', 'demo-county', 'demo-township2'].map((u) => t.login(u)),
    );
  });
  afterAll(async () => { await t?.close(); });

  describe('three refusals of introduced work (低保办法第三十四条)', () => {
    let id = '';
    let version = 0;
    let family: { id: string; persons: { id: string }[] };
    const refusal = (personId: string, offeredOn = today(), extra: Record<string, unknown> = {}) => ({
      data: { personId, offeredOn, job: '小区保洁员', employer: '岭东物业公司', goodReason: false, ...extra },
    });

    beforeAll(async () => {
      // Head (wage 1200 元), spouse of working age, a 13-year-old child.
      family = await household('就业户', ['19750315', '19800612', '20130901']);
      const c = await inPayment(family, [{ personId: family.persons[0]!.id, kind: 'wage', monthlyFen: 120_000 }]);
      expect(c).toMatchObject({ state: 'in_payment', amountFen: 126_000, householdSize: 3 }); // 820 × 3 − 1200
      id = c.id;
      version = c.version;
    });

    it('records refusals by covered members who can work, and only theirs', async () => {
      let c = await act(village, id, version, 'record_job_refusal', refusal(family.persons[1]!.id));
      expect(c.jobRefusals).toEqual([{ personId: family.persons[1]!.id, name: '就业户2', consecutive: 1, refusals: [{ on: today(), job: '小区保洁员', employer: '岭东物业公司' }] }]);
      const child = await village.post(`/api/v1/assistance/cases/${id}/actions/record_job_refusal`, { version: c.version, ...refusal(family.persons[2]!.id) });
      expect(child.status).toBe(422);
      expect(child.body.errors).toEqual([{ path: 'data.personId', message: '就业户3未满16周岁，属于无劳动能力人员，不适用拒绝介绍工作的规定（低保办法第三十四条；特困办法第五条）' }]);
      const stranger = await createPerson(township, { name: '外人', birth: '19850101' });
      const outside = await village.post(`/api/v1/assistance/cases/${id}/actions/record_job_refusal`, { version: c.version, ...refusal(stranger.id) });
      expect(outside.body.errors).toEqual([{ path: 'data.personId', message: '该成员不在本案保障对象中，或其本人保障金已停发' }]);
      const future = await village.post(`/api/v1/assistance/cases/${id}/actions/record_job_refusal`, {
        version: c.version, ...refusal(family.persons[1]!.id, addCalendarDays(today(), 1)),
      });
      expect(future.body.errors).toEqual([{ path: 'data.offeredOn', message: '介绍工作日期不能晚于今天' }]);
      // Recording a fact is nobody's pending work.
      expect((await village.get('/api/v1/assistance/queue')).body.items.map((q: any) => q.id)).not.toContain(id);
      c = await act(township, id, c.version, 'record_job_refusal', refusal(family.persons[1]!.id));
      version = c.version;
    });

    it('does not let the confirming level stop a share before the third refusal in a row', async () => {
      const page = (await county.get(`/api/v1/assistance/cases/${id}`)).body;
      expect(page.availableActions.map((a: any) => a.key)).not.toContain('exclude_member');
      const early = await county.post(`/api/v1/assistance/cases/${id}/actions/exclude_member`, {
        version, opinion: '停发', data: { personId: family.persons[1]!.id, fromMonth: nextMonthOf(today()), reasons: '拒绝工作', familyHeardOn: today() },
      });
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ code: 'GUARD', title: '该成员无正当理由连续拒绝介绍的工作2次，未达到连续三次，不能停发其本人保障金（低保办法第三十四条）' });
    });

    it('flags the case at the third refusal, and the county stops that member\'s own share from next month', async () => {
      let c = await act(village, id, version, 'record_job_refusal', refusal(family.persons[1]!.id));
      expect(c.flags).toContain('job_refusals');
      expect(c.jobRefusals[0]).toMatchObject({ name: '就业户2', consecutive: 3 });
      expect((await township.get('/api/v1/assistance/cases?flag=job_refusals')).body.items.map((x: any) => x.id)).toEqual([id]);
      const page = (await county.get(`/api/v1/assistance/cases/${id}`)).body;
      expect(page.availableActions.map((a: any) => a.key)).toContain('exclude_member');

      const data = { personId: family.persons[1]!.id, fromMonth: nextMonthOf(today()), reasons: '无正当理由连续三次拒绝社区介绍的保洁工作' };
      const unheard = await county.post(`/api/v1/assistance/cases/${id}/actions/exclude_member`, { version: c.version, opinion: '停发', data });
      expect(unheard.status).toBe(422);
      expect(unheard.body.errors).toEqual([{ path: 'data.familyHeardOn', message: '请填写听取家庭意见日期' }]);
      const backwards = await county.post(`/api/v1/assistance/cases/${id}/actions/exclude_member`, {
        version: c.version, opinion: '停发', data: { ...data, familyHeardOn: today(), fromMonth: today().slice(0, 7) },
      });
      expect(backwards.body.errors).toEqual([{ path: 'data.fromMonth', message: `停发起始月份不能早于 ${nextMonthOf(today())}（决定次月起停止发放）` }]);

      c = await act(county, id, c.version, 'exclude_member', { opinion: '停发其本人保障金', data: { ...data, familyHeardOn: today(), familyStatement: '无异议' } });
      // (820 × 3 − 1200) × 2 ÷ 3 = 840 元: the spouse still counts in the per-capita income.
      expect(c).toMatchObject({ state: 'in_payment', amountFen: 84_000, householdSize: 2 });
      expect(c.breakdown).toMatchObject({ members: 2, householdSize: 3, perCapitaIncomeFen: 40_000 });
      expect(c.breakdown.notes).toContain(`就业户2：无正当理由连续三次拒绝介绍的工作，自${nextMonthOf(today())}起停发本人保障金，不计入保障人数；其收入仍计入家庭收入（低保办法第三十四条）`);
      expect(c.excludedMembers).toEqual([{ personId: family.persons[1]!.id, name: '就业户2', fromMonth: nextMonthOf(today()), reason: '无正当理由连续三次拒绝介绍的工作' }]);
      expect(c.household.members.map((m: any) => [m.name, m.covered])).toEqual([['就业户1', true], ['就业户2', false], ['就业户3', true]]);
      expect(c.jobRefusals).toEqual([]);
      // Acted on: the case no longer waits for a decision on refusals.
      expect(c.flags).not.toContain('job_refusals');
      const [audit] = await t.db.transaction((tx) => tx.rows<{ summary: string; diff: any }>(sql`
        SELECT summary, diff FROM audit_log WHERE action = 'assistance.case_action' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`));
      expect(audit!.summary).toContain('「停发拒绝工作成员的保障金」');
      expect(audit!.diff.amount_fen).toEqual({ before: 126_000, after: 84_000 });
      // The ledger pays the household the recomputed amount for two persons from that month.
      const ledger = await county.get(`/api/v1/payments/entitlements?sourceModule=assistance&sourceId=${id}&current=true`);
      expect(ledger.body.items).toMatchObject([{
        fromMonth: nextMonthOf(today()), toMonth: null, monthlyAmountFen: 84_000, personCount: 2,
        origin: { kind: 'adjustment', reason: '停发拒绝介绍工作成员本人保障金（低保办法第三十四条）：无正当理由连续三次拒绝社区介绍的保洁工作' },
      }]);
      version = c.version;
    });

    it('keeps the share stopped through a new investigation and refuses a second stop', async () => {
      const c = await act(township, id, version, 'record_economics', {
        data: { incomes: [{ personId: family.persons[0]!.id, kind: 'wage', monthlyFen: 120_000 }], deductions: [], property: PROPERTY_NONE, categories: [] },
      });
      expect(c.breakdown).toMatchObject({ members: 2, amountFen: 84_000 });
      expect(c.household.members.find((m: any) => m.name === '就业户2').covered).toBe(false);
      const again = await village.post(`/api/v1/assistance/cases/${id}/actions/record_job_refusal`, { version: c.version, ...refusal(family.persons[1]!.id) });
      expect(again.status).toBe(422);
    });

    it('breaks a run with a job taken up', async () => {
      const other = await household('上岗户', ['19760101', '19790202']);
      let c = await inPayment(other, []);
      for (let i = 0; i < 2; i += 1) c = await act(village, c.id, c.version, 'record_job_refusal', refusal(other.persons[1]!.id));
      c = await act(township, c.id, c.version, 'record_job_accepted', { data: { personId: other.persons[1]!.id, acceptedOn: today(), job: '超市理货员', employer: '东方超市' } });
      c = await act(village, c.id, c.version, 'record_job_refusal', refusal(other.persons[1]!.id));
      expect(c.jobRefusals[0]).toMatchObject({ consecutive: 1 });
      expect(c.flags).not.toContain('job_refusals');
    });

    it('sends a sole covered member\'s case to 停保 instead', async () => {
      const alone = await household('独居户', ['19800505']);
      let c = await inPayment(alone, []);
      for (let i = 0; i < 3; i += 1) c = await act(village, c.id, c.version, 'record_job_refusal', refusal(alone.persons[0]!.id));
      const res = await county.post(`/api/v1/assistance/cases/${c.id}/actions/exclude_member`, {
        version: c.version, opinion: '停发', data: { personId: alone.persons[0]!.id, fromMonth: nextMonthOf(today()), reasons: '拒绝工作', familyHeardOn: today() },
      });
      expect(res.status).toBe(409);
      expect(res.body.title).toBe('该成员是本案唯一的保障对象，停发其保障金即停止保障，请办理「停保」');
    });
  });

  describe('re-check within three months after a death (2022通知一(三))', () => {
    it('shows the death on the case, the lists and the township\'s queue until a re-check after it', async () => {
      const family = await household('身故户', ['19500101', '19520303']);
      let c = await inPayment(family, []);
      expect(c.recheckDueOn).toBe(addMonthsToDate(today(), 12)); // no earnings: a stable household
      expect(c.recheckDue).toBe(false);
      expect((await township.get('/api/v1/assistance/queue')).body.items.map((q: any) => q.id)).not.toContain(c.id);

      // The registry learns of the spouse's death ten days ago.
      const deathDate = addCalendarDays(today(), -10);
      const spouse = (await township.get(`/api/v1/registry/persons/${family.persons[1]!.id}`)).body;
      const marked = await township.patch(`/api/v1/registry/persons/${spouse.id}`, { version: spouse.version, status: 'deceased', deathDate });
      expect(marked.status, JSON.stringify(marked.body)).toBe(200);

      const due = addMonthsToDate(deathDate, 3);
      c = (await township.get(`/api/v1/assistance/cases/${c.id}`)).body;
      expect(c).toMatchObject({ recheckDueOn: due, recheckDue: true });
      expect(c.recheckNotes).toEqual([`成员身故户2于${deathDate}死亡，须于${due}前完成复核（2022通知一(三)）`]);
      const listed = (await township.get('/api/v1/assistance/cases?recheckDue=true')).body.items;
      expect(listed.find((x: any) => x.id === c.id)).toMatchObject({ recheckDueOn: due, recheckDue: true });
      expect((await county.get('/api/v1/assistance/cases?programme=dibao&pageSize=100')).body.items.find((x: any) => x.id === c.id).recheckDueOn).toBe(due);
      expect((await township.get('/api/v1/assistance/queue')).body.items.map((q: any) => q.id)).toContain(c.id);
      expect((await leader.get('/api/v1/assistance/queue')).body.items.map((q: any) => q.id)).toContain(c.id);
      // Another township sees nothing of it.
      expect((await dongsheng.get('/api/v1/assistance/cases?recheckDue=true')).body).toEqual({ items: [], total: 0 });

      // A re-check dated before the death does not count as the re-check after it.
      c = await act(township, c.id, c.version, 'recheck', { data: { checkedOn: addCalendarDays(deathDate, -1), result: 'unchanged', findings: '例行复核' } });
      expect(c.recheckNotes).toHaveLength(1);
      c = await act(township, c.id, c.version, 'recheck', { data: { checkedOn: today(), result: 'decrease', findings: '配偶死亡，家庭人口减少' } });
      expect(c).toMatchObject({ recheckNotes: [], recheckDue: false, recheckDueOn: addMonthsToDate(today(), 12) });
      expect((await township.get('/api/v1/assistance/queue')).body.items.map((q: any) => q.id)).not.toContain(c.id);
      expect((await township.get('/api/v1/assistance/cases?recheckDue=true')).body.items.map((x: any) => x.id)).not.toContain(c.id);
    });

    it('refuses a re-check dated in the future', async () => {
      const family = await household('复核户', ['19600101']);
      const c = await inPayment(family, []);
      const res = await township.post(`/api/v1/assistance/cases/${c.id}/actions/recheck`, {
        version: c.version, data: { checkedOn: addCalendarDays(today(), 1), result: 'unchanged', findings: '无变化' },
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ path: 'data.checkedOn', message: '复核日期不能晚于今天' }]);
    });
  });
});
