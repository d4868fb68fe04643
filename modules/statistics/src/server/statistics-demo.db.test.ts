import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { testEngines } from '@mz/testing';
import { testDatabase } from '../../../../apps/server/src/testing/test-app.ts';
import { seedDemoStatistics } from './index.ts';

describe.each(testEngines())('demo statistics on %s', (engine) => {
  let db: Database;
  beforeAll(async () => { db = await testDatabase(engine); });
  afterAll(async () => { await db?.close(); });

  it('refreshes the thirteen months up to the given one once, then never again', async () => {
    expect(await seedDemoStatistics(db, '2026-03')).toBe(13);
    const months = await db.transaction((tx) => tx.rows<{ m: string }>(sql`SELECT to_char(period, 'YYYY-MM') AS m FROM statistics_refresh ORDER BY period`));
    expect(months.map((r) => r.m)).toEqual(['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(await seedDemoStatistics(db, '2026-04')).toBe(0);
  });
});
