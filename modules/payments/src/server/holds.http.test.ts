import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import { holdPayments, releaseHold, type HoldInput } from './hold.service.ts';
import {
  approvedRoll, asCounty, countRows, dibao, end, exportCsv, family, newCaseId, ok, paymentsWorld, record, returnCsv, SYSTEM_ACTOR,
  uploadReturn, type PaymentsWorld,
} from './testing/payments.fixtures.ts';

// 暂停发放: a held beneficiary is left out of the rolls generated while the hold is open, the
// roll says so, and on release the next roll pays the held months as 补发 — unless the
// entitlement was ended meanwhile, when nothing is owed for those months.

describe.each(testEngines())('payment holds on %s', (engine) => {
  let w: PaymentsWorld;
  const cases = { a: newCaseId(), b: newCaseId(), c: newCaseId() };
  let A: Awaited<ReturnType<typeof family>>;
  let B: Awaited<ReturnType<typeof family>>;
  let C: Awaited<ReturnType<typeof family>>;

  async function payMonth(month: string) {
    const approved = await approvedRoll(w, 't_dibao', month);
    const rows = await exportCsv(w.clerk, approved.id);
    const res = await uploadReturn(w.clerk, approved.id, 'return.csv', returnCsv(rows));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const roll = (await w.approver.get(`/api/v1/payments/rolls/${approved.id}`)).body;
    return ok(w.approver, `/api/v1/payments/rolls/${approved.id}/actions/reconcile`, { version: roll.version });
  }
  const lines = async (rollId: string) => (await w.clerk.get(`/api/v1/payments/rolls/${rollId}/lines?pageSize=200`)).body.items as any[];
  const hold = (input: HoldInput | HoldInput[]) => asCounty(w.t.db, (tx) => holdPayments(tx, SYSTEM_ACTOR, input));
  const release = (sourceId: string, reason: string) => asCounty(w.t.db, (tx) => releaseHold(tx, SYSTEM_ACTOR, { sourceModule: 'verification', sourceId, reason }));

  beforeAll(async () => {
    w = await paymentsWorld(engine);
    A = await family(w.township, '冯家', 2);
    B = await family(w.township, '陈家', 1);
    C = await family(w.township, '褚家', 2);
    await record(w.t.db, dibao(A.householdId, '2026-01', 60_000, {}, cases.a));
    await record(w.t.db, dibao(B.householdId, '2026-01', 50_000, { personCount: 1 }, cases.b));
    await record(w.t.db, dibao(C.householdId, '2026-01', 40_000, {}, cases.c));
    await payMonth('2026-01');
  });
  afterAll(async () => { await w?.t.close(); });

  it('leaves held beneficiaries out of the roll and lists them with the reason', async () => {
    const reason = '静默认证未通过：公安死亡信息待核实';
    // A by household, B by its entitlement series, in one call (how a monitoring run holds).
    expect(await hold([
      { programme: 't_dibao', subject: { householdId: A.householdId }, fromMonth: '2026-02', reason, sourceModule: 'verification', sourceId: 'alert-a' },
      { programme: 't_dibao', subject: { sourceModule: 'assistance', sourceId: cases.b }, fromMonth: '2026-02', reason, sourceModule: 'verification', sourceId: 'alert-b' },
    ])).toEqual({ held: 2 });
    // Holding again for the same matter opens nothing new; a subject with no entitlement holds nothing.
    expect(await hold({ programme: 't_dibao', subject: { householdId: A.householdId }, fromMonth: '2026-02', reason, sourceModule: 'verification', sourceId: 'alert-a' })).toEqual({ held: 0 });
    expect(await hold({ subject: { householdId: '00000000-0000-4000-8000-000000000000' }, fromMonth: '2026-02', reason, sourceModule: 'verification', sourceId: 'alert-x' })).toEqual({ held: 0 });
    await expect(hold({ subject: {}, fromMonth: '2026-02', reason: '', sourceModule: 'verification', sourceId: 'x' } as HoldInput))
      .rejects.toMatchObject({ status: 422, title: '暂停发放数据有误' });
    expect(await countRows(w.t.db, 'audit_log', `action = 'payments.hold' AND entity_id = 'verification'`)).toBe(1);

    const feb = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-02' }, 201);
    expect((await lines(feb.id)).map((l) => l.householdId)).toEqual([C.householdId]);
    expect(feb).toMatchObject({ amountFen: 40_000, held: { count: 2, amountFen: 110_000 } });
    const held = (await w.clerk.get(`/api/v1/payments/rolls/${feb.id}/held`)).body;
    expect(held.total).toBe(2);
    expect(held.items.map((h: any) => [h.householdId, h.amountFen, h.fromMonth, h.reason, h.source, h.releasedAt]).sort()).toEqual([
      [A.householdId, 60_000, '2026-02', reason, { module: 'verification', id: 'alert-a' }, null],
      [B.householdId, 50_000, '2026-02', reason, { module: 'verification', id: 'alert-b' }, null],
    ].sort());
    // Out of scope looks like missing.
    expect((await w.neighbour.get(`/api/v1/payments/rolls/${feb.id}/held`)).status).toBe(404);
    // Regenerating gives the same held list, not a second copy.
    const again = await ok(w.clerk, `/api/v1/payments/rolls/${feb.id}/regenerate`, { version: feb.version });
    expect(again.held).toEqual({ count: 2, amountFen: 110_000 });
    await w.clerk.request('DELETE', `/api/v1/payments/rolls/${feb.id}?version=${again.version}`);
    await payMonth('2026-02');
  });

  it('pays the held months as 补发 on release, and nothing for months the entitlement was ended for', async () => {
    expect(await release('alert-a', '核实无误，维持待遇')).toEqual({ released: 1 });
    expect(await release('alert-a', '重复')).toEqual({ released: 0 });
    // B died in January (reported now): its entitlement ends, then the hold is released.
    await end(w.t.db, { sourceModule: 'assistance', sourceId: cases.b, lastMonth: '2026-01', reason: '户主于2026年1月死亡' });
    expect(await release('alert-b', '已终止待遇')).toEqual({ released: 1 });
    expect(await countRows(w.t.db, 'audit_log', `action = 'payments.hold_release'`)).toBe(2);

    const mar = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-03' }, 201);
    const got = (await lines(mar.id)).map((l) => ({ h: l.householdId, kind: l.kind, period: l.period, fen: l.amountFen }));
    expect(got).toEqual(expect.arrayContaining([
      { h: A.householdId, kind: 'regular', period: '2026-03', fen: 60_000 },
      { h: A.householdId, kind: 'backpay', period: '2026-02', fen: 60_000 },
      { h: C.householdId, kind: 'regular', period: '2026-03', fen: 40_000 },
    ]));
    expect(got).toHaveLength(3);
    expect(mar.held).toEqual({ count: 0, amountFen: 0 });
    // The February roll still shows who it left out, now released.
    const feb = (await w.clerk.get('/api/v1/payments/rolls?month=2026-02&programme=t_dibao')).body.items[0];
    const held = (await w.clerk.get(`/api/v1/payments/rolls/${feb.id}/held`)).body.items as any[];
    expect(held.every((h) => h.releasedAt !== null)).toBe(true);
  });

  it('does not settle a held subject\'s changed months while the hold is open', async () => {
    const reason = '静默认证未通过：羁押信息待核实';
    expect(await hold({ programme: 't_dibao', subject: { householdId: C.householdId }, fromMonth: '2026-03', reason, sourceModule: 'verification', sourceId: 'alert-c' })).toEqual({ held: 1 });
    // Draft March regenerated: C's regular line goes.
    const mar = (await w.clerk.get('/api/v1/payments/rolls?month=2026-03&programme=t_dibao')).body.items[0];
    const re = await ok(w.clerk, `/api/v1/payments/rolls/${mar.id}/regenerate`, { version: mar.version });
    expect((await lines(re.id)).filter((l) => l.householdId === C.householdId)).toEqual([]);
    expect(re.held.count).toBe(1);
    const [{ n }] = await w.t.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM payments_hold WHERE released_at IS NULL`));
    expect(n).toBe(1);
    // The database refuses a held subject's regular line from any writer, not only generation.
    const C_ent = (await w.clerk.get(`/api/v1/payments/entitlements?householdId=${C.householdId}&current=true`)).body.items[0];
    await expect(w.t.db.transaction((tx) => tx.run(sql`
      INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, person_id, household_id, payee_person_id, person_count, region_code, amount_fen, entitlement_id)
      SELECT ${re.id}::uuid, 999, 'regular', 't_dibao', '2026-03-01', subject_id, person_id, household_id, payee_person_id, 2, region_code, 40000, id
      FROM payments_entitlement WHERE id = ${C_ent.id}::uuid`))).rejects.toThrow(/已暂停发放（2026-03起）/);
  });
});
