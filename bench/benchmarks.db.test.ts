import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { runBenchmark } from './harness.ts';

// Keeps the benchmark harness from rotting: a tiny regions-load through the path the CLI uses.
// The figures themselves are meaningless at this size; only their shape is checked.
describe('bench harness', () => {
  it('runs regions-load on PGlite and reports one result', async () => {
    let regionRows = -1;
    const result = await runBenchmark('regions-load', {
      size: 2000,
      database: { engine: 'pglite', inMemory: true },
      inspect: async (db) => {
        const [row] = await db.transaction((tx) => tx.rows<{ n: string }>(sql`SELECT count(*)::text AS n FROM region`));
        regionRows = Number(row!.n);
      },
    });
    expect(Object.keys(result).sort()).toEqual(['baselineSeconds', 'engine', 'name', 'ratio', 'seconds', 'size']);
    expect(result).toMatchObject({ name: 'regions-load', engine: 'pglite', size: 2000 });
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.baselineSeconds).toBeGreaterThan(0);
    expect(Number.isFinite(result.ratio)).toBe(true);
    expect(regionRows).toBe(2000); // the measured load really loaded the rows
  });

  it('refuses an unknown benchmark', async () => {
    await expect(runBenchmark('no-such-bench', { database: { engine: 'pglite', inMemory: true } }))
      .rejects.toThrow(/unknown benchmark no-such-bench; available: .*regions-load/);
  });
});
