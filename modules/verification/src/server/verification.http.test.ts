import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCalendarDays, firstDayOfMonth, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { findProgramme, registerProgramme } from '@mz/payments/server';
import { runPendingJobs } from '@mz/jobs/server';
import { startTestApp, TEST_CIPHER, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import {
  createHousehold, createPerson, deliver, entitle, NANGUAN_VILLAGE, openDibaoCase, runMonth, upload, type TestPerson,
} from './verification.testing.ts';

// Dates relative to today, so the freshness rules hold whenever the suite runs: a snapshot five
// days old is fresh for every source; a 殡葬 snapshot 60 days old is past its 31-day cycle.
const today = todayInShanghai();
const month = yearMonthOf(today);
const monthStart = firstDayOfMonth(month);
const fresh = addCalendarDays(today, -5);
const stale = addCalendarDays(today, -60);
const daysBefore = (n: number) => addCalendarDays(monthStart, -n);

describe.each(testEngines())('verification over HTTP on %s', (engine) => {
  let t: TestApp;
  let county: HttpSession; // 二道区 审批: read, handle, rules
  let countyClerk: HttpSession; // 二道区 经办: import, handle
  let township: HttpSession; // 荣光街道 经办 + 审核
  let dongsheng: HttpSession; // 东盛街道
  let province: HttpSession; // 省厅管理员 + 查询
  // H1 低保 household: A (head, deceased) and B (pension, car, also counted in another case).
  let A: TestPerson, B: TestPerson;
  // H2 低保 household: E (wage, two flats, motorbike) and F (also 特困).
  let E: TestPerson, F: TestPerson;
  // 特困: C (in custody, company, deposits), D (custody ended, small shop, medical bills).
  let C: TestPerson, D: TestPerson;
  // G: 特困 in 二道区, and 低保 in 南关区. H: only a household member of H3, with a disability.
  let G: TestPerson, H: TestPerson;
  let H1: string, H2: string, H3: string;
  let firstRun: any;

  const alerts = async (s: HttpSession, query = '') => {
    const res = await s.get(`/api/v1/verification/alerts?pageSize=200${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: any[]; total: number };
  };
  const findAlert = (items: any[], rule: string, person: TestPerson) => items.find((a) => a.ruleCode === rule && a.personId === person.id);
  const ruleOf = (run: any, code: string) => run.rules.find((r: any) => r.code === code);

  beforeAll(async () => {
    // The programmes of modules still to come (两项补贴, 高龄津贴), as those modules will declare
    // them; without them the two 主动发现 rules stay dormant (rules.catalog.test.ts).
    if (!findProgramme('longevity')) {
      registerProgramme({ code: 'disability_living', name: '困难残疾人生活补贴', shortName: '生活补贴', ownerModule: 'disability', basis: 'person', monthly: true, oneOff: false });
      registerProgramme({ code: 'disability_care', name: '重度残疾人护理补贴', shortName: '护理补贴', ownerModule: 'disability', basis: 'person', monthly: true, oneOff: false });
      registerProgramme({ code: 'longevity', name: '高龄津贴', shortName: '高龄津贴', ownerModule: 'elderly', basis: 'person', monthly: true, oneOff: false });
    }
    t = await startTestApp(engine);
    [county, countyClerk, township, dongsheng, province] = await Promise.all(
      ['demo-county', 'demo-county-clerk', 'demo-township', 'demo-township2', 'demo-province'].map((u) => t.login(u)));
    A = await createPerson(township, '核对甲', '19400301');
    B = await createPerson(township, '核对乙', '19450505', 'female');
    E = await createPerson(township, '核对戊');
    F = await createPerson(township, '核对己', '19720202', 'female');
    C = await createPerson(township, '核对丙');
    D = await createPerson(township, '核对丁');
    G = await createPerson(township, '核对庚');
    H = await createPerson(township, '核对辛', '19800808');
    H1 = await createHousehold(township, [A, B]);
    H2 = await createHousehold(township, [E, F]);
    H3 = await createHousehold(township, [H]);
    await entitle(t.db, 'dibao', { householdId: H1 }, undefined, 2);
    await entitle(t.db, 'dibao', { householdId: H2 }, undefined, 2);
    await entitle(t.db, 'tekun', { personId: F.id });
    await entitle(t.db, 'tekun', { personId: C.id });
    await entitle(t.db, 'tekun', { personId: D.id });
    await entitle(t.db, 'tekun', { personId: G.id });
    // G's own household is paid 低保 by 南关区 (人户分离): two jurisdictions at once.
    const H4 = await createHousehold(township, [G]);
    await entitle(t.db, 'dibao', { householdId: H4 }, NANGUAN_VILLAGE);
    // B is covered by H1's case and, wrongly, by H3's.
    await openDibaoCase(t.db, H1, A, [A.id, B.id]);
    await openDibaoCase(t.db, H3, H, [H.id, B.id]);
    await entitle(t.db, 'longevity', { personId: B.id });
  });
  afterAll(async () => { await t?.close(); });

  it('lists the source catalogue with each layout, and serves a template per source', async () => {
    const res = await county.get('/api/v1/verification/sources');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(15);
    const vehicle = res.body.items.find((s: any) => s.code === 'vehicle');
    expect(vehicle).toMatchObject({ name: '机动车登记信息', owner: '公安交通管理部门', kind: 'file', refreshDays: 92, current: [] });
    expect(vehicle.columns.map((c: any) => c.header)).toEqual(['登记日期', '车辆类型', '号牌号码', '估值']);
    expect(res.body.items.find((s: any) => s.code === 'payments')).toMatchObject({ kind: 'internal', columns: [] });
    const template = await county.get('/api/v1/verification/sources/police_custody/template.csv');
    expect(template.status).toBe(200);
    expect(String(template.body).replace('\ufeff', '').trim()).toBe('*身份证号,姓名,*羁押开始日期,羁押结束日期,羁押类型');
    // Importing needs the permission (the county approver reads and configures, the clerks import).
    expect((await upload(county, 'police_death', fresh, 'd.csv', [['身份证号', '死亡日期']])).status).toBe(403);
    expect((await upload(countyClerk, 'payments', fresh, 'p.csv', [['身份证号']])).status).toBe(404);
  });

  it('imports a delivery through staging: bad check digits, dates and amounts rejected with reasons, only keyed hashes kept', async () => {
    const badCheck = A.idNo.slice(0, 17) + (A.idNo[17] === '0' ? '1' : '0');
    const snap = await deliver(t.db, countyClerk, 'police_death', daysBefore(3), [
      ['身份证号', '姓名', '死亡日期'],
      [A.idNo, A.name, daysBefore(20)],
      [badCheck, '某某', daysBefore(20)],
      [B.idNo, B.name, '2026-02-30'],
      [C.idNo, C.name, addCalendarDays(today, 1)],
    ]);
    expect(snap).toMatchObject({ sourceCode: 'police_death', version: 1, status: 'current', total: 4, accepted: 1, rejected: 3, persons: 1, regionCode: '220105000000' });
    expect(snap.rejections).toEqual([
      { rowNo: 3, idMasked: `${badCheck.slice(0, 4)}**********${badCheck.slice(14)}`, errors: '身份证号校验位错误' },
      { rowNo: 4, idMasked: expect.stringContaining('**********'), errors: '死亡日期不是有效日期：2026-02-30' },
      { rowNo: 5, idMasked: expect.any(String), errors: expect.stringContaining('死亡日期晚于数据截止日期') },
    ]);
    const stored = await t.db.transaction((tx) => tx.rows<Record<string, unknown>>(sql`SELECT * FROM verification_record WHERE snapshot_id = ${snap.id}`));
    expect(stored).toEqual([expect.objectContaining({ id_hash: TEST_CIPHER.hash('id_number', A.idNo), event_date: daysBefore(20) })]);
    expect(JSON.stringify(stored)).not.toContain(A.idNo);
    // The application role cannot read the records at all.
    await expect(t.db.transaction((tx) => tx.rows(sql`SELECT count(*) FROM verification_record`), { scope: { actorId: null, regionCode: '220000000000' } }))
      .rejects.toThrow();
    const audit = await t.db.transaction((tx) => tx.rows<{ summary: string; actor_name: string }>(sql`SELECT summary, actor_name FROM audit_log WHERE action = 'verification.import'`));
    expect(audit).toEqual([{ summary: expect.stringContaining('导入「公安死亡人员信息」第 1 版'), actor_name: '二道区民政局经办人' }]);
  });

  it('refuses an unreadable file at once, and a delivery older than the current one in the job', async () => {
    const noHeader = await upload(countyClerk, 'police_death', fresh, 'x.csv', [['姓名', '日期'], ['甲', '2026-01-01']]);
    expect(noHeader.status).toBe(422);
    expect(noHeader.body.title).toBe('「公安死亡人员信息」文件缺少必需的列');
    expect(noHeader.body.detail).toContain('身份证号、死亡日期');
    const future = await upload(countyClerk, 'police_death', addCalendarDays(today, 2), 'x.csv', [['身份证号', '死亡日期'], [A.idNo, '2026-01-01']]);
    expect(future.status).toBe(422);

    const older = await upload(countyClerk, 'police_death', daysBefore(10), 'old.csv', [['身份证号', '死亡日期'], [B.idNo, daysBefore(40)]]);
    expect(older.status).toBe(202);
    await runPendingJobs(t.db);
    const job = await countyClerk.get(`/api/v1/jobs/${older.body.jobId}`);
    expect(job.body).toMatchObject({ status: 'failed', error: expect.stringContaining('已有更新的数据') });
    const snap = await countyClerk.get(`/api/v1/verification/snapshots/${older.body.snapshotId}`);
    expect(snap.body).toMatchObject({ status: 'failed', accepted: 0 });
  });

  it('a newer delivery replaces the previous one for matching', async () => {
    // Version 2 (newer) lists only A, again; B never appears in a current death snapshot.
    const v2 = await deliver(t.db, countyClerk, 'police_death', fresh, [['身份证号', '死亡日期'], [A.idNo, daysBefore(20)]]);
    expect(v2).toMatchObject({ version: 3, status: 'current', accepted: 1 });
    const list = await countyClerk.get('/api/v1/verification/snapshots?source=police_death');
    expect(list.body.items.map((s: any) => [s.version, s.status])).toEqual([[3, 'current'], [2, 'failed'], [1, 'superseded']]);
    const sources = await township.get('/api/v1/verification/sources');
    expect(sources.body.items.find((s: any) => s.code === 'police_death').current).toEqual([expect.objectContaining({ version: 3, stale: false, regionCode: '220105000000' })]);
  });

  it('runs every rule against the current snapshots: each finds its positive case and not its negative one', async () => {
    const c = countyClerk;
    await deliver(t.db, c, 'police_custody', fresh, [['身份证号', '羁押开始日期', '羁押结束日期', '羁押类型'],
      [C.idNo, daysBefore(30), '', '服刑'], [D.idNo, daysBefore(100), daysBefore(40), '刑事拘留']]);
    await deliver(t.db, c, 'vehicle', fresh, [['身份证号', '登记日期', '车辆类型', '号牌号码', '估值'],
      [B.idNo, '2020-05-01', '小型汽车', '吉A12345', '60000'], [E.idNo, '2021-05-01', '摩托车', '吉A5678', '3000']]);
    await deliver(t.db, c, 'real_estate', fresh, [['身份证号', '登记日期', '用途', '建筑面积'],
      [E.idNo, '2010-01-01', '住宅', '80'], [E.idNo, '2015-01-01', '住宅', '60.5'], [A.idNo, '2000-01-01', '住宅', '50']]);
    await deliver(t.db, c, 'market', fresh, [['身份证号', '成立日期', '注销日期', '主体类型', '注册资本'],
      [C.idNo, '2019-01-01', '', '有限责任公司', '200000'], [D.idNo, '2019-01-01', '', '个体工商户', '50000']]);
    await deliver(t.db, c, 'hrss', fresh, [['身份证号', '所属月份', '收入类型', '月收入金额'],
      [E.idNo, daysBefore(20), '工资', '5000'], [B.idNo, daysBefore(20), '养老金', '1000.50']]);
    await deliver(t.db, c, 'bank', fresh, [['身份证号', '查询日期', '存款余额'], [C.idNo, fresh, '50000'], [D.idNo, fresh, '10000']]);
    await deliver(t.db, c, 'medical', fresh, [['身份证号', '结算日期', '个人自付金额'], [D.idNo, daysBefore(60), '25000'], [C.idNo, daysBefore(60), '5000']]);
    await deliver(t.db, c, 'disability', fresh, [['身份证号', '发证日期', '有效期至', '残疾类别', '残疾等级'], [H.idNo, '2020-01-01', '', '肢体', '1']]);
    // 殡葬 says B was cremated — but the delivery is past its 31-day cycle, so it is not used.
    await deliver(t.db, c, 'cremation', stale, [['身份证号', '火化日期'], [B.idNo, addCalendarDays(stale, -1)]]);

    // A township cannot start a run; the county can.
    expect((await township.post('/api/v1/verification/runs', { month })).status).toBe(403);
    firstRun = await runMonth(t.db, county, month);
    expect(firstRun.beneficiaries).toBe(8);
    const { items } = await alerts(county);
    const has = (rule: string, p: TestPerson) => Boolean(findAlert(items, rule, p));

    expect(has('deceased_paid', A)).toBe(true);
    expect(has('deceased_paid', B)).toBe(false); // only in the stale cremation snapshot
    expect(findAlert(items, 'deceased_paid', A)).toMatchObject({ severity: 'high', handlingLevel: 4, regionCode: LINGDONG_CODE, personName: '核对甲', programmes: ['dibao'] });
    expect(ruleOf(firstRun, 'deceased_paid').notes).toEqual([expect.stringMatching(/^殡葬火化记录：数据截至 .+，已超过更新周期（31 天），本次未使用$/)]);

    expect(has('custody_paid', C)).toBe(true);
    expect(has('custody_paid', D)).toBe(false);
    // Household rules are addressed to the head: B's car makes H1 (head A) over the limit; E's motorbike is exempt.
    expect(has('vehicle_over', A)).toBe(true);
    expect(findAlert(items, 'vehicle_over', A)).toMatchObject({ householdId: H1 });
    expect(items.some((a) => a.ruleCode === 'vehicle_over' && a.householdId === H2)).toBe(false);
    expect(has('property_over', E)).toBe(true);
    expect(has('property_over', A)).toBe(false);
    expect(has('business_over', C)).toBe(true);
    expect(has('business_over', D)).toBe(false);
    expect(has('income_over', E)).toBe(true);
    expect(has('income_over', A)).toBe(false);
    expect(has('deposit_over', C)).toBe(true);
    expect(has('deposit_over', D)).toBe(false);
    expect(has('medical_large', D)).toBe(true);
    expect(has('medical_large', C)).toBe(false);
    expect(has('two_rolls', G)).toBe(true);
    expect(has('two_rolls', C)).toBe(false);
    expect(has('dibao_tekun', F)).toBe(true);
    expect(has('dibao_tekun', E)).toBe(false);
    expect(has('member_twice', B)).toBe(true);
    expect(has('member_twice', A)).toBe(false);
    const detail = await county.get(`/api/v1/verification/alerts/${findAlert(items, 'income_over', E).id}`);
    expect(detail.body.evidence).toMatchObject({ members: 2, totalFen: 500_000, perCapitaFen: 250_000, limitFen: 150_000 });
    const twoRolls = await county.get(`/api/v1/verification/alerts/${findAlert(items, 'two_rolls', G).id}`);
    expect(twoRolls.body.evidence.entitlements.map((e: any) => e.regionCode).sort()).toEqual([NANGUAN_VILLAGE, LINGDONG_CODE].sort());
    expect(twoRolls.body).toMatchObject({ handlingLevel: 3, dueOn: expect.any(String), availableActions: [{ key: 'verify', name: '核实' }] });
    expect(firstRun.alertsNew).toBe(items.length);
  });

  it('a re-run refreshes the open alerts instead of duplicating them', async () => {
    const before = await alerts(county);
    const again = await runMonth(t.db, county, month);
    expect(again).toMatchObject({ alertsNew: 0, alertsSeen: before.total });
    expect((await alerts(county)).total).toBe(before.total);
  });

  it('主动发现: disabled persons without the two subsidies, aged 80+ without 高龄津贴 (their programmes registered)', async () => {
    expect(ruleOf(firstRun, 'disabled_no_subsidy')).toMatchObject({ ran: true, notes: [] });
    const { items } = await alerts(county, '&rule=disabled_no_subsidy');
    expect(items).toHaveLength(1);
    const detail = await county.get(`/api/v1/verification/alerts/${items[0].id}`);
    expect(detail.body).toMatchObject({ personId: H.id, evidence: { grade: 1, missing: ['disability_living', 'disability_care'] } });
    // A (born 1940) has no 高龄津贴 but the 公安 delivery reports A dead: nobody is proposed an
    // allowance the same data says has died. B (1945) has one.
    expect(ruleOf(firstRun, 'aged80_no_allowance')).toMatchObject({ ran: true });
    const aged = await alerts(county, '&rule=aged80_no_allowance');
    expect(aged.items.map((a: any) => a.personId)).toEqual([]);
  });

  it('scopes alerts to the jurisdiction, and routes county-level rules to the county', async () => {
    const mine = await alerts(township);
    expect(mine.total).toBeGreaterThan(10);
    const other = await alerts(dongsheng);
    expect(other.total).toBe(0);
    const twoRolls = findAlert(mine.items, 'two_rolls', G);
    expect((await dongsheng.get(`/api/v1/verification/alerts/${twoRolls.id}`)).status).toBe(404);
    expect((await dongsheng.post(`/api/v1/verification/alerts/${twoRolls.id}/actions/verify`, { version: 1 })).status).toBe(404);
    // 重复享受 is the county's to handle: the township sees it but cannot act on it.
    const refused = await township.post(`/api/v1/verification/alerts/${twoRolls.id}/actions/verify`, { version: 1 });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('此类预警由县级民政部门核实处置');
    // The database itself refuses another jurisdiction's alert rows.
    const seen = await t.db.transaction((tx) => tx.rows(sql`SELECT id FROM verification_alert`), { scope: { actorId: null, regionCode: '220105001000' } });
    expect(seen).toEqual([]);
  });

  it('handles alerts: 核实, then 维持 with a reason, 转办 to a department or 需调整 linked to the case', async () => {
    const { items } = await alerts(township);
    const deceased = findAlert(items, 'deceased_paid', A);
    const early = await township.post(`/api/v1/verification/alerts/${deceased.id}/actions/adjust`, { version: 1, opinion: '已死亡' });
    expect(early.status).toBe(409);
    expect(early.body.title).toBe('当前状态「待核实」不能办理「需调整」');
    const verified = await township.post(`/api/v1/verification/alerts/${deceased.id}/actions/verify`, { version: 1, opinion: '已入户核实，属实' });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toMatchObject({ status: 'verifying', statusName: '核实中', version: 2 });
    const stale = await township.post(`/api/v1/verification/alerts/${deceased.id}/actions/adjust`, { version: 1, opinion: '死亡停保' });
    expect(stale.status).toBe(409);
    const adjusted = await township.post(`/api/v1/verification/alerts/${deceased.id}/actions/adjust`, { version: 2, opinion: '死亡，需停保并追回' });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(200);
    expect(adjusted.body).toMatchObject({ status: 'adjust', linkedCaseId: expect.any(String), handledByName: '荣光街道经办员' });
    expect(adjusted.body.events.map((e: any) => [e.action, e.toStatus])).toEqual([['verify', 'verifying'], ['adjust', 'adjust']]);

    const vehicle = findAlert(items, 'vehicle_over', A);
    await township.post(`/api/v1/verification/alerts/${vehicle.id}/actions/verify`, { version: 1 });
    const noReason = await township.post(`/api/v1/verification/alerts/${vehicle.id}/actions/keep`, { version: 2 });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toEqual([{ path: 'opinion', message: expect.stringContaining('维持的理由') }]);
    const kept = await township.post(`/api/v1/verification/alerts/${vehicle.id}/actions/keep`, { version: 2, opinion: '车辆为残疾家属就医必需' });
    expect(kept.body).toMatchObject({ status: 'kept', availableActions: [] });

    const medical = findAlert(items, 'medical_large', D);
    await township.post(`/api/v1/verification/alerts/${medical.id}/actions/verify`, { version: 1 });
    const badDept = await township.post(`/api/v1/verification/alerts/${medical.id}/actions/transfer`, { version: 2, department: '外星部门' });
    expect(badDept.status).toBe(400);
    const moved = await township.post(`/api/v1/verification/alerts/${medical.id}/actions/transfer`, { version: 2, department: '医疗保障部门', opinion: '建议医疗救助' });
    expect(moved.body).toMatchObject({ status: 'transferred', transferDepartment: '医疗保障部门' });

    // A re-run neither duplicates the 待调整 alert nor raises the kept one again on the same data.
    const run = await runMonth(t.db, county, month);
    expect(run.alertsNew).toBe(0);
    const after = await alerts(county, '&rule=vehicle_over');
    expect(after.items.map((a: any) => a.status)).toEqual(['kept']);

    const audit = await t.db.transaction((tx) => tx.rows<{ action: string; n: number }>(sql`
      SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'verification.%' GROUP BY action ORDER BY action`));
    expect(Object.fromEntries(audit.map((a) => [a.action, a.n])), JSON.stringify(audit)).toMatchObject({
      'verification.alert_action': 6, 'verification.run': 3, 'verification.alert_view': 3, 'verification.import': 11,
    });
  });

  it('counts alerts by rule, region and status for the jurisdiction', async () => {
    const stats = await county.get('/api/v1/verification/alerts/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.byRule.find((r: any) => r.ruleCode === 'vehicle_over')).toMatchObject({ ruleName: '家庭拥有机动车超过规定', total: 1, kept: 1 });
    expect(stats.body.byRule.find((r: any) => r.ruleCode === 'deceased_paid')).toMatchObject({ total: 1, adjust: 1 });
    expect(stats.body.byRegion).toEqual([expect.objectContaining({ regionCode: '220105003000', regionName: '荣光街道' })]);
    const byStatus = Object.fromEntries(stats.body.byStatus.map((s: any) => [s.status, s.total]));
    expect(byStatus).toMatchObject({ kept: 1, transferred: 1, adjust: 1 });
    const none = await dongsheng.get('/api/v1/verification/alerts/stats');
    expect(none.body).toEqual({ byRule: [], byRegion: [], byStatus: [] });
  });

  it('rules and retention are configurable by whoever holds verification.rules, audited', async () => {
    expect((await township.patch('/api/v1/verification/rules/vehicle_over', { params: { maxCount: 1 } })).status).toBe(403);
    const bad = await county.patch('/api/v1/verification/rules/vehicle_over', { params: { maxCount: -1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('params.maxCount');
    const ok = await county.patch('/api/v1/verification/rules/vehicle_over', { params: { maxCount: 1 }, deadlineDays: 7 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ params: { maxCount: 1, exemptCategories: ['摩托车', '残疾人专用车'], exemptValueFen: 0 }, deadlineDays: 7 });

    const tooShort = await county.patch('/api/v1/verification/sources/education', { retentionDays: 10 });
    expect(tooShort.status).toBe(422);
    expect((await county.patch('/api/v1/verification/sources/education', { refreshDays: 30, retentionDays: 400 })).status).toBe(200);
    // A delivery whose as-of date is already past the retention period is purged right after it lands.
    const old = await deliver(t.db, countyClerk, 'education', '2024-01-10', [['身份证号', '入学日期', '学段'], [H.idNo, '2023-09-01', '本科']]);
    expect(old).toMatchObject({ status: 'purged', accepted: 1 });
    const left = await t.db.transaction((tx) => tx.rows(sql`SELECT 1 FROM verification_record WHERE snapshot_id = ${old.id}`));
    expect(left).toEqual([]);
    const audit = await t.db.transaction((tx) => tx.rows<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE action IN ('verification.rule_update', 'verification.source_update', 'verification.purge') ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(['verification.rule_update', 'verification.source_update', 'verification.purge']);
    // Read-only officials read but do not act.
    expect((await province.get('/api/v1/verification/rules')).status).toBe(200);
    expect((await province.post('/api/v1/verification/runs', { month })).status).toBe(403);
  });

  it('主动发现 proposes 高龄津贴 to a living beneficiary aged 80+ who has none', async () => {
    const I = await createPerson(township, '核对壬', '19410606', 'female');
    await entitle(t.db, 'tekun', { personId: I.id });
    await runMonth(t.db, county, month);
    const aged = await alerts(county, '&rule=aged80_no_allowance');
    expect(aged.items.map((a: any) => a.personId)).toEqual([I.id]);
  });
});

const LINGDONG_CODE = '220105003005';
