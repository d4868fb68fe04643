import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import type { Database } from '@mz/db';
import { addMonths, todayInShanghai } from '@mz/kernel';
import { loadUserActor } from '@mz/iam/server';
import { generateRegularRoll } from '@mz/payments/server';
import { seedDemoPopulation } from '@mz/registry/server';
import { testDatabase, TEST_CIPHER } from '../../../../../apps/server/src/testing/test-app.ts';
import { seedDemoAssistanceParams } from './params.seed.ts';
import { lastMonthInstant, seedDemoAssistanceCases } from './cases.seed.ts';

// The demo start leaves work waiting for each demo official, and benefits for 资金发放 to pay this
// month, all taken there through the real services.
describe.each(testEngines())('seedDemoAssistanceCases (%s)', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase(engine);
    await seedDemoPopulation(db, TEST_CIPHER);
    await seedDemoAssistanceParams(db);
  }, 180_000);
  afterAll(() => db?.close());

  const month = todayInShanghai().slice(0, 7);

  it('decides the paid cases in the month before this one', () => {
    for (const now of ['2026-11-22T03:00:00Z', '2026-01-01T00:00:00Z', '2026-03-31T15:59:00Z']) {
      const at = todayInShanghai(lastMonthInstant(new Date(now))).slice(0, 7);
      expect(at).toBe(addMonths(todayInShanghai(new Date(now)).slice(0, 7), -1));
    }
  });

  it('files cases at different steps and decides some, with a real decision trail, once', async () => {
    expect(await seedDemoAssistanceCases(db)).toEqual({ created: 8 });
    const rows = await db.transaction((tx) => tx.rows<{ programme: string; state: string; decisions: number; publicity_days: number | null; start_month: string | null }>(sql`
      SELECT a.programme, w.state, a.start_month,
        (SELECT count(*)::int FROM workflow_decision d WHERE d.case_id = w.id) AS decisions,
        (current_date - (w.events->>'publicity_started')::timestamptz::date) AS publicity_days
      FROM assistance_case a JOIN workflow_case w ON w.id = a.id ORDER BY a.programme, w.state`));
    expect(rows.map((r) => [r.programme, r.state])).toEqual([
      ['dibao', 'applied'], ['dibao', 'in_payment'], ['dibao', 'in_payment'], ['dibao', 'in_publicity'],
      ['linshi', 'applied'], ['linshi', 'approved'], ['tekun', 'in_publicity'], ['tekun', 'in_support'],
    ]);
    // Cases in 公示 got there step by step (受理 … 初审 … 公示), and their 公示 has run its seven days.
    for (const r of rows.filter((x) => x.state === 'in_publicity')) {
      expect(r.decisions).toBeGreaterThanOrEqual(7);
      expect(r.publicity_days).toBeGreaterThan(7);
    }
    // Decided last month, paid from this month.
    for (const r of rows.filter((x) => x.state === 'in_payment' || x.state === 'in_support')) {
      expect(r.start_month).toBe(month);
      expect(r.decisions).toBeGreaterThanOrEqual(9); // 受理 … 初审 … 公示 … 审核确认
    }
    expect(await seedDemoAssistanceCases(db)).toEqual({ created: 0 });
  });

  it('leaves this month\'s rolls of 二道区 something to pay, to payees with bank accounts', async () => {
    const ledger = await db.transaction((tx) => tx.rows<{ programme: string; kind: string; n: number; with_account: number; region: string }>(sql`
      SELECT e.programme, e.kind, count(*)::int AS n, count(p.bank_account_cipher)::int AS with_account, min(e.region_code) AS region
      FROM payments_entitlement e JOIN registry_person p ON p.id = e.payee_person_id
      WHERE e.superseded_at IS NULL AND e.source_module = 'assistance' AND e.from_month <= ${`${month}-01`}::date
        AND coalesce(e.to_month, 'infinity'::date) >= ${`${month}-01`}::date
      GROUP BY e.programme, e.kind ORDER BY e.programme`));
    expect(ledger.map((l) => [l.programme, l.kind, l.n, l.with_account])).toEqual([['dibao', 'monthly', 2, 2], ['linshi', 'grant', 1, 1], ['tekun', 'monthly', 1, 1]]);
    expect(ledger.every((l) => l.region.startsWith('220105'))).toBe(true);

    // The county clerk's roll of this month pays each of them, naming its case.
    const clerk = await db.transaction(async (tx) => {
      const [u] = await tx.rows<{ id: string }>(sql`SELECT id FROM iam_user WHERE username = 'demo-county-clerk'`);
      return loadUserActor(tx, u!.id);
    });
    const who = { actorId: clerk!.id, actorName: clerk!.name, actorRegion: clerk!.regionCode, ip: null };
    for (const [programme, lines] of [['dibao', 2], ['tekun', 1], ['linshi', 1]] as const) {
      const rollId = await db.transaction((tx) => generateRegularRoll(tx, clerk!, who, { programme, month }), { scope: { actorId: clerk!.id, regionCode: clerk!.regionCode } });
      const paid = await db.transaction((tx) => tx.rows<{ n: number; positive: boolean }>(sql`
        SELECT count(*)::int AS n, bool_and(l.amount_fen > 0) AS positive FROM payments_line l JOIN payments_entitlement e ON e.id = l.entitlement_id
        WHERE l.roll_id = ${rollId}::uuid AND e.source_module = 'assistance'`));
      expect(paid[0]).toEqual({ n: lines, positive: true });
    }
  });
});
