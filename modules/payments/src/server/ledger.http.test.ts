import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import {
  approvedRoll, COUNTY, countRows, createPerson, dibao, end, exportCsv, family, grant, LINGDONG, newCaseId, ok, paymentsWorld, record, returnCsv,
  uploadReturn, type PaymentsWorld,
} from './testing/payments.fixtures.ts';

// Retroactive changes: a standard raised from an earlier month, an amount lowered, a death reported
// late. The next roll carries 补发 and 追回 lines with their reasons, deducts what is owed back from
// what it pays, and never touches a line already paid.

describe.each(testEngines())('back-pay, recovery and one-off payments on %s', (engine) => {
  let w: PaymentsWorld;
  const cases = { a: newCaseId(), b: newCaseId(), c: newCaseId() };
  let A: Awaited<ReturnType<typeof family>>;
  let B: Awaited<ReturnType<typeof family>>;
  let C: Awaited<ReturnType<typeof family>>;

  /** Generate → review → approve → export → return (all paid) → reconcile. */
  async function payMonth(programme: string, month: string) {
    const approved = await approvedRoll(w, programme, month);
    const rows = await exportCsv(w.clerk, approved.id);
    const res = await uploadReturn(w.clerk, approved.id, 'return.csv', returnCsv(rows));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const roll = (await w.approver.get(`/api/v1/payments/rolls/${approved.id}`)).body;
    return ok(w.approver, `/api/v1/payments/rolls/${approved.id}/actions/reconcile`, { version: roll.version });
  }

  const lines = async (rollId: string) => (await w.clerk.get(`/api/v1/payments/rolls/${rollId}/lines?pageSize=200`)).body.items as any[];

  beforeAll(async () => {
    w = await paymentsWorld(engine);
    A = await family(w.township, '孙家', 2);
    B = await family(w.township, '吴家', 1);
    C = await family(w.township, '郑家', 3);
    await record(w.t.db, dibao(A.householdId, '2026-01', 60_000, {}, cases.a));
    await record(w.t.db, dibao(B.householdId, '2026-01', 50_000, { personCount: 1 }, cases.b));
    await record(w.t.db, dibao(C.householdId, '2026-01', 40_000, { personCount: 3 }, cases.c));
  });
  afterAll(async () => { await w?.t.close(); });

  it('pays January and February in order; a month cannot be skipped or start before the last is exported', async () => {
    await payMonth('t_dibao', '2026-01');
    const skipped = await w.clerk.post('/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-03' });
    expect(skipped.status).toBe(409);
    expect(skipped.body).toMatchObject({ code: 'MONTH_SEQUENCE', title: '下一期应为 2026年2月' });
    const feb = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-02' }, 201);
    expect((await w.clerk.post('/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-03' })).body.code).toBe('PREVIOUS_ROLL_OPEN');
    expect((await w.clerk.post('/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-02' })).body.code).toBe('ROLL_EXISTS');
    await w.clerk.request('DELETE', `/api/v1/payments/rolls/${feb.id}?version=${feb.version}`);
    const paid = await payMonth('t_dibao', '2026-02');
    expect(paid).toMatchObject({ state: 'reconciled', amountFen: 150_000, paidFen: 150_000 });
  });

  it('turns a raised standard, a lowered amount and a late death into 补发, 追回 and 抵扣 lines with reasons', async () => {
    // Recorded in March, each effective from February (already paid).
    await record(w.t.db, dibao(A.householdId, '2026-02', 70_000, { origin: { kind: 'adjustment', sourceModule: 'assistance', sourceId: cases.a, reason: '2026年2月起低保标准提高' } }));
    await record(w.t.db, dibao(C.householdId, '2026-02', 30_000, { personCount: 3, origin: { kind: 'adjustment', sourceModule: 'assistance', sourceId: cases.c, reason: '家庭收入增加，减发' } }));
    expect(await end(w.t.db, { sourceModule: 'assistance', sourceId: cases.b, lastMonth: '2026-01', reason: '户主于2026年1月死亡（3月报告）' })).toEqual({ ended: true });
    // Ending it again changes nothing.
    expect(await end(w.t.db, { sourceModule: 'assistance', sourceId: cases.b, lastMonth: '2026-01', reason: '重复报告' })).toEqual({ ended: false });

    const roll = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-03' }, 201);
    const got = (await lines(roll.id)).map((l) => ({ h: l.householdId, kind: l.kind, period: l.period, fen: l.amountFen, reason: l.reason }));
    expect(got).toEqual(expect.arrayContaining([
      { h: A.householdId, kind: 'regular', period: '2026-03', fen: 70_000, reason: null },
      { h: A.householdId, kind: 'backpay', period: '2026-02', fen: 10_000, reason: '2026年2月补发：2026年2月起低保标准提高' },
      { h: B.householdId, kind: 'recovery', period: '2026-02', fen: -50_000, reason: '2026年2月追回：户主于2026年1月死亡（3月报告）' },
      { h: C.householdId, kind: 'regular', period: '2026-03', fen: 30_000, reason: null },
      { h: C.householdId, kind: 'recovery', period: '2026-02', fen: -10_000, reason: '2026年2月追回：家庭收入增加，减发' },
      { h: C.householdId, kind: 'offset', period: '2026-03', fen: -10_000, reason: '抵扣2026年2月追回款' },
    ]));
    expect(got).toHaveLength(6);
    expect(roll).toMatchObject({ amountFen: 100_000, recoveryFen: -60_000 });
    expect(roll.byKind).toEqual(expect.arrayContaining([{ kind: 'backpay', kindName: '补发', lines: 1, amountFen: 10_000 }]));

    // January and February lines are untouched: the ledger only grows.
    const jan = (await w.clerk.get('/api/v1/payments/rolls?month=2026-01&programme=t_dibao')).body.items[0];
    expect((await lines(jan.id)).map((l) => l.amountFen).sort()).toEqual([40_000, 50_000, 60_000]);

    // Regenerating the draft gives exactly the same lines.
    const shape = (ls: any[]) => ls.map((l) => [l.lineNo, l.kind, l.period, l.householdId, l.amountFen, l.reason]);
    const before = shape(await lines(roll.id));
    const again = await ok(w.clerk, `/api/v1/payments/rolls/${roll.id}/regenerate`, { version: roll.version });
    expect(shape(await lines(roll.id))).toEqual(before);
    expect(again).toMatchObject({ lineCount: 6, amountFen: 100_000 });
  });

  it('pays the net per beneficiary and tracks the recovery until settled', async () => {
    let roll = (await w.clerk.get('/api/v1/payments/rolls?month=2026-03&programme=t_dibao')).body.items[0];
    roll = await ok(w.reviewer, `/api/v1/payments/rolls/${roll.id}/actions/review`, { version: roll.version });
    roll = await ok(w.approver, `/api/v1/payments/rolls/${roll.id}/actions/approve`, { version: roll.version });
    const rows = await exportCsv(w.clerk, roll.id);
    // A: 700 + 100 补发; C: 300 − 100 抵扣; B (deceased) receives nothing.
    expect(rows.map((r) => r['金额']).sort()).toEqual(['200.00', '800.00']);

    const outstanding = (await w.approver.get('/api/v1/payments/recoveries?status=outstanding')).body.items;
    expect(outstanding).toHaveLength(1);
    expect(outstanding[0]).toMatchObject({ amountFen: -50_000, outstandingFen: 50_000, reason: '2026年2月追回：户主于2026年1月死亡（3月报告）' });
    const settledByOffset = (await w.approver.get('/api/v1/payments/recoveries?status=settled')).body.items;
    expect(settledByOffset[0]).toMatchObject({ amountFen: -10_000, offsetFen: 10_000, outstandingFen: 0 });

    const lineId = outstanding[0].lineId;
    // The clerk may not settle; more than owed is refused.
    expect((await w.clerk.post(`/api/v1/payments/recoveries/${lineId}/settlements`, { amountFen: 100, method: 'refund', reason: '家属退回' })).status).toBe(403);
    expect((await w.approver.post(`/api/v1/payments/recoveries/${lineId}/settlements`, { amountFen: 60_000, method: 'refund', reason: '家属退回' })).status).toBe(422);
    let rec = await ok(w.approver, `/api/v1/payments/recoveries/${lineId}/settlements`, { amountFen: 20_000, method: 'refund', reason: '家属退回 200 元' });
    expect(rec.outstandingFen).toBe(30_000);
    rec = await ok(w.approver, `/api/v1/payments/recoveries/${lineId}/settlements`, { amountFen: 30_000, method: 'waived', reason: '无遗产可供追回，经局务会研究核销' });
    expect(rec).toMatchObject({ outstandingFen: 0 });
    expect(rec.settlements.map((s: { method: string }) => s.method)).toEqual(['refund', 'waived']);

    // The deceased's history shows what was paid, what is recovered and how it was settled.
    const history = (await w.approver.get(`/api/v1/payments/persons/${B.head.id}/history`)).body;
    expect(history.items.map((l: any) => [l.rollMonth, l.kind, l.amountFen])).toEqual([
      ['2026-03', 'recovery', -50_000], ['2026-02', 'regular', 50_000], ['2026-01', 'regular', 50_000],
    ]);
    expect(history.recoveries.outstandingFen).toBe(0);
  });

  it('pays a one-off grant once, and keeps a cash advance out of the bank file', async () => {
    const d = await family(w.township, '冯家', 1);
    const e = await family(w.township, '陈家', 1);
    const src = newCaseId();
    const base = {
      programme: 't_linshi', beneficiary: { personId: d.head.id }, regionCode: LINGDONG, month: '2026-03', amountFen: 150_000,
      breakdown: { items: [] }, ruleVersion: 'linshi-2026.1', origin: { kind: 'one_off' as const, sourceModule: 'assistance', sourceId: src, reason: '火灾急难救助' },
    };
    await grant(w.t.db, base);
    // A corrected decision before payment replaces the grant.
    await grant(w.t.db, { ...base, amountFen: 180_000 });
    await grant(w.t.db, { ...base, beneficiary: { personId: e.head.id }, origin: { ...base.origin, sourceId: newCaseId() }, paidOutside: { paidOn: '2026-03-02', note: '先行救助现金' } });
    const roll = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_linshi', month: '2026-03' }, 201);
    expect(roll).toMatchObject({ lineCount: 1, amountFen: 180_000 });
    expect((await lines(roll.id))[0]).toMatchObject({ kind: 'grant', reason: '火灾急难救助', personId: d.head.id });
    const late = await w.clerk.request('POST', '/api/v1/payments/rolls', { programme: 't_linshi', month: '2026-03' });
    expect(late.body.code).toBe('ROLL_EXISTS');
    await expect(grant(w.t.db, { ...base, amountFen: 200_000 })).rejects.toMatchObject({ code: 'GRANT_PAID' });
  });

  it('leaves no roll behind when generation fails half-way (one transaction)', async () => {
    // March is exported; April would pay A again if a stray line for April already existed.
    const [{ id: stray }] = await w.t.db.transaction((tx) => tx.rows<{ id: string }>(sql`
      INSERT INTO payments_roll (roll_no, kind, programme, region_code, month) VALUES ('STRAY-1', 'regular', 't_other', ${COUNTY}, '2026-04-01') RETURNING id`));
    await w.t.db.transaction((tx) => tx.run(sql`
      INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, household_id, payee_person_id, person_count, region_code, amount_fen, entitlement_id)
      SELECT ${stray}::uuid, 1, 'regular', 't_dibao', '2026-04-01', subject_id, household_id, payee_person_id, 1, region_code, 1, id
      FROM payments_entitlement WHERE source_id = ${cases.a} AND superseded_at IS NULL AND to_month IS NULL`));
    const before = await countRows(w.t.db, 'payments_line');
    const res = await w.clerk.post('/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-04' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DOUBLE_PAY');
    expect(await countRows(w.t.db, 'payments_roll', `month = '2026-04-01' AND programme = 't_dibao'`)).toBe(0);
    expect(await countRows(w.t.db, 'payments_line')).toBe(before);
    expect(await countRows(w.t.db, 'payments_recalc', `roll_id IS NOT NULL AND from_month >= '2026-04-01'`)).toBe(0);
    await w.t.db.transaction(async (tx) => {
      await tx.run(sql`DELETE FROM payments_line WHERE roll_id = ${stray}::uuid`);
      await tx.run(sql`DELETE FROM payments_roll WHERE id = ${stray}::uuid`);
    });
    const april = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-04' }, 201);
    expect(april).toMatchObject({ lineCount: 2, amountFen: 100_000 });
  });

  it('runs a holiday subsidy per covered person, once per beneficiary, and a price subsidy only when its trigger is met', async () => {
    const run = await ok(w.approver, '/api/v1/payments/runs', {
      kind: 'holiday', name: '2026年春节一次性生活补贴', programmes: ['t_dibao', 't_tekun'], basis: 'person', amountFen: 20_000, month: '2026-03',
    }, 201);
    expect(run).toMatchObject({ regionCode: COUNTY, trigger: null });
    const roll = await ok(w.clerk, `/api/v1/payments/runs/${run.id}/rolls`, {}, 201);
    // A (2 persons) and C (3 persons) are active in March; B ended in January.
    expect(roll).toMatchObject({ kind: 'run', lineCount: 2, personCount: 5, amountFen: 100_000, runName: '2026年春节一次性生活补贴' });
    expect((await w.clerk.post(`/api/v1/payments/runs/${run.id}/rolls`, {})).body.code).toBe('ROLL_EXISTS');
    const totals = (await w.clerk.get(`/api/v1/payments/rolls/${roll.id}/totals`)).body.items;
    expect(totals.find((t: any) => t.regionCode === LINGDONG)).toMatchObject({ lines: 2, persons: 5, amountFen: 100_000 });

    const price = {
      kind: 'price_subsidy', name: '2026年3月价格临时补贴', programmes: ['t_dibao'], basis: 'person', amountFen: 5_000, month: '2026-03',
      trigger: { indicator: 'cpi', thresholdPct: '3.5', observedPct: '3.1', observedMonth: '2026-02', source: '国家统计局吉林调查总队 2026年3月发布', reason: 'CPI 同比涨幅' },
    };
    const refused = await w.approver.post('/api/v1/payments/runs', price);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('TRIGGER_NOT_MET');
    await ok(w.approver, '/api/v1/payments/runs', { ...price, trigger: { ...price.trigger, observedPct: '3.50' } }, 201);
  });

  it('reports spending and caseload by region level, in agreement with the rolls', async () => {
    const report = (await w.approver.get(`/api/v1/payments/reports/spending?month=2026-03&regionCode=${COUNTY}`)).body;
    const dibaoRow = report.rows.find((r: any) => r.programme === 't_dibao');
    expect(dibaoRow).toMatchObject({
      regionCode: '220105003000', regionName: '荣光街道', households: 2, persons: 5, regularFen: 100_000, backpayFen: 10_000,
      recoveryFen: -60_000, offsetFen: -10_000, payableFen: 100_000,
    });
    const total = report.total.find((r: any) => r.programme === 't_dibao');
    const march = (await w.clerk.get('/api/v1/payments/rolls?month=2026-03&programme=t_dibao')).body.items[0];
    expect(total.payableFen).toBe(march.amountFen);
    const village = (await w.approver.get(`/api/v1/payments/reports/spending?month=2026-03&regionCode=${COUNTY}&level=5`)).body;
    expect(village.rows.find((r: any) => r.programme === 't_dibao')).toMatchObject({ regionCode: LINGDONG, payableFen: 100_000 });
    const xlsx = await w.approver.get(`/api/v1/payments/reports/spending.xlsx?month=2026-03&regionCode=${COUNTY}`);
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
  });
  it('pays a per-person run once to a person covered by two programmes (a 低保 household member who is also 特困)', async () => {
    const tekun = (personId: string, householdId?: string) => record(w.t.db, {
      ...dibao(A.householdId, '2026-01', 30_000, { personCount: 1 }),
      programme: 't_tekun', beneficiary: householdId ? { personId, householdId } : { personId },
      origin: { kind: 'case_decision', sourceModule: 'assistance', sourceId: newCaseId(), reason: '特困供养审核确认' },
    });
    // A's head is a member of the 低保 household A (known from the registry); A's second member names
    // the household on the 特困 decision itself; a person living alone is only 特困.
    await tekun(A.head.id);
    await tekun(A.persons[1]!.id, A.householdId);
    const alone = await createPerson(w.township, { name: '冯单身', birth: '19500315' });
    await tekun(alone.id);
    const run = await ok(w.approver, '/api/v1/payments/runs', {
      kind: 'holiday', name: '2026年清明一次性生活补贴', programmes: ['t_dibao', 't_tekun'], basis: 'person', amountFen: 10_000, month: '2026-03',
    }, 201);
    const roll = await ok(w.clerk, `/api/v1/payments/runs/${run.id}/rolls`, {}, 201);
    // A (2 persons, both also 特困) and C (3 persons) through their households, the lone person once: 6 persons, not 8.
    expect(roll).toMatchObject({ lineCount: 3, personCount: 6, amountFen: 60_000 });
    const items = await lines(roll.id);
    expect(items.map((l) => l.lineNo)).toEqual([1, 2, 3]);
    expect(items.filter((l) => l.personId === alone.id)).toHaveLength(1);
    expect(items.some((l) => l.personId === A.head.id && l.householdId === null)).toBe(false);
    const totals = (await w.clerk.get(`/api/v1/payments/rolls/${roll.id}/totals`)).body.items;
    expect(totals.find((t: any) => t.regionCode === LINGDONG)).toMatchObject({ lines: 3, persons: 6, amountFen: 60_000 });
    // Regenerating the draft applies the same rule: the same lines, numbered the same way.
    const shape = (ls: any[]) => ls.map((l) => [l.lineNo, l.personId, l.householdId, l.personCount, l.amountFen, l.reason]);
    const again = await ok(w.clerk, `/api/v1/payments/rolls/${roll.id}/regenerate`, { version: roll.version });
    expect(again).toMatchObject({ lineCount: 3, personCount: 6, amountFen: 60_000 });
    expect(shape(await lines(roll.id))).toEqual(shape(items));
    // The roll goes through its states: the database re-checks the totals against the lines.
    const reviewed = await ok(w.reviewer, `/api/v1/payments/rolls/${roll.id}/actions/review`, { version: again.version });
    expect(reviewed.state).toBe('reviewed');
  });
});
