import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadMigrations, migrate, openPglite, PLATFORM_MIGRATIONS, type Database } from '@mz/db';
import { regionsModule } from './index.ts';
import { ensureRegions } from './regions.loader.ts';
import { getRegion } from './regions.service.ts';

// The whole national tree once, on a bare PGlite (the shared test template holds 吉林省 only).
describe('national region load (pglite)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite({});
    await migrate(db, loadMigrations([PLATFORM_MIGRATIONS, regionsModule.migrations!]));
  }, 120_000);
  afterAll(async () => { await db?.close(); });

  it('loads all five levels once, and a second call is a no-op', async () => {
    expect(await ensureRegions(db)).toEqual({ loaded: true, rows: 665_271 });
    expect(await ensureRegions(db)).toEqual({ loaded: false, rows: 665_271 });
    const levels = await db.transaction((tx) => tx.rows<{ level: number; n: number }>(sql`SELECT level, count(*)::int AS n FROM region GROUP BY level ORDER BY level`));
    // 2,978 counties less the 3 pseudo-counties of 东莞/中山/儋州; 41,352 streets less 金门县's pseudo-street;
    // 620,573 villages less 金门县's pseudo-village.
    expect(levels).toEqual([
      { level: 1, n: 31 }, { level: 2, n: 342 }, { level: 3, n: 2_975 }, { level: 4, n: 41_351 }, { level: 5, n: 620_572 },
    ]);
  }, 120_000);

  it('links a street of a city without counties straight to the city', async () => {
    const r = await db.transaction((tx) => getRegion(tx, '441900003000'));
    expect(r.path.map((p) => p.name)).toEqual(['广东省', '东莞市']);
    expect(r.parentCode).toBe('441900000000');
  });
});
