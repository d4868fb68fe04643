import { buildRegionCsv, type RegionSourceFile } from '@mz/regions';
import { loadRegionCsv, readRegionSource } from '@mz/regions/server';
import type { Database } from '@mz/db';
import type { Benchmark } from './benchmarks.ts';

const COLUMNS = ['code', 'name', 'level', 'parent_code'] as const;

/**
 * The platform's first national region load (read the code book, transform it, COPY into the
 * empty `region` table, rebuild the parent index, check every parent in one anti-join, record the
 * data set) against a raw COPY of the very same rows into a bare table with no index or constraint.
 *
 * Order: reset → baseline → reset → platform. The platform goes last so `region` still holds what
 * it loaded when the run ends (the test counts it); both phases start from the same state.
 */
export const regionsLoad: Benchmark = {
  describe: 'national region tree: platform load (read + transform + COPY + index + integrity check) vs raw COPY into a bare table',
  defaultSize: 665_271, // the whole NBS 2023 tree; larger sizes are clamped to it
  async run({ db, size, log }) {
    // Untimed: the exact rows both sides load, and how many source lines the platform must read
    // to produce them (null = all of them).
    const { csv, rows, limit } = referenceRows(await readRegionSource(), size);

    await reset(db);
    await db.transaction((tx) => tx.script(
      'CREATE TABLE region_baseline (code varchar(12), name text, level smallint, parent_code varchar(12))'));
    log(`baseline: raw COPY of ${rows} rows into a bare table`);
    let started = performance.now();
    const copied = await db.transaction((tx) => tx.copyCsv('region_baseline', COLUMNS, csv));
    const baselineSeconds = (performance.now() - started) / 1000;
    log(`  ${baselineSeconds.toFixed(3)} s`);

    await reset(db);
    log(`platform: read + transform + loadRegionCsv of ${rows} rows`);
    started = performance.now();
    const source = await readRegionSource();
    const loaded = buildRegionCsv(limit === null ? source : limitSource(source, limit)).csv;
    const inserted = await db.transaction((tx) => loadRegionCsv(tx, loaded));
    const seconds = (performance.now() - started) / 1000;
    log(`  ${seconds.toFixed(3)} s`);

    // A benchmark whose two sides did different work measures nothing.
    if (loaded !== csv || copied !== rows || inserted !== rows) {
      throw new Error(`regions-load: the two sides differ (baseline ${copied} rows, platform ${inserted} of ${rows})`);
    }
    return { seconds, baselineSeconds, size: rows };
  },
};

/** Back to "freshly migrated": empty region tables, no baseline table, dirty pages flushed. */
async function reset(db: Database): Promise<void> {
  // CASCADE: iam_user, cases and others reference region (all empty in a throwaway database).
  // The cascade reaches append-only tables whose triggers refuse TRUNCATE; replica mode skips
  // those triggers for this transaction only, in a database that is thrown away afterwards.
  // The CHECKPOINT keeps the previous phase's writes from being flushed on the next phase's clock.
  await db.transaction((tx) => tx.script(
    'SET LOCAL session_replication_role = replica; TRUNCATE region, region_dataset CASCADE; DROP TABLE IF EXISTS region_baseline'));
  await db.transaction((tx) => tx.script('CHECKPOINT'));
}

/**
 * The first `size` rows of the national tree in level order (parents precede children). A few
 * source lines collapse into an earlier row (东莞's pseudo-county…), so read more lines until the
 * output has `size` rows: each extra line adds at most one row, so this never overshoots.
 */
function referenceRows(files: RegionSourceFile[], size: number): { csv: string; rows: number; limit: number | null } {
  for (let lines = size; ;) {
    const all = lines >= totalLines(files);
    const built = buildRegionCsv(all ? files : limitSource(files, lines));
    if (built.rows >= size || all) return { csv: built.csv, rows: built.rows, limit: all ? null : lines };
    lines += size - built.rows;
  }
}

/** The source files cut to their first `lines` data lines in level order (headers kept). */
function limitSource(files: readonly RegionSourceFile[], lines: number): RegionSourceFile[] {
  let left = lines;
  return [...files].sort((a, b) => a.level - b.level).map((file) => {
    let end = file.text.indexOf('\n') + 1; // past the header
    while (left > 0 && end < file.text.length) {
      const next = file.text.indexOf('\n', end);
      end = next === -1 ? file.text.length : next + 1;
      left--;
    }
    return { level: file.level, text: file.text.slice(0, end) };
  });
}

function totalLines(files: readonly RegionSourceFile[]): number {
  return files.reduce((sum, f) => sum + f.text.split('\n').filter((l) => l.trim() !== '').length - 1, 0);
}
