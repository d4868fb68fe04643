import { PLATFORM_MIGRATIONS, loadMigrations, migrate, openDatabase, type Database } from '@mz/db';
import { ensureRegions } from '@mz/regions/server';
import { seedDemoAccounts } from '@mz/iam/server';
import { seedDemoPopulation } from '@mz/registry/server';
import { seedDemoAssistanceCases, seedDemoAssistanceParams } from '@mz/assistance/server';
import { seedDemoElderly } from '@mz/elderly/server';
import { seedDemoStatistics } from '@mz/statistics/server';
import type { FieldCipher } from '@mz/crypto';
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
  demoPersons: number;
}

export interface PrepareOptions {
  log?: (msg: string) => void;
  /** Seed the synthetic demo population (npm start outside production); needs the field cipher. */
  demoPopulation?: FieldCipher;
}

/** Open, migrate, load the region tree, seed demo accounts (not in production). Idempotent. */
export async function prepareDatabase(config: ServerConfig, { log = () => {}, demoPopulation }: PrepareOptions = {}): Promise<PreparedDatabase> {
  const db = await openDatabase(config.database);
  try {
    const applied = await migrate(db, allMigrations());
    if (applied.length) log(`已应用数据库迁移：${applied.join(', ')}`);
    const started = Date.now();
    const regions = await ensureRegions(db, { within: config.regionsWithin });
    if (regions.loaded) log(`已加载区划 ${regions.rows} 条（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
    const demoAccounts = config.production ? [] : await seedDemoAccounts(db, config.demoPassword);
    if (demoAccounts.length) log(`已创建演示账号：${demoAccounts.join(', ')}`);
    const seeded = !config.production && demoPopulation ? await seedDemoPopulation(db, demoPopulation) : null;
    if (seeded) log(`已生成演示人口 ${seeded.persons} 人、${seeded.households} 户（合成数据，${seeded.seconds.toFixed(1)} 秒）`);
    // The demo's policy parameters go with its population: without standards no demo case can be
    // calculated. The seed writes nothing once the table holds any row.
    const demoParams = !config.production && demoPopulation ? await seedDemoAssistanceParams(db) : 0;
    if (demoParams) log(`已写入演示政策参数 ${demoParams} 条（演示数据，非官方标准）`);
    // A few cases at different steps, so each demo official finds work waiting in 我的待办.
    const demoCases = !config.production && demoPopulation ? await seedDemoAssistanceCases(db) : { created: 0 };
    if (demoCases.created) log(`已生成演示救助案件 ${demoCases.created} 件（低保、特困、临时救助，处于不同办理环节）`);
    // Institutions, beds and residents, assessments, allowances and home-care orders of the demo county.
    const demoElderly = !config.production && demoPopulation ? await seedDemoElderly(db, demoPopulation) : 0;
    if (demoElderly) log(`已生成演示养老服务数据 ${demoElderly} 条（机构、床位、评估、津贴、居家服务）`);
    // The dashboard's figures for the demo: the last thirteen months, refreshed once.
    const demoStats = !config.production && demoPopulation ? await seedDemoStatistics(db) : 0;
    if (demoStats) log(`已刷新演示统计指标 ${demoStats} 个月`);
    return { db, applied, regions, demoAccounts, demoPersons: seeded?.persons ?? 0 };
  } catch (err) {
    await db.close();
    throw err;
  }
}
