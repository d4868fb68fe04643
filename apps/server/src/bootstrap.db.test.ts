import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createAdministrator } from '@mz/iam/server';
import { DEFAULT_DEMO_PASSWORD, DEMO_ACCOUNTS } from '@mz/iam';
import { loadConfig } from './config.ts';
import { prepareDatabase } from './bootstrap.ts';

// Start-up on a real data folder (吉林省 only, to stay quick), as `npm start` does it.
describe('start-up', () => {
  it('production: migrates and loads regions, seeds no demo accounts, first admin only via the CLI path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-prod-'));
    const config = loadConfig({ NODE_ENV: 'production', MZ_DATA_DIR: dir, MZ_REGIONS_WITHIN: '22' });
    const first = await prepareDatabase(config);
    try {
      expect(first.applied.length).toBeGreaterThanOrEqual(4);
      expect(first.regions.loaded).toBe(true);
      expect(first.demoAccounts).toEqual([]);
      const users = await first.db.transaction((tx) => tx.rows(sql`SELECT username FROM iam_user`));
      expect(users).toEqual([]);
      // Demo policy parameters are demo data too: production starts with none.
      const [params] = await first.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM assistance_policy_param`));
      expect(params!.n).toBe(0);
      const admin = { username: 'jl-admin', displayName: '省厅系统管理员', regionCode: '22' };
      await expect(createAdministrator(first.db, { ...admin, password: DEFAULT_DEMO_PASSWORD })).rejects.toThrow(/演示密码/);
      await expect(createAdministrator(first.db, { ...admin, password: 'short' })).rejects.toThrow(/至少 8 位/);
      await createAdministrator(first.db, { ...admin, password: 'Jilin-Admin-2026' });
      await expect(createAdministrator(first.db, { ...admin, password: 'Jilin-Admin-2026' })).rejects.toThrow(/已存在/);
    } finally {
      await first.db.close();
    }
    // A second start reuses everything.
    const second = await prepareDatabase(config);
    try {
      expect(second.applied).toEqual([]);
      expect(second.regions.loaded).toBe(false);
      const [row] = await second.db.transaction((tx) => tx.rows<{ roles: string[] }>(sql`
        SELECT array_agg(r.role_code ORDER BY r.role_code) AS roles FROM iam_user u JOIN iam_user_role r ON r.user_id = u.id WHERE u.username = 'jl-admin'`));
      expect(row!.roles).toEqual(['admin', 'auditor']);
    } finally {
      await second.db.close();
    }
  }, 120_000);

  it('the audit-verify command reports an intact chain (exit 0)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-cli-'));
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'audit-verify'], {
      env: { ...process.env, MZ_DATA_DIR: dir, MZ_REGIONS_WITHIN: '22', NODE_ENV: 'development' }, encoding: 'utf8', timeout: 110_000,
    });
    expect(res.stderr).not.toMatch(/Error/);
    expect(res.stdout).toMatch(new RegExp(`审计日志链完好：共 ${DEMO_ACCOUNTS.length} 条`)); // one creation entry per demo account
    expect(res.status).toBe(0);
  }, 120_000);
});
