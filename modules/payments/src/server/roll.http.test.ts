import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import {
  approvedRoll, COUNTY, countRows, dibao, exportCsv, family, ok, paymentsWorld, record, returnCsv, uploadReturn, type PaymentsWorld,
} from './testing/payments.fixtures.ts';

// A county's monthly roll from generation to reconciliation: control totals at every level,
// idempotent regeneration, each step by its role, and the database's own refusals.

describe.each(testEngines())('monthly rolls on %s', (engine) => {
  let w: PaymentsWorld;
  const households: { householdId: string; head: { id: string } }[] = [];

  beforeAll(async () => {
    w = await paymentsWorld(engine);
    for (const label of ['王家', '李家', '赵家']) households.push(await family(w.township, label, 2));
    await record(w.t.db, dibao(households[0]!.householdId, '2026-01', 60_000));
    await record(w.t.db, dibao(households[1]!.householdId, '2026-01', 45_050));
    // Starts after the month: not in the roll.
    await record(w.t.db, dibao(households[2]!.householdId, '2026-03', 30_000));
  });
  afterAll(async () => { await w?.t.close(); });

  let rollId = '';

  it('gives the demo county\'s three officials one 资金发放 duty each', async () => {
    const duties = async (s: typeof w.clerk) => ((await s.get('/api/v1/auth/me')).body.user.permissions as string[]).filter((p) => p.startsWith('payments.')).sort();
    expect(await duties(w.clerk)).toEqual(['payments.export', 'payments.prepare', 'payments.read']);
    expect(await duties(w.reviewer)).toEqual(['payments.read', 'payments.review']);
    expect(await duties(w.approver)).toEqual(['payments.approve', 'payments.read']);
  });

  it('generates a draft with its lines and totals, and regenerates it to the same lines', async () => {
    const roll = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_dibao', month: '2026-01' }, 201);
    rollId = roll.id;
    expect(roll).toMatchObject({ state: 'draft', lineCount: 2, amountFen: 105_050, householdCount: 2, personCount: 4, regionCode: COUNTY, rollNo: 'FF-220105-202601-t_dibao' });
    expect(roll.availableActions.map((a: { key: string }) => a.key)).toEqual(expect.arrayContaining(['regenerate', 'discard']));

    const totals = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}/totals`)).body.items;
    expect(totals.map((r: { level: number }) => r.level)).toEqual([1, 2, 3, 4, 5]);
    for (const row of totals) expect(row).toMatchObject({ lines: 2, amountFen: 105_050, persons: 4, households: 2 });
    expect(totals[3]).toMatchObject({ regionCode: '220105003000', regionName: '荣光街道' });

    const lines = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}/lines`)).body;
    expect(lines.total).toBe(2);
    expect(lines.items[0]).toMatchObject({ kind: 'regular', period: '2026-01', ruleVersion: 'dibao-2026.1', source: { module: 'assistance' } });

    const again = await ok(w.clerk, `/api/v1/payments/rolls/${rollId}/regenerate`, { version: roll.version });
    expect(again.version).toBe(roll.version + 1);
    const relines = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}/lines`)).body;
    const key = (l: { lineNo: number; householdId: string; amountFen: number; period: string }) => [l.lineNo, l.householdId, l.amountFen, l.period];
    expect(relines.items.map(key)).toEqual(lines.items.map(key));
  });

  it('lets each role take only its own step, in order', async () => {
    let roll = (await w.clerk.get(`/api/v1/payments/rolls/${rollId}`)).body;
    // The clerk may not review; the approver may not approve a draft.
    expect((await w.clerk.post(`/api/v1/payments/rolls/${rollId}/actions/review`, { version: roll.version })).body.code).toBe('NOT_YOUR_STEP');
    const early = await w.approver.post(`/api/v1/payments/rolls/${rollId}/actions/approve`, { version: roll.version });
    expect(early.status).toBe(409);
    expect(early.body.title).toBe('当前状态「草稿」不能办理「审批通过」');
    roll = await ok(w.reviewer, `/api/v1/payments/rolls/${rollId}/actions/review`, { version: roll.version });
    expect(roll.state).toBe('reviewed');
    // A stale page is refused.
    expect((await w.approver.post(`/api/v1/payments/rolls/${rollId}/actions/approve`, { version: roll.version - 1 })).body.code).toBe('VERSION_CONFLICT');
    // Returning needs a reason.
    expect((await w.reviewer.post(`/api/v1/payments/rolls/${rollId}/actions/return`, { version: roll.version })).body.code).toBe('OPINION_REQUIRED');
    roll = await ok(w.reviewer, `/api/v1/payments/rolls/${rollId}/actions/return`, { version: roll.version, opinion: '请核对王家人数' });
    expect(roll.state).toBe('draft');
    roll = await ok(w.reviewer, `/api/v1/payments/rolls/${rollId}/actions/review`, { version: roll.version });
    roll = await ok(w.approver, `/api/v1/payments/rolls/${rollId}/actions/approve`, { version: roll.version });
    expect(roll.state).toBe('approved');
    expect(roll.events.map((e: { action: string }) => e.action)).toEqual(['generate', 'regenerate', 'review', 'return', 'review', 'approve']);
    const audit = (await w.t.db.transaction((tx) => tx.rows<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE entity_id = ${rollId} ORDER BY id`))).map((r) => r.action);
    expect(audit).toEqual(['payments.roll_generate', 'payments.roll_regenerate', ...Array(4).fill('payments.roll_action')]);
  });

  it('keeps separation of duties: who generated does not review', async () => {
    const f = await family(w.township, '周家', 1);
    await record(w.t.db, { ...dibao(f.householdId, '2026-01', 20_000), programme: 't_tekun', beneficiary: { personId: f.head.id } });
    const roll = await ok(w.clerk, '/api/v1/payments/rolls', { programme: 't_tekun', month: '2026-01' }, 201);
    const self = await w.t.db.transaction((tx) => tx.rows<{ generated_by: string }>(sql`SELECT generated_by FROM payments_roll WHERE id = ${roll.id}::uuid`));
    // Make the clerk a reviewer too, then try to review their own roll.
    await w.t.db.transaction((tx) => tx.run(sql`INSERT INTO iam_user_role (user_id, role_code) VALUES (${self[0]!.generated_by}::uuid, 'reviewer')`));
    const res = await w.clerk.post(`/api/v1/payments/rolls/${roll.id}/actions/review`, { version: roll.version });
    expect(res.body.code).toBe('SEPARATION_OF_DUTIES');
    await w.t.db.transaction((tx) => tx.run(sql`DELETE FROM iam_user_role WHERE user_id = ${self[0]!.generated_by}::uuid AND role_code = 'reviewer'`));
  });

  it('refuses a state change when the header no longer equals its lines (database check)', async () => {
    const f = await family(w.township, '钱家', 1);
    await record(w.t.db, { ...dibao(f.householdId, '2026-01', 10_000), programme: 't_tekun', beneficiary: { personId: f.head.id } });
    // A new month's roll of another programme to tamper with.
    const roll = (await w.clerk.get('/api/v1/payments/rolls?programme=t_tekun')).body.items[0];
    await w.t.db.transaction((tx) => tx.run(sql`UPDATE payments_roll SET amount_fen = amount_fen + 1 WHERE id = ${roll.id}::uuid`));
    const res = await w.reviewer.post(`/api/v1/payments/rolls/${roll.id}/actions/review`, { version: roll.version });
    expect(res.status).toBe(409);
    expect(res.body.title).toMatch(/合计与明细不符/);
    // Regenerating puts it right.
    const again = await ok(w.clerk, `/api/v1/payments/rolls/${roll.id}/regenerate`, { version: roll.version });
    expect(again.lineCount).toBe(2);
    await ok(w.reviewer, `/api/v1/payments/rolls/${roll.id}/actions/review`, { version: again.version });
  });

  it('forbids paying the same household twice for a month: the unique constraint fires', async () => {
    const h = households[0]!.householdId;
    const attempt = w.t.db.transaction((tx) => tx.run(sql`
      INSERT INTO payments_roll (id, roll_no, kind, programme, region_code, month) VALUES ('00000000-0000-4000-8000-000000000001', 'X-1', 'regular', 't_dibao_x', ${COUNTY}, '2026-01-01');
      `).then(() => tx.run(sql`
      INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, household_id, payee_person_id, person_count, region_code, amount_fen, entitlement_id)
      SELECT '00000000-0000-4000-8000-000000000001', 1, 'regular', programme, period, subject_id, household_id, payee_person_id, person_count, region_code, amount_fen, entitlement_id
      FROM payments_line WHERE subject_id = ${h}::uuid AND kind = 'regular' AND period = '2026-01-01'`)));
    await expect(attempt).rejects.toMatchObject({ code: '23505', constraint: 'payments_line_no_double_pay' });
  });

  it('exports the bank file, takes the return, and reconciles to the fen', async () => {
    const rows = await exportCsv(w.clerk, rollId);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r['金额']).sort()).toEqual(['450.50', '600.00']);
    expect(rows[0]!['账号']).toMatch(/^6217\d+$/); // decrypted into the file
    expect(rows[0]!['摘要']).toBe('2026年1月最低生活保障（测试）金');
    const res = await uploadReturn(w.clerk, rollId, 'return.csv', returnCsv(rows));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', paidRows: 2, paidFen: 105_050, failedRows: 0, state: 'returned' });
    const roll = (await w.approver.get(`/api/v1/payments/rolls/${rollId}`)).body;
    const closed = await ok(w.approver, `/api/v1/payments/rolls/${rollId}/actions/reconcile`, { version: roll.version });
    expect(closed).toMatchObject({ state: 'reconciled', paidFen: 105_050, failedFen: 0 });
    expect(await countRows(w.t.db, 'payments_export', `roll_id = '${rollId}'`)).toBe(1);
  });
});
