import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { createHousehold, createPerson, PROPERTY_NONE, seedParams, today } from './assistance.testing.ts';

// 政策参数: effective-dated rows per region, inherited downwards, never edited.

describe.each(testEngines())('policy parameters over HTTP on %s', (engine) => {
  let t: TestApp;
  let village: HttpSession;
  let township: HttpSession;
  let county: HttpSession;
  let dongsheng: HttpSession;

  const effective = async (session: HttpSession, query: string) => {
    const res = await session.get(`/api/v1/assistance/params?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return Object.fromEntries(res.body.items.map((i: any) => [i.key, i]));
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    [village, township, county, dongsheng] = await Promise.all(['demo-village', 'demo-township', 'demo-county', 'demo-township2'].map((u) => t.login(u)));
  });
  afterAll(async () => { await t?.close(); });

  it('before any region sets a value: catalog defaults, and required keys shown unset', async () => {
    const p = await effective(village, '');
    expect(p['dibao.standard.urban']).toMatchObject({ source: 'unset', value: null, id: null, name: '城市最低生活保障标准（元/人·月）', unit: 'fen' });
    expect(p['dibao.confirmingLevel']).toMatchObject({ source: 'default', value: 'county', inherited: true, basis: expect.stringContaining('低保办法第二条') });
  });

  it('resolves the nearest region\'s row in force on the date, marking inherited values', async () => {
    await seedParams(t.db);
    const mid2026 = await effective(village, 'regionCode=220105003005&on=2026-06-01');
    expect(mid2026['dibao.standard.urban']).toMatchObject({ value: 82_000, regionCode: '220100000000', regionName: '长春市', effectiveFrom: '2026-01-01', inherited: true, source: 'row' });
    const mid2025 = await effective(village, 'regionCode=220105003005&on=2025-06-01');
    expect(mid2025['dibao.standard.urban'].value).toBe(79_000);
    // 二道区 overrides the province's severe-disability ratio from 2025-07-01.
    const county2025 = await effective(county, 'regionCode=220105&on=2025-08-01');
    expect(county2025['dibao.supplement.severe_disability.ratio']).toMatchObject({ value: '0.35', regionName: '二道区', inherited: false });
    // A township reads the regions above it; a neighbour's are refused.
    expect((await township.get('/api/v1/assistance/params?regionCode=220105')).status).toBe(200);
    expect((await dongsheng.get('/api/v1/assistance/params?regionCode=220105003')).status).toBe(404);
  });

  it('appends a row for a region in scope, audited; the history shows every row that bears on the region', async () => {
    const res = await county.post('/api/v1/assistance/params', { regionCode: '220105', key: 'dibao.standard.urban', value: 85_000, effectiveFrom: '2026-12-01', note: '二道区自定城市低保标准' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ regionCode: '220105000000', regionName: '二道区', key: 'dibao.standard.urban', value: 85_000, effectiveFrom: '2026-12-01', createdByName: '区民政局审批员' });
    const audit = await t.db.transaction((tx) => tx.rows<{ summary: string; region_code: string }>(sql`SELECT summary, region_code FROM audit_log WHERE action = 'assistance.param_create'`));
    expect(audit).toEqual([{ summary: '设置政策参数（低保）「城市最低生活保障标准（元/人·月）」= 85000，二道区，自 2026-12-01 起', region_code: '220105000000' }]);

    const december = await effective(village, 'regionCode=220105003005&on=2026-12-01');
    expect(december['dibao.standard.urban']).toMatchObject({ value: 85_000, regionName: '二道区', inherited: true });
    const november = await effective(village, 'regionCode=220105003005&on=2026-11-30');
    expect(november['dibao.standard.urban'].value).toBe(82_000);

    const history = await village.get('/api/v1/assistance/params/history?regionCode=220105003005&key=dibao.standard.urban');
    expect(history.body.items.map((r: any) => [r.effectiveFrom, r.regionName, r.value])).toEqual([
      ['2026-12-01', '二道区', 85_000], ['2026-01-01', '长春市', 82_000], ['2026-01-01', '吉林省', 75_000],
      ['2025-01-01', '长春市', 79_000], ['2025-01-01', '吉林省', 72_000],
    ]);
  });

  it.each([
    [{ key: 'dibao.standard.town' }, 'key', '没有这个政策参数'],
    [{ value: '八百元' }, 'value', '应为以分为单位的整数'],
    [{ value: 820.5 }, 'value', '应为以分为单位的整数'],
    [{ key: 'tekun.basic.ratio', value: '1,3' }, 'value', '应为不带符号的十进制小数，如 0.2、1.5'],
    [{ key: 'dibao.confirmingLevel', value: 'city' }, 'value', '应为 county（县级）或 township（乡镇）'],
    [{ effectiveFrom: '2026-02-30' }, 'effectiveFrom', '生效日期应为有效日期（YYYY-MM-DD）'],
  ])('refuses %j with a Chinese message at the field', async (patch, path, message) => {
    const res = await county.post('/api/v1/assistance/params', { regionCode: '220105', key: 'dibao.standard.urban', value: 86_000, effectiveFrom: '2027-01-01', note: '', ...patch });
    expect([400, 422]).toContain(res.status);
    expect(res.body.errors).toContainEqual({ path, message });
  });

  it('refuses a region outside scope, a second row on the same day, and officials without the permission', async () => {
    const outside = await county.post('/api/v1/assistance/params', { regionCode: '220104', key: 'dibao.standard.urban', value: 86_000, effectiveFrom: '2027-01-01' });
    expect(outside.status).toBe(422);
    expect(outside.body.errors).toEqual([{ path: 'regionCode', message: '只能为本辖区设置政策参数' }]);
    const again = await county.post('/api/v1/assistance/params', { regionCode: '220105', key: 'dibao.standard.urban', value: 86_000, effectiveFrom: '2026-12-01' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'PARAM_EXISTS', title: '该区划该参数在这一天已有设置' });
    expect((await township.post('/api/v1/assistance/params', { regionCode: '220105003', key: 'dibao.standard.urban', value: 86_000, effectiveFrom: '2027-01-01' })).status).toBe(403);
  });

  it('the database itself keeps rows unedited and out-of-scope rows unwritable for the app role', async () => {
    const scope = { actorId: null, regionCode: '220105000000' };
    await expect(t.db.transaction((tx) => tx.run(sql`UPDATE assistance_policy_param SET value = '1'::jsonb`), { scope })).rejects.toMatchObject({ code: '42501' });
    await expect(t.db.transaction((tx) => tx.run(sql`
      INSERT INTO assistance_policy_param (region_code, key, value, effective_from) VALUES ('220104000000', 'dibao.standard.urban', '1'::jsonb, '2027-01-01')`), { scope }))
      .rejects.toMatchObject({ code: '42501' });
    // A township's transaction reads its ancestors' rows, not a neighbour county's.
    const seen = await t.db.transaction((tx) => tx.rows<{ region_code: string }>(sql`SELECT DISTINCT region_code FROM assistance_policy_param ORDER BY 1`), { scope: { actorId: null, regionCode: '220105003000' } });
    expect(seen.map((r) => r.region_code)).toEqual(['220000000000', '220100000000', '220105000000']);
  });

  it('a township delegated to confirm 低保 gets cases with a 20-working-day limit', async () => {
    const res = await county.post('/api/v1/assistance/params', { regionCode: '220105003', key: 'dibao.confirmingLevel', value: 'township', effectiveFrom: today(), note: '授权荣光街道审核确认' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const head = await createPerson(township, { name: '马永福', birth: '19660606' });
    const h = await createHousehold(township, [head]);
    const c = await township.post('/api/v1/assistance/cases', {
      programme: 'dibao', householdId: h.id, applicantPersonId: head.id, applicationDate: today(), authorizationSigned: true, pledgeSigned: true,
      hukouType: 'urban', incomes: [], deductions: [], property: PROPERTY_NONE, categories: [],
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.settings).toMatchObject({ confirmingLevel: 'township', totalWorkingDays: 20 });
  });
});
