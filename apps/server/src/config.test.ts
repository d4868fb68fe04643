import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to PGlite in ./data on port 8080, demo mode', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ engine: 'pglite', dataDir: expect.stringMatching(/\/data$/) });
    expect(c.port).toBe(8080);
    expect(c.production).toBe(false);
    expect(c.platform).toMatchObject({ sessionIdleMinutes: 30, secureCookies: false, deploymentRegion: '220000000000' });
    expect(c.statsRefreshMinutes).toBe(60);
    expect(loadConfig({ MZ_STATS_REFRESH_MINUTES: '0' }).statsRefreshMinutes).toBe(0);
  });

  it('switches to PostgreSQL with DATABASE_URL and to secure cookies in production', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db/mz', NODE_ENV: 'production', MZ_DATA_DIR: '/srv/mz' });
    expect(c.database).toEqual({ engine: 'postgres', url: 'postgres://u@db/mz' });
    expect(c.platform.secureCookies).toBe(true);
  });

  it('names the bad variable in Chinese', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/配置错误：PORT/);
    expect(() => loadConfig({ MZ_DEPLOYMENT_REGION: '2201050' })).toThrow(/MZ_DEPLOYMENT_REGION/);
  });
});
