import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from './testing/test-app.ts';

// 东盛街道 (220105001) must not read or change anything of 荣光街道 (220105003) through any route.
// The test walks every registered route, so a route added later is covered without editing it.

const RONGGUANG = '220105003000';
const PUBLIC_REFERENCE = /^\/api\/v1\/regions\//; // the NBS code book: names only, no personal data
const NOT_BUSINESS = /^\/api\/(docs|health)/;

describe.each(testEngines())('jurisdiction isolation on %s', (engine) => {
  let t: TestApp;
  let township2: HttpSession;
  let dongshengAdmin: HttpSession;
  const targets = { userId: '', tokenId: '', personId: '', householdId: '', memberId: '', secrets: [] as string[] };

  const snapshot = () => t.db.transaction((tx) => tx.rows(sql`
    SELECT u.username, u.display_name, u.region_code, u.status, u.password_hash, u.locked_until,
           (SELECT array_agg(role_code ORDER BY role_code) FROM iam_user_role r WHERE r.user_id = u.id) AS roles,
           (SELECT count(*) FROM iam_api_token k WHERE k.region_code >= '220105003000' AND k.region_code < '220105004000' AND k.revoked_at IS NULL)::int AS tokens
    FROM iam_user u WHERE u.region_code >= '220105003000' AND u.region_code < '220105004000' ORDER BY u.username`));

  const registrySnapshot = () => t.db.transaction((tx) => tx.rows(sql`
    SELECT p.name, p.region_code, p.version, p.status,
      (SELECT count(*)::int FROM registry_household_member m WHERE m.person_id = p.id) AS memberships
    FROM registry_person p WHERE p.region_code >= '220105003000' AND p.region_code < '220105004000' ORDER BY p.id`));

  beforeAll(async () => {
    t = await startTestApp(engine);
    const province = await t.login('demo-province');
    // Give 东盛 an administrator too, so the matrix also runs with every permission a township can hold.
    const created = await province.post('/api/v1/users', { username: 'dongsheng-admin', displayName: '东盛街道管理员', regionCode: '220105001', roles: ['admin', 'auditor', 'clerk'], password: 'Dongsheng-2026' });
    expect(created.status).toBe(201);
    const token = await province.post('/api/v1/api-tokens', { name: '荣光街道对接', regionCode: '220105003', permissions: ['region.read'] });
    targets.tokenId = token.body.item.id;
    const users = (await province.get('/api/v1/users?regionCode=220105003')).body.items;
    targets.userId = users.find((u: any) => u.username === 'demo-township').id;
    // A 荣光街道 person and household to aim at.
    const rongguangClerk = await t.login('demo-township');
    const p = await rongguangClerk.post('/api/v1/registry/persons', { idNumber: '220105198511110063', name: '荣光居民', hukouRegionCode: '220105003005', hukouType: 'urban' });
    expect(p.status).toBe(201);
    const h = await rongguangClerk.post('/api/v1/registry/households', { regionCode: '220105003005', address: '岭东路 8 号', headPersonId: p.body.id, members: [] });
    targets.personId = p.body.id;
    targets.householdId = h.body.id;
    targets.memberId = h.body.members[0].memberId;
    targets.secrets = [...users.map((u: any) => u.id), '"demo-township"', 'demo-village', targets.tokenId, '2201050030',
      targets.personId, targets.householdId, '荣光居民', '2201**********0063', '岭东路 8 号'];
    township2 = await t.login('demo-township2');
    dongshengAdmin = await t.login('dongsheng-admin', 'Dongsheng-2026');
  });
  afterAll(async () => { await t?.close(); });

  function concrete(url: string) {
    const id = url.includes('api-tokens') ? targets.tokenId
      : url.includes('registry/persons') ? targets.personId
      : url.includes('registry/households') ? targets.householdId
      : targets.userId;
    return url.replace(':id', id).replace(':memberId', targets.memberId).replace(':code', RONGGUANG).replace('*', '');
  }

  const body = {
    regionCode: RONGGUANG, displayName: '越权修改', roles: ['clerk'], status: 'disabled', password: 'Leak-test-2026',
    username: 'leak-test', name: '越权令牌', permissions: ['region.read'], oldPassword: 'x', newPassword: 'Leak-test-2026',
    // registry bodies aimed at 荣光街道
    version: 1, idNumber: '220105198511110063', hukouRegionCode: RONGGUANG, hukouType: 'urban', address: '越权地址',
    headPersonId: '00000000-0000-4000-8000-000000000000', members: [], personId: '00000000-0000-4000-8000-000000000000', relation: '20',
    validFrom: '2026-01-01', validTo: '2026-02-01', reason: '越权', personIds: ['00000000-0000-4000-8000-000000000000'], date: '2026-02-01',
    intoHouseholdId: '00000000-0000-4000-8000-000000000000',
  };

  it.each(['township2', 'dongshengAdmin'])('as %s, no route returns or changes 荣光街道 data', async (who) => {
    const session = who === 'township2' ? township2 : dongshengAdmin;
    const before = [await snapshot(), await registrySnapshot()];
    const routes = t.app.registeredRoutes.filter((r) => !NOT_BUSINESS.test(r.url) && r.url !== '/api/v1/auth/logout' && r.url.startsWith('/api/'));
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const route of routes) {
      const url = concrete(route.url) + (route.method === 'GET' ? `?regionCode=220105003` : '');
      const res = await session.request(route.method, url, route.method === 'GET' || route.method === 'DELETE' ? undefined : body);
      const text = JSON.stringify(res.body ?? '');
      if (res.status < 300 && !PUBLIC_REFERENCE.test(route.url)) {
        for (const secret of targets.secrets) {
          expect(text, `${who} ${route.method} ${url} leaked ${secret}`).not.toContain(secret);
        }
      }
      expect(res.status, `${who} ${route.method} ${url}`).not.toBe(500);
    }
    expect([await snapshot(), await registrySnapshot()]).toEqual(before);
  });

  it('lists and audit queries aimed at 荣光街道 come back empty or refused', async () => {
    const users = await dongshengAdmin.get('/api/v1/users?regionCode=220105003');
    expect(users.status).toBe(200);
    expect(users.body).toEqual({ items: [], total: 0 });
    const audit = await dongshengAdmin.get('/api/v1/audit?regionCode=220105003');
    expect(audit.body).toEqual({ items: [], total: 0 });
    expect((await dongshengAdmin.get(`/api/v1/users`)).body.items.map((u: any) => u.username).sort()).toEqual(['demo-township2', 'dongsheng-admin']);
    expect((await township2.get('/api/v1/users')).status).toBe(403); // a clerk has no user.read at all
  });

  it('cannot create a user or token inside 荣光街道', async () => {
    const user = await dongshengAdmin.post('/api/v1/users', { ...body, username: 'planted-user' });
    expect(user.status).toBe(422);
    expect(user.body.errors[0]).toMatchObject({ path: 'regionCode' });
    const token = await dongshengAdmin.post('/api/v1/api-tokens', { name: '越权', regionCode: RONGGUANG, permissions: ['region.read'] });
    expect(token.status).toBe(422);
    const patch = await dongshengAdmin.patch(`/api/v1/users/${targets.userId}`, { status: 'disabled' });
    expect(patch.status).toBe(404);
  });
});
