import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';

/** A drizzle query builder bound to one open transaction (either engine). */
export type Drizzle = PgDatabase<PgQueryResultHKT>;

export type Engine = 'pglite' | 'postgres';

/**
 * Who a transaction runs for. Row-level security reads these settings, so a query that forgets its
 * scope filter still cannot see another jurisdiction's personal data.
 */
export interface DbScope {
  actorId: string | null;
  /** 12-digit home region code of the actor; the subtree below it is visible. */
  regionCode: string;
}

export interface Tx {
  /** Typed queries (drizzle query builder), inside this transaction. */
  readonly db: Drizzle;
  readonly engine: Engine;
  /** Raw SQL built with drizzle's `sql` template (always parameterised). Rows as objects. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Like rows(), for statements that return nothing useful; gives the affected row count. */
  run(query: SQL): Promise<number>;
  /** A trusted multi-statement script from the code base (migrations). Never pass user input. */
  script(text: string): Promise<void>;
  /**
   * COPY rows in CSV form into a table. Table and column names must be code constants
   * (they are quoted as identifiers); the data is streamed, never interpolated.
   */
  copyCsv(table: string, columns: readonly string[], csv: string | Uint8Array, options?: CopyOptions): Promise<number>;
}

export interface CopyOptions {
  /** The first line is a header to skip. */
  header?: boolean;
}

export interface TransactionOptions {
  /** Run as the restricted application role with this scope; omit only for system work. */
  scope?: DbScope;
}

export interface Database {
  readonly engine: Engine;
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}

export function copyStatement(table: string, columns: readonly string[], source: 'STDIN' | "'/dev/blob'", options: CopyOptions = {}): string {
  const cols = columns.map(quoteIdent).join(', ');
  return `COPY ${quoteIdent(table)} (${cols}) FROM ${source} WITH (FORMAT csv${options.header ? ', HEADER true' : ''})`;
}

/**
 * A JS array bound as ONE text[] parameter. (Interpolating an array into drizzle's `sql` expands it
 * into a parenthesised list, which is what `IN ${list}` wants but not `= ANY(…)` or `unnest(…)`.)
 */
export function textArray(values: readonly string[]): SQL {
  return sql`${sql.param([...values])}::text[]`;
}
