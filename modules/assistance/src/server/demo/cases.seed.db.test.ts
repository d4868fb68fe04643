import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import type { Database } from '@mz/db';
import { seedDemoPopulation } from '@mz/registry/server';
import { testDatabase, TEST_CIPHER } from '../../../../../apps/server/src/testing/test-app.ts';
import { seedDemoAssistanceParams } from './params.seed.ts';
import { seedDemoAssistanceCases } from './cases.seed.ts';

// The demo start leaves work waiting for each demo official, taken there through the real services.
describe.each(testEngines())('seedDemoAssistanceCases (%s)', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase(engine);
    await seedDemoPopulation(db, TEST_CIPHER);
    await seedDemoAssistanceParams(db);
  }, 180_000);
  afterAll(() => db?.close());

  it('files four cases at different steps, with a real decision trail, once', async () => {
    expect(await seedDemoAssistanceCases(db)).toEqual({ created: 4 });
    const rows = await db.transaction((tx) => tx.rows<{ programme: string; state: string; decisions: number; publicity_days: number | null }>(sql`
      SELECT a.programme, w.state,
        (SELECT count(*)::int FROM workflow_decision d WHERE d.case_id = w.id) AS decisions,
        (current_date - (w.events->>'publicity_started')::timestamptz::date) AS publicity_days
      FROM assistance_case a JOIN workflow_case w ON w.id = a.id ORDER BY a.programme, w.state`));
    expect(rows.map((r) => [r.programme, r.state])).toEqual([
      ['dibao', 'applied'], ['dibao', 'in_publicity'], ['linshi', 'applied'], ['tekun', 'in_publicity'],
    ]);
    // Cases in 公示 got there step by step (受理 … 初审 … 公示), and their 公示 has run its seven days.
    for (const r of rows.filter((x) => x.state === 'in_publicity')) {
      expect(r.decisions).toBeGreaterThanOrEqual(7);
      expect(r.publicity_days).toBeGreaterThan(7);
    }
    expect(await seedDemoAssistanceCases(db)).toEqual({ created: 0 });
  });
});
