import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import { computeIdCheckChar } from '@mz/kernel';
import { startTestApp, TEST_CIPHER, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { seedDemoAssessments } from './assessment.seed.ts';

const LINGDONG = '220105003005';

describe.each(testEngines())('demo assessments on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
    const clerk = await t.login('demo-township');
    let seq = 100 + Math.floor(Math.random() * 300);
    for (const [name, birth] of [['演示甲', '19400101'], ['演示乙', '19520611'], ['演示丙', '19800101']] as const) {
      const first17 = `220105${birth}${String(++seq * 2 + 1).slice(-3)}`;
      const res = await clerk.post('/api/v1/registry/persons', {
        idNumber: first17 + computeIdCheckChar(first17), name, hukouRegionCode: LINGDONG, hukouType: 'urban', regionCode: LINGDONG, address: '岭东路 1 号',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });
  afterAll(async () => { await t?.close(); });

  it('assesses the county’s elders once, with levels the rules give, and then writes nothing', async () => {
    expect(await seedDemoAssessments(t.db, TEST_CIPHER)).toBe(2);
    const rows = await t.db.transaction((tx) => tx.rows<{ person_name: string; status: string; total_score: number; preliminary_level: number; final_level: number; next_due_on: string; assessed_on: string }>(
      sql`SELECT person_name, status, total_score, preliminary_level, final_level, next_due_on::text, assessed_on::text FROM elderly_assessment ORDER BY person_name`));
    expect(rows.map((r) => r.person_name).sort()).toEqual(['演示乙', '演示甲']);
    for (const r of rows) {
      expect(r.status).toBe('completed');
      expect(r.final_level).toBeGreaterThanOrEqual(r.preliminary_level);
      expect(r.next_due_on > r.assessed_on).toBe(true);
    }
    // The two persons got the first two profiles: 能力完好 (90) and 轻度 (84).
    expect(rows.map((r) => r.total_score).sort()).toEqual([84, 90]);
    expect(await seedDemoAssessments(t.db, TEST_CIPHER)).toBe(0);
  });
});
