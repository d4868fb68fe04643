import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCalendarDays, addMonths, parseYearMonth, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { runPendingJobs } from '@mz/jobs/server';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { ageForMonth } from '../domain/allowance.rules.ts';
import {
  COUNTY, createPerson, DONGSHENG_VILLAGE, entitleTekun, NANGUAN_VILLAGE, recordDeath, setAssessment, standInAssessments, uploadSource, type TestPerson,
} from './allowance.testing.ts';

// 高龄津贴 end to end on a tiny population whose list is computed by hand: parameters, last
// month's list (enrolments), this month's (a new 80-year-old, 89 → 90, a death, a move away),
// next month's roll paying the amounts, a stop, applications where the county does not enrol by
// itself, 养老服务补贴/护理补贴 by assessed level, 静默认证 of the recipients, scope and audit.
const today = todayInShanghai();
const M = yearMonthOf(today);
const prev = addMonths(M, -1);
const next = addMonths(M, 1);

/** A birth date on `day` of the month in which the person reaches `age` during `month`. */
function reaching(age: number, month: string, day = 10): string {
  const { year, month: m } = parseYearMonth(month);
  return `${year - age}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const BRACKETS = [{ fromAge: 80, toAge: 89, monthlyFen: 10_000 }, { fromAge: 90, toAge: 99, monthlyFen: 50_000 }, { fromAge: 100, toAge: null, monthlyFen: 80_000 }];
const PARAMS = {
  regionCode: COUNTY, effectiveFrom: prev, brackets: BRACKETS, mode: 'universal', proactive: true, startRule: 'birthday_month',
  serviceLevels: [{ level: 1, monthlyFen: 10_000 }, { level: 2, monthlyFen: 20_000 }, { level: 3, monthlyFen: 30_000 }, { level: 4, monthlyFen: 40_000 }],
  careLevels: [{ level: 2, monthlyFen: 20_000 }, { level: 3, monthlyFen: 40_000 }, { level: 4, monthlyFen: 60_000 }],
};

describe.each(testEngines())('高龄津贴与养老补贴 over HTTP on %s', (engine) => {
  let t: TestApp;
  let county: HttpSession; // 二道区 审批
  let countyClerk: HttpSession; // 二道区 经办
  let township: HttpSession; // 荣光街道 经办 + 审核
  let dongsheng: HttpSession; // 东盛街道 经办
  // A: turns 80 this month. B: next month. C: turned 80 last month. D: 89 last month, 90 this month.
  // E: 100 last month. F, G: 85 (F dies last month, G moves to 南关区). H: 79. I: 85 in 东盛街道.
  let A: TestPerson, B: TestPerson, C: TestPerson, D: TestPerson, E: TestPerson, F: TestPerson, G: TestPerson, H: TestPerson, I: TestPerson;
  // K: 75, 特困, assessed level 3. L: 75, not low-income.
  let K: TestPerson, L: TestPerson;
  // J: 85, 特困, created after the first lists (a means-tested list shows J for an application).
  let J: TestPerson;
  let prevRun: any;
  const enrolmentOf: Record<string, string> = {};

  const ok = async (s: HttpSession, url: string, body: unknown, status = 200) => {
    const res = await s.post(url, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const entitlements = async (query: string) => {
    const res = await county.get(`/api/v1/payments/entitlements?pageSize=100&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as any[];
  };
  const items = async (s: HttpSession, runId: string, query = '') => {
    const res = await s.get(`/api/v1/elderly/allowance-runs/${runId}/items?pageSize=200${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as any[];
  };
  const byPerson = (list: any[]): Record<string, any> => Object.fromEntries(list.map((i) => [i.personId, i]));

  beforeAll(async () => {
    t = await startTestApp(engine);
    [county, countyClerk, township, dongsheng] = await Promise.all(['demo-county', 'demo-county-clerk', 'demo-township', 'demo-township2'].map((u) => t.login(u)));
    A = await createPerson(township, '高龄甲', reaching(80, M, 28));
    B = await createPerson(township, '高龄乙', reaching(80, next, 1));
    C = await createPerson(township, '高龄丙', reaching(80, prev, 15));
    D = await createPerson(township, '高龄丁', reaching(90, M, 1));
    E = await createPerson(township, '高龄戊', reaching(100, prev, 20));
    F = await createPerson(township, '高龄己', reaching(85, M));
    G = await createPerson(township, '高龄庚', reaching(85, M));
    H = await createPerson(township, '高龄辛', reaching(79, M));
    I = await createPerson(dongsheng, '高龄壬', reaching(85, M), DONGSHENG_VILLAGE);
    K = await createPerson(township, '补贴甲', reaching(75, M));
    L = await createPerson(township, '补贴乙', reaching(75, M));
    await entitleTekun(t.db, K.id, prev);
    await standInAssessments(t.db);
  });
  afterAll(async () => { await t?.close(); });

  it('sets parameters for the county only by an approver there, checked, and inherited below', async () => {
    expect((await township.post('/api/v1/elderly/allowance-params', PARAMS)).status).toBe(403);
    const overlap = await county.post('/api/v1/elderly/allowance-params', { ...PARAMS, brackets: [{ fromAge: 80, toAge: 90, monthlyFen: 1 }, { fromAge: 90, toAge: null, monthlyFen: 2 }] });
    expect(overlap.status).toBe(422);
    expect(overlap.body.errors).toEqual([{ path: 'brackets.1.fromAge', message: '与 80 周岁起的年龄段重叠' }]);
    const city = await county.post('/api/v1/elderly/allowance-params', { ...PARAMS, regionCode: '220100000000' });
    expect(city.status).toBe(422);
    expect(city.body.errors[0].path).toBe('regionCode');
    const bad = await county.post('/api/v1/elderly/allowance-params', { ...PARAMS, effectiveFrom: '2026-13' });
    expect(bad.status).toBe(400);

    const created = await ok(county, '/api/v1/elderly/allowance-params', PARAMS, 201);
    expect(created).toMatchObject({ regionCode: COUNTY, effectiveFrom: prev, mode: 'universal', proactive: true, demo: false, regionName: '二道区' });
    expect((await county.post('/api/v1/elderly/allowance-params', PARAMS)).body.code).toBe('PARAMS_EXIST');

    // A township and another township of the county read the county's row as theirs.
    for (const s of [township, dongsheng]) {
      const res = await s.get(`/api/v1/elderly/allowance-params?month=${M}`);
      expect(res.status).toBe(200);
      expect(res.body.effective.id).toBe(created.id);
    }
    expect((await township.get(`/api/v1/elderly/allowance-params?month=${addMonths(prev, -1)}`)).body.effective).toBeNull();
  });

  it('last month\'s list enrols exactly who had reached a bracket, and approval records their entitlements', async () => {
    expect((await township.post('/api/v1/elderly/allowance-runs', { month: prev })).body.code).toBe('NOT_YOUR_STEP');
    prevRun = await ok(countyClerk, '/api/v1/elderly/allowance-runs', { month: prev }, 201);
    expect(prevRun).toMatchObject({ status: 'draft', month: prev, proactive: true, counts: { new: 6, bracket_change: 0, stop_death: 0, stop_moved: 0 } });
    const list = byPerson(await items(county, prevRun.id));
    // Hand-computed: C 80 (birthday last month), D 89, E 100, F, G, I 84; not A (79), B (79), H (78).
    expect(Object.fromEntries(Object.entries(list).map(([id, i]) => [id, [i.kind, i.age, i.monthlyFen]]))).toEqual({
      [C.id]: ['new', 80, 10_000], [D.id]: ['new', 89, 10_000], [E.id]: ['new', 100, 80_000],
      [F.id]: ['new', 84, 10_000], [G.id]: ['new', 84, 10_000], [I.id]: ['new', 84, 10_000],
    });
    // The SQL's ages are the pure rule's.
    for (const p of [C, D, E, F, G, I]) expect(list[p.id].age).toBe(ageForMonth(p.birth, prev, 'birthday_month'));
    expect(list[C.id]).toMatchObject({ personName: '高龄丙', idMasked: expect.stringMatching(/^2201\*+\w{4}$/), bracket: '80–89周岁', effectiveMonth: prev });
    expect(list[E.id].bracket).toBe('100周岁及以上');

    // The clerk cannot approve; the approver needs the current version.
    expect((await countyClerk.post(`/api/v1/elderly/allowance-runs/${prevRun.id}/approve`, { version: prevRun.version })).status).toBe(403);
    expect((await county.post(`/api/v1/elderly/allowance-runs/${prevRun.id}/approve`, { version: prevRun.version + 5 })).body.code).toBe('VERSION_CONFLICT');
    const approved = await ok(county, `/api/v1/elderly/allowance-runs/${prevRun.id}/approve`, { version: prevRun.version });
    expect(approved).toMatchObject({ status: 'approved', statusName: '已审批', approvedByName: expect.any(String) });

    const ents = await entitlements('programme=longevity&current=true');
    expect(ents).toHaveLength(6);
    const amounts = Object.fromEntries(ents.map((e) => [e.personId, [e.fromMonth, e.toMonth, e.monthlyAmountFen, e.origin.sourceModule]]));
    expect(amounts[D.id]).toEqual([prev, null, 10_000, 'elderly']);
    expect(amounts[E.id]).toEqual([prev, null, 80_000, 'elderly']);
    for (const e of ents) enrolmentOf[e.personId] = e.origin.sourceId;
  });

  it('this month\'s list: a new 80-year-old, 89 → 90, a death and a move away; approval applies each', async () => {
    await recordDeath(township, F, `${prev}-05`);
    await t.db.transaction((tx) => tx.run(sql`UPDATE registry_person SET region_code = ${NANGUAN_VILLAGE} WHERE id = ${G.id}::uuid`));

    const run = await ok(countyClerk, '/api/v1/elderly/allowance-runs', { month: M }, 201);
    const again = await ok(countyClerk, '/api/v1/elderly/allowance-runs', { month: M }, 201);
    expect(again).toMatchObject({ id: run.id, version: run.version + 1, counts: run.counts });
    expect(run.counts).toMatchObject({ new: 1, bracket_change: 1, stop_death: 1, stop_moved: 1, stop_ineligible: 0, eligible_unapplied: 0 });
    const list = byPerson(await items(county, run.id));
    expect(Object.keys(list).sort()).toEqual([A.id, D.id, F.id, G.id].sort());
    expect(list[A.id]).toMatchObject({ kind: 'new', age: 80, monthlyFen: 10_000, effectiveMonth: M });
    expect(list[D.id]).toMatchObject({ kind: 'bracket_change', age: 90, monthlyFen: 50_000, previousFen: 10_000, effectiveMonth: M, bracket: '90–99周岁' });
    expect(list[F.id]).toMatchObject({ kind: 'stop_death', lastMonth: prev, deathDate: `${prev}-05`, personName: '高龄己' });
    // G is no longer readable in the county's registry; the list keeps the masked copy.
    expect(list[G.id]).toMatchObject({ kind: 'stop_moved', lastMonth: prev, personName: '高龄庚' });

    await ok(county, `/api/v1/elderly/allowance-runs/${again.id}/approve`, { version: again.version });
    expect((await county.post(`/api/v1/elderly/allowance-runs/${again.id}/approve`, { version: again.version + 1 })).body.code).toBe('ILLEGAL_TRANSITION');
    expect((await countyClerk.post('/api/v1/elderly/allowance-runs', { month: M })).body.code).toBe('RUN_APPROVED');
    expect((await countyClerk.post('/api/v1/elderly/allowance-runs', { month: addMonths(prev, -1) })).body.code).toBe('MONTH_SEQUENCE');
    const early = await countyClerk.post('/api/v1/elderly/allowance-runs', { month: addMonths(M, 2) });
    expect([early.status, early.body.errors?.[0]?.path]).toEqual([422, 'month']);

    const active = (await county.get('/api/v1/elderly/allowance-enrolments?programme=longevity&status=active&pageSize=100')).body;
    expect(active.items.map((e: any) => e.personId).sort()).toEqual([A.id, C.id, D.id, E.id, I.id].sort());
    for (const e of active.items) enrolmentOf[e.personId] = e.id;
    expect(active.items.find((e: any) => e.personId === D.id)).toMatchObject({ monthlyFen: 50_000, bracket: '90–99周岁', sinceMonth: prev, originName: '主动发放' });
    const stopped = (await county.get('/api/v1/elderly/allowance-enrolments?status=stopped')).body.items;
    expect(Object.fromEntries(stopped.map((e: any) => [e.personId, [e.stopReason, e.lastMonth]]))).toEqual({ [F.id]: ['death', prev], [G.id]: ['moved', prev] });

    // The ledger: D's series has the 80–89 version up to last month and the new bracket from this month.
    const d = await entitlements(`sourceModule=elderly&sourceId=${enrolmentOf[D.id]}`);
    const dCurrent = d.filter((e) => e.current).map((e) => [e.fromMonth, e.toMonth, e.monthlyAmountFen]).sort();
    expect(dCurrent).toEqual([[prev, prev, 10_000], [M, null, 50_000]]);
    // F is paid through the death month, G through last month.
    expect((await entitlements(`sourceModule=elderly&sourceId=${enrolmentOf[F.id]}&current=true`)).map((e) => e.toMonth)).toEqual([prev]);
    expect((await entitlements(`sourceModule=elderly&sourceId=${enrolmentOf[G.id]}&current=true`)).map((e) => e.toMonth)).toEqual([prev]);

    const detail = (await county.get(`/api/v1/elderly/allowance-enrolments/${enrolmentOf[D.id]}`)).body;
    expect(detail.events.map((e: any) => [e.kind, e.month, e.monthlyFen])).toEqual([['enrol', prev, 10_000], ['bracket_change', M, 50_000]]);
  });

  it('next month\'s 高龄津贴 roll pays every recipient their bracket', async () => {
    const roll = await ok(countyClerk, '/api/v1/payments/rolls', { programme: 'longevity', month: next }, 201);
    expect(roll).toMatchObject({ programme: 'longevity', programmeName: '高龄津贴', month: next, regionCode: COUNTY });
    const lines = (await countyClerk.get(`/api/v1/payments/rolls/${roll.id}/lines?kind=regular&pageSize=100`)).body.items as any[];
    expect(Object.fromEntries(lines.map((l) => [l.personId, [l.period, l.amountFen]]))).toEqual({
      [A.id]: [next, 10_000], [C.id]: [next, 10_000], [D.id]: [next, 50_000], [E.id]: [next, 80_000], [I.id]: [next, 10_000],
    });
    expect(lines[0]).toMatchObject({ ruleVersion: 'longevity-2026.1', source: { module: 'elderly' } });
  });

  it('a stop ends the entitlement after its last month, and a refusal keeps the person off later lists', async () => {
    const c = (await county.get(`/api/v1/elderly/allowance-enrolments/${enrolmentOf[C.id]}`)).body;
    const body = { version: c.version, reason: 'refused', lastMonth: next, note: '本人书面申请放弃' };
    expect((await countyClerk.post(`/api/v1/elderly/allowance-enrolments/${c.id}/stop`, body)).status).toBe(403);
    expect((await county.post(`/api/v1/elderly/allowance-enrolments/${c.id}/stop`, { ...body, lastMonth: '2026-1' })).status).toBe(400);
    expect((await county.post(`/api/v1/elderly/allowance-enrolments/${c.id}/stop`, { ...body, note: '' })).status).toBe(400);
    const stopped = await ok(county, `/api/v1/elderly/allowance-enrolments/${c.id}/stop`, body);
    expect(stopped).toMatchObject({ status: 'stopped', stopReason: 'refused', stopReasonName: '本人放弃', lastMonth: next });
    expect(stopped.events.at(-1)).toMatchObject({ kind: 'stop', month: addMonths(next, 1) });
    expect((await county.post(`/api/v1/elderly/allowance-enrolments/${c.id}/stop`, { ...body, version: stopped.version })).body.code).toBe('ILLEGAL_TRANSITION');
    expect((await entitlements(`sourceModule=elderly&sourceId=${c.id}&current=true`)).map((e) => e.toMonth)).toEqual([next]);

    // Next month's list would not enrol C again.
    const run = await ok(countyClerk, '/api/v1/elderly/allowance-runs', { month: next }, 201);
    expect((await items(county, run.id)).map((i) => i.personId)).not.toContain(C.id);
  });

  it('keeps every list to the jurisdiction, in the API and in the database', async () => {
    const mine = (await dongsheng.get('/api/v1/elderly/allowance-enrolments?pageSize=100')).body;
    expect(mine.items.map((e: any) => e.personId)).toEqual([I.id]);
    expect((await dongsheng.get(`/api/v1/elderly/allowance-enrolments/${enrolmentOf[A.id]}`)).status).toBe(404);
    expect((await items(dongsheng, prevRun.id)).map((i) => i.personId)).toEqual([I.id]);
    expect((await township.get('/api/v1/elderly/allowance-enrolments?pageSize=100')).body.items.map((e: any) => e.personId)).not.toContain(I.id);
    // A township neither generates nor approves the county's list.
    expect((await dongsheng.post(`/api/v1/elderly/allowance-runs/${prevRun.id}/approve`, { version: 1 })).status).toBe(403);
    // Row-level security: the restricted role sees only 东盛街道's rows even without a WHERE.
    const rows = await t.db.transaction((tx) => tx.rows<{ person_id: string }>(sql`SELECT person_id FROM elderly_allowance_enrolment`),
      { scope: { actorId: null, regionCode: '220105001000' } });
    expect(rows.map((r) => r.person_id)).toEqual([I.id]);
  });

  it('where the county does not enrol by itself, a clerk applies, means-tested with the official\'s confirmation, and the county approves', async () => {
    await ok(county, '/api/v1/elderly/allowance-params', { ...PARAMS, effectiveFrom: next, mode: 'means_tested', proactive: false }, 201);
    const apply = (body: Record<string, unknown>) => township.post('/api/v1/elderly/allowance-applications', { programme: 'longevity', personId: B.id, fromMonth: next, ...body });
    const unconfirmed = await apply({});
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.body.errors).toEqual([{ path: 'incomeConfirmed', message: '该老年人不是低保、特困人员，须经核实确认为低收入并填写核实说明' }]);
    expect((await apply({ incomeConfirmed: true })).body.errors).toEqual([{ path: 'incomeNote', message: '确认低收入时须写明核实依据' }]);
    expect((await apply({ fromMonth: prev, incomeConfirmed: true, incomeNote: '核实' })).body.errors).toEqual([{ path: 'fromMonth', message: `应在 ${M} 至 ${addMonths(M, 3)} 之间` }]);
    const young = await township.post('/api/v1/elderly/allowance-applications', { programme: 'longevity', personId: H.id, fromMonth: next, incomeConfirmed: true, incomeNote: '核实' });
    expect(young.status).toBe(422);
    expect(young.body.errors[0].path).toBe('fromMonth');

    const app = (await apply({ incomeConfirmed: true, incomeNote: '入户核实：家庭人均收入低于当地低收入标准' })).body;
    expect(app).toMatchObject({ status: 'submitted', monthlyFen: 10_000, fromMonth: next, incomeConfirmed: true, programmeName: '高龄津贴' });
    expect((await apply({ incomeConfirmed: true, incomeNote: '重复' })).body.code).toBe('APPLICATION_PENDING');
    expect((await dongsheng.get(`/api/v1/elderly/allowance-applications/${app.id}`)).status).toBe(404);

    const approved = await ok(county, `/api/v1/elderly/allowance-applications/${app.id}/approve`, { version: app.version, opinion: '同意' });
    expect(approved).toMatchObject({ status: 'approved', enrolmentId: expect.any(String) });
    expect((await entitlements(`sourceModule=elderly&sourceId=${approved.enrolmentId}`)).map((e) => [e.programme, e.fromMonth, e.monthlyAmountFen])).toEqual([['longevity', next, 10_000]]);

    // Next month's list under these parameters enrols nobody by itself: the one 80+ person not yet
    // enrolled who qualifies (J, 特困) is listed for an application; others (not low-income) are not listed.
    J = await createPerson(township, '高龄癸', reaching(85, M));
    await entitleTekun(t.db, J.id, prev);
    const run = await ok(countyClerk, '/api/v1/elderly/allowance-runs', { month: next }, 201);
    expect(run).toMatchObject({ proactive: false, mode: 'means_tested', counts: { new: 0, eligible_unapplied: 1, bracket_change: 0 } });
    expect((await items(county, run.id, '&kind=eligible_unapplied')).map((i) => [i.personId, i.lowIncome, i.monthlyFen])).toEqual([[J.id, 'tekun', 10_000]]);
    // The person filter (the person page's panel).
    expect((await county.get(`/api/v1/elderly/allowance-enrolments?personId=${B.id}`)).body.items.map((e: any) => [e.programme, e.originName])).toEqual([['longevity', '申请']]);
  });

  it('养老服务补贴 and 护理补贴: low-income elderly only, the amount by assessed level, reassessment flagged and applied', async () => {
    await setAssessment(t.db, K.id, 3, addCalendarDays(today, -30), addCalendarDays(today, 300));
    await setAssessment(t.db, L.id, 3, addCalendarDays(today, -30), addCalendarDays(today, 300));
    const apply = (programme: string, person: TestPerson) => township.post('/api/v1/elderly/allowance-applications', { programme, personId: person.id, fromMonth: M });
    const notPoor = await apply('elderly_service', L);
    expect(notPoor.status).toBe(422);
    expect(notPoor.body.title).toBe('养老服务补贴限低保、特困人员和低保边缘家庭的老年人');
    const unassessed = await township.post('/api/v1/elderly/allowance-applications', { programme: 'elderly_care', personId: H.id, fromMonth: M });
    expect(unassessed.status).toBe(422);

    const service = (await apply('elderly_service', K)).body;
    expect(service).toMatchObject({ status: 'submitted', level: 3, monthlyFen: 30_000, lowIncome: 'tekun', lowIncomeName: '特困人员' });
    const care = (await apply('elderly_care', K)).body;
    expect(care).toMatchObject({ level: 3, monthlyFen: 40_000 });

    expect((await county.post(`/api/v1/elderly/allowance-applications/${care.id}/reject`, { version: care.version })).body.errors[0].path).toBe('opinion');
    const rejected = await ok(county, `/api/v1/elderly/allowance-applications/${care.id}/reject`, { version: care.version, opinion: '已入住机构，由机构照护' });
    expect(rejected).toMatchObject({ status: 'rejected', statusName: '不予批准' });
    const approved = await ok(county, `/api/v1/elderly/allowance-applications/${service.id}/approve`, { version: service.version });
    expect((await entitlements(`programme=elderly_service&personId=${K.id}`)).map((e) => [e.fromMonth, e.monthlyAmountFen])).toEqual([[M, 30_000]]);
    // The 养老补贴 page lists the two subsidies only; the 高龄津贴 page its own.
    const subsidyList = (await county.get('/api/v1/elderly/allowance-enrolments?scheme=subsidies')).body;
    expect([subsidyList.total, subsidyList.items.map((e: any) => [e.personId, e.programme])]).toEqual([1, [[K.id, 'elderly_service']]]);
    expect((await county.get('/api/v1/elderly/allowance-applications?scheme=subsidies')).body.total).toBe(2);
    expect((await county.get('/api/v1/elderly/allowance-enrolments?scheme=longevity&pageSize=100')).body.items.every((e: any) => e.programme === 'longevity')).toBe(true);

    // Reassessed at level 4, and the next one already overdue: both flagged on the list.
    await setAssessment(t.db, K.id, 4, addCalendarDays(today, -400), addCalendarDays(today, -1));
    const overdue = (await county.get('/api/v1/elderly/allowance-enrolments?reassessment=overdue')).body.items;
    expect(overdue.map((e: any) => [e.personId, e.reassessment, e.level, e.assessmentLevel, e.levelChanged])).toEqual([[K.id, 'overdue', 3, 4, true]]);
    const enrolment = (await county.get(`/api/v1/elderly/allowance-enrolments/${approved.enrolmentId}`)).body;
    const changed = await ok(county, `/api/v1/elderly/allowance-enrolments/${enrolment.id}/level-change`, { version: enrolment.version, fromMonth: next });
    expect(changed).toMatchObject({ level: 4, monthlyFen: 40_000, levelChanged: false });
    const versions = (await entitlements(`sourceModule=elderly&sourceId=${enrolment.id}&current=true`)).map((e) => [e.fromMonth, e.toMonth, e.monthlyAmountFen]).sort();
    expect(versions).toEqual([[M, M, 30_000], [next, null, 40_000]]);
  });

  it('静默认证 re-verifies the 高龄津贴 recipients, and holds one whom the police report dead', async () => {
    const asOf = addCalendarDays(today, -5);
    const upload = await uploadSource(countyClerk, 'police_death', asOf, [['身份证号', '姓名', '死亡日期'], [E.idNo, E.name, addCalendarDays(today, -20)]]);
    expect(upload.status, JSON.stringify(upload.body)).toBe(202);
    await runPendingJobs(t.db);
    const started = await county.post('/api/v1/verification/silent-runs', { month: M });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await runPendingJobs(t.db);
    const results = await t.db.transaction((tx) => tx.rows<{ person_id: string; passed: boolean; rules: string[] }>(sql`
      SELECT person_id, passed, rules FROM verification_silent_result WHERE month = ${`${M}-01`}::date`));
    const r = Object.fromEntries(results.map((x) => [x.person_id, [x.passed, x.rules]]));
    // Paid this month: A, C, D, E, I (高龄津贴), K (特困, 养老服务补贴), J (特困); F and G no longer.
    expect(Object.keys(r).sort()).toEqual([A.id, C.id, D.id, E.id, I.id, J.id, K.id].sort());
    expect(r[A.id]).toEqual([true, []]);
    expect(r[E.id]).toEqual([false, ['deceased_paid']]);
    const holds = await t.db.transaction((tx) => tx.rows<{ subject_id: string; programme: string; from_month: string }>(sql`
      SELECT subject_id, programme, to_char(from_month, 'YYYY-MM') AS from_month FROM payments_hold WHERE source_module = 'verification'`));
    expect(holds).toEqual([{ subject_id: E.id, programme: 'longevity', from_month: next }]);
  });

  it('audits every write', async () => {
    const audit = await t.db.transaction((tx) => tx.rows<{ action: string; n: number }>(sql`
      SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'elderly.allowance.%' GROUP BY action ORDER BY action`));
    expect(Object.fromEntries(audit.map((a) => [a.action, a.n]))).toEqual({
      'elderly.allowance.apply': 3, 'elderly.allowance.approve': 2, 'elderly.allowance.level_change': 1, 'elderly.allowance.param_set': 2,
      'elderly.allowance.reject': 1, 'elderly.allowance.run_approve': 2, 'elderly.allowance.run_create': 5, 'elderly.allowance.stop': 1,
    });
    const [entry] = await t.db.transaction((tx) => tx.rows<{ summary: string; actor_name: string }>(sql`
      SELECT summary, actor_name FROM audit_log WHERE action = 'elderly.allowance.run_approve' ORDER BY id LIMIT 1`));
    expect(entry!.summary).toBe(`审批${prev} 高龄津贴资格名单：新增 6 人、档次变更 0 人、停发 0 人`);
  });
});
