import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines, type HttpSession } from '@mz/testing';
import { seedDemoAssistanceParams } from '@mz/assistance/server';
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
  const targets = { userId: '', tokenId: '', personId: '', householdId: '', memberId: '', caseId: '', nearKinId: '', secrets: [] as string[] };

  const snapshot = () => t.db.transaction((tx) => tx.rows(sql`
    SELECT u.username, u.display_name, u.region_code, u.status, u.password_hash, u.locked_until,
           (SELECT array_agg(role_code ORDER BY role_code) FROM iam_user_role r WHERE r.user_id = u.id) AS roles,
           (SELECT count(*) FROM iam_api_token k WHERE k.region_code >= '220105003000' AND k.region_code < '220105004000' AND k.revoked_at IS NULL)::int AS tokens
    FROM iam_user u WHERE u.region_code >= '220105003000' AND u.region_code < '220105004000' ORDER BY u.username`));

  const registrySnapshot = () => t.db.transaction((tx) => tx.rows(sql`
    SELECT p.name, p.region_code, p.version, p.status,
      (SELECT count(*)::int FROM registry_household_member m WHERE m.person_id = p.id) AS memberships
    FROM registry_person p WHERE p.region_code >= '220105003000' AND p.region_code < '220105004000' ORDER BY p.id`));

  // 社会救助 of 荣光街道: cases (engine and business rows), decisions, parameters, near-kin entries, spot checks.
  const assistanceSnapshot = () => t.db.transaction((tx) => tx.rows(sql`
    SELECT w.case_no, w.state, w.version, w.flags, w.events, a.amount_fen::text AS amount, a.economics, a.start_month,
      (SELECT count(*)::int FROM workflow_decision d WHERE d.case_id = w.id) AS decisions,
      (SELECT count(*)::int FROM assistance_case x JOIN workflow_case y ON y.id = x.id WHERE x.region_code >= '220105003000' AND x.region_code < '220105004000') AS cases,
      (SELECT count(*)::int FROM assistance_policy_param) AS params,
      (SELECT count(*)::int FROM assistance_near_kin k WHERE k.removed_at IS NULL) AS near_kin,
      (SELECT count(*)::int FROM assistance_spot_check) AS draws
    FROM workflow_case w JOIN assistance_case a ON a.id = w.id
    WHERE w.region_code >= '220105003000' AND w.region_code < '220105004000' ORDER BY w.case_no`));

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
    // A 荣光街道 低保 case (accepted, so a leaked step would move it) and a near-kin entry.
    await seedDemoAssistanceParams(t.db);
    const filed = await rongguangClerk.post('/api/v1/assistance/cases', {
      programme: 'dibao', householdId: targets.householdId, applicantPersonId: targets.personId, applicationDate: '2026-11-20',
      authorizationSigned: true, pledgeSigned: true, hukouType: 'urban', incomes: [], deductions: [], categories: [],
      property: { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    targets.caseId = filed.body.id;
    expect((await rongguangClerk.post(`/api/v1/assistance/cases/${targets.caseId}/actions/accept`, { version: 1 })).status).toBe(200);
    const kin = await (await t.login('demo-county')).post('/api/v1/assistance/near-kin', {
      officialName: '岭东社区委员', officialRole: 'committee_member', relativePersonId: targets.personId, relation: 'sibling', regionCode: '220105003005',
    });
    expect(kin.status, JSON.stringify(kin.body)).toBe(201);
    targets.nearKinId = kin.body.id;
    targets.secrets = [...users.map((u: any) => u.id), '"demo-township"', 'demo-village', targets.tokenId, '2201050030',
      targets.personId, targets.householdId, '荣光居民', '2201**********0063', '岭东路 8 号', targets.caseId, filed.body.caseNo, targets.nearKinId];
    township2 = await t.login('demo-township2');
    dongshengAdmin = await t.login('dongsheng-admin', 'Dongsheng-2026');
  });
  afterAll(async () => { await t?.close(); });

  function concrete(url: string) {
    const id = url.includes('api-tokens') ? targets.tokenId
      : url.includes('registry/persons') ? targets.personId
      : url.includes('registry/households') ? targets.householdId
      : url.includes('assistance/cases') ? targets.caseId
      : url.includes('assistance/near-kin') ? targets.nearKinId
      : targets.userId;
    return url.replace(':id', id).replace(':memberId', targets.memberId).replace(':action', 'start_investigation').replace(':code', RONGGUANG).replace('*', '');
  }

  const body = {
    regionCode: RONGGUANG, displayName: '越权修改', roles: ['clerk'], status: 'disabled', password: 'Leak-test-2026',
    username: 'leak-test', name: '越权令牌', permissions: ['region.read'], oldPassword: 'x', newPassword: 'Leak-test-2026',
    // registry bodies aimed at 荣光街道
    version: 1, idNumber: '220105198511110063', hukouRegionCode: RONGGUANG, hukouType: 'urban', address: '越权地址',
    headPersonId: '00000000-0000-4000-8000-000000000000', members: [], personId: '00000000-0000-4000-8000-000000000000', relation: '20',
    validFrom: '2026-01-01', validTo: '2026-02-01', reason: '越权', personIds: ['00000000-0000-4000-8000-000000000000'], date: '2026-02-01',
    intoHouseholdId: '00000000-0000-4000-8000-000000000000',
    // 社会救助 bodies aimed at 荣光街道: filing for its household, parameters and a spot check for its
    // county, a near-kin entry for its resident, a calculation in its region
    programme: 'dibao', applicationDate: '2026-11-20', authorizationSigned: true, pledgeSigned: true, incomes: [], deductions: [], categories: [],
    property: { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 },
    key: 'dibao.standard.urban', value: 100_000, effectiveFrom: '2027-01-01', note: '越权', countyCode: '220105', month: '2026-12',
    officialName: '越权', officialRole: 'committee_member', data: {}, opinion: '越权',
  };

  it.each(['township2', 'dongshengAdmin'])('as %s, no route returns or changes 荣光街道 data', async (who) => {
    const session = who === 'township2' ? township2 : dongshengAdmin;
    const before = [await snapshot(), await registrySnapshot(), await assistanceSnapshot()];
    const routes = t.app.registeredRoutes.filter((r) => !NOT_BUSINESS.test(r.url) && r.url !== '/api/v1/auth/logout' && r.url.startsWith('/api/'));
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const route of routes) {
      const url = concrete(route.url) + (route.method === 'GET' ? `?regionCode=220105003&programme=dibao&key=dibao.standard.urban` : '');
      const aimed = { ...body, householdId: targets.householdId, applicantPersonId: targets.personId, relativePersonId: targets.personId };
      const res = await session.request(route.method, url, route.method === 'GET' || route.method === 'DELETE' ? undefined : aimed);
      const text = JSON.stringify(res.body ?? '');
      if (res.status < 300 && !PUBLIC_REFERENCE.test(route.url)) {
        for (const secret of targets.secrets) {
          expect(text, `${who} ${route.method} ${url} leaked ${secret}`).not.toContain(secret);
        }
      }
      expect(res.status, `${who} ${route.method} ${url}`).not.toBe(500);
    }
    expect([await snapshot(), await registrySnapshot(), await assistanceSnapshot()]).toEqual(before);
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

  it('cannot file for, act on, read or print 荣光街道 assistance cases', async () => {
    const filing = await township2.post('/api/v1/assistance/cases', {
      ...body, householdId: targets.householdId, applicantPersonId: targets.personId, hukouType: 'urban',
    });
    expect(filing.status).toBe(404);
    const linshi = await township2.post('/api/v1/assistance/cases', {
      programme: 'linshi', personId: targets.personId, applicantPersonId: targets.personId, applicationDate: '2026-11-20', authorizationSigned: true,
      pledgeSigned: true, type: 'emergency', incidentRegionCode: '220105003005', incidentDate: '2026-11-20', description: '越权', requestedFen: 100, advance: false,
    });
    expect(linshi.status).toBe(422);
    expect((await township2.post(`/api/v1/assistance/cases/${targets.caseId}/actions/start_investigation`, { version: 2 })).status).toBe(404);
    expect((await township2.get(`/api/v1/assistance/cases/${targets.caseId}`)).status).toBe(404);
    expect((await township2.get(`/api/v1/assistance/cases/${targets.caseId}/notice.pdf`)).status).toBe(404);
    expect((await township2.get('/api/v1/assistance/cases?regionCode=220105003')).body).toEqual({ items: [], total: 0 });
    expect((await township2.get('/api/v1/assistance/queue')).body).toEqual({ items: [] });
    expect((await township2.get('/api/v1/assistance/params?regionCode=220105003')).status).toBe(404);
    expect((await township2.get('/api/v1/assistance/publicity.pdf?regionCode=220105003005&programme=dibao')).status).toBe(404);
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
