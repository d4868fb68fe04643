import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines, TEST_PASSWORD, type HttpSession } from '@mz/testing';
import { todayInShanghai } from '@mz/kernel';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';

describe.each(testEngines())('audit viewer API on %s', (engine) => {
  let t: TestApp;
  let province: HttpSession;
  beforeAll(async () => {
    t = await startTestApp(engine);
    province = await t.login('demo-province');
    await province.post('/api/v1/users', { username: 'audit-probe', displayName: '审计探针', regionCode: '220105003005', roles: ['clerk'], password: TEST_PASSWORD });
    await t.anonymous().post('/api/v1/auth/login', { username: 'demo-village', password: 'Wrong-pass-1' });
  });
  afterAll(async () => { await t?.close(); });

  it('records a user creation with actor, IP, region and a before/after diff', async () => {
    const res = await province.get('/api/v1/audit?action=user.create&actor=省厅');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({
      actorName: '省厅管理员', actorRegion: '220000000000', actorRegionName: '吉林省', ip: '127.0.0.1',
      action: 'user.create', entityType: 'user', regionCode: '220105003005', summary: '新建用户 audit-probe（审计探针）',
      diff: { username: { before: null, after: 'audit-probe' }, roles: { before: null, after: ['clerk'] } },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password_hash/);
  });

  it('filters by region subtree, date range and action, newest first', async () => {
    const today = todayInShanghai();
    const village = await province.get(`/api/v1/audit?regionCode=220105003005&from=${today}&to=${today}`);
    expect(village.body.items.map((r: any) => r.action)).toEqual(['auth.login_failed', 'user.create', 'user.create']); // failed login, the probe, the seed
    const tomorrow = await province.get('/api/v1/audit?from=2999-01-01');
    expect(tomorrow.body).toEqual({ items: [], total: 0 });
    const logins = await province.get('/api/v1/audit?action=auth.login&pageSize=1');
    expect(logins.body.items).toHaveLength(1);
  });

  it('shows a city auditor only its own subtree and names every action in Chinese', async () => {
    const city = await t.login('demo-city');
    const res = await city.get('/api/v1/audit?pageSize=200');
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((r: any) => r.regionCode.startsWith('2201'))).toBe(true);
    const actions = await city.get('/api/v1/audit/actions');
    expect(actions.body.items).toContainEqual({ action: 'auth.locked', name: '账号因多次登录失败被锁定' });
  });

  it('refuses malformed filters with field errors and needs audit.read', async () => {
    const bad = await province.get('/api/v1/audit?from=2026-13-45x&pageSize=5000');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['from', 'pageSize']);
    expect((await (await t.login('demo-village')).get('/api/v1/audit')).status).toBe(403);
  });
});
