import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines, type HttpSession } from '@mz/testing';
import { addCalendarDays, computeIdCheckChar, todayInShanghai } from '@mz/kernel';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { ASSESSMENT_ITEMS } from '../domain/assessment.catalog.ts';
import { currentAssessment } from './assessment.service.ts';

const LINGDONG = '220105003005'; // 岭东社区, 荣光街道, 二道区
const BASE = '/api/v1/elderly/assessments';
let serial = 500 + Math.floor(Math.random() * 400);

function idNumber(birth: string): string {
  serial += 1;
  const first17 = `220105${birth}${String((serial * 2 + 1) % 1000).padStart(3, '0')}`;
  return first17 + computeIdCheckChar(first17);
}

async function createPerson(clerk: HttpSession, name: string, birth: string): Promise<string> {
  const res = await clerk.post('/api/v1/registry/persons', {
    idNumber: idNumber(birth), name, hukouRegionCode: LINGDONG, hukouType: 'urban', regionCode: LINGDONG, address: '岭东路 8 号',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** Full marks, then overrides. */
const fullMarks = (overrides: Record<string, number> = {}) => ({ ...Object.fromEntries(ASSESSMENT_ITEMS.map((i) => [i.code, i.max])), ...overrides });
const ASSESSORS = [{ name: '王评估', certNo: 'PG-2024-001' }, { name: '李评估', certNo: 'PG-2024-002' }];

describe.each(testEngines())('老年人能力评估 over HTTP on %s', (engine) => {
  let t: TestApp;
  let township: HttpSession; // demo-township: 荣光街道 clerk + reviewer — assesses
  let county: HttpSession; // demo-county: 二道区 approver — voids
  let dongsheng: HttpSession; // demo-township2: 东盛街道, the same county
  let neighbour: HttpSession; // 南关区 clerk: another county
  let elder: string;
  const today = todayInShanghai();
  const assessedOn = addCalendarDays(today, -10);

  beforeAll(async () => {
    t = await startTestApp(engine);
    [township, county, dongsheng] = await Promise.all(['demo-township', 'demo-county', 'demo-township2'].map((u) => t.login(u)));
    const admin = await t.login('demo-province');
    const created = await admin.post('/api/v1/users', {
      username: 'assess-neighbour', displayName: '南关区评估员', regionCode: '220102000000', roles: ['clerk', 'reviewer', 'approver'], password: 'Assess-Test-Passw0rd!',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    neighbour = await t.login('assess-neighbour', 'Assess-Test-Passw0rd!');
    elder = await createPerson(township, '赵评老', '19480315');
  });
  afterAll(async () => { await t?.close(); });

  async function draft(personId: string, on = assessedOn) {
    const res = await township.post(BASE, { personId, assessedOn: on, reason: 'initial' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  async function fill(id: string, version: number, body: Record<string, unknown>) {
    const res = await township.patch(`${BASE}/${id}`, { version, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  it('creates, fills and completes an assessment; the server computes the score and the levels', async () => {
    const a = await draft(elder);
    expect(a).toMatchObject({ status: 'draft', personName: '赵评老', totalScore: null, finalLevel: null, version: 1 });
    expect(a.idMasked).toMatch(/^2201\*+\d{3}[\dX]$/);

    // 61 points: 2级 by the bands; a dementia diagnosis raises it to 3级.
    const answers = fullMarks({ 'B1.1': 0, 'B1.2': 0, 'B1.3': 0, 'B1.4': 0, 'B1.5': 0, 'B1.6': 3, 'B2.4': 0, 'B3.4': 0, 'B3.7': 0 });
    let saved = await fill(a.id, a.version, {
      answers, diagnoses: [{ code: 'f03', name: '未特指的痴呆' }], riskEvents: [{ kind: 'fall', date: addCalendarDays(assessedOn, -3) }], assessors: ASSESSORS,
      place: '岭东社区养老服务站',
    });
    expect(saved).toMatchObject({ version: 2, status: 'draft', diagnoses: [{ code: 'F03', name: '未特指的痴呆' }] });
    expect(Object.keys(saved.answers)).toHaveLength(26);

    // A client cannot bring its own score: unknown fields are refused, and completion recomputes.
    const forged = await township.patch(`${BASE}/${a.id}`, { version: saved.version, totalScore: 90, finalLevel: 0 });
    expect(forged.status).toBe(400);

    const done = await township.post(`${BASE}/${a.id}/complete`, { version: saved.version });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({
      status: 'completed', totalScore: 61, preliminaryLevel: 2, finalLevel: 3, finalLevelName: '能力重度受损（重度失能）', current: true,
      dimensionScores: [
        { code: 'B1', score: 11, max: 32 }, { code: 'B2', score: 12, max: 15 }, { code: 'B3', score: 23, max: 28 }, { code: 'B4', score: 15, max: 15 },
      ],
    });
    expect(done.body.changeReasons.map((r: { rule: string }) => r.rule)).toEqual(['dementia']);
    expect(done.body.nextDueOn).toBe(`${Number(assessedOn.slice(0, 4)) + 1}${assessedOn.slice(4)}`.replace(/-02-29$/, '-02-28'));

    // Locked: no more changes.
    const late = await township.patch(`${BASE}/${a.id}`, { version: done.body.version, answers: { 'B1.1': 4 } });
    expect(late.status).toBe(409);

    // The database keeps the result the server computed.
    const [row] = await t.db.transaction((tx) => tx.rows<{ total_score: number; final_level: number; diagnoses_cipher: string }>(
      sql`SELECT total_score, final_level, diagnoses_cipher FROM elderly_assessment WHERE id = ${a.id}::uuid`));
    expect(row).toMatchObject({ total_score: 61, final_level: 3 });
    expect(row!.diagnoses_cipher).toMatch(/^v1\./);
    expect(row!.diagnoses_cipher).not.toContain('F03');

    // currentAssessment and the view answer the same.
    const cur = await t.db.transaction((tx) => currentAssessment(tx, elder), { scope: { actorId: null, regionCode: '220105000000' } });
    expect(cur).toMatchObject({ assessmentId: a.id, finalLevel: 3, totalScore: 61, assessedOn, overdue: false });
  });

  it('refuses to complete an incomplete form, naming each missing field', async () => {
    const p = await createPerson(township, '钱未完', '19500101');
    const a = await draft(p);
    const saved = await fill(a.id, a.version, { answers: { 'B1.1': 4 }, assessors: [ASSESSORS[0]] });
    const res = await township.post(`${BASE}/${a.id}/complete`, { version: saved.version });
    expect(res.status).toBe(422);
    expect(res.body.title).toBe('评估尚未填写完整，不能完成');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('answers.B4.5');
    expect(paths).toContain('assessors');
    expect(paths).toHaveLength(26);

    const same = await township.patch(`${BASE}/${a.id}`, { version: saved.version, assessors: [ASSESSORS[0], ASSESSORS[0]] });
    expect(same.status).toBe(422);
    expect(same.body.errors).toEqual(expect.arrayContaining([{ path: 'assessors[1].name', message: '两名评估员不能是同一人' }]));
    const badScore = await township.patch(`${BASE}/${a.id}`, { version: saved.version, answers: { 'B2.4': 4 } });
    expect(badScore.status).toBe(422);
    expect(badScore.body.errors).toEqual([{ path: 'answers.B2.4', message: '「上下楼梯」的得分只能是 3、2、1、0 分之一' }]);
    const badCode = await township.patch(`${BASE}/${a.id}`, { version: saved.version, diagnoses: [{ code: '痴呆' }] });
    expect(badCode.status).toBe(400);
    expect(JSON.stringify(badCode.body)).toContain('ICD-10 编码格式不正确');
    // A second draft for the same person is refused: continue the first.
    const twice = await township.post(BASE, { personId: p, assessedOn });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('DRAFT_EXISTS');
  });

  it('refuses persons under 60 on the assessment date, and future dates', async () => {
    const young = await createPerson(township, '孙年轻', '19700601');
    const res = await township.post(BASE, { personId: young, assessedOn });
    expect(res.status).toBe(422);
    expect(res.body.title).toMatch(/^该人员在评估日期时 \d+ 周岁，未满 60 周岁，不属于老年人能力评估对象$/);
    const future = await township.post(BASE, { personId: elder, assessedOn: addCalendarDays(today, 1) });
    expect(future.status).toBe(422);
    expect(future.body.title).toBe('评估日期不能晚于今天');
  });

  it('raises the level for two risk events within 30 days, and applies the coma rule', async () => {
    const p = await createPerson(township, '周风险', '19440202');
    const a = await draft(p);
    const saved = await fill(a.id, a.version, {
      answers: fullMarks(), assessors: ASSESSORS,
      riskEvents: [{ kind: 'fall', date: addCalendarDays(assessedOn, -1) }, { kind: 'choking', date: addCalendarDays(assessedOn, -30) }, { kind: 'wandering', date: addCalendarDays(assessedOn, -31) }],
    });
    const done = await township.post(`${BASE}/${a.id}/complete`, { version: saved.version });
    expect(done.body).toMatchObject({ totalScore: 90, preliminaryLevel: 0, finalLevel: 1 });
    expect(done.body.changeReasons[0].text).toContain('2次照护风险事件（跌倒、噎食）');

    const q = await createPerson(township, '吴昏迷', '19400303');
    const b = await draft(q);
    const s2 = await fill(b.id, b.version, { answers: fullMarks({ 'B3.9': 0 }), assessors: ASSESSORS });
    const coma = await township.post(`${BASE}/${b.id}/complete`, { version: s2.version });
    expect(coma.body).toMatchObject({ totalScore: 88, preliminaryLevel: 1, finalLevel: 4 });
    expect(coma.body.changeReasons).toEqual([{ rule: 'coma', text: '意识水平为昏睡或昏迷，直接评定为能力完全丧失（4级）' }]);
  });

  it('voids a completed assessment with a reason (approver only); the level falls back to the previous one', async () => {
    const p = await createPerson(township, '郑作废', '19450505');
    const older = await draft(p, addCalendarDays(assessedOn, -200));
    const s1 = await fill(older.id, older.version, { answers: fullMarks({ 'B1.1': 2 }), assessors: ASSESSORS });
    await township.post(`${BASE}/${older.id}/complete`, { version: s1.version });
    const newer = await draft(p);
    const s2 = await fill(newer.id, newer.version, { answers: fullMarks({ 'B3.9': 0 }), assessors: ASSESSORS });
    const done = (await township.post(`${BASE}/${newer.id}/complete`, { version: s2.version })).body;
    expect(done.finalLevel).toBe(4);

    expect((await township.post(`${BASE}/${newer.id}/void`, { version: done.version, reason: '录入错误' })).status).toBe(403);
    expect((await county.post(`${BASE}/${newer.id}/void`, { version: done.version, reason: '' })).status).toBe(400);
    const voided = await county.post(`${BASE}/${newer.id}/void`, { version: done.version, reason: '意识水平录入错误，重新评估' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body).toMatchObject({ status: 'voided', voidReason: '意识水平录入错误，重新评估', current: false });
    expect((await county.post(`${BASE}/${newer.id}/void`, { version: voided.body.version, reason: '再次作废' })).status).toBe(409);
    // A draft cannot be voided.
    const d = await draft(p);
    expect((await county.post(`${BASE}/${d.id}/void`, { version: d.version, reason: '不需要了' })).status).toBe(409);

    const list = (await county.get(`${BASE}?personId=${p}&status=completed`)).body;
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: older.id, current: true, finalLevel: 1 });
  });

  it('lists by level and by reassessment due or overdue', async () => {
    const p = await createPerson(township, '冯逾期', '19420707');
    const a = await draft(p, addCalendarDays(today, -400));
    const s = await fill(a.id, a.version, { answers: fullMarks({ 'B1.1': 0, 'B1.2': 0, 'B1.3': 0, 'B1.4': 0, 'B1.5': 0, 'B1.6': 0, 'B1.7': 0, 'B1.8': 0 }), assessors: ASSESSORS });
    await township.post(`${BASE}/${a.id}/complete`, { version: s.version });

    const overdue = (await township.get(`${BASE}?overdue=true`)).body;
    expect(overdue.items.map((x: { personName: string }) => x.personName)).toContain('冯逾期');
    expect(overdue.items.every((x: { dueState: string }) => x.dueState === 'overdue')).toBe(true);
    const due = (await township.get(`${BASE}?dueWithinDays=30`)).body;
    expect(due.items.map((x: { personName: string }) => x.personName)).toContain('冯逾期');
    expect(due.items.map((x: { personName: string }) => x.personName)).not.toContain('赵评老');
    const level2 = (await township.get(`${BASE}?level=2&status=completed`)).body;
    expect(level2.items.map((x: { personName: string }) => x.personName)).toEqual(['冯逾期']);
    const byName = (await township.get(`${BASE}?q=${encodeURIComponent('赵评老')}`)).body;
    expect(byName.items).toHaveLength(1);
  });

  it('keeps each jurisdiction to its own assessments, in the service and in the database', async () => {
    const mine = (await township.get(`${BASE}?q=${encodeURIComponent('赵评老')}`)).body.items[0];
    for (const other of [neighbour, dongsheng]) {
      expect((await other.get(BASE)).body.items.map((x: { id: string }) => x.id)).not.toContain(mine.id);
      expect((await other.get(`${BASE}/${mine.id}`)).status).toBe(404);
      expect((await other.get(`${BASE}/${mine.id}/report.pdf`)).status).toBe(404);
    }
    expect((await neighbour.post(`${BASE}/${mine.id}/void`, { version: mine.version, reason: '越权作废' })).status).toBe(404);
    expect((await neighbour.post(BASE, { personId: elder, assessedOn })).status).toBe(404);
    // Row-level security: a query with no WHERE sees nothing of another county.
    const seen = await t.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM elderly_assessment`), { scope: { actorId: null, regionCode: '220102000000' } });
    expect(seen[0]!.n).toBe(0);
    const viaView = await t.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM elderly_current_assessment`), { scope: { actorId: null, regionCode: '220102000000' } });
    expect(viaView[0]!.n).toBe(0);
    // The county above sees it.
    expect((await county.get(`${BASE}/${mine.id}`)).status).toBe(200);
  });

  it('filters by a region given at any level, and shows an institution operator only its residents', async () => {
    const inTownship = (await township.get(`${BASE}?regionCode=220105003`)).body;
    expect(inTownship.total).toBeGreaterThan(0);
    expect((await township.get(`${BASE}?regionCode=220105001`)).body.total).toBe(0);
    expect((await neighbour.get(`${BASE}?regionCode=220105003`)).body.total).toBe(0);

    // A care home in 荣光街道 where 赵评老 lives; its operator account is bound to it.
    const admin = await t.login('demo-province');
    const op = await admin.post('/api/v1/users', { username: 'assess-operator', displayName: '福利院经办', regionCode: '220105003000', roles: ['institution_operator'], password: 'Assess-Test-Passw0rd!' });
    expect(op.status, JSON.stringify(op.body)).toBe(201);
    await t.db.transaction(async (tx) => {
      const [inst] = await tx.rows<{ id: string }>(sql`INSERT INTO elderly_institution (name, kind, operator_type, region_code, address)
        VALUES ('评估测试福利院', 'care_home', 'public', ${LINGDONG}, '岭东路 9 号') RETURNING id`);
      const [bed] = await tx.rows<{ id: string }>(sql`INSERT INTO elderly_bed (institution_id, region_code, room, bed_no) VALUES (${inst!.id}::uuid, ${LINGDONG}, '101', '1') RETURNING id`);
      await tx.run(sql`INSERT INTO elderly_resident (institution_id, bed_id, person_id, region_code, checked_in_on)
        VALUES (${inst!.id}::uuid, ${bed!.id}::uuid, ${elder}::uuid, ${LINGDONG}, '2026-01-01')`);
      await tx.run(sql`INSERT INTO elderly_institution_operator (user_id, institution_id) VALUES (${op.body.id}::uuid, ${inst!.id}::uuid)`);
    });
    const operator = await t.login('assess-operator', 'Assess-Test-Passw0rd!');
    const seen = (await operator.get(BASE)).body;
    expect(seen.total).toBeGreaterThan(0);
    expect(new Set(seen.items.map((x: { personName: string }) => x.personName))).toEqual(new Set(['赵评老']));
    expect((await operator.post(BASE, { personId: elder, assessedOn })).status).toBe(403);
  });

  it('audits every write, every full view and every print, without the diagnoses', async () => {
    const mine = (await township.get(`${BASE}?q=${encodeURIComponent('赵评老')}`)).body.items[0];
    const pdf = await county.get(`${BASE}/${mine.id}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(String(pdf.headers['content-type'])).toContain('application/pdf');
    const bytes = Buffer.from(pdf.body as string, 'latin1');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(5_000);

    const rows = await t.db.transaction((tx) => tx.rows<{ action: string; summary: string; diff: unknown }>(
      sql`SELECT action, summary, diff FROM audit_log WHERE entity_type = 'elderly_assessment' AND entity_id = ${mine.id} ORDER BY id`));
    const actions = rows.map((r) => r.action);
    expect(actions.slice(0, 3)).toEqual(['elderly.assessment.create', 'elderly.assessment.update', 'elderly.assessment.complete']);
    expect(actions).toContain('elderly.assessment.view');
    expect(actions).toContain('elderly.assessment.print');
    expect(JSON.stringify(rows)).not.toContain('未特指的痴呆');
    expect(rows.find((r) => r.action === 'elderly.assessment.update')!.diff).toMatchObject({ diagnoses: { before: null, after: '1 条' } });
  });

  it('refuses the report of a draft and serves the catalogue', async () => {
    const p = await createPerson(township, '陈草稿', '19500909');
    const a = await draft(p);
    expect((await township.get(`${BASE}/${a.id}/report.pdf`)).status).toBe(409);
    const cat = (await township.get('/api/v1/elderly/assessment-catalogue')).body;
    expect(cat.items).toHaveLength(26);
    expect(cat.comaRule).toMatchObject({ level: 4, unconfirmed: true });
    expect((await t.anonymous().get(BASE)).status).toBe(401);
  });
});
