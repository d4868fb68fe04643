import { PLATFORM_MIGRATIONS, loadMigrations, migrate, openDatabase, type Database } from '@mz/db';
import { ensureRegions } from '@mz/regions/server';
import { seedDemoAccounts } from '@mz/iam/server';
import { MODULES } from './modules.ts';
import type { ServerConfig } from './config.ts';

export function allMigrations() {
  return loadMigrations([PLATFORM_MIGRATIONS, ...MODULES.flatMap((m) => (m.migrations ? [m.migrations] : []))]);
}

export interface PreparedDatabase {
  db: Database;
  applied: string[];
  regions: { loaded: boolean; rows: number };
  demoAccounts: string[];
}

/** Open, migrate, load the region tree, seed demo accounts (not in production). Idempotent. */
export async function prepareDatabase(config: ServerConfig, log: (msg: string) => void = () => {}): Promise<PreparedDatabase> {
  const db = await openDatabase(config.database);
  try {
    const applied = await migrate(db, allMigrations());
    if (applied.length) log(`已应用数据库迁移：${applied.join(', ')}`);
    const started = Date.now();
    const regions = await ensureRegions(db, { within: config.regionsWithin });
    if (regions.loaded) log(`已加载区划 ${regions.rows} 条（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
    const demoAccounts = config.production ? [] : await seedDemoAccounts(db, config.demoPassword);
    if (demoAccounts.length) log(`已创建演示账号：${demoAccounts.join(', ')}`);
    return { db, applied, regions, demoAccounts };
  } catch (err) {
    await db.close();
    throw err;
  }
}
