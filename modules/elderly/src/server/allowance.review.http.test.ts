import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCalendarDays, addMonths, parseYearMonth, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import type { AuditActor } from '@mz/http';
import { endEntitlement, recordEntitlement } from '@mz/payments/server';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import {
  COUNTY, createPerson, entitleTekun, idNumber, LINGDONG, recordDeath, setAssessment, standInAssessments, type TestPerson,
} from './allowance.testing.ts';

// The monthly review: 养老补贴复核名单 (养老服务补贴/护理补贴) and, for a means-tested 高龄津贴, the
// 资格名单's stop of someone who left 特困. A tiny population whose lists are computed by hand:
//   S1 低保 (household) — 低保 ends with this month → stopped, paid through this month.
//   S2 特困, level 2 → reassessed today at 3: 养老服务补贴 200 → 300 元 from next month.
//   S3 特困, level 2 → reassessed on the 15th of last month at 3 (entered late): 护理补贴 200 → 400 元
//      from this month, already paid at 200 in this month's roll → next roll 400 + 补发 200.
//   S4 特困, level 3 → reassessed today at 4, which 养老服务补贴 does not cover → stopped after this month.
//   S5 特困, died today → paid through this month.
//   S6 特困, level 2, reassessment due yesterday → flagged, not stopped.
//   T1 85, 特困 until this month, enrolled in the means-tested 高龄津贴 → stopped after this month.
const today = todayInShanghai();
const M = yearMonthOf(today);
const prev = addMonths(M, -1);
const next = addMonths(M, 1);
const future = addCalendarDays(today, 300);

function reaching(age: number, month: string, day = 10): string {
  const { year, month: m } = parseYearMonth(month);
  return `${year - age}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const PARAMS = {
  regionCode: COUNTY, effectiveFrom: prev, brackets: [{ fromAge: 80, toAge: 89, monthlyFen: 10_000 }, { fromAge: 90, toAge: null, monthlyFen: 50_000 }],
  mode: 'means_tested', proactive: true, startRule: 'birthday_month',
  // 养老服务补贴 does not cover level 4 here (S4), 护理补贴 does not cover levels 0–1.
  serviceLevels: [{ level: 1, monthlyFen: 10_000 }, { level: 2, monthlyFen: 20_000 }, { level: 3, monthlyFen: 30_000 }],
  careLevels: [{ level: 2, monthlyFen: 20_000 }, { level: 3, monthlyFen: 40_000 }, { level: 4, monthlyFen: 60_000 }],
};

const ASSISTANCE: AuditActor = { actorId: null, actorName: '社会救助（测试）', actorRegion: COUNTY, ip: null };
const PROVINCE = { scope: { actorId: null, regionCode: '220000000000' } };

describe.each(testEngines())('养老补贴复核名单 and the means-tested 高龄津贴 stop over HTTP on %s', (engine) => {
  let t: TestApp;
  let county: HttpSession; // 二道区 审批
  let countyClerk: HttpSession; // 二道区 经办
  let reviewer: HttpSession; // 二道区 复核 (payments roll)
  let township: HttpSession; // 荣光街道
  let dongsheng: HttpSession; // 东盛街道
  let S1: TestPerson, S2: TestPerson, S3: TestPerson, S4: TestPerson, S5: TestPerson, S6: TestPerson, T1: TestPerson;
  let household1: string;
  const enrolmentOf: Record<string, string> = {};
  let review: any;

  const ok = async (s: HttpSession, url: string, body: unknown, status = 200) => {
    const res = await s.post(url, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const series = async (enrolmentId: string) => {
    const res = await county.get(`/api/v1/payments/entitlements?pageSize=100&sourceModule=elderly&sourceId=${enrolmentId}&current=true`);
    expect(res.status).toBe(200);
    return (res.body.items as any[]).map((e) => [e.fromMonth, e.toMonth, e.monthlyAmountFen]).sort();
  };
  const enrol = async (programme: string, person: TestPerson) => {
    const app = await ok(township, '/api/v1/elderly/allowance-applications', { programme, personId: person.id, fromMonth: M }, 201);
    const approved = await ok(county, `/api/v1/elderly/allowance-applications/${app.id}/approve`, { version: app.version });
    enrolmentOf[person.id] = approved.enrolmentId;
  };
  const rollLines = async (programme: string, month: string) => {
    const roll = await ok(countyClerk, '/api/v1/payments/rolls', { programme, month }, 201);
    const lines = (await countyClerk.get(`/api/v1/payments/rolls/${roll.id}/lines?pageSize=100`)).body.items as any[];
    return { roll, lines: lines.map((l) => [l.personId, l.kind, l.period, l.amountFen]).sort() };
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    [county, countyClerk, reviewer, township, dongsheng] = await Promise.all(
      ['demo-county', 'demo-county-clerk', 'demo-county-reviewer', 'demo-township', 'demo-township2'].map((u) => t.login(u)));
    await standInAssessments(t.db);
    S1 = await createPerson(township, '复核甲', reaching(75, M));
    S2 = await createPerson(township, '复核乙', reaching(75, M));
    // S3 is paid by bank transfer this month (the roll is exported before the change is approved).
    const s3No = idNumber(reaching(76, M), 'female');
    const s3 = await township.post('/api/v1/registry/persons', {
      idNumber: s3No, name: '复核丙', hukouRegionCode: LINGDONG, hukouType: 'urban', regionCode: LINGDONG, address: '岭东路 9 号',
      bankName: '吉林银行长春分行', bankAccount: `6217${Date.now().toString().slice(-12)}`, bankHolder: '复核丙',
    });
    expect(s3.status, JSON.stringify(s3.body)).toBe(201);
    S3 = { id: s3.body.id, name: '复核丙', birth: reaching(76, M), idNo: s3No };
    S4 = await createPerson(township, '复核丁', reaching(77, M));
    S5 = await createPerson(township, '复核戊', reaching(78, M));
    S6 = await createPerson(township, '复核己', reaching(79, M));
    T1 = await createPerson(township, '高龄复核', reaching(85, M));

    // S1's household receives 低保 from last month.
    const hh = await township.post('/api/v1/registry/households', { regionCode: LINGDONG, address: '岭东路 8 号', headPersonId: S1.id, validFrom: '2020-01-01', members: [] });
    expect(hh.status, JSON.stringify(hh.body)).toBe(201);
    household1 = hh.body.id;
    await t.db.transaction((tx) => recordEntitlement(tx, ASSISTANCE, {
      programme: 'dibao', beneficiary: { householdId: household1 }, regionCode: LINGDONG, fromMonth: prev, monthlyAmountFen: 60_000, personCount: 1,
      breakdown: { items: [] }, ruleVersion: 'test-1', origin: { kind: 'case_decision', sourceModule: 'assistance', sourceId: `review-dibao-${household1}`, reason: '测试低保' },
    }), PROVINCE);
    for (const p of [S2, S3, S4, S5, S6, T1]) await entitleTekun(t.db, p.id, prev);
    const assessed = addCalendarDays(today, -30);
    for (const [p, level] of [[S1, 2], [S2, 2], [S3, 2], [S4, 3], [S5, 2]] as const) await setAssessment(t.db, p.id, level, assessed, future);
    await setAssessment(t.db, S6.id, 2, addCalendarDays(today, -400), addCalendarDays(today, -1));

    await ok(county, '/api/v1/elderly/allowance-params', PARAMS, 201);
    await enrol('elderly_service', S1);
    await enrol('elderly_service', S2);
    await enrol('elderly_care', S3);
    await enrol('elderly_service', S4);
    await enrol('elderly_service', S5);
    await enrol('elderly_service', S6);
  });
  afterAll(async () => { await t?.close(); });

  it('the means-tested 高龄津贴 list stops someone who is no longer 特困, paid through the last month of 特困', async () => {
    const run = await ok(countyClerk, '/api/v1/elderly/allowance-runs', { month: M }, 201);
    expect(run).toMatchObject({ scheme: 'longevity', mode: 'means_tested', counts: { new: 1 } });
    await ok(county, `/api/v1/elderly/allowance-runs/${run.id}/approve`, { version: run.version });
    const [enrolment] = (await county.get(`/api/v1/elderly/allowance-enrolments?programme=longevity&personId=${T1.id}`)).body.items;
    expect(enrolment).toMatchObject({ status: 'active', lowIncome: 'tekun', sinceMonth: M });

    // 特困 ends with this month (assistance's termination).
    await t.db.transaction((tx) => endEntitlement(tx, ASSISTANCE, { sourceModule: 'assistance', sourceId: `atest-${T1.id}`, lastMonth: M, reason: '测试：终止特困供养' }), PROVINCE);
    const nextRun = await ok(countyClerk, '/api/v1/elderly/allowance-runs', { month: next }, 201);
    expect(nextRun.counts).toMatchObject({ new: 0, stop_ineligible: 1, stop_death: 0 });
    const items = (await county.get(`/api/v1/elderly/allowance-runs/${nextRun.id}/items`)).body.items;
    expect(items.map((i: any) => [i.personId, i.kind, i.lastMonth, i.lowIncomeUntil, i.reason])).toEqual([
      [T1.id, 'stop_ineligible', M, M, `${M} 后不再是特困人员，发放至 ${M}`],
    ]);
    await ok(county, `/api/v1/elderly/allowance-runs/${nextRun.id}/approve`, { version: nextRun.version });
    expect(await series(enrolment.id)).toEqual([[M, M, 10_000]]);
    const stopped = (await county.get(`/api/v1/elderly/allowance-enrolments/${enrolment.id}`)).body;
    expect(stopped).toMatchObject({ status: 'stopped', stopReason: 'ineligible', lastMonth: M });
  });

  it('the subsidy review lists exactly the changed bases, with reasons', async () => {
    // Before the review is approved, this month's 护理补贴 is paid at the old amount and sent to the bank.
    const care = await rollLines('elderly_care', M);
    expect(care.lines).toEqual([[S3.id, 'regular', M, 20_000]]);
    let roll = await ok(reviewer, `/api/v1/payments/rolls/${care.roll.id}/actions/review`, { version: care.roll.version });
    roll = await ok(county, `/api/v1/payments/rolls/${care.roll.id}/actions/approve`, { version: roll.version });
    const exported = await countyClerk.post(`/api/v1/payments/rolls/${care.roll.id}/export`, { profileCode: 'standard', format: 'csv' });
    expect(exported.status, String(exported.body).slice(0, 300)).toBe(200);

    // 低保 ends with this month; S5 dies today; S2 and S4 are reassessed today, S3 (late entry) last month.
    await t.db.transaction((tx) => endEntitlement(tx, ASSISTANCE, { sourceModule: 'assistance', sourceId: `review-dibao-${household1}`, lastMonth: M, reason: '测试：停发低保' }), PROVINCE);
    await recordDeath(township, S5, today);
    await setAssessment(t.db, S2.id, 3, today, future);
    await setAssessment(t.db, S3.id, 3, `${prev}-15`, future);
    await setAssessment(t.db, S4.id, 4, today, future);

    expect((await township.post('/api/v1/elderly/allowance-runs', { month: next, scheme: 'subsidies' })).body.code).toBe('NOT_YOUR_STEP');
    expect((await countyClerk.post('/api/v1/elderly/allowance-runs', { month: next, scheme: 'other' })).status).toBe(400);
    review = await ok(countyClerk, '/api/v1/elderly/allowance-runs', { month: next, scheme: 'subsidies' }, 201);
    expect(review).toMatchObject({
      scheme: 'subsidies', schemeName: '养老补贴复核名单', month: next, status: 'draft',
      counts: { stop_ineligible: 1, level_change: 2, stop_level: 1, stop_death: 1, stop_moved: 0, reassessment_overdue: 1, new: 0 },
    });
    const items = (await county.get(`/api/v1/elderly/allowance-runs/${review.id}/items?pageSize=50`)).body.items as any[];
    const got = Object.fromEntries(items.map((i) => [i.personId, [i.programme, i.kind, i.previousFen, i.monthlyFen, i.effectiveMonth, i.lastMonth, i.previousLevel, i.level]]));
    expect(got).toEqual({
      [S1.id]: ['elderly_service', 'stop_ineligible', 20_000, null, null, M, 2, null],
      [S2.id]: ['elderly_service', 'level_change', 20_000, 30_000, next, null, 2, 3],
      [S3.id]: ['elderly_care', 'level_change', 20_000, 40_000, M, null, 2, 3],
      [S4.id]: ['elderly_service', 'stop_level', 30_000, null, null, M, 3, 4],
      [S5.id]: ['elderly_service', 'stop_death', 20_000, null, null, M, 2, null],
      [S6.id]: ['elderly_service', 'reassessment_overdue', 20_000, null, null, null, 2, 2],
    });
    const reasons = Object.fromEntries(items.map((i) => [i.personId, i.reason]));
    expect(reasons[S1.id]).toBe(`${M} 后不再是低保对象，发放至 ${M}`);
    expect(reasons[S3.id]).toBe(`${prev}-15 复评，能力等级 2 → 3，${M} 起按新标准发放`);
    expect(reasons[S4.id]).toBe(`${today} 复评为能力等级 4，本地参数未对该等级设定养老服务补贴标准，发放至 ${M}`);
    expect(reasons[S6.id]).toContain('仅作提示，审批不停发');
    expect(items.every((i) => /^2201\*+\w{4}$/.test(i.idMasked))).toBe(true);
    // The 高龄津贴 list of the same month is a separate list.
    expect((await county.get('/api/v1/elderly/allowance-runs?scheme=subsidies')).body.items.map((r: any) => r.id)).toEqual([review.id]);
  });

  it('keeps the review to the jurisdiction, and only the county approver — not the clerk who generated it — approves', async () => {
    expect((await dongsheng.get(`/api/v1/elderly/allowance-runs/${review.id}/items`)).body.items).toEqual([]);
    expect((await township.get(`/api/v1/elderly/allowance-runs/${review.id}/items`)).body.total).toBe(6);
    expect((await dongsheng.post(`/api/v1/elderly/allowance-runs/${review.id}/approve`, { version: review.version })).status).toBe(403);
    expect((await countyClerk.post(`/api/v1/elderly/allowance-runs/${review.id}/approve`, { version: review.version })).status).toBe(403);
    // An official holding both duties regenerates the draft (same list, new version) and still cannot approve it.
    const admin = await t.login('demo-province');
    const created = await admin.post('/api/v1/users', {
      username: 'review-both', displayName: '二道区经办兼审批', regionCode: COUNTY, roles: ['clerk', 'approver'], password: 'Elderly-Dual-Passw0rd!',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const both = await t.login('review-both', 'Elderly-Dual-Passw0rd!');
    const regenerated = await ok(both, '/api/v1/elderly/allowance-runs', { month: next, scheme: 'subsidies' }, 201);
    expect(regenerated).toMatchObject({ id: review.id, version: review.version + 1, counts: review.counts, createdByName: '二道区经办兼审批' });
    const refused = await both.post(`/api/v1/elderly/allowance-runs/${review.id}/approve`, { version: regenerated.version });
    expect([refused.status, refused.body.code, refused.body.title]).toEqual([403, 'SEPARATION_OF_DUTIES', '同一工作人员不能既生成又审批养老补贴复核名单']);
    expect((await county.post(`/api/v1/elderly/allowance-runs/${review.id}/approve`, { version: review.version })).body.code).toBe('VERSION_CONFLICT');
    review = regenerated;
    // Row-level security: 东盛街道's scope reads none of these items even without a WHERE.
    const rows = await t.db.transaction((tx) => tx.rows<{ person_id: string }>(sql`SELECT person_id FROM elderly_allowance_run_item WHERE run_id = ${review.id}::uuid`),
      { scope: { actorId: null, regionCode: '220105001000' } });
    expect(rows).toEqual([]);
  });

  it('approval stops, changes amounts through the ledger, and leaves the overdue reassessment alone', async () => {
    const approved = await ok(county, `/api/v1/elderly/allowance-runs/${review.id}/approve`, { version: review.version });
    expect(approved).toMatchObject({ status: 'approved', statusName: '已审批' });
    expect((await countyClerk.post('/api/v1/elderly/allowance-runs', { month: next, scheme: 'subsidies' })).body.code).toBe('RUN_APPROVED');

    expect(await series(enrolmentOf[S1.id]!)).toEqual([[M, M, 20_000]]);
    expect(await series(enrolmentOf[S2.id]!)).toEqual([[M, M, 20_000], [next, null, 30_000]]);
    expect(await series(enrolmentOf[S3.id]!)).toEqual([[M, null, 40_000]]);
    expect(await series(enrolmentOf[S4.id]!)).toEqual([[M, M, 30_000]]);
    expect(await series(enrolmentOf[S5.id]!)).toEqual([[M, M, 20_000]]);
    expect(await series(enrolmentOf[S6.id]!)).toEqual([[M, null, 20_000]]);

    const list = (await county.get('/api/v1/elderly/allowance-enrolments?scheme=subsidies&pageSize=50')).body.items as any[];
    const state = Object.fromEntries(list.map((e) => [e.personId, [e.status, e.stopReason, e.lastMonth, e.level, e.monthlyFen]]));
    expect(state).toEqual({
      [S1.id]: ['stopped', 'ineligible', M, 2, 20_000],
      [S2.id]: ['active', null, null, 3, 30_000],
      [S3.id]: ['active', null, null, 3, 40_000],
      [S4.id]: ['stopped', 'ineligible', M, 3, 30_000],
      [S5.id]: ['stopped', 'death', M, 2, 20_000],
      [S6.id]: ['active', null, null, 2, 20_000],
    });
    expect(list.find((e) => e.personId === S6.id)).toMatchObject({ reassessment: 'overdue' });
    const s2 = (await county.get(`/api/v1/elderly/allowance-enrolments/${enrolmentOf[S2.id]}`)).body;
    expect(s2.events.map((e: any) => [e.kind, e.month, e.monthlyFen])).toEqual([['enrol', M, 20_000], ['level_change', next, 30_000]]);
  });

  it('next month\'s rolls pay the new amounts, with 补发 for the back-dated change', async () => {
    const care = await rollLines('elderly_care', next);
    expect(care.lines).toEqual([[S3.id, 'backpay', M, 20_000], [S3.id, 'regular', next, 40_000]].sort());
    const service = await rollLines('elderly_service', next);
    expect(service.lines.filter((l) => l[1] === 'regular')).toEqual([[S2.id, 'regular', next, 30_000], [S6.id, 'regular', next, 20_000]].sort());
  });

  it('audits the review\'s generation and approval', async () => {
    const audit = await t.db.transaction((tx) => tx.rows<{ action: string; summary: string }>(sql`
      SELECT action, summary FROM audit_log WHERE entity_id = ${review.id} ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(['elderly.allowance.run_create', 'elderly.allowance.run_create', 'elderly.allowance.run_approve']);
    expect(audit[0]!.summary).toBe(`生成 ${next} 养老补贴复核名单：停发 3 人次、按新评估等级调整 2 人次、逾期未复评 1 人次（仅提示）`);
    expect(audit[2]!.summary).toBe(`审批${next} 养老补贴复核名单：按新评估等级调整 2 人次、停发 3 人次，逾期未复评 1 人次仅提示`);
    const [bulk] = await t.db.transaction((tx) => tx.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM audit_log WHERE action = 'payments.entitlement_end_bulk' AND summary LIKE '%养老服务补贴%'`));
    expect(bulk!.n).toBe(1);
  });
});
