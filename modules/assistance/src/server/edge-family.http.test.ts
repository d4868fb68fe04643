import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCalendarDays, addMonthsToDate } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { act, createHousehold, createPerson, homeVisit, letPublicityPass, PROPERTY_NONE, seedParams, today, verification } from './assistance.testing.ts';

// 低保边缘家庭 (低保办法第八条第二款; 2022通知一(四)): per-capita income at or above the 低保
// standard and below 1.5 times it, property within the limits. Demo: 长春市 urban standard 820 元,
// so for two persons the household's monthly income must be in [1640, 2460) 元.

describe.each(testEngines())('低保边缘家庭 over HTTP on %s', (engine) => {
  let t: TestApp;
  let village: HttpSession;
  let township: HttpSession; // 荣光街道 clerk + reviewer
  let leader: HttpSession; // 荣光街道 reviewer
  let county: HttpSession; // 二道区 approver
  let dongsheng: HttpSession;
  const validUntil = () => addCalendarDays(addMonthsToDate(today(), 12), -1);

  async function household(label: string, n = 2) {
    const persons = [];
    for (let i = 0; i < n; i += 1) persons.push(await createPerson(township, { name: `${label}${i + 1}`, birth: `19${70 + i}0${i + 1}15`, sex: i % 2 ? 'female' : 'male' }));
    const h = await createHousehold(township, persons);
    return { id: h.id, persons };
  }

  const wage = (personId: string, monthlyFen: number) => [{ personId, kind: 'wage', monthlyFen }];

  async function fileAndSubmit(h: { id: string; persons: { id: string }[] }, extra: Record<string, unknown>) {
    const filed = await village.post('/api/v1/assistance/cases', {
      programme: 'dibao', householdId: h.id, applicantPersonId: h.persons[0]!.id, applicationDate: today(), authorizationSigned: true, pledgeSigned: true,
      hukouType: 'urban', incomes: [], deductions: [], property: PROPERTY_NONE, categories: [], ...extra,
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.id;
    let c = await act(township, id, 1, 'accept');
    c = await act(township, id, c.version, 'start_investigation');
    c = await act(village, id, c.version, 'record_home_visit', { data: homeVisit() });
    c = await act(township, id, c.version, 'request_verification', { data: {} });
    c = await act(township, id, c.version, 'record_verification', { data: verification() });
    c = await act(leader, id, c.version, 'preliminary_review', { opinion: '初审意见', data: { recommendation: 'approve' } });
    c = await act(township, id, c.version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await letPublicityPass(t.db, id);
    return act(township, id, c.version, 'end_publicity');
  }

  const edgeList = async (session: HttpSession, query = '') => (await session.get(`/api/v1/assistance/edge-families${query}`)).body;

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedParams(t.db);
    [village, township, leader, county, dongsheng] = await Promise.all(
      ['demo-village', 'demo-township', 'demo-township-leader', 'demo-county', 'demo-township2'].map((u) => t.login(u)),
    );
  });
  afterAll(async () => { await t?.close(); });

  it('recognises the household of a 低保 application refused for income under the 边缘 line', async () => {
    const h = await household('边缘甲');
    let c = await fileAndSubmit(h, { incomes: wage(h.persons[0]!.id, 170_000) });
    expect(c.breakdown).toMatchObject({ eligible: false, edgeFamily: true, perCapitaIncomeFen: 85_000 });
    c = await act(county, c.id, c.version, 'refuse', { opinion: '家庭月人均收入850元，高于低保标准820元' });
    expect(c.edgeFamilyRecognition).toMatchObject({ active: true, recognisedOn: today(), validUntil: validUntil(), sourceName: '低保申请不予确认时认定' });

    const list = await edgeList(township, '?active=true');
    expect(list.items.find((e: any) => e.householdId === h.id)).toMatchObject({
      regionCode: '220105003005', regionName: '岭东社区', headName: '边缘甲1', headIdMasked: h.persons[0]!.masked, householdSize: 2,
      recognisedOn: today(), perCapitaIncomeFen: 85_000, edgeMultiplier: '1.5', standardFen: 82_000, hukouType: 'urban',
      source: 'dibao_refused', sourceCaseId: c.id, sourceCaseNo: c.caseNo, validUntil: validUntil(), endedOn: null, active: true,
    });
    expect(JSON.stringify(list)).not.toContain(h.persons[0]!.idNumber);
    const [audit] = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`
      SELECT summary FROM audit_log WHERE action = 'assistance.edge_family_recognise' ORDER BY id DESC LIMIT 1`));
    expect(audit!.summary).toContain(`认定低保边缘家庭：户主 边缘甲1（${h.persons[0]!.masked}），2 人，月人均收入 850.00元，低于低保标准 820.00元 的 1.5 倍`);
  });

  it('lets a township reviewer recognise directly, the calculator deciding', async () => {
    const h = await household('边缘乙');
    const body = (incomes: unknown[], property = PROPERTY_NONE) => ({ householdId: h.id, hukouType: 'urban', incomes, deductions: [], property, note: '走访发现' });

    const byVillage = await village.post('/api/v1/assistance/edge-families', body(wage(h.persons[0]!.id, 170_000)));
    expect(byVillage.status).toBe(403);
    expect(byVillage.body.title).toBe('低保边缘家庭由乡镇（街道）审核人员认定（低保办法第八条第二款）');

    const poor = await township.post('/api/v1/assistance/edge-families', body(wage(h.persons[0]!.id, 100_000)));
    expect(poor.status).toBe(409);
    expect(poor.body).toMatchObject({ code: 'NOT_EDGE_FAMILY', title: '不符合低保边缘家庭条件' });
    expect(poor.body.detail).toBe('家庭月人均收入 500.00元，低于低保标准 820.00元，符合低保条件，请按低保申请办理（低保办法第八条第二款）');
    const richer = await township.post('/api/v1/assistance/edge-families', body(wage(h.persons[0]!.id, 246_000)));
    expect(richer.body.detail).toBe('家庭月人均收入 1230.00元，不低于低保标准 820.00元 的 1.5 倍（低保办法第八条第二款）');
    const withCars = await township.post('/api/v1/assistance/edge-families', body(wage(h.persons[0]!.id, 170_000), { ...PROPERTY_NONE, vehicleCount: 2 }));
    expect(withCars.body.detail).toContain('拥有机动车辆 2 辆');

    const first = await leader.post('/api/v1/assistance/edge-families', body(wage(h.persons[0]!.id, 200_000)));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ source: 'direct', sourceName: '乡镇（街道）直接认定', sourceCaseId: null, perCapitaIncomeFen: 100_000, active: true, recognisedByName: '荣光街道审核员' });
    expect(first.body.breakdown).toMatchObject({ edgeFamily: true, eligible: false });

    // A new recognition ends the one in force: one household, one recognition.
    const second = await township.post('/api/v1/assistance/edge-families', body(wage(h.persons[0]!.id, 180_000)));
    expect(second.status).toBe(201);
    const mine = (await edgeList(township, '?q=边缘乙')).items;
    expect(mine.map((e: any) => [e.perCapitaIncomeFen, e.active, e.endedReason])).toEqual([[90_000, true, null], [100_000, false, '重新认定']]);
    expect((await edgeList(township, '?active=false&q=边缘乙')).items.map((e: any) => e.id)).toEqual([first.body.id]);

    // Another township can neither recognise nor see it.
    expect((await dongsheng.post('/api/v1/assistance/edge-families', body(wage(h.persons[0]!.id, 180_000)))).status).toBe(404);
    expect(await edgeList(dongsheng, '?regionCode=220105003')).toEqual({ items: [], total: 0 });
    expect((await dongsheng.post(`/api/v1/assistance/edge-families/${second.body.id}/end`, { endedOn: today(), reason: '越权' })).status).toBe(404);

    const ended = await county.post(`/api/v1/assistance/edge-families/${second.body.id}/end`, { endedOn: today(), reason: '家庭成员实现稳定就业，收入明显增加' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ active: false, endedOn: today(), endedReason: '家庭成员实现稳定就业，收入明显增加' });
    expect((await county.post(`/api/v1/assistance/edge-families/${second.body.id}/end`, { endedOn: today(), reason: '再次' })).status).toBe(409);
    const ends = await t.db.transaction((tx) => tx.rows(sql`SELECT 1 FROM audit_log WHERE action = 'assistance.edge_family_end'`));
    expect(ends.length).toBeGreaterThanOrEqual(1);
  });

  it('ends the recognition when the household is admitted to 低保, and refuses a direct one while its case is open', async () => {
    const h = await household('边缘丙');
    const recognised = await township.post('/api/v1/assistance/edge-families', {
      householdId: h.id, hukouType: 'urban', incomes: wage(h.persons[0]!.id, 170_000), deductions: [], property: PROPERTY_NONE,
    });
    expect(recognised.status).toBe(201);
    // The main earner lost the job: the household applies for 低保.
    let c = await fileAndSubmit(h, { incomes: wage(h.persons[0]!.id, 60_000) });
    const meanwhile = await township.post('/api/v1/assistance/edge-families', {
      householdId: h.id, hukouType: 'urban', incomes: wage(h.persons[0]!.id, 170_000), deductions: [], property: PROPERTY_NONE,
    });
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.body).toMatchObject({ code: 'CASE_OPEN', detail: `案件 ${c.caseNo} 尚未办结；是否属于低保边缘家庭随该案件的审核确认一并认定` });
    c = await act(county, c.id, c.version, 'approve', { opinion: '同意', data: {} });
    expect(c.edgeFamilyRecognition).toMatchObject({ id: recognised.body.id, active: false, endedOn: today() });
    expect((await edgeList(township, '?q=边缘丙')).items[0]).toMatchObject({ active: false, endedReason: `纳入低保（案件 ${c.caseNo}）` });
  });

  describe('单人保 needs a 低保边缘家庭 (低保办法第八条)', () => {
    const single = (personId: string) => ({ singlePerson: { personId, reason: 'severe_disability' } });

    it('recognises the household when the case itself establishes it', async () => {
      const h = await household('单保甲', 3);
      // 3000 元 for three persons: 1000 元 each, at or above 820 and below 1230.
      let c = await fileAndSubmit(h, { incomes: wage(h.persons[0]!.id, 300_000), ...single(h.persons[2]!.id) });
      expect(c.breakdown).toMatchObject({ eligible: true, edgeFamily: true, amountFen: 82_000 });
      c = await act(county, c.id, c.version, 'approve', { opinion: '同意单人纳入低保', data: {} });
      expect(c.state).toBe('in_payment');
      // The rest of the household remains a 边缘家庭 (rules §1.3).
      expect(c.edgeFamilyRecognition).toMatchObject({ active: true, sourceName: '单人保申请时认定' });
    });

    it('refuses even an amount set by the approver when the household is not a 边缘家庭', async () => {
      const h = await household('单保乙', 3);
      // 4000 元 for three: 1333.33 元 each, above 1.5 × 820.
      const c = await fileAndSubmit(h, { incomes: wage(h.persons[0]!.id, 400_000), ...single(h.persons[2]!.id) });
      expect(c.breakdown).toMatchObject({ eligible: false, edgeFamily: false });
      const res = await county.post(`/api/v1/assistance/cases/${c.id}/actions/approve`, {
        version: c.version, opinion: '同意', data: { overrideAmountFen: 82_000, overrideReason: '重度残疾，生活困难' },
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'GUARD', title: '该家庭不是低保边缘家庭，不能按此事由单人纳入低保（低保办法第八条）' });
    });

    it('accepts a household recognised and in force, the approver setting the amount', async () => {
      const h = await household('单保丙');
      const recognised = await township.post('/api/v1/assistance/edge-families', {
        householdId: h.id, hukouType: 'urban', incomes: wage(h.persons[0]!.id, 170_000), deductions: [], property: PROPERTY_NONE,
      });
      expect(recognised.status).toBe(201);
      // The case's own figures put the household just above the 边缘 line (2500 元 for two).
      const c = await fileAndSubmit(h, { incomes: wage(h.persons[0]!.id, 250_000), ...single(h.persons[1]!.id) });
      expect(c.breakdown).toMatchObject({ eligible: false, edgeFamily: false });
      const approved = await act(county, c.id, c.version, 'approve', { opinion: '同意', data: { overrideAmountFen: 82_000, overrideReason: '已认定为低保边缘家庭，重度残疾' } });
      expect(approved).toMatchObject({ state: 'in_payment', amountFen: 82_000 });
      // 单人保 leaves the rest of the household a 边缘家庭: the recognition stays in force.
      expect(approved.edgeFamilyRecognition).toMatchObject({ id: recognised.body.id, active: true });
    });
  });
});
