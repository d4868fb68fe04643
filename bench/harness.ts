import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FieldCipher } from '@mz/crypto';
import { migrate, openDatabase, openPostgres, PostgresDatabase, type Database, type Engine } from '@mz/db';
import { buildApp } from '@mz/server/app.ts';
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

// ---- Benchmarks over HTTP: the real app on 127.0.0.1, signed-in clients, percentiles. ----

/** The demo accounts' password in benchmark databases (seedDemoAccounts). */
export const BENCH_PASSWORD = 'Bench-Passw0rd!';

export interface BenchServer {
  /** 'http://127.0.0.1:<port>' */
  base: string;
  /** The server's database: its own pool of 10 on PostgreSQL (like production), the same PGlite otherwise. */
  serverDb: Database;
  close(): Promise<void>;
}

/** The app listening on a free port of 127.0.0.1, on the benchmark's database. */
export async function startBenchServer(db: Database, cipher: FieldCipher): Promise<BenchServer> {
  // The server gets a pool like production's (10); the harness's own connection stays for setup.
  const serverDb: Database = db instanceof PostgresDatabase
    ? await openPostgres({ connectionString: (db.pool as unknown as { options: { connectionString: string } }).options.connectionString, max: 10 })
    : db;
  const app = await buildApp({
    db: serverDb, cipher,
    platform: { production: false, sessionIdleMinutes: 30, sessionMaxHours: 12, secureCookies: false, deploymentRegion: '220000000000' },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return {
    base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    serverDb,
    async close() {
      await app.close();
      if (serverDb !== db) await serverDb.close();
    },
  };
}

export interface Percentiles { p50: number; p95: number; max: number }

export function percentiles(ms: number[]): Percentiles {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1]! };
}

/** `clients` clients, each `requestsPerClient` requests back to back, stopping early after `timeLimitMs`. */
export async function concurrently(one: (i: number) => Promise<number>, o: { clients: number; requestsPerClient: number; timeLimitMs: number }): Promise<number[]> {
  const times: number[] = [];
  const deadline = performance.now() + o.timeLimitMs;
  let next = 0;
  await Promise.all(Array.from({ length: o.clients }, async () => {
    for (let r = 0; r < o.requestsPerClient && performance.now() < deadline; r++) times.push(await one(next++));
  }));
  return times;
}

/** Signs in and returns the session cookie ('mz_session=…'). */
export async function login(base: string, username: string, password = BENCH_PASSWORD): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mz_session='));
  return cookie!.split(';')[0]!;
}

/** GET as a signed-in user; anything but 200 is an error. */
export async function get(url: string, cookie: string): Promise<any> {
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
