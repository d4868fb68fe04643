import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCalendarDays, addMonthsToDate, addWorkingDays } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { rigidDecisionDue } from '../domain/index.ts';
import { createHousehold, createPerson, PROPERTY_NONE, seedParams, today } from './assistance.testing.ts';

// 刚性支出困难家庭 (刚性支出困难家庭认定办法第四、五、八、十条). Demo 吉林省: previous-year urban
// per-capita disposable income 40,000 元; rigid spending must exceed 50% of the household's income
// over the 12 months before the application. The county decides; a recognition stands 12 months.

describe.each(testEngines())('刚性支出困难家庭 over HTTP on %s', (engine) => {
  let t: TestApp;
  let village: HttpSession;
  let township: HttpSession; // 荣光街道 clerk + reviewer
  let county: HttpSession; // 二道区 approver
  let dongsheng: HttpSession;

  async function household(label: string, n = 3) {
    const persons = [];
    for (let i = 0; i < n; i += 1) persons.push(await createPerson(township, { name: `${label}${i + 1}`, birth: `19${70 + i}0${i + 1}15`, sex: i % 2 ? 'female' : 'male' }));
    return { id: (await createHousehold(township, persons)).id, persons };
  }

  // 60,000 元 a year for three (20,000 each); 25,000 元 of medical costs and 8,000 元 of school fees.
  const body = (householdId: string, patch: Record<string, unknown> = {}) => ({
    householdId, hukouType: 'urban', appliedOn: addWorkingDays(today(), -10), annualIncomeFen: 6_000_000,
    spending: [{ kind: 'medical', annualFen: 2_500_000, note: '住院自付' }, { kind: 'education', annualFen: 800_000 }], property: PROPERTY_NONE, ...patch,
  });
  const recognise = (session: HttpSession, b: Record<string, unknown>) => session.post('/api/v1/assistance/rigid-families', b);
  const list = async (session: HttpSession, query = '') => (await session.get(`/api/v1/assistance/rigid-families${query}`)).body;

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedParams(t.db);
    [village, township, county, dongsheng] = await Promise.all(['demo-village', 'demo-township', 'demo-county', 'demo-township2'].map((u) => t.login(u)));
  });
  afterAll(async () => { await t?.close(); });

  it('is recognised by the county from the 12-month figures, for at most 12 months, flagged in its own register', async () => {
    const h = await household('刚性甲');
    const appliedOn = addWorkingDays(today(), -10);
    const res = await recognise(county, body(h.id));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      householdId: h.id, headName: '刚性甲1', householdSize: 3, hukouType: 'urban', appliedOn, recognisedOn: today(),
      decisionDueOn: rigidDecisionDue(appliedOn, 30).dueOn, decidedLate: false, annualIncomeFen: 6_000_000, spendingFen: 3_300_000, spendingShare: '0.5',
      validUntil: addCalendarDays(addMonthsToDate(today(), 12), -1), active: true, endedOn: null,
    });
    expect(res.body.assessment).toMatchObject({ eligible: true, perCapitaAnnualIncomeFen: 2_000_000, disposableIncomeFen: 4_000_000, spendingThresholdFen: 3_000_000 });
    expect(res.body.assessment.items.find((i: any) => i.code === 'spending').formula).toContain('33000.00元 超过家庭总收入 60000.00元');
    expect(res.body.assessment.paramIds.length).toBeGreaterThan(0);

    // In the register of the county and the township, not of another township.
    expect((await list(township, '?active=true')).items.map((x: any) => x.id)).toContain(res.body.id);
    expect((await list(county, '?q=刚性甲')).items.map((x: any) => x.id)).toEqual([res.body.id]);
    expect((await list(dongsheng)).items.map((x: any) => x.id)).not.toContain(res.body.id);
    const [audit] = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`
      SELECT summary FROM audit_log WHERE action = 'assistance.rigid_family_recognise' AND entity_id = ${res.body.id}::text`));
    expect(audit!.summary).toContain('认定刚性支出困难家庭：户主 刚性甲1');

    // A new recognition of the same household supersedes the one in force.
    const again = await recognise(county, body(h.id, { annualIncomeFen: 5_000_000 }));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const mine = (await list(county, '?q=刚性甲')).items;
    expect(mine.map((x: any) => [x.id, x.active, x.endedReason])).toEqual([[again.body.id, true, null], [res.body.id, false, '重新认定']]);
  });

  it('refuses what the rules rule out, saying why', async () => {
    const h = await household('刚性乙');
    const notEnough = await recognise(county, body(h.id, { spending: [{ kind: 'medical', annualFen: 3_000_000 }] }));
    expect(notEnough.status).toBe(409);
    expect(notEnough.body).toMatchObject({
      code: 'NOT_RIGID_FAMILY', title: '不符合刚性支出困难家庭条件',
      detail: '申请前12个月刚性支出 30000.00元，未超过家庭总收入的 0.5 倍 30000.00元（刚性支出困难家庭认定办法第四条）',
    });
    const richer = await recognise(county, body(h.id, { annualIncomeFen: 12_000_000, spending: [{ kind: 'medical', annualFen: 9_000_000 }] }));
    expect(richer.body.detail).toBe('家庭人均收入 40000.00元，不低于上年度当地居民人均可支配收入 40000.00元（刚性支出困难家庭认定办法第四条）');

    // The township investigates; the county decides (第八条).
    const byTownship = await recognise(township, body(h.id));
    expect(byTownship.status).toBe(403);
    expect(byTownship.body.title).toBe('刚性支出困难家庭由县级民政部门认定（刚性支出困难家庭认定办法第八条）');

    const sameDay = await household('刚性己');
    const quick = await recognise(county, body(sameDay.id, { appliedOn: today() }));
    expect(quick.status, JSON.stringify(quick.body)).toBe(201);
    expect(quick.body).toMatchObject({ appliedOn: today(), decisionDueOn: rigidDecisionDue(today(), 30).dueOn, decidedLate: false });

    const bad = await recognise(county, body(h.id, { appliedOn: addCalendarDays(today(), 1), spending: [] }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(expect.arrayContaining([{ path: 'spending', message: '请至少填写一项刚性支出' }]));
    const late = await recognise(county, body(h.id, { appliedOn: addCalendarDays(today(), 1) }));
    expect(late.status).toBe(422);
    expect(late.body.errors).toEqual([{ path: 'appliedOn', message: '受理日期不能晚于认定日期' }]);
  });

  it('rules out a household in 低保 or recognised as a 低保边缘家庭 (第四条)', async () => {
    const edge = await household('刚性丙', 2);
    // 2,000 元 a month for two: 1,000 each, between the 820 元 standard and 1.5 times it.
    const recognisedEdge = await township.post('/api/v1/assistance/edge-families', {
      householdId: edge.id, hukouType: 'urban', incomes: [{ personId: edge.persons[0]!.id, kind: 'wage', monthlyFen: 200_000 }], deductions: [], property: PROPERTY_NONE,
    });
    expect(recognisedEdge.status, JSON.stringify(recognisedEdge.body)).toBe(201);
    const refused = await recognise(county, body(edge.id, { annualIncomeFen: 2_400_000, spending: [{ kind: 'medical', annualFen: 2_000_000 }] }));
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(`家庭已纳入低保边缘家庭（认定有效期至 ${recognisedEdge.body.validUntil}），不属于刚性支出困难家庭认定范围（刚性支出困难家庭认定办法第四条）`);

    const dibao = await household('刚性丁', 1);
    const filed = await village.post('/api/v1/assistance/cases', {
      programme: 'dibao', householdId: dibao.id, applicantPersonId: dibao.persons[0]!.id, applicationDate: today(), authorizationSigned: true, pledgeSigned: true,
      hukouType: 'urban', incomes: [], deductions: [], property: PROPERTY_NONE, categories: [],
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const inDibao = await recognise(county, body(dibao.id, { annualIncomeFen: 100_000 }));
    expect(inDibao.status).toBe(409);
    expect(inDibao.body.detail).toBe(`家庭已纳入低保（案件 ${filed.body.caseNo}），不属于刚性支出困难家庭认定范围（刚性支出困难家庭认定办法第四条）`);
  });

  it('marks a decision past the 30 working days, and ends a recognition once, with a reason', async () => {
    const h = await household('刚性戊');
    const appliedOn = addWorkingDays(today(), -31);
    const res = await recognise(county, body(h.id, { appliedOn }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ decisionDueOn: rigidDecisionDue(appliedOn, 30).dueOn, decidedLate: true });

    const endBy = (session: HttpSession, b: Record<string, unknown>) => session.post(`/api/v1/assistance/rigid-families/${res.body.id}/end`, b);
    expect((await endBy(township, { endedOn: today(), reason: '医疗支出已由大病保险报销' })).status).toBe(403);
    const ended = await endBy(county, { endedOn: today(), reason: '医疗支出已由大病保险报销' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ active: false, endedOn: today(), endedReason: '医疗支出已由大病保险报销' });
    const twice = await endBy(county, { endedOn: today(), reason: '重复' });
    expect(twice.status).toBe(409);
    expect((await list(county, '?active=false&q=刚性戊')).items.map((x: any) => x.id)).toEqual([res.body.id]);
    // What a recognition said cannot be rewritten, even by the owner.
    await expect(t.db.transaction((tx) => tx.run(sql`UPDATE assistance_rigid_family SET spending_fen = 1 WHERE id = ${res.body.id}::uuid`)))
      .rejects.toThrow(/只能终止/);
  });
});
