import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines, type HttpSession } from '@mz/testing';
import { addCalendarDays, todayInShanghai } from '@mz/kernel';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { COUNTY, createOperator, DONGSHENG, RONGGUANG, seedQualityWorld, type QualityWorld } from './quality.testing.ts';

// 等级评定, inspections with rectification follow-up and the indicators, through the API:
// hand-counted indicator numbers, the rating workflow writing the institution's grade, deadlines
// and overdue, and scope — a neighbouring township and an institution operator see only their own.

const today = todayInShanghai();
const yesterday = addCalendarDays(today, -1);

function allItems(items: { code: string }[], fails: Record<string, { severity?: string; note?: string; deadline?: string }> = {}) {
  return items.map((i) => (fails[i.code] ? { itemCode: i.code, result: 'fail', ...fails[i.code] } : { itemCode: i.code, result: 'pass' }));
}

describe.each(testEngines())('elderly quality on %s', (engine) => {
  let t: TestApp;
  let w: QualityWorld;
  let clerk: HttpSession; // 二道区民政局经办人: rates and inspects
  let approver: HttpSession; // 二道区民政局审批员: confirms
  let township2: HttpSession; // 东盛街道 (a neighbour of 荣光)
  let operator: HttpSession; // bound to 岭东颐养院 (homeA)
  let operatorId = '';
  let checklist: { code: string; category: string; usualSeverity: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    w = await seedQualityWorld(t.db, today);
    operatorId = await createOperator(t.db, 'op-lingdong', w.homeA, '220105003005', ['elderly.quality.read', 'elderly.finding.rectify']);
    [clerk, approver, township2, operator] = await Promise.all([
      t.login('demo-county-clerk'), t.login('demo-county'), t.login('demo-township2'), t.login('op-lingdong'),
    ]);
    checklist = (await clerk.get('/api/v1/elderly/inspection-items')).body.items;
  });
  afterAll(async () => { await t?.close(); });

  const value = (row: { values: { code: string; value: number | null }[] }, code: string) => row.values.find((v) => v.code === code)!.value;

  it('counts the indicators of the county and its townships by hand', async () => {
    const res = await approver.get(`/api/v1/elderly/indicators?region=${COUNTY}&date=${today}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { total, children } = res.body;
    // 8 beds in service of open institutions (荣光 4, 东盛 2, 本级 2; the closed home's 5 and one
    // out-of-service bed never count), 4 nursing; 6 persons aged 60+; 4 residents; 3 caregivers, 2 certified.
    expect(total.counts).toMatchObject({
      institutions: 3, care_homes: 2, beds: 8, nursing_beds: 4, residents: 4, caregivers: 3, certified_caregivers: 2, population_60: 6,
      grade_3: 1, ungraded: 1, grade_1: 0, grade_4: 0,
    });
    expect(value(total, 'elderly.nursing_bed_ratio')).toBe(50);
    expect(value(total, 'elderly.beds_per_1000')).toBe(1333.3); // 8 ÷ 6 × 1000
    expect(value(total, 'elderly.occupancy_rate')).toBe(50);
    expect(value(total, 'elderly.certified_caregiver_ratio')).toBe(66.7);

    const rong = children.find((c: { regionCode: string }) => c.regionCode === RONGGUANG);
    expect(rong.counts).toMatchObject({ beds: 4, nursing_beds: 2, residents: 3, population_60: 5, caregivers: 2, certified_caregivers: 1 });
    expect(value(rong, 'elderly.beds_per_1000')).toBe(800);
    expect(value(rong, 'elderly.occupancy_rate')).toBe(75);
    const dong = children.find((c: { regionCode: string }) => c.regionCode === DONGSHENG);
    expect(dong.counts).toMatchObject({ beds: 2, nursing_beds: 0, residents: 1, population_60: 1, caregivers: 1, certified_caregivers: 1 });
    expect(value(dong, 'elderly.beds_per_1000')).toBe(2000);
    expect(value(dong, 'elderly.nursing_bed_ratio')).toBe(0);
    const own = children.find((c: { direct: boolean }) => c.direct);
    expect(own).toMatchObject({ regionCode: COUNTY, regionName: '二道区（本级）' });
    expect(value(own, 'elderly.beds_per_1000')).toBeNull(); // no elders registered on the county code: '—'
    const empty = children.find((c: { regionCode: string; direct: boolean }) => c.regionCode !== RONGGUANG && c.regionCode !== DONGSHENG && !c.direct);
    expect(value(empty, 'elderly.occupancy_rate')).toBeNull();

    // Children (with 本级) add up to the parent for every additive count.
    for (const k of Object.keys(total.counts)) {
      expect(children.reduce((s: number, c: { counts: Record<string, number> }) => s + c.counts[k]!, 0), k).toBe(total.counts[k]);
    }

    // The record-level facts (the statistics module's source shape) are what the page summed,
    // and show persons masked only.
    const facts = await t.db.transaction((tx) => tx.rows<{ record_name: string; record_id_masked: string | null; population_60: number; beds: number }>(sql`
      SELECT record_name, record_id_masked, population_60, beds FROM elderly_indicator_facts(${today}::date, ${COUNTY}, '220106000000')`),
      { scope: { actorId: null, regionCode: COUNTY } });
    expect(facts.filter((f) => f.population_60 === 1).map((f) => f.record_name).sort()).toEqual(['测丁', '测丙', '测乙', '测戊', '测甲', '测辛'].sort());
    expect(facts.filter((f) => f.population_60 === 1).every((f) => f.record_id_masked === '2201**********0000')).toBe(true);
    expect(facts.reduce((s, f) => s + Number(f.beds), 0)).toBe(8);
  });

  it('counts as of an earlier date: who was resident, employed and aged 60 then', async () => {
    const res = await approver.get(`/api/v1/elderly/indicators?region=${RONGGUANG}&date=${yesterday}`);
    expect(res.status).toBe(200);
    // Yesterday: 测丁 still resident, 护理丙 still employed, 测戊 not yet 60, 测庚 still alive;
    // beds are counted as registered now (no bed history).
    expect(res.body.total.counts).toMatchObject({ residents: 4, caregivers: 3, certified_caregivers: 1, population_60: 5, beds: 4 });
    expect(value(res.body.total, 'elderly.occupancy_rate')).toBe(100);
    expect(value(res.body.total, 'elderly.certified_caregiver_ratio')).toBe(33.3);
    expect(res.body.children.find((c: { regionCode: string }) => c.regionCode === '220105003005').counts.population_60).toBe(5);
  });

  it('keeps the indicators inside the jurisdiction', async () => {
    expect((await township2.get(`/api/v1/elderly/indicators?region=${RONGGUANG}`)).status).toBe(404);
    expect((await township2.get(`/api/v1/elderly/indicators?region=${COUNTY}`)).status).toBe(404);
    const own = await township2.get('/api/v1/elderly/indicators');
    expect(own.body.total.counts).toMatchObject({ beds: 2, population_60: 1 });
    expect((await operator.get('/api/v1/elderly/indicators')).status).toBe(403);
    expect((await approver.get('/api/v1/elderly/indicators?date=2026-02-30')).status).toBe(400);
  });

  let ratingId = '';
  it('rates an institution: draft → submitted → confirmed writes its grade; history kept', async () => {
    const refused = await clerk.post('/api/v1/elderly/ratings', { institutionId: w.centreB, ratedOn: today, scores: { environment: 100, facilities: 110, operations: 125, service: 500 } });
    expect(refused.status).toBe(422);
    expect(refused.body.title).toBe('只有养老机构参加等级评定');
    const bad = await clerk.post('/api/v1/elderly/ratings', { institutionId: w.homeA, ratedOn: today, scores: { environment: 130, facilities: 110, operations: 125, service: 500 } });
    expect(bad.status).toBe(400);

    const created = await clerk.post('/api/v1/elderly/ratings', {
      institutionId: w.homeA, ratedOn: today, scores: { environment: 100, facilities: 110, operations: 125, service: 500 },
      itemNotes: { service: '个案护理计划不完整扣 20 分' }, evaluators: '张评、李审',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ratingId = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', total: 835, grade: 4, gradeName: '四级' });
    expect(created.body.result.shortOfNext[0]).toContain('五级需不低于 900 分');
    expect(created.body.thresholdsSource).toContain('长沙');
    expect((await clerk.post('/api/v1/elderly/ratings', { institutionId: w.homeA, ratedOn: today, scores: { environment: 1, facilities: 1, operations: 1, service: 1 } })).status).toBe(409);

    expect((await approver.post(`/api/v1/elderly/ratings/${ratingId}/actions`, { action: 'confirm', version: 1 })).status).toBe(409); // still a draft
    const submitted = await clerk.post(`/api/v1/elderly/ratings/${ratingId}/actions`, { action: 'submit', version: 1 });
    expect(submitted.body.status).toBe('submitted');
    expect((await clerk.post(`/api/v1/elderly/ratings/${ratingId}/actions`, { action: 'confirm', version: 2 })).status).toBe(403); // no confirm permission
    const noReason = await approver.post(`/api/v1/elderly/ratings/${ratingId}/actions`, { action: 'return', version: 2 });
    expect(noReason.status).toBe(422);
    const confirmed = await approver.post(`/api/v1/elderly/ratings/${ratingId}/actions`, { action: 'confirm', opinion: '同意评定为四级', version: 2 });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', grade: 4, gradedOn: today });
    expect(confirmed.body.events.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'confirm']);

    const [inst] = await t.db.transaction((tx) => tx.rows<{ grade: number; graded_on: string }>(sql`SELECT grade, graded_on::text FROM elderly_institution WHERE id = ${w.homeA}::uuid`));
    expect(inst).toMatchObject({ grade: 4, graded_on: today });
    const [audit] = await t.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'elderly.rating.%' AND entity_id IN (${ratingId}, ${w.homeA})`));
    expect(audit!.n).toBe(3);

    const counts = (await approver.get(`/api/v1/elderly/indicators?region=${COUNTY}`)).body.total.counts;
    expect(counts).toMatchObject({ grade_4: 1, grade_3: 1, ungraded: 0 });
  });

  it('grades by the province’s own thresholds from their effective date, and says they are regional', async () => {
    const province = await t.login('demo-province');
    const past = await province.post('/api/v1/elderly/quality/params', {
      kind: 'grade_thresholds', effectiveFrom: yesterday,
      value: [{ grade: 1, minTotal: 420, minPartPercent: 40 }, { grade: 2, minTotal: 540, minPartPercent: 50 }, { grade: 3, minTotal: 660, minPartPercent: 60 }, { grade: 4, minTotal: 850, minPartPercent: 80 }, { grade: 5, minTotal: 950, minPartPercent: 90 }],
    });
    expect(past.status).toBe(422);
    const set = await province.post('/api/v1/elderly/quality/params', {
      kind: 'grade_thresholds', effectiveFrom: today, note: '吉林省实施细则（测试）',
      value: [{ grade: 1, minTotal: 420, minPartPercent: 40 }, { grade: 2, minTotal: 540, minPartPercent: 50 }, { grade: 3, minTotal: 660, minPartPercent: 60 }, { grade: 4, minTotal: 850, minPartPercent: 80 }, { grade: 5, minTotal: 950, minPartPercent: 90 }],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(201);
    const params = await clerk.get('/api/v1/elderly/quality/params');
    expect(params.body.gradeThresholds).toMatchObject({ regionCode: '220000000000', effectiveFrom: today });
    expect(params.body.gradeThresholds.source).toContain('吉林省');
    expect(params.body.rectifyDays.value).toEqual({ major: 7, general: 30 });

    const again = await clerk.post('/api/v1/elderly/ratings', { institutionId: w.homeA, ratedOn: today, scores: { environment: 100, facilities: 110, operations: 125, service: 500 } });
    expect(again.body).toMatchObject({ total: 835, grade: 3 });
    expect(again.body.thresholdsSource).toContain('吉林省');
    const history = await clerk.get(`/api/v1/elderly/ratings?institutionId=${w.homeA}`);
    expect(history.body.items.map((r: { status: string }) => r.status)).toEqual(['draft', 'confirmed']);
  });

  let majorId = '';
  let generalId = '';
  it('records an inspection: failed items become findings with deadlines by severity; overdue is listed', async () => {
    const tenDaysAgo = addCalendarDays(today, -10);
    const fire = checklist.filter((i) => i.category === 'fire');
    const incomplete = await clerk.post('/api/v1/elderly/inspections', { institutionId: w.homeA, kind: 'fire', inspectedOn: tenDaysAgo, inspectors: ['王检'], items: allItems(fire).slice(1) });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors[0].message).toContain('F-01');
    const future = await clerk.post('/api/v1/elderly/inspections', { institutionId: w.homeA, kind: 'fire', inspectedOn: addCalendarDays(today, 1), inspectors: ['王检'], items: allItems(fire) });
    expect(future.status).toBe(422);

    const res = await clerk.post('/api/v1/elderly/inspections', {
      institutionId: w.homeA, kind: 'combined', inspectedOn: tenDaysAgo, inspectors: ['王检', '赵查'], summary: '年度安全检查',
      items: allItems(checklist, { 'F-03': { note: '二楼东侧安全出口上锁' }, 'S-04': { severity: 'general', note: '翻身记录缺失' } }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ itemsFailed: 2, openFindings: 2, overdueFindings: 1 });
    const major = res.body.findings.find((f: { itemCode: string }) => f.itemCode === 'F-03');
    const general = res.body.findings.find((f: { itemCode: string }) => f.itemCode === 'S-04');
    majorId = major.id;
    generalId = general.id;
    expect(major).toMatchObject({ severity: 'major', deadline: addCalendarDays(tenDaysAgo, 7), overdue: true, description: '二楼东侧安全出口上锁' });
    expect(general).toMatchObject({ severity: 'general', deadline: addCalendarDays(tenDaysAgo, 30), overdue: false, daysLeft: 20 });

    const byInst = await approver.get('/api/v1/elderly/findings/by-institution');
    expect(byInst.body.items).toEqual([expect.objectContaining({ institutionId: w.homeA, open: 2, overdue: 1, major: 1, earliestDeadline: addCalendarDays(tenDaysAgo, 7) })]);
    const overdue = await approver.get('/api/v1/elderly/findings?overdue=true');
    expect(overdue.body.items.map((f: { id: string }) => f.id)).toEqual([majorId]);
  });

  it('follows up: the operator reports rectification, an inspector verifies or rejects', async () => {
    const noEvidence = await operator.post(`/api/v1/elderly/findings/${majorId}/actions`, { action: 'rectify', note: '', version: 1 });
    expect(noEvidence.status).toBe(422);
    const rectified = await operator.post(`/api/v1/elderly/findings/${majorId}/actions`, { action: 'rectify', note: '已拆除门锁，加装推闩，见照片 3 张', version: 1 });
    expect(rectified.status, JSON.stringify(rectified.body)).toBe(200);
    expect(rectified.body).toMatchObject({ status: 'rectified', overdue: false, rectifiedOn: today, rectifiedByName: '机构经办员' });
    expect((await operator.post(`/api/v1/elderly/findings/${majorId}/actions`, { action: 'verify', version: 2 })).status).toBe(403);
    const verified = await clerk.post(`/api/v1/elderly/findings/${majorId}/actions`, { action: 'verify', version: 2 });
    expect(verified.body).toMatchObject({ status: 'verified', verifiedOn: today });
    expect(verified.body.events.map((e: { action: string }) => e.action)).toEqual(['rectify', 'verify']);

    await operator.post(`/api/v1/elderly/findings/${generalId}/actions`, { action: 'rectify', note: '补记翻身记录并培训', version: 1 });
    const rejected = await clerk.post(`/api/v1/elderly/findings/${generalId}/actions`, { action: 'reject', note: '记录仍不完整', version: 2 });
    expect(rejected.body).toMatchObject({ status: 'open', deadline: addCalendarDays(today, 20) });
    const byInst = await approver.get('/api/v1/elderly/findings/by-institution');
    expect(byInst.body.items).toEqual([expect.objectContaining({ open: 1, overdue: 0 })]);
  });

  it('operators see only their own institution, and the database refuses the rest', async () => {
    // An inspection of another institution (本级 home C) the operator must not see.
    const other = await clerk.post('/api/v1/elderly/inspections', {
      institutionId: w.homeC, kind: 'fire', inspectedOn: today, inspectors: ['王检'], items: allItems(checklist.filter((i) => i.category === 'fire'), { 'F-05': {} }),
    });
    expect(other.status).toBe(201);
    expect((await operator.get(`/api/v1/elderly/inspections/${other.body.id}`)).status).toBe(404);
    const list = await operator.get('/api/v1/elderly/inspections');
    expect(list.body.items.map((i: { institutionId: string }) => i.institutionId)).toEqual([w.homeA]);
    const findings = await operator.get('/api/v1/elderly/findings');
    expect(new Set(findings.body.items.map((f: { institutionId: string }) => f.institutionId))).toEqual(new Set([w.homeA]));
    expect((await operator.post(`/api/v1/elderly/findings/${other.body.findings[0].id}/actions`, { action: 'rectify', note: '已更换灭火器', version: 1 })).status).toBe(404);
    expect((await operator.post('/api/v1/elderly/inspections', { institutionId: w.homeA, kind: 'fire', inspectedOn: today, inspectors: ['x'], items: [{ itemCode: 'F-01', result: 'pass' }] })).status).toBe(403);
    const picks = await operator.get('/api/v1/elderly/quality/institutions');
    expect(picks.body.items.map((i: { id: string }) => i.id)).toEqual([w.homeA]);

    // Without any WHERE, as the operator: row-level security returns only home A's rows.
    const rows = await t.db.transaction((tx) => tx.rows<{ institution_id: string }>(sql`SELECT DISTINCT institution_id FROM elderly_quality_finding`),
      { scope: { actorId: operatorId, regionCode: COUNTY } });
    expect(rows.map((r) => r.institution_id)).toEqual([w.homeA]);
  });

  it('a neighbouring township sees none of 荣光’s ratings or findings', async () => {
    expect((await township2.get(`/api/v1/elderly/ratings/${ratingId}`)).status).toBe(404);
    expect((await township2.get(`/api/v1/elderly/findings/${majorId}`)).status).toBe(404);
    expect((await township2.get('/api/v1/elderly/ratings')).body.total).toBe(0);
    expect((await township2.get('/api/v1/elderly/findings/by-institution')).body.items).toEqual([]);
    expect((await township2.post(`/api/v1/elderly/findings/${generalId}/actions`, { action: 'verify', version: 3 })).status).toBe(404);
  });
});
