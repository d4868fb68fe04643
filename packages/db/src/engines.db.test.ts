import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { testEngines } from '@mz/testing';
import { openPglite } from './pglite-engine.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { pgErrorCode, PG } from './sql-error.ts';
import type { Database, Engine } from './database.ts';
import { cloneTemplate } from '@mz/testing';
import { inject } from 'vitest';

const probe = pgTable('engine_probe', { id: integer('id').primaryKey(), name: text('name').notNull(), at: timestamp('at', { withTimezone: true }).defaultNow().notNull() });

async function fresh(engine: Engine): Promise<Database> {
  const db = await cloneTemplate(engine, inject('mzTemplates'));
  await db.transaction((tx) => tx.script('CREATE TABLE engine_probe (id int PRIMARY KEY, name text NOT NULL, at timestamptz NOT NULL DEFAULT now())'));
  return db;
}

describe.each(testEngines())('database engine %s', (engine) => {
  let db: Database;
  beforeAll(async () => { db = await fresh(engine); });
  afterAll(async () => { await db?.close(); });

  it('answers typed and raw queries identically (text for int8, Date via drizzle)', async () => {
    await db.transaction((tx) => tx.db.insert(probe).values([{ id: 1, name: '岭东' }, { id: 2, name: '东盛' }]));
    const rows = await db.transaction((tx) => tx.db.select().from(probe).orderBy(probe.id));
    expect(rows.map((r) => r.name)).toEqual(['岭东', '东盛']);
    expect(rows[0]!.at).toBeInstanceOf(Date);
    const [raw] = await db.transaction((tx) => tx.rows<{ n: string; d: string }>(sql`SELECT count(*) AS n, '2025-03-31'::date AS d FROM engine_probe`));
    expect(raw).toEqual({ n: '2', d: '2025-03-31' });
  });

  it('COPYs CSV rows, quoting and all', async () => {
    const n = await db.transaction((tx) => tx.copyCsv('engine_probe', ['id', 'name'], 'id,name\n3,"荣光, ""街道"""\n4,吉林\n', { header: true }));
    expect(n).toBe(2);
    const [row] = await db.transaction((tx) => tx.rows<{ name: string }>(sql`SELECT name FROM engine_probe WHERE id = 3`));
    expect(row!.name).toBe('荣光, "街道"');
  });

  it('rolls back everything when the work throws, and reports PostgreSQL error codes', async () => {
    const failing = db.transaction(async (tx) => {
      await tx.run(sql`INSERT INTO engine_probe (id, name) VALUES (10, '回滚')`);
      await tx.run(sql`INSERT INTO engine_probe (id, name) VALUES (1, '重复')`);
    });
    await expect(failing).rejects.toSatisfy((e) => pgErrorCode(e) === PG.uniqueViolation);
    const [row] = await db.transaction((tx) => tx.rows(sql`SELECT 1 FROM engine_probe WHERE id = 10`));
    expect(row).toBeUndefined();
  });

  it('keeps concurrent transactions apart', async () => {
    // Each transaction reads, waits, then writes read+1: interleaved statements would lose updates
    // on PGlite's single session; the worker must run them one at a time.
    await db.transaction((tx) => tx.run(sql`INSERT INTO engine_probe (id, name) VALUES (100, '0')`));
    await Promise.all(Array.from({ length: 5 }, () => db.transaction(async (tx) => {
      const [r] = await tx.rows<{ name: string }>(sql`SELECT name FROM engine_probe WHERE id = 100 FOR UPDATE`);
      await new Promise((res) => setTimeout(res, 10));
      await tx.run(sql`UPDATE engine_probe SET name = ${String(Number(r!.name) + 1)} WHERE id = 100`);
    })));
    const [r] = await db.transaction((tx) => tx.rows<{ name: string }>(sql`SELECT name FROM engine_probe WHERE id = 100`));
    expect(r!.name).toBe('5');
  });

  it('re-running migrations is a no-op and a changed applied migration is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-mig-'));
    writeFileSync(join(dir, '9001_probe.sql'), 'CREATE TABLE migration_probe (id int);');
    expect(await migrate(db, loadMigrations([dir]))).toEqual(['9001_probe']);
    expect(await migrate(db, loadMigrations([dir]))).toEqual([]);
    writeFileSync(join(dir, '9001_probe.sql'), 'CREATE TABLE migration_probe (id bigint);');
    await expect(migrate(db, loadMigrations([dir]))).rejects.toThrow(/was changed after it was applied/);
  });
});

describe('migration files', () => {
  it('refuses two migrations with the same number', () => {
    const a = mkdtempSync(join(tmpdir(), 'mz-mig-'));
    const b = mkdtempSync(join(tmpdir(), 'mz-mig-'));
    writeFileSync(join(a, '0042_one.sql'), 'SELECT 1;');
    writeFileSync(join(b, '0042_two.sql'), 'SELECT 1;');
    expect(() => loadMigrations([a, b])).toThrow(/used twice/);
  });
});

describe('PGlite data folder', () => {
  it('keeps data across restarts and refuses a second opener while in use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-data-'));
    const first = await openPglite({ dataDir: dir });
    await first.transaction((tx) => tx.script("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('还在')"));
    await expect(openPglite({ dataDir: dir })).rejects.toThrow(/正被进程/);
    await first.close();
    const second = await openPglite({ dataDir: dir });
    const rows = await second.transaction((tx) => tx.rows<{ v: string }>(sql`SELECT v FROM kept`));
    expect(rows).toEqual([{ v: '还在' }]);
    await second.close();
  }, 60_000);
});
