import { Worker } from 'node:worker_threads';
import { drizzle } from 'drizzle-orm/pg-proxy';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { copyStatement, type Database, type Drizzle, type TransactionOptions, type Tx } from './database.ts';
import { applyScope } from './scope.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { DatabaseError } from './sql-error.ts';

interface Reply { id: number; ok: boolean; result?: any; error?: any }

/** Messages to the PGlite worker (see pglite-worker.mjs), one promise per request. */
class WorkerChannel {
  private next = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  readonly ready: Promise<void>;

  constructor(private worker: Worker) {
    this.ready = new Promise((resolve, reject) => this.pending.set(0, { resolve, reject }));
    worker.on('message', (msg: Reply) => {
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.ok) waiter.resolve(msg.result);
      else waiter.reject(new DatabaseError(msg.error));
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => this.failAll(new Error(`PGlite worker exited (${code})`)));
  }

  send<T = any>(type: string, payload: Record<string, unknown> = {}, transfer: ArrayBuffer[] = []): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, ...payload }, transfer);
    });
  }

  private failAll(err: Error) {
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}

const dialect = new PgDialect();

/** Structured clone keeps Dates, but PostgreSQL wants the instant; send ISO text like drizzle does. */
function toWire(params: unknown[]): unknown[] {
  return params.map((p) => (p instanceof Date ? p.toISOString() : p));
}

export interface PgliteOptions {
  /** Data folder; omitted = in memory (tests). */
  dataDir?: string;
  /** A data-folder dump (tar) to start from: test databases start from a migrated template. */
  loadFrom?: string;
}

export async function openPglite(options: PgliteOptions): Promise<PgliteDatabase> {
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir: options.dataDir, loadFrom: options.loadFrom },
  });
  const channel = new WorkerChannel(worker);
  try {
    await channel.ready;
  } catch (err) {
    unlock();
    await worker.terminate();
    throw err;
  }
  return new PgliteDatabase(channel, worker, unlock);
}

export class PgliteDatabase implements Database {
  readonly engine = 'pglite' as const;
  private txCounter = 0;
  private closed = false;

  constructor(private channel: WorkerChannel, private worker: Worker, private unlock: () => void) {}

  async transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const txId = ++this.txCounter;
    await this.channel.send('begin', { txId });
    const tx = this.bind(txId);
    try {
      if (options.scope) await applyScope(tx, options.scope);
      const result = await fn(tx);
      await this.channel.send('commit', { txId });
      return result;
    } catch (err) {
      await this.channel.send('rollback', { txId }).catch(() => undefined);
      throw err;
    }
  }

  /** Dump the whole data folder to a tar file (test templates). */
  async dumpTo(path: string): Promise<void> {
    await this.channel.send('dump', { path });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.channel.send('close').catch(() => undefined);
    await this.worker.terminate();
    this.unlock();
  }

  private bind(txId: number): Tx {
    const channel = this.channel;
    const query = (text: string, params: unknown[], rowMode: 'array' | 'object') =>
      channel.send<{ rows: any[]; affectedRows: number }>('query', { txId, sql: text, params: toWire(params), rowMode });
    const db = drizzle(async (text, params, method) => {
      const res = await query(text, params, method === 'all' ? 'array' : 'object');
      return { rows: res.rows };
    }) as unknown as Drizzle;
    return {
      db,
      engine: 'pglite',
      async rows<T>(q: SQL) {
        const { sql: text, params } = dialect.sqlToQuery(q);
        return (await query(text, params, 'object')).rows as T[];
      },
      async run(q: SQL) {
        const { sql: text, params } = dialect.sqlToQuery(q);
        return (await query(text, params, 'object')).affectedRows;
      },
      async script(text: string) {
        await channel.send('exec', { txId, sql: text });
      },
      async copyCsv(table, columns, csv, options) {
        const bytes = typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv;
        const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        const res = await channel.send('copy', { txId, sql: copyStatement(table, columns, "'/dev/blob'", options), data }, [data]);
        return res.affectedRows;
      },
    };
  }
}
