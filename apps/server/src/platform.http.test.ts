import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines, TEST_PASSWORD } from '@mz/testing';
import { startTestApp, type TestApp } from './testing/test-app.ts';

describe.each(testEngines())('platform HTTP on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(engine); });
  afterAll(async () => { await t?.close(); });

  it('reports health with the engine in use', async () => {
    const res = await t.anonymous().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: engine, version: expect.any(String) });
  });

  it('answers unknown API routes with a Chinese problem document', async () => {
    const res = await t.anonymous().get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: '接口不存在' });
  });

  it('refuses anonymous access with 401 and a problem document', async () => {
    const res = await t.anonymous().get('/api/v1/regions/22');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'AUTH_REQUIRED', title: '请先登录' });
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.anonymous().get('/api/docs/json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/regions/{code}', '/api/v1/users']));
  });

  describe('login', () => {
    it('signs in, sets an HttpOnly SameSite=Strict cookie and returns the user with a CSRF token', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-township', password: TEST_PASSWORD } });
      expect(res.statusCode).toBe(200);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/mz_session=/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const body = res.json();
      expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
      expect(body.user).toMatchObject({
        username: 'demo-township', regionCode: '220105003000', regionName: '荣光街道', regionLevel: 4, roles: ['clerk', 'reviewer'],
      });
      expect(body.user.regionPath.map((r: any) => r.name)).toEqual(['吉林省', '长春市', '二道区', '荣光街道']);
      expect(body.user).not.toHaveProperty('passwordHash');
    });

    it('refuses a wrong password with one message for unknown users and wrong passwords', async () => {
      const wrong = await t.anonymous().post('/api/v1/auth/login', { username: 'demo-village', password: 'Wrong-pass1' });
      const unknown = await t.anonymous().post('/api/v1/auth/login', { username: 'nobody-here', password: 'Wrong-pass1' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.title).toBe('用户名或密码错误');
      expect(unknown.body.title).toBe(wrong.body.title);
    });

    it('validates the body and names the fields in Chinese', async () => {
      const res = await t.anonymous().post('/api/v1/auth/login', { username: '' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION');
      expect(res.body.errors.map((e: any) => e.path)).toEqual(expect.arrayContaining(['username', 'password']));
      expect(res.body.errors.find((e: any) => e.path === 'username').message).toBe('请填写用户名');
    });

    it('rejects a malformed JSON body with a problem document', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'BAD_BODY', title: '请求体不是有效的 JSON' });
    });

    it('locks the account for 15 minutes after 5 wrong passwords, and audits it', async () => {
      for (let i = 1; i <= 4; i++) {
        expect((await t.anonymous().post('/api/v1/auth/login', { username: 'demo-city', password: `Wrong-pass${i}` })).status).toBe(401);
      }
      const fifth = await t.anonymous().post('/api/v1/auth/login', { username: 'demo-city', password: 'Wrong-pass5' });
      expect(fifth.status).toBe(423);
      expect(fifth.body.code).toBe('AUTH_LOCKED');
      // Even the right password is refused while locked.
      const right = await t.anonymous().post('/api/v1/auth/login', { username: 'demo-city', password: TEST_PASSWORD });
      expect(right.status).toBe(423);
      const [row] = await t.db.transaction((tx) => tx.rows<{ minutes: number }>(sql`
        SELECT round(extract(epoch FROM locked_until - now()) / 60)::int AS minutes FROM iam_user WHERE username = 'demo-city'`));
      expect(row!.minutes).toBeGreaterThanOrEqual(14);
      expect(row!.minutes).toBeLessThanOrEqual(15);
      const actions = await t.db.transaction((tx) => tx.rows<{ action: string }>(sql`
        SELECT a.action FROM audit_log a JOIN iam_user u ON u.id = a.actor_id WHERE u.username = 'demo-city' ORDER BY a.id`));
      expect(actions.map((a) => a.action)).toEqual([...Array(4).fill('auth.login_failed'), 'auth.locked', 'auth.login_failed']);
      // An administrator above can unlock; the account then signs in.
      const admin = await t.login('demo-province');
      const city = (await admin.get('/api/v1/users?keyword=demo-city')).body.items[0];
      expect(city.lockedUntil).not.toBeNull();
      expect((await admin.post(`/api/v1/users/${city.id}/unlock`)).status).toBe(204);
      expect((await t.anonymous().post('/api/v1/auth/login', { username: 'demo-city', password: TEST_PASSWORD })).status).toBe(200);
    });
  });

  describe('sessions', () => {
    it('returns the current user and refuses after logout', async () => {
      const s = await t.login('demo-village');
      const me = await s.get('/api/v1/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.user.username).toBe('demo-village');
      expect(me.body.csrfToken).toBe(s.csrf);
      expect((await s.post('/api/v1/auth/logout')).status).toBe(204);
      expect((await s.get('/api/v1/auth/me')).status).toBe(401);
    });

    it('requires the CSRF token on state-changing requests made with the cookie', async () => {
      const admin = await t.login('demo-province');
      const missing = await admin.request('POST', '/api/v1/api-tokens', { name: 'x', regionCode: '22', permissions: ['region.read'] }, { csrf: null });
      expect(missing.status).toBe(403);
      expect(missing.body.code).toBe('CSRF');
      const wrong = await admin.request('POST', '/api/v1/api-tokens', { name: 'x', regionCode: '22', permissions: ['region.read'] }, { csrf: 'forged' });
      expect(wrong.status).toBe(403);
      const tokens = await admin.get('/api/v1/api-tokens');
      expect(tokens.body.items).toHaveLength(0); // nothing was created by the refused requests
    });

    it('expires a session after 30 idle minutes', async () => {
      const s = await t.login('demo-county');
      expect((await s.get('/api/v1/auth/me')).status).toBe(200);
      await t.db.transaction((tx) => tx.run(sql`UPDATE iam_session SET last_seen_at = now() - interval '31 minutes' WHERE user_id = ${s.user.id}`));
      expect((await s.get('/api/v1/auth/me')).status).toBe(401);
    });
  });

  describe('API tokens', () => {
    it('authenticates integrations by bearer token with the token\'s own scope and permissions, until revoked', async () => {
      const admin = await t.login('demo-province');
      const created = await admin.post('/api/v1/api-tokens', { name: '低保数据交换', regionCode: '220105', permissions: ['region.read', 'user.read'] });
      expect(created.status).toBe(201);
      expect(created.body.token).toMatch(/^mzt_/);
      const bearer = { authorization: `Bearer ${created.body.token}` };
      const users = await t.anonymous().request('GET', '/api/v1/users', undefined, { headers: bearer });
      expect(users.status).toBe(200);
      // Only users inside 二道区 (220105), although the creator sees the whole province.
      expect(users.body.items.map((u: any) => u.username).sort()).toEqual(['demo-carehome', 'demo-county', 'demo-county-clerk', 'demo-county-reviewer', 'demo-township', 'demo-township-head', 'demo-township-leader', 'demo-township2', 'demo-village']);
      // No CSRF for bearer tokens, but no permission it was not given either.
      const write = await t.anonymous().request('POST', '/api/v1/api-tokens', { name: 'y', regionCode: '220105', permissions: ['region.read'] }, { headers: bearer });
      expect(write.status).toBe(403);
      // The secret is stored only as a hash.
      const stored = await t.db.transaction((tx) => tx.rows<{ token_hash: string }>(sql`SELECT token_hash FROM iam_api_token`));
      expect(stored[0]!.token_hash).not.toContain(created.body.token.slice(4, 20));
      expect((await admin.delete(`/api/v1/api-tokens/${created.body.item.id}`)).status).toBe(204);
      expect((await t.anonymous().request('GET', '/api/v1/users', undefined, { headers: bearer })).status).toBe(401);
    });

    it('cannot grant more than the creator holds', async () => {
      const admin = await t.login('demo-province');
      const res = await admin.post('/api/v1/api-tokens', { name: '越权', regionCode: '22', permissions: ['case.approve'] });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].path).toBe('permissions');
    });
  });
});
