import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addMonths } from '@mz/kernel';
import type { AuditActor } from '@mz/http';
import { recordEntitlement } from '@mz/payments/server';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import {
  act, bankAccount, countyPaymentOfficials, createHousehold, createPerson, entitlementsOf, homeVisit, letPublicityPass, PROPERTY_NONE,
  rollLines, seedParams, today, verification,
} from './assistance.testing.ts';

// From the decision to the monthly roll (payments contract, "How assistance calls it"): every
// amount a roll pays names its case. Demo parameters: 长春市 urban 低保 standard 820 元, the county
// confirms 低保 and 特困, 荣光街道 approves 临时救助 up to 3000 元. Benefits start the month after
// the decision, so the rolls here are those of the coming months, generated in sequence (each
// exported before the next, as the ledger requires).

describe.each(testEngines())('assistance decisions reach the payments ledger, on %s', (engine) => {
  let t: TestApp;
  let village: HttpSession; // 岭东社区 clerk
  let township: HttpSession; // 荣光街道 clerk + reviewer
  let leader: HttpSession; // 荣光街道 reviewer
  let head: HttpSession; // 荣光街道 approver (临时救助)
  let county: HttpSession; // 二道区 approver (低保, 特困; approves rolls)
  let dongsheng: HttpSession; // 东盛街道 clerk + reviewer
  let dsApprover: HttpSession; // 东盛街道 approver, created here
  let payClerk: HttpSession; // 二道区 payments clerk
  let payReviewer: HttpSession; // 二道区 payments reviewer

  const M = () => today().slice(0, 7);
  const N = (k: number) => addMonths(M(), k);

  async function person(name: string, birth: string, sex: 'male' | 'female' = 'male') {
    return createPerson(township, { name, birth, sex, extra: bankAccount(name) });
  }

  async function household(label: string, births: string[]) {
    const persons = [];
    for (const [i, birth] of births.entries()) persons.push(await person(`${label}${i + 1}`, birth, i % 2 ? 'female' : 'male'));
    const h = await createHousehold(township, persons);
    return { id: h.id, persons };
  }

  /** Files a 低保 application and takes it to 待审核确认; returns the page. */
  async function dibaoAwaiting(h: { id: string; persons: { id: string }[] }) {
    const filed = await village.post('/api/v1/assistance/cases', {
      programme: 'dibao', householdId: h.id, applicantPersonId: h.persons[0]!.id, applicationDate: today(), authorizationSigned: true, pledgeSigned: true,
      hukouType: 'urban', incomes: [], deductions: [], property: PROPERTY_NONE, categories: [],
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
    return act(township, id, c.version, 'end_publicity');
  }

  /** Generates the county's roll; review, approve and export it when `close` (the next month's roll needs that). */
  async function roll(programme: string, month: string, close: boolean) {
    const res = await payClerk.post('/api/v1/payments/rolls', { programme, month });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const lines = await rollLines(payClerk, res.body.id);
    if (close) {
      let r = res.body;
      r = (await payReviewer.post(`/api/v1/payments/rolls/${r.id}/actions/review`, { version: r.version })).body;
      const approved = await county.post(`/api/v1/payments/rolls/${r.id}/actions/approve`, { version: r.version });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      const exported = await payClerk.post(`/api/v1/payments/rolls/${r.id}/export`, { profileCode: 'standard', format: 'csv' });
      expect(exported.status, String(exported.body).slice(0, 300)).toBe(200);
    }
    return { roll: res.body, lines };
  }

  const ofCase = (lines: any[], caseId: string) => lines.filter((l) => l.source?.module === 'assistance' && l.source?.id === caseId);

  const A = { id: '', amount: 0, breakdown: null as any }; // 低保, two persons: adjusted, then stopped
  const D = { id: '', amount: 0, personId: '' }; // 低保, one person who died before it was known
  const T = { id: '', amount: 0 }; // 特困

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedParams(t.db);
    [village, township, leader, head, county, dongsheng] = await Promise.all(
      ['demo-village', 'demo-township', 'demo-township-leader', 'demo-township-head', 'demo-county', 'demo-township2'].map((u) => t.login(u)),
    );
    ({ clerk: payClerk, reviewer: payReviewer } = await countyPaymentOfficials(t));
    const admin = await t.login('demo-province');
    const created = await admin.post('/api/v1/users', { username: 'ds-approver', displayName: '东盛街道审批员', regionCode: '220105001000', roles: ['approver'], password: 'Dongsheng-2026' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    dsApprover = await t.login('ds-approver', 'Dongsheng-2026');
  });
  afterAll(async () => { await t?.close(); });

  it('registers the three programmes with the ledger', async () => {
    const res = await county.get('/api/v1/payments/programmes');
    expect(res.body.items.filter((p: any) => p.ownerModule === 'assistance' && !p.code.startsWith('t_'))).toEqual([
      { code: 'dibao', name: '最低生活保障', shortName: '低保', ownerModule: 'assistance', basis: 'household', monthly: true, oneOff: false },
      { code: 'linshi', name: '临时救助', shortName: '临时救助', ownerModule: 'assistance', basis: 'person', monthly: false, oneOff: true },
      { code: 'tekun', name: '特困人员救助供养', shortName: '特困', ownerModule: 'assistance', basis: 'person', monthly: true, oneOff: false },
    ]);
  });

  it('a 低保 approval opens the case\'s series from its start month, with its amount, breakdown and rule version', async () => {
    const h = await household('发放户', ['19700315', '19720612']);
    const waiting = await dibaoAwaiting(h);
    const c = await act(county, waiting.id, waiting.version, 'approve', { opinion: '同意', data: {} });
    expect(c).toMatchObject({ state: 'in_payment', amountFen: 164_000, startMonth: N(1) }); // 820 × 2
    Object.assign(A, { id: c.id, amount: c.amountFen, breakdown: c.breakdown });
    const [e, ...more] = await entitlementsOf(county, c.id);
    expect(more).toEqual([]);
    expect(e).toMatchObject({
      programme: 'dibao', kind: 'monthly', householdId: h.id, personId: h.persons[0]!.id, payeeName: '发放户1', personCount: 2,
      regionCode: '220105003005', fromMonth: N(1), toMonth: null, monthlyAmountFen: 164_000, ruleVersion: c.breakdown.ruleVersion,
      origin: { kind: 'case_decision', sourceModule: 'assistance', sourceId: c.id, reason: '低保审核确认' }, current: true, createdByName: '区民政局审批员',
    });
    expect(e.breakdown).toMatchObject(c.breakdown);
    const audit = await t.db.transaction((tx) => tx.rows<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE entity_id IN (${c.id}, ${e.id}) ORDER BY id DESC LIMIT 2`));
    expect(audit.map((a) => a.action).sort()).toEqual(['assistance.case_action', 'payments.entitlement_record']);
  });

  it('a refusal by the ledger undoes the decision and reaches the official in Chinese', async () => {
    const h = await household('重复户', ['19650101']);
    // The household already receives 低保 from another source (e.g. migrated from the old system).
    const system: AuditActor = { actorId: null, actorName: '历史数据迁移', actorRegion: '220105000000', ip: null };
    await t.db.transaction((tx) => recordEntitlement(tx, system, {
      programme: 'dibao', beneficiary: { householdId: h.id }, regionCode: '220105003005', fromMonth: M(), monthlyAmountFen: 50_000,
      breakdown: null, ruleVersion: 'legacy', origin: { kind: 'case_decision', sourceModule: 'legacy', sourceId: `old-${h.id}`, reason: '历史数据迁移' },
    }), { scope: { actorId: null, regionCode: '220105000000' } });
    const c = await dibaoAwaiting(h);
    const res = await county.post(`/api/v1/assistance/cases/${c.id}/actions/approve`, { version: c.version, opinion: '同意', data: {} });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'ENTITLEMENT_OVERLAP', title: '该对象在这一期间已有低保待遇' });
    const after = (await county.get(`/api/v1/assistance/cases/${c.id}`)).body;
    expect(after).toMatchObject({ state: 'awaiting_confirmation', version: c.version, startMonth: null });
    expect(after.timeline.map((d: any) => d.action)).not.toContain('approve');
    expect(await entitlementsOf(county, c.id)).toEqual([]);
  });

  it('特困 approval: a person-basis series', async () => {
    const p = await person('供养人', '19470210');
    const filed = await township.post('/api/v1/assistance/cases', {
      programme: 'tekun', personId: p.id, applicantPersonId: p.id, applicationDate: today(), authorizationSigned: true, pledgeSigned: true,
      careMode: 'dispersed', selfCare: { eat: true, dress: true, bed: true, toilet: true, walk: true, bath: true }, obligors: [], incomes: [], property: PROPERTY_NONE,
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.id;
    let c = await act(township, id, 1, 'accept');
    c = await act(township, id, c.version, 'start_investigation');
    c = await act(township, id, c.version, 'record_home_visit', { data: homeVisit() });
    c = await act(township, id, c.version, 'request_verification', { data: {} });
    c = await act(township, id, c.version, 'record_verification', { data: verification() });
    c = await act(township, id, c.version, 'assess_self_care', {
      data: { assessedOn: today(), assessor: '荣光街道评估小组', items: { eat: true, dress: true, bed: true, toilet: true, walk: true, bath: true } },
    });
    c = await act(leader, id, c.version, 'preliminary_review', { opinion: '符合特困人员认定条件', data: { recommendation: 'approve' } });
    c = await act(township, id, c.version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await letPublicityPass(t.db, id);
    c = await act(township, id, c.version, 'end_publicity');
    c = await act(county, id, c.version, 'approve', { opinion: '同意认定为特困人员', data: {} });
    Object.assign(T, { id, amount: c.amountFen });
    expect(await entitlementsOf(county, id)).toMatchObject([{
      programme: 'tekun', personId: p.id, householdId: null, payeeName: '供养人', personCount: 1, fromMonth: N(1), monthlyAmountFen: c.amountFen,
      ruleVersion: c.breakdown.ruleVersion, origin: { kind: 'case_decision', sourceId: id, reason: '特困人员认定' },
    }]);
    const { lines } = await roll('tekun', N(1), false);
    expect(ofCase(lines, id)).toMatchObject([{ kind: 'regular', programme: 'tekun', period: N(1), personId: p.id, amountFen: c.amountFen, ruleVersion: c.breakdown.ruleVersion }]);
  });

  it('the roll of the start month pays the case, naming it', async () => {
    const h = await household('单身户', ['19550505']);
    const c = await dibaoAwaiting(h);
    const approved = await act(county, c.id, c.version, 'approve', { opinion: '同意', data: {} });
    Object.assign(D, { id: c.id, amount: approved.amountFen, personId: h.persons[0]!.id });

    const { lines } = await roll('dibao', N(1), true);
    expect(ofCase(lines, A.id)).toMatchObject([{
      kind: 'regular', programme: 'dibao', period: N(1), amountFen: A.amount, personCount: 2, payeeName: '发放户1', ruleVersion: A.breakdown.ruleVersion,
      source: { module: 'assistance', id: A.id },
    }]);
    expect(ofCase(lines, D.id)).toMatchObject([{ kind: 'regular', period: N(1), amountFen: D.amount }]);
  });

  it('an adjustment supersedes the series from its month; a late-known death is recovered; a stop ends the next month', async () => {
    let a = (await county.get(`/api/v1/assistance/cases/${A.id}`)).body;
    const early = await county.post(`/api/v1/assistance/cases/${A.id}/actions/adjust`, {
      version: a.version, opinion: '收入增加，减发', data: { direction: 'decrease', newAmountFen: 100_000, effectiveMonth: M(), reasons: '家庭收入增加', familyHeardOn: today() },
    });
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([{ path: 'data.effectiveMonth', message: `调整起始月份不能早于保障起始月份 ${N(1)}` }]);
    a = await act(county, A.id, a.version, 'adjust', {
      opinion: '收入增加，减发', data: { direction: 'decrease', newAmountFen: 100_000, effectiveMonth: N(2), reasons: '家庭收入增加', familyHeardOn: today() },
    });
    const current = await entitlementsOf(county, A.id, true);
    expect(current.map((e) => [e.fromMonth, e.toMonth, e.monthlyAmountFen, e.origin.kind]).sort()).toEqual([
      [N(1), N(1), 164_000, 'case_decision'], [N(2), null, 100_000, 'adjustment'],
    ]);
    expect(current.find((e) => e.origin.kind === 'adjustment').origin.reason).toBe('低保减发：收入增加，减发');

    // The registry learns that D's only member died at the start of this month.
    const p = (await township.get(`/api/v1/registry/persons/${D.personId}`)).body;
    const marked = await township.patch(`/api/v1/registry/persons/${D.personId}`, { version: p.version, status: 'deceased', deathDate: `${M()}-01` });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    const d = (await county.get(`/api/v1/assistance/cases/${D.id}`)).body;
    await act(county, D.id, d.version, 'terminate', { opinion: '保障对象死亡，停保', data: { cause: 'death', reasons: '保障对象已死亡', stopMonth: N(2) } });
    // Owed through the month of death, which came before the benefit began: no month is owed at
    // all (the stop month the decision named does not matter), so nothing of the series is current.
    expect(await entitlementsOf(county, D.id, true)).toEqual([]);

    const { lines } = await roll('dibao', N(2), true);
    expect(ofCase(lines, A.id)).toMatchObject([{ kind: 'regular', period: N(2), amountFen: 100_000 }]);
    // The month paid after the death comes back as a 追回 line of this roll.
    expect(ofCase(lines, D.id)).toMatchObject([{ kind: 'recovery', period: N(1), amountFen: -D.amount, reason: expect.stringMatching(/追回/) }]);
    const [ending] = (await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`
      SELECT summary FROM audit_log WHERE action = 'payments.entitlement_end' ORDER BY id DESC LIMIT 1`)));
    expect(ending!.summary).toContain(`死亡（${M()}-01死亡，${today()}报告`);

    a = await act(county, A.id, a.version, 'terminate', {
      opinion: '本人申请退出', data: { cause: 'voluntary', reasons: '家庭申请退出低保', stopMonth: N(3), familyHeardOn: today() },
    });
    expect(a.state).toBe('terminated');
    expect((await entitlementsOf(county, A.id, true)).map((e) => [e.fromMonth, e.toMonth]).sort()).toEqual([[N(1), N(1)], [N(2), N(2)]]);
    const next = await roll('dibao', N(3), false);
    expect(ofCase(next.lines, A.id)).toEqual([]);
    expect(ofCase(next.lines, D.id)).toEqual([]);
  });

  it('暂停 stops the series from its month and 恢复 reopens it; 渐退 pays its months, then stops', async () => {
    const h = await household('暂停户', ['19660606', '19680808']);
    const w = await dibaoAwaiting(h);
    let c = await act(county, w.id, w.version, 'approve', { opinion: '同意', data: {} });
    const spans = async () => (await entitlementsOf(county, c.id, true)).map((e) => [e.fromMonth, e.toMonth, e.monthlyAmountFen]).sort();
    c = await act(county, c.id, c.version, 'suspend', { opinion: '外出务工，暂停发放', data: { fromMonth: N(2), reasons: '家庭成员外出务工，收入待核实' } });
    expect(await spans()).toEqual([[N(1), N(1), c.amountFen]]);
    const [paused] = (await entitlementsOf(county, c.id, true));
    expect(paused.origin).toMatchObject({ kind: 'end', reason: '暂停发放：家庭成员外出务工，收入待核实' });
    c = await act(county, c.id, c.version, 'resume', { opinion: '收入核实无变化，恢复发放', data: { fromMonth: N(3), reasons: '经核实收入无变化' } });
    expect(await spans()).toEqual([[N(1), N(1), c.amountFen], [N(3), null, c.amountFen]]);
    c = await act(county, c.id, c.version, 'taper', { opinion: '收入超过标准，批准渐退', data: { months: 2, fromMonth: N(3), reason: '家庭成员就业，收入超过低保标准' } });
    expect(c.state).toBe('tapering');
    expect(await spans()).toEqual([[N(1), N(1), c.amountFen], [N(3), N(4), c.amountFen]]);
    const ends = (await entitlementsOf(county, c.id, true)).find((e) => e.toMonth === N(4));
    expect(ends.origin.reason).toBe('渐退期满停发');
  });

  describe('临时救助', () => {
    const L = { id: '' };
    const P = { id: '' };
    const X = { id: '', personId: '' };

    async function fileLinshi(session: HttpSession, body: Record<string, unknown>) {
      const res = await session.post('/api/v1/assistance/cases', {
        programme: 'linshi', applicationDate: today(), authorizationSigned: true, pledgeSigned: true, type: 'emergency', incidentRegionCode: '220105003005',
        incidentDate: today(), description: '家中失火，衣物被褥全部烧毁', requestedFen: 200_000, advance: false, ...body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    }

    /** Files for a new person of 岭东社区 and takes the case through the township to its approval. */
    async function approved(name: string, need: number, data: Record<string, unknown> = {}) {
      const p = await person(name, '19800808');
      const c = await fileLinshi(township, { personId: p.id, applicantPersonId: p.id, requestedFen: need });
      let page = await act(township, c.id, 1, 'accept');
      page = await act(township, c.id, page.version, 'start_investigation');
      page = await act(township, c.id, page.version, 'record_home_visit', { data: homeVisit() });
      page = await act(township, c.id, page.version, 'record_economics', { data: { assessedNeedFen: need, findings: '核实火灾损失属实' } });
      page = await act(leader, c.id, page.version, 'township_review', { opinion: '同意救助', data: { recommendation: 'approve', proposedAmountFen: need } });
      page = await act(township, c.id, page.version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
      await letPublicityPass(t.db, c.id);
      page = await act(township, c.id, page.version, 'end_publicity');
      return { p, page: await act(head, c.id, page.version, 'approve', { opinion: '同意救助', data }) };
    }

    it('approval records a grant for the roll of the decision month', async () => {
      const { p, page } = await approved('救助人', 200_000);
      const c = page;
      L.id = c.id;
      expect(await entitlementsOf(county, c.id)).toMatchObject([{
        programme: 'linshi', kind: 'grant', personId: p.id, fromMonth: M(), toMonth: M(), monthlyAmountFen: 200_000, paidOutsideOn: null,
        ruleVersion: page.breakdown.ruleVersion, origin: { kind: 'one_off', sourceModule: 'assistance', sourceId: c.id, reason: '临时救助审批' }, current: true,
      }]);
    });

    it('instalments: one grant per month, paid by the rolls; not handed over in cash at once', async () => {
      const { page } = await approved('分期人', 100_000, { instalmentMonths: 3 });
      const grants = await Promise.all([page.id, `${page.id}:2`, `${page.id}:3`].map((id) => entitlementsOf(county, id)));
      expect(grants.map(([g]) => [g.fromMonth, g.monthlyAmountFen, g.origin.reason])).toEqual([
        [M(), 33_334, '临时救助审批（分 3 期第 1 期）'], [N(1), 33_333, '临时救助审批（分 3 期第 2 期）'], [N(2), 33_333, '临时救助审批（分 3 期第 3 期）'],
      ]);
      const cash = await township.post(`/api/v1/assistance/cases/${page.id}/actions/record_payment`, { version: page.version, data: { paidOn: today(), amountFen: 100_000, method: 'cash' } });
      expect(cash.status).toBe(409);
      expect(cash.body.title).toBe('分期发放的救助金按月列入发放表，不能一次登记现金或实物发放');
      // Goods are not money: nothing is recorded until they are handed over.
      const goods = await approved('实物人', 60_000, { form: 'in_kind' });
      expect(await entitlementsOf(county, goods.page.id)).toEqual([]);
      await act(township, goods.page.id, goods.page.version, 'record_payment', { data: { paidOn: today(), amountFen: 60_000, method: 'in_kind' } });
      expect(await entitlementsOf(county, goods.page.id)).toMatchObject([{ monthlyAmountFen: 60_000, paidOutsideOn: today() }]);
    });

    it('先行救助 paid in cash is recorded as paid outside the bank', async () => {
      const p = await person('先行人', '19850505', 'female');
      const c = await fileLinshi(township, { personId: p.id, applicantPersonId: p.id, requestedFen: 150_000, advance: true });
      P.id = c.id;
      let page = await act(township, c.id, 1, 'accept');
      page = await act(head, c.id, page.version, 'advance_grant', { opinion: '情况紧急，先行救助', data: { amountFen: 150_000 } });
      expect(await entitlementsOf(county, c.id)).toMatchObject([{ kind: 'grant', monthlyAmountFen: 150_000, paidOutsideOn: null, origin: { reason: '先行救助' } }]);
      page = await act(township, c.id, page.version, 'pay_advance', { data: { paidOn: today(), amountFen: 150_000, method: 'cash' } });
      expect(page.state).toBe('paperwork_pending');
      expect(await entitlementsOf(county, c.id, true)).toMatchObject([{ kind: 'grant', monthlyAmountFen: 150_000, paidOutsideOn: today() }]);
    });

    it('a traveller registered in another township gets the grant recorded by the incident township', async () => {
      const p = await person('过路人', '19780909');
      X.personId = p.id;
      const c = await fileLinshi(dongsheng, {
        idNumber: p.idNumber, name: '过路人', hukouType: 'urban', incidentRegionCode: '220105001000', requestedFen: 120_000, advance: true,
      });
      X.id = c.id;
      expect((await dongsheng.get(`/api/v1/registry/persons/${p.id}`)).status).toBe(404);
      let page = await act(dongsheng, c.id, 1, 'accept');
      page = await act(dsApprover, c.id, page.version, 'advance_grant', { opinion: '途中遇困，先行救助', data: { amountFen: 120_000 } });
      // The page the decision answers with is read after the ledger call, in the same transaction:
      // the township still cannot read the record (no age), so its scope was narrowed again.
      expect(page).toMatchObject({ state: 'advance_granted', subject: { personId: p.id, name: '过路人', age: null } });
      // The county sees the grant; the township's scope is unchanged afterwards.
      expect(await entitlementsOf(county, c.id)).toMatchObject([{
        programme: 'linshi', personId: p.id, regionCode: '220105001000', monthlyAmountFen: 120_000, payeeName: '过路人', paidOutsideOn: null,
      }]);
      expect((await dongsheng.get(`/api/v1/registry/persons/${p.id}`)).status).toBe(404);
    });

    it('the county\'s 临时救助 roll pays the grants not paid outside; a bank payment is then recorded against it', async () => {
      const { roll: r, lines } = await roll('linshi', M(), false);
      expect(ofCase(lines, L.id)).toMatchObject([{ kind: 'grant', period: M(), amountFen: 200_000, payeeName: '救助人' }]);
      expect(ofCase(lines, X.id)).toMatchObject([{ kind: 'grant', amountFen: 120_000, regionCode: '220105001000' }]);
      expect(ofCase(lines, P.id)).toEqual([]);
      expect(r.amountFen).toBe(lines.reduce((s, l) => s + l.amountFen, 0));

      // Now the roll holds L's grant: cash would pay it twice, the bank payment is the roll's.
      const l = (await township.get(`/api/v1/assistance/cases/${L.id}`)).body;
      const cash = await township.post(`/api/v1/assistance/cases/${L.id}/actions/record_payment`, { version: l.version, data: { paidOn: today(), amountFen: 200_000, method: 'cash' } });
      expect(cash.status).toBe(409);
      expect(cash.body).toMatchObject({ code: 'GRANT_PAID', title: '该救助金已列入发放表，将由银行代发，不能再以现金发放' });
      const paid = await act(township, L.id, l.version, 'record_payment', { data: { paidOn: today(), amountFen: 200_000, method: 'bank' } });
      expect(paid.state).toBe('paid');
      expect(await entitlementsOf(county, L.id, true)).toMatchObject([{ paidOutsideOn: null }]);
    });
  });
});
