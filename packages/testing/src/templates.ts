import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database, type Engine } from '@mz/db';

/** How a template database is filled: migrations, reference data, seed accounts. */
export type TemplateBuilder = (db: Database) => Promise<void>;

export interface TemplateRefs {
  pglite?: string; // path of a data-folder dump
  postgres?: string; // name of a template database on the TEST_DATABASE_URL server
}

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Builds each engine's template once, keyed by `fingerprint` (migrations, loader and seed
 * versions): unchanged inputs reuse the template of the previous run; tests clone it.
 */
export async function buildTemplates(engines: readonly Engine[], fingerprint: string, build: TemplateBuilder): Promise<TemplateRefs> {
  const key = createHash('sha256').update(fingerprint).digest('hex').slice(0, 16);
  const refs: TemplateRefs = {};
  if (engines.includes('pglite')) {
    const file = join(ROOT, '.tmp', 'test-templates', `pglite-${key}.tar`);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      const db = await openPglite({});
      try {
        await build(db);
        await db.dumpTo(`${file}.part`);
      } finally {
        await db.close();
      }
      renameSync(`${file}.part`, file);
    }
    refs.pglite = file;
  }
  if (engines.includes('postgres')) {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `mz_tpl_${key}`;
    await withAdmin(url, async (admin) => {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) return;
      const building = `${name}_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${building}`);
      const db = await openPostgres({ connectionString: withDatabase(url, building), max: 2 });
      try {
        await build(db);
      } finally {
        await db.close();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    });
    refs.postgres = name;
  }
  return refs;
}

/** A fresh database for one test file, cloned from the engine's template. */
export async function cloneTemplate(engine: Engine, refs: TemplateRefs): Promise<Database> {
  if (engine === 'pglite') {
    if (!refs.pglite) throw new Error('no PGlite test template (is the global setup configured?)');
    return openPglite({ loadFrom: refs.pglite });
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url || !refs.postgres) throw new Error('TEST_DATABASE_URL is not set');
  const name = `mz_t_${randomBytes(5).toString('hex')}`;
  await withAdmin(url, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${refs.postgres}`));
  const db = await openPostgres({ connectionString: withDatabase(url, name), max: 4 });
  const close = db.close.bind(db);
  // Closing the test database also drops it, so runs leave nothing behind on the server.
  db.close = async () => {
    await close();
    await withAdmin(url, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  return db;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
