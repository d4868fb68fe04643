import pg from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { copyStatement, type Database, type Drizzle, type TransactionOptions, type Tx } from './database.ts';
import { applyScope } from './scope.ts';

// Raw queries return int8, dates and timestamps as text, exactly like the PGlite worker does,
// so code written against one engine answers the same on the other.
const TEXT_TYPES = new Set([20, 1082, 1083, 1114, 1184, 1186, 1266]);
const types = {
  getTypeParser: (oid: number, format?: any) =>
    TEXT_TYPES.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format),
};

const dialect = new PgDialect();

export interface PostgresOptions {
  connectionString: string;
  max?: number;
  /** Told about errors on idle pooled connections (they are replaced, not fatal). */
  onIdleError?: (err: Error) => void;
}

export async function openPostgres(options: PostgresOptions): Promise<PostgresDatabase> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types,
    options: '-c timezone=Asia/Shanghai',
  });
  // An idle connection the server ends (restart, admin kill, DROP DATABASE … FORCE) surfaces as a
  // pool 'error' event; unhandled, it would crash the process. The pool replaces the connection.
  pool.on('error', (err) => {
    if (options.onIdleError) options.onIdleError(err);
  });
  const client = await pool.connect(); // fail fast with a clear error if the server is unreachable
  client.release();
  return new PostgresDatabase(pool);
}

export class PostgresDatabase implements Database {
  readonly engine = 'postgres' as const;
  constructor(readonly pool: pg.Pool) {}

  async transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const tx = bind(client);
      if (options.scope) await applyScope(tx, options.scope);
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => { broken = true; });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function bind(client: pg.PoolClient): Tx {
  const db = drizzle(client) as unknown as Drizzle;
  return {
    db,
    engine: 'postgres',
    async rows<T>(q: SQL) {
      const { sql: text, params } = dialect.sqlToQuery(q);
      return (await client.query({ text, values: params as unknown[], types })).rows as T[];
    },
    async run(q: SQL) {
      const { sql: text, params } = dialect.sqlToQuery(q);
      return (await client.query({ text, values: params as unknown[], types })).rowCount ?? 0;
    },
    async script(text: string) {
      await client.query(text);
    },
    async copyCsv(table, columns, csv, options) {
      const stream = client.query(copyFrom(copyStatement(table, columns, 'STDIN', options)));
      await pipeline(Readable.from([typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv]), stream);
      return Number(stream.rowCount ?? 0);
    },
  };
}
