import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from './database.ts';

export interface Migration {
  /** Global sequence number: one linear history across every module. */
  seq: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files from each folder (the platform's and every enabled module's). */
export function loadMigrations(dirs: readonly string[]): Migration[] {
  const all: Migration[] = [];
  for (const dir of dirs) {
    for (const file of readdirSync(dir).sort()) {
      const m = FILE.exec(file);
      if (!m) continue;
      const text = readFileSync(join(dir, file), 'utf8');
      all.push({ seq: Number(m[1]), name: m[2]!, sql: text, checksum: createHash('sha256').update(text).digest('hex') });
    }
  }
  all.sort((a, b) => a.seq - b.seq);
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.seq === all[i - 1]!.seq) {
      throw new Error(`migration number ${all[i]!.seq} is used twice (${all[i - 1]!.name}, ${all[i]!.name})`);
    }
  }
  return all;
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 7302_2026;

/**
 * Applies what is pending, each migration in its own transaction. On PostgreSQL several app
 * processes may start at once: an advisory lock makes them take turns, and each re-reads the
 * applied list under the lock. An applied migration whose file changed is refused, not re-run.
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<string[]> {
  await db.transaction((tx) => tx.script(`CREATE TABLE IF NOT EXISTS platform_migration (
    seq integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`));
  const applied: string[] = [];
  for (const m of migrations) {
    await db.transaction(async (tx) => {
      await tx.rows(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      const [done] = await tx.rows<{ checksum: string; name: string }>(
        sql`SELECT checksum, name FROM platform_migration WHERE seq = ${m.seq}`);
      if (done) {
        if (done.checksum !== m.checksum) {
          throw new Error(`migration ${m.seq}_${m.name} was changed after it was applied; add a new migration instead`);
        }
        return;
      }
      await tx.script(m.sql);
      await tx.run(sql`INSERT INTO platform_migration (seq, name, checksum) VALUES (${m.seq}, ${m.name}, ${m.checksum})`);
      applied.push(`${m.seq}_${m.name}`);
    });
  }
  return applied;
}
