import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { testEngines, type HttpSession } from '@mz/testing';
import { runPendingJobs } from '@mz/jobs/server';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { checkMonth, refreshMonth } from './index.ts';
import {
  alert, assistanceCase, CITY, COUNTY, DONGSHENG, GONGPING, household, LINGDONG, linshiGrant, monthly, ok, person, PROVINCE, RONGGUANG,
} from './statistics.testing.ts';

// The known world (hand-computed expectations, month 2026-03):
//   岭东社区 (荣光街道): 低保 H1 城市 3 人 标准 700 元 from 2026-01; H2 农村 2 人 标准 550 元 from 2026-02;
//                       H3 from 2026-04 (not yet); 特困 集中供养 1; 临时救助 1500 元 in March, 800 元 in February;
//                       an alert raised 02-10 and kept 03-05.
//   公平社区 (东盛街道): 低保 H4 1 人 标准 700 元 from 2026-03, no deciding case (counts as 城市); 特困 without a case
//                       (分散); an alert raised 03-15, open; another raised 04-01 (not yet).
//   The March 低保 roll of 二道区 approved: 600 + 400 + 300 元 for March and 1600 元 补发 for January–February.
// 二道区 in March: 3 households, 6 persons (4 城市, 2 农村), average standard (3×700 + 2×550 + 1×700) / 6 = 650 元.

const M = '2026-03';
const SYSTEM = { actorId: null, actorName: '测试', actorRegion: null, ip: null };

describe.each(testEngines())('statistics on %s', (engine) => {
  let t: TestApp;
  let province: HttpSession; // demo-province: 省厅 admin + auditor (reads)
  let county: HttpSession; // demo-county: 二道区 approver (reads, reports)
  let township: HttpSession; // demo-township: 荣光街道 clerk
  let village: HttpSession; // demo-village: 岭东社区 clerk

  const value = async (indicator: string, region: string, month = M) => {
    const [r] = await t.db.transaction((tx) => tx.rows<{ numerator: string; denominator: string | null; value: string | null }>(sql`
      SELECT numerator::text, denominator::text, value::text FROM statistics_value WHERE indicator = ${indicator} AND region_code = ${region} AND period = ${`${month}-01`}::date`));
    // A refreshed month stores no row for an empty value: read as zero, as the dashboard does.
    return r ? { numerator: Number(r.numerator), denominator: r.denominator === null ? null : Number(r.denominator), value: r.value === null ? null : Number(r.value) }
      : { numerator: 0, denominator: null, value: 0 };
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    [province, county, township, village] = await Promise.all(['demo-province', 'demo-county', 'demo-township', 'demo-village'].map((u) => t.login(u)));
    const dongsheng = await t.login('demo-township2');

    const h1p = [await person(township, '张一', LINGDONG), await person(township, '张二', LINGDONG), await person(township, '张三', LINGDONG)];
    const h1 = await household(township, h1p, LINGDONG);
    const c1 = await assistanceCase(t.db, { programme: 'dibao', applicant: h1p[0]!, householdId: h1, regionCode: LINGDONG, application: { hukouType: 'urban' } });
    await monthly(t.db, { programme: 'dibao', beneficiary: { householdId: h1 }, regionCode: LINGDONG, fromMonth: '2026-01', amountFen: 60_000, personCount: 3, standardFen: 70_000, sourceId: c1 });

    const h2p = [await person(township, '李一', LINGDONG), await person(township, '李二', LINGDONG)];
    const h2 = await household(township, h2p, LINGDONG);
    const c2 = await assistanceCase(t.db, { programme: 'dibao', applicant: h2p[0]!, householdId: h2, regionCode: LINGDONG, application: { hukouType: 'rural' } });
    await monthly(t.db, { programme: 'dibao', beneficiary: { householdId: h2 }, regionCode: LINGDONG, fromMonth: '2026-02', amountFen: 40_000, personCount: 2, standardFen: 55_000, sourceId: c2 });

    const h3p = [await person(township, '王一', LINGDONG)];
    const h3 = await household(township, h3p, LINGDONG);
    await monthly(t.db, { programme: 'dibao', beneficiary: { householdId: h3 }, regionCode: LINGDONG, fromMonth: '2026-04', amountFen: 20_000, standardFen: 70_000 });

    const h4p = [await person(dongsheng, '赵一', GONGPING)];
    const h4 = await household(dongsheng, h4p, GONGPING);
    await monthly(t.db, { programme: 'dibao', beneficiary: { householdId: h4 }, regionCode: GONGPING, fromMonth: '2026-03', amountFen: 30_000, standardFen: 70_000 });

    const tk1 = await person(township, '孙一', LINGDONG, '19500101');
    const ct = await assistanceCase(t.db, { programme: 'tekun', applicant: tk1, regionCode: LINGDONG, careMode: 'centralized' });
    await monthly(t.db, { programme: 'tekun', beneficiary: { personId: tk1.id }, regionCode: LINGDONG, fromMonth: '2026-01', amountFen: 90_000, sourceId: ct });
    const tk2 = await person(dongsheng, '孙二', GONGPING, '19480101');
    await monthly(t.db, { programme: 'tekun', beneficiary: { personId: tk2.id }, regionCode: GONGPING, fromMonth: '2026-01', amountFen: 80_000 });

    const ls = await person(township, '周一', LINGDONG);
    const cl = await assistanceCase(t.db, { programme: 'linshi', applicant: ls, regionCode: LINGDONG, linshiType: 'emergency' });
    await linshiGrant(t.db, ls.id, LINGDONG, '2026-03', 150_000, cl);
    await linshiGrant(t.db, ls.id, LINGDONG, '2026-02', 80_000, `${cl}:2`);

    await alert(t.db, { person: h1p[1]!, regionCode: LINGDONG, raisedOn: '2026-02-10', keptAt: '2026-03-05T10:00:00+08:00' });
    await alert(t.db, { person: h4p[0]!, regionCode: GONGPING, raisedOn: '2026-03-15' });
    await alert(t.db, { person: tk2, regionCode: GONGPING, raisedOn: '2026-04-01' });

    const [clerk, reviewer] = await Promise.all([t.login('demo-county-clerk'), t.login('demo-county-reviewer')]);
    let roll = await ok(clerk, '/api/v1/payments/rolls', { programme: 'dibao', month: M }, 201);
    // March's lines plus 补发 of January (600) and February (600 + 400): nothing was paid before.
    expect(roll.amountFen).toBe(290_000);
    roll = await ok(reviewer, `/api/v1/payments/rolls/${roll.id}/actions/review`, { version: roll.version });
    await ok(county, `/api/v1/payments/rolls/${roll.id}/actions/approve`, { version: roll.version });

    for (const m of ['2025-03', '2026-01', '2026-02', M]) await refreshMonth(t.db, m, SYSTEM);
  }, 240_000);
  afterAll(async () => { await t?.close(); });

  it.each<[string, string, number | null, number | null]>([
    ['dibao.households', COUNTY, 3, null], ['dibao.households', RONGGUANG, 2, null], ['dibao.households', GONGPING, 1, null],
    ['dibao.households.urban', COUNTY, 2, null], ['dibao.households.rural', COUNTY, 1, null], ['dibao.households.rural', DONGSHENG, 0, null],
    ['dibao.persons', COUNTY, 6, null], ['dibao.persons.urban', COUNTY, 4, null], ['dibao.persons.rural', LINGDONG, 2, null],
    ['dibao.standard.avg', COUNTY, 390_000, 6], ['dibao.standard.avg', LINGDONG, 320_000, 5],
    ['tekun.persons', COUNTY, 2, null], ['tekun.persons.centralized', COUNTY, 1, null], ['tekun.persons.dispersed', COUNTY, 1, null],
    ['tekun.persons.centralized', DONGSHENG, 0, null],
    ['linshi.cases', COUNTY, 1, null], ['linshi.amount', COUNTY, 150_000, null],
    ['spending.total', COUNTY, 290_000, null], ['spending.dibao', RONGGUANG, 260_000, null], ['spending.dibao', GONGPING, 30_000, null], ['spending.tekun', COUNTY, 0, null],
    ['alerts.open', COUNTY, 1, null], ['alerts.open', RONGGUANG, 0, null], ['alerts.raised', COUNTY, 1, null], ['alerts.handled', LINGDONG, 1, null],
  ])('computes %s for %s in March: %s / %s', async (indicator, region, numerator, denominator) => {
    expect(await value(indicator, region)).toMatchObject({ numerator, denominator });
  });

  it('derives the average standard from the summed parts at every level (元/人·月, in fen)', async () => {
    expect((await value('dibao.standard.avg', COUNTY))!.value).toBe(65_000);
    expect((await value('dibao.standard.avg', LINGDONG))!.value).toBe(64_000);
    expect((await value('dibao.standard.avg', GONGPING))!.value).toBe(70_000);
  });

  it('counts only what was in payment in an earlier month', async () => {
    expect(await value('dibao.households', COUNTY, '2026-02')).toMatchObject({ numerator: 2 });
    expect(await value('linshi.amount', COUNTY, '2026-02')).toMatchObject({ numerator: 80_000 });
    expect(await value('alerts.open', COUNTY, '2026-02')).toMatchObject({ numerator: 1 });
    expect(await value('spending.total', COUNTY, '2026-02')).toMatchObject({ numerator: 0 }); // no roll paid in February
  });

  it('keeps every level consistent: additive children sum to their parent, the same at the top', async () => {
    const rows = await t.db.transaction((tx) => tx.rows<{ indicator: string; code: string; parent: string; children: string }>(sql`
      SELECT p.indicator, p.region_code AS code, p.numerator::text AS parent, sum(c.numerator)::text AS children
      FROM statistics_value p JOIN statistics_value c ON c.indicator = p.indicator AND c.period = p.period AND c.level = p.level + 1
        AND left(c.region_code, ${sql.raw('(ARRAY[2,4,6,9,12])[p.level]')}) = left(p.region_code, ${sql.raw('(ARRAY[2,4,6,9,12])[p.level]')})
      WHERE p.period = ${`${M}-01`}::date
      GROUP BY p.indicator, p.region_code, p.numerator`));
    expect(rows.length).toBeGreaterThan(40);
    for (const r of rows) expect(Number(r.children), `${r.indicator} ${r.code}`).toBe(Number(r.parent));
    for (const level of [PROVINCE, CITY]) expect(await value('dibao.persons', level)).toMatchObject({ numerator: 6 });
  });

  it('finds no difference after a refresh, and names an edited or missing value', async () => {
    expect(await checkMonth(t.db, M)).toMatchObject({ refreshed: true, differences: 0 });
    await t.db.transaction((tx) => tx.run(sql`UPDATE statistics_value SET numerator = numerator + 1 WHERE indicator = 'dibao.households' AND region_code = ${RONGGUANG} AND period = '2026-03-01'`));
    await t.db.transaction((tx) => tx.run(sql`DELETE FROM statistics_value WHERE indicator = 'linshi.amount' AND region_code = ${LINGDONG} AND period = '2026-03-01'`));
    const check = await checkMonth(t.db, M);
    expect(check.differences).toBe(2);
    expect(check.sample).toEqual(expect.arrayContaining([
      { indicator: 'dibao.households', regionCode: RONGGUANG, level: 4, stored: { numerator: 3, denominator: null }, expected: { numerator: 2, denominator: null } },
      { indicator: 'linshi.amount', regionCode: LINGDONG, level: 5, stored: null, expected: { numerator: 150_000, denominator: null } },
    ]));
    await refreshMonth(t.db, M, SYSTEM);
    expect((await checkMonth(t.db, M)).differences).toBe(0);
  });

  it('shows the county its headlines with 环比/同比 and trend, and its townships', async () => {
    const res = await county.get(`/api/v1/statistics/dashboard?month=${M}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body;
    expect(d).toMatchObject({ regionCode: COUNTY, regionName: '二道区', level: 3, month: M, rankBy: 'dibao.households' });
    const households = d.headlines.find((h: { indicator: string }) => h.indicator === 'dibao.households');
    // February 2 → March 3; March 2025 was refreshed with nothing in payment: 0, no rate.
    expect(households).toMatchObject({ value: 3, previous: 2, lastYear: 0, mom: { delta: 1, rate: 0.5 }, yoy: { delta: 3, rate: null } });
    expect(households.trend).toHaveLength(12);
    expect(households.trend.at(-1)).toEqual({ month: M, value: 3 });
    expect(households.trend.find((p: { month: string }) => p.month === '2025-12')).toEqual({ month: '2025-12', value: null });
    const rongguang = d.children.find((c: { regionCode: string }) => c.regionCode === RONGGUANG);
    expect(rongguang.values['dibao.households']).toBe(2);
    expect(d.children.length).toBeGreaterThan(5);
    expect(d.ranking[0]).toMatchObject({ regionCode: RONGGUANG, value: 2 });
  });

  it('works down to a village, which has no children', async () => {
    const res = await province.get(`/api/v1/statistics/dashboard?month=${M}&regionCode=${LINGDONG}&rankBy=tekun.persons`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ regionName: '岭东社区', level: 5, children: [], ranking: [] });
  });

  it('lists the records behind a number, masked, paginated and audited', async () => {
    const res = await province.get(`/api/v1/statistics/records?indicator=dibao.households&month=${M}&regionCode=${RONGGUANG}&pageSize=1`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ total: 2, measureTotal: 2, recordName: '低保家庭', regionName: '荣光街道' });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].idMasked).toMatch(/\*{6,}/);
    expect(res.body.items[0].regionName).toBe('岭东社区');
    const rural = await province.get(`/api/v1/statistics/records?indicator=dibao.persons.rural&month=${M}&regionCode=${COUNTY}`);
    expect(rural.body).toMatchObject({ total: 1, measureTotal: 2, items: [{ name: '李一', note: '农村，2 人', amountFen: 40_000 }] });
    const [audit] = await t.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'statistics.records_view'`));
    expect(audit!.n).toBe(2);
    expect((await province.get(`/api/v1/statistics/records?indicator=nope.nope&month=${M}`)).body).toMatchObject({ status: 422, title: '指标不存在' });
  });

  it('keeps each official to their jurisdiction, in the service and in the database', async () => {
    expect((await township.get(`/api/v1/statistics/dashboard?month=${M}&regionCode=${COUNTY}`)).status).toBe(404);
    expect((await township.get(`/api/v1/statistics/dashboard?month=${M}&regionCode=${DONGSHENG}`)).status).toBe(404);
    expect((await township.get(`/api/v1/statistics/records?indicator=dibao.households&month=${M}&regionCode=${COUNTY}`)).status).toBe(404);
    const own = await township.get(`/api/v1/statistics/dashboard?month=${M}`);
    expect(own.body.headlines.find((h: { indicator: string }) => h.indicator === 'dibao.households').value).toBe(2);
    // The village official's records list shows only the village, and the database itself hides the county's row.
    const records = await village.get(`/api/v1/statistics/records?indicator=tekun.persons&month=${M}`);
    expect(records.body.total).toBe(1);
    const seen = await t.db.transaction((tx) => tx.rows(sql`SELECT region_code FROM statistics_value WHERE region_code IN (${COUNTY}, ${RONGGUANG}, ${LINGDONG}) AND period = '2026-03-01'`),
      { scope: { actorId: null, regionCode: RONGGUANG } });
    expect(new Set(seen.map((r) => r.region_code))).toEqual(new Set([RONGGUANG, LINGDONG]));
  });

  it('generates a monthly form, exports it with headers, units and totals, and locks it on submission', async () => {
    const form = await ok(county, '/api/v1/statistics/reports', { kind: 'monthly', period: M, indicators: ['dibao.households', 'dibao.standard.avg', 'spending.total'] }, 201);
    expect(form).toMatchObject({ status: 'draft', version: 1, regionCode: COUNTY, kindName: '月报' });
    expect(form.content.total).toMatchObject({ regionName: '二道区', values: [3, 65_000, 290_000] });
    expect(form.content.rows.find((r: { regionCode: string }) => r.regionCode === RONGGUANG).values).toEqual([2, 64_000, 260_000]);

    const again = await ok(county, '/api/v1/statistics/reports', { kind: 'monthly', period: M, indicators: ['dibao.households', 'dibao.standard.avg', 'spending.total'] }, 201);
    expect(again.version).toBe(2);

    const file = await t.app.inject({ method: 'GET', url: `/api/v1/statistics/reports/${form.id}/report.xlsx`, headers: { cookie: `mz_session=${county.cookie}` } });
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0]!;
    const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
    const flat = rows.map((r) => r.slice(1));
    expect(flat[0]![0]).toBe('二道区 民政统计月报（2026-03）');
    expect(flat[3]).toEqual(['区划代码', '区划名称', '低保户数', '低保平均标准', '资金发放合计']);
    expect(flat[4]).toEqual(['', '计量单位', '户', '元/人·月', '元']);
    expect(flat.at(-1)).toEqual([COUNTY, '合计（二道区）', 3, 650, 2900]);

    expect((await county.post(`/api/v1/statistics/reports/${form.id}/submit`, { version: 1 })).status).toBe(409);
    const submitted = await ok(county, `/api/v1/statistics/reports/${form.id}/submit`, { version: 2 });
    expect(submitted).toMatchObject({ status: 'submitted', submittedByName: '区民政局审批员' });
    const locked = await county.post('/api/v1/statistics/reports', { kind: 'monthly', period: M, indicators: ['dibao.households'] });
    expect(locked).toMatchObject({ status: 409, body: { title: '该报表已上报，已锁定，不能重新生成' } });
    // The database refuses a change to a submitted form from any writer.
    await expect(t.db.transaction((tx) => tx.run(sql`UPDATE statistics_report_form SET content = '{}'::jsonb WHERE id = ${form.id}::uuid`))).rejects.toThrow(/已锁定/);
  });

  it('makes a quarter from its months: stocks at the end, flows summed', async () => {
    const q = await ok(county, '/api/v1/statistics/reports', { kind: 'quarterly', period: '2026-Q1', indicators: ['dibao.households', 'linshi.amount'] }, 201);
    expect(q.content.months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(q.content.total.values).toEqual([3, 230_000]);
    const unrefreshed = await county.post('/api/v1/statistics/reports', { kind: 'quarterly', period: '2026-Q2', indicators: ['dibao.households'] });
    expect(unrefreshed).toMatchObject({ status: 409 });
    const bad = await county.post('/api/v1/statistics/reports', { kind: 'monthly', period: M, indicators: [] });
    expect(bad.status).toBe(400);
  });

  it('lets only a province statistician queue the refresh, as a job', async () => {
    expect((await county.post('/api/v1/statistics/refreshes', { month: M })).status).toBe(403);
    // A province user with the 统计 role (demo-province has it) may; so may any account given it.
    const res = await province.post('/api/v1/users', { username: 'stat-province', displayName: '省厅统计员', regionCode: PROVINCE, roles: ['statistician'], password: 'Stat-Test-Passw0rd!' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const statistician = await t.login('stat-province', 'Stat-Test-Passw0rd!');
    const queued = await statistician.post('/api/v1/statistics/refreshes', { month: '2026-04' });
    expect(queued.status).toBe(202);
    await runPendingJobs(t.db);
    const log = (await statistician.get('/api/v1/statistics/refreshes')).body.items;
    expect(log[0]).toMatchObject({ month: '2026-04', refreshedBy: '省厅统计员' });
    expect(await value('dibao.households', COUNTY, '2026-04')).toMatchObject({ numerator: 4 });
  });
});
