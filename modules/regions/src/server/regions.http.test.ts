import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';

describe.each(testEngines())('region API on %s', (engine) => {
  let t: TestApp;
  let s: HttpSession;
  beforeAll(async () => { t = await startTestApp(engine); s = await t.login('demo-village'); });
  afterAll(async () => { await t?.close(); });

  it('describes a region with its full ancestor path, from any code length', async () => {
    for (const code of ['220105003005']) {
      const res = await s.get(`/api/v1/regions/${code}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        code: '220105003005', name: '岭东社区', level: 5, parentCode: '220105003000', hasChildren: false,
        path: [
          { code: '220000000000', name: '吉林省', level: 1 }, { code: '220100000000', name: '长春市', level: 2 },
          { code: '220105000000', name: '二道区', level: 3 }, { code: '220105003000', name: '荣光街道', level: 4 },
        ],
      });
    }
    const short = await s.get('/api/v1/regions/220105003');
    expect(short.body).toMatchObject({ code: '220105003000', name: '荣光街道', level: 4, hasChildren: true });
  });

  it('lists children in code order with whether they have children', async () => {
    const res = await s.get('/api/v1/regions/220105/children');
    expect(res.status).toBe(200);
    const names = res.body.items.map((r: any) => r.name);
    expect(names.slice(0, 3)).toEqual(['东盛街道', '吉林街道', '荣光街道']);
    expect(res.body.items.every((r: any) => r.level === 4 && r.hasChildren)).toBe(true);
    const villages = await s.get('/api/v1/regions/220105003000/children');
    expect(villages.body.items.find((r: any) => r.code === '220105003005')).toEqual({ code: '220105003005', name: '岭东社区', level: 5, hasChildren: false });
  });

  it('starts the cascader at the user\'s home region', async () => {
    const res = await s.get('/api/v1/regions/roots');
    expect(res.body.items).toEqual([{ code: '220105003005', name: '岭东社区', level: 5, hasChildren: false }]);
  });

  it.each([
    ['2201050030', 422, 'INVALID'], // 10 digits is no level
    ['22010500300x', 422, 'INVALID'],
    ['990000', 404, 'NOT_FOUND'],
  ])('answers %s with %i %s', async (code, status, problem) => {
    const res = await s.get(`/api/v1/regions/${code}`);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(problem);
  });
});
