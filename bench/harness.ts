import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, openDatabase, type Database, type Engine } from '@mz/db';
import { allMigrations } from '@mz/server/bootstrap.ts';
import { BENCHMARKS } from './benchmarks.ts';

/** Where to run: PGlite (a temporary data folder, or in memory), or a PostgreSQL server. */
export type BenchTarget =
  | { engine: 'pglite'; inMemory?: boolean }
  /** A throwaway database is created on this server and dropped afterwards; the URL's own is untouched. */
  | { engine: 'postgres'; url: string };

export interface BenchResult {
  name: string;
  size: number;
  engine: Engine;
  seconds: number;
  baselineSeconds: number;
  /** seconds / baselineSeconds: how many times the raw-SQL time the platform takes. */
  ratio: number;
}

export interface RunOptions {
  size?: number;
  database: BenchTarget;
  log?: (message: string) => void;
  /** Called with the database after the measured run, before it is thrown away (tests). */
  inspect?: (db: Database) => Promise<void>;
}

// Enough to compile the hot JS paths and touch PostgreSQL's code and catalog caches once, small
// enough not to matter next to the measured run.
const WARMUP_SIZE = 10_000;

export async function runBenchmark(name: string, options: RunOptions): Promise<BenchResult> {
  const bench = BENCHMARKS[name];
  if (!bench) throw new Error(`unknown benchmark ${name}; available: ${Object.keys(BENCHMARKS).join(', ')}`);
  const log = options.log ?? (() => {});
  const size = options.size ?? bench.defaultSize;
  return withThrowawayDatabase(options.database, log, async (db) => {
    log('migrating');
    await migrate(db, allMigrations());
    const warmup = Math.min(size, WARMUP_SIZE);
    log(`warm-up (size ${warmup}, not measured)`);
    await bench.run({ db, size: warmup, log: () => {} });
    log(`${name} (size ${size})`);
    const m = await bench.run({ db, size, log });
    await options.inspect?.(db);
    return {
      name,
      size: m.size,
      engine: db.engine,
      seconds: round(m.seconds, 4),
      baselineSeconds: round(m.baselineSeconds, 4),
      ratio: round(m.seconds / m.baselineSeconds, 3),
    };
  });
}

async function withThrowawayDatabase<T>(target: BenchTarget, log: (m: string) => void, fn: (db: Database) => Promise<T>): Promise<T> {
  if (target.engine === 'pglite') {
    const dataDir = target.inMemory ? undefined : await mkdtemp(join(tmpdir(), 'mz-bench-'));
    log(`PGlite ${dataDir ? `in ${dataDir}` : 'in memory'}`);
    try {
      const db = await openDatabase({ engine: 'pglite', dataDir });
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    } finally {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  }

  // Benchmarks truncate and drop tables: never on the URL's database, always on a new one.
  const name = `mz_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(target.url);
  log(`PostgreSQL ${url.host}: creating throwaway database ${name}`);
  const admin = new pg.Client({ connectionString: target.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      url.pathname = `/${name}`;
      const db = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 2 });
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    } finally {
      // Not WITH (FORCE): pool.end() resolves before the server has closed the pool's sessions, and
      // FORCE would kill them with a FATAL message that crashes the process as an unhandled pool
      // error. A plain DROP waits (up to 5 s) for the departing sessions instead.
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      log(`dropped ${name}`);
    }
  } finally {
    await admin.end();
  }
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
