import type { Database } from './database.ts';
import { openPglite } from './pglite-engine.ts';
import { openPostgres } from './postgres-engine.ts';

export type DatabaseConfig =
  | { engine: 'postgres'; url: string; poolSize?: number }
  | { engine: 'pglite'; dataDir?: string; loadFrom?: string };

export function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.engine === 'postgres'
    ? openPostgres({ connectionString: config.url, max: config.poolSize })
    : openPglite({ dataDir: config.dataDir, loadFrom: config.loadFrom });
}
