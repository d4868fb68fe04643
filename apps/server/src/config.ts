import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { isValidRegionCode, normalizeRegionCode } from '@mz/kernel';
import { DEFAULT_DEMO_PASSWORD } from '@mz/iam';
import type { DatabaseConfig } from '@mz/db';
import type { PlatformConfig } from '@mz/http';
import { newMasterKey, parseMasterKey } from '@mz/crypto';

/** Every environment variable the server reads; the README lists the same set. */
const env = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  MZ_DATA_DIR: z.string().default('./data'),
  MZ_DEMO_PASSWORD: z.string().default(DEFAULT_DEMO_PASSWORD),
  MZ_DATA_KEY: z.string().optional(),
  MZ_DEPLOYMENT_REGION: z.string().refine(isValidRegionCode, 'MZ_DEPLOYMENT_REGION 应为区划代码').default('22'),
  MZ_REGIONS_WITHIN: z.string().regex(/^[0-9]{2,12}$/).optional(),
  MZ_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  MZ_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  MZ_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  MZ_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  MZ_STATS_REFRESH_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface ServerConfig {
  production: boolean;
  port: number;
  host: string;
  database: DatabaseConfig;
  /** 32-byte master key for field encryption; see dataKey(). */
  dataKey: () => Buffer;
  demoPassword: string;
  regionsWithin?: string;
  trustProxy: boolean;
  logLevel: string;
  /** This month's statistics are refreshed when older than this (0 = only on demand). */
  statsRefreshMinutes: number;
  platform: PlatformConfig;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    throw new Error('配置错误：' + parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && e.MZ_DEMO_PASSWORD !== DEFAULT_DEMO_PASSWORD) {
    // Harmless, but a sign someone expects demo accounts in production: say so.
    console.warn('MZ_DEMO_PASSWORD 在生产模式下不起作用：生产模式不创建演示账号。');
  }
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { engine: 'postgres', url: e.DATABASE_URL } : { engine: 'pglite', dataDir: resolve(e.MZ_DATA_DIR) },
    dataKey: () => dataKey(e.MZ_DATA_KEY, resolve(e.MZ_DATA_DIR), production),
    demoPassword: e.MZ_DEMO_PASSWORD,
    regionsWithin: e.MZ_REGIONS_WITHIN,
    trustProxy: e.MZ_TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    statsRefreshMinutes: e.MZ_STATS_REFRESH_MINUTES,
    platform: {
      production,
      sessionIdleMinutes: e.MZ_SESSION_IDLE_MINUTES,
      sessionMaxHours: e.MZ_SESSION_MAX_HOURS,
      secureCookies: e.MZ_SECURE_COOKIES ? e.MZ_SECURE_COOKIES === 'true' : production,
      deploymentRegion: normalizeRegionCode(e.MZ_DEPLOYMENT_REGION),
    },
  };
}

/**
 * The field-encryption master key: MZ_DATA_KEY, required in production (kept outside the
 * database, or a stolen backup would carry its own key). Outside production a key is generated
 * once into the data folder, so a demo needs no setup and keeps its data readable across restarts.
 */
function dataKey(configured: string | undefined, dataDir: string, production: boolean): Buffer {
  if (configured) return parseMasterKey(configured);
  if (production) throw new Error('生产模式必须设置 MZ_DATA_KEY（32 字节密钥的 base64，可用 `openssl rand -base64 32` 生成）');
  const file = join(dataDir, 'minzheng-data.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, newMasterKey() + '\n', { mode: 0o600, flag: 'wx' });
  }
  return parseMasterKey(readFileSync(file, 'utf8'));
}
