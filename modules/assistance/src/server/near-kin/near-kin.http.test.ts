import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../../apps/server/src/testing/test-app.ts';

// Valid GB 11643 numbers (check digits computed), 二道区 address code.
const WANG_FANG = '220105197208230041'; // female, 1972-08-23, lives in 岭东社区 (荣光街道)
const LI_QIANG = '220105197006150035'; // male, 1970-06-15, lives in 东盛街道
const SUN_PING = '220105199503010059';

const person = (idNumber: string, name: string, regionCode: string) => ({
  idNumber, name, hukouRegionCode: regionCode, hukouType: 'urban', regionCode, address: '示例路 1 号',
});

describe.each(testEngines())('近亲属备案 over HTTP (%s)', (engine) => {
  let t: TestApp;
  let county: HttpSession; // demo-county: 二道区 approver — keeps the register (assistance.params)
  let township: HttpSession; // demo-township: 荣光街道 clerk + reviewer — reads it
  let neighbour: HttpSession; // demo-township2: 东盛街道 clerk + reviewer
  const persons: Record<string, string> = {};
  const entries: Record<string, any> = {};

  beforeAll(async () => {
    t = await startTestApp(engine);
    [county, township, neighbour] = await Promise.all([t.login('demo-county'), t.login('demo-township'), t.login('demo-township2')]);
    for (const [key, session, body] of [
      ['wang', township, person(WANG_FANG, '王芳', '220105003005')],
      ['sun', township, person(SUN_PING, '孙平', '220105003005')],
      ['li', neighbour, person(LI_QIANG, '李强', '220105001002')],
    ] as const) {
      const res = await session.post('/api/v1/registry/persons', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      persons[key] = res.body.id;
    }
  });
  afterAll(async () => { await t?.close(); });

  it('lets the county register a committee member\'s relative, masked, and audits it', async () => {
    const res = await county.post('/api/v1/assistance/near-kin', {
      officialName: '李委员', officialRole: 'committee_member', relativePersonId: persons.wang, relation: 'sibling', regionCode: '220105003005',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      officialName: '李委员', officialRole: 'committee_member', officialRoleName: '村（居）委会成员', officialUserId: null,
      regionCode: '220105003005', regionName: '岭东社区', relativePersonId: persons.wang, relativeName: '王芳',
      relativeIdMasked: '2201**********0041', relation: 'sibling', relationName: '兄弟姐妹', createdByName: '区民政局审批员', removedAt: null,
    });
    expect(JSON.stringify(res.body)).not.toContain(WANG_FANG);
    entries.committee = res.body;
    const [audit] = await t.db.transaction((tx) => tx.rows<{ action: string; actor_name: string; region_code: string; summary: string }>(sql`
      SELECT action, actor_name, region_code, summary FROM audit_log WHERE entity_id = ${res.body.id}`));
    expect(audit).toEqual({
      action: 'assistance.near_kin_add', actor_name: '区民政局审批员', region_code: '220105003005',
      summary: '近亲属备案：李委员（村（居）委会成员）的兄弟姐妹 王芳（2201**********0041）',
    });
  });

  it('files a case worker at the registrar\'s own region by default', async () => {
    const res = await county.post('/api/v1/assistance/near-kin', { officialName: '张经办', officialRole: 'case_worker', relativePersonId: persons.li, relation: 'spouse' });
    expect([res.status, res.body.regionCode, res.body.regionName]).toEqual([201, '220105000000', '二道区']);
    entries.caseWorker = res.body;
  });

  it('shows each official the entries of posts in their jurisdiction', async () => {
    const names = async (session: HttpSession) => {
      const res = await session.get('/api/v1/assistance/near-kin');
      expect(res.status).toBe(200);
      return res.body.items.map((e: any) => e.officialName).sort();
    };
    expect(await names(county)).toEqual(['张经办', '李委员']);
    expect(await names(township)).toEqual(['李委员']);
    expect(await names(neighbour)).toEqual([]);
    const filtered = await county.get(`/api/v1/assistance/near-kin?personId=${persons.li}`);
    expect(filtered.body).toMatchObject({ total: 1, items: [{ officialName: '张经办', relativeIdMasked: '2201**********0035' }] });
  });

  it('keeps registration to holders of assistance.params', async () => {
    const res = await township.post('/api/v1/assistance/near-kin', { officialName: '赵经办', officialRole: 'case_worker', relativePersonId: persons.sun, relation: 'parent' });
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await township.delete(`/api/v1/assistance/near-kin/${entries.committee.id}`)).status).toBe(403);
    expect((await t.anonymous().get('/api/v1/assistance/near-kin')).status).toBe(401);
  });

  it.each([
    [{ relation: 'cousin' }, 400, 'relation', '近亲属关系应为：spouse（配偶）、parent（父母）、child（子女）、sibling（兄弟姐妹）、grandparent（祖父母、外祖父母）、grandchild（孙子女、外孙子女）（民法典第一千零四十五条）'],
    [{ officialRole: 'mayor' }, 400, 'officialRole', '工作人员身份应为：case_worker（低保经办人员）、committee_member（村（居）委会成员）'],
    [{ officialName: '  ' }, 400, 'officialName', '请填写工作人员姓名'],
    [{ relativePersonId: 'x' }, 400, 'relativePersonId', '请从人口库选择近亲属'],
    // 南关区 is outside 二道区.
    [{ regionCode: '220102' }, 422, 'regionCode', '任职区划超出您的管辖范围'],
  ])('refuses %j with a Chinese message at the field', async (patch, status, path, message) => {
    const body = { officialName: '赵经办', officialRole: 'case_worker', relativePersonId: persons.sun, relation: 'parent', ...patch };
    const res = await county.post('/api/v1/assistance/near-kin', body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.errors).toContainEqual({ path, message });
  });

  it('refuses a second current entry for the same official and relative', async () => {
    const res = await county.post('/api/v1/assistance/near-kin', {
      officialName: '李委员', officialRole: 'committee_member', relativePersonId: persons.wang, relation: 'sibling', regionCode: '220105003005',
    });
    expect([res.status, res.body.title]).toEqual([409, '该近亲属备案已存在']);
  });

  it('removes an entry softly: gone from the list, kept in the history, refused twice', async () => {
    const id = entries.caseWorker.id;
    expect((await county.delete(`/api/v1/assistance/near-kin/${id}`)).status).toBe(204);
    expect((await county.get('/api/v1/assistance/near-kin')).body.items.map((e: any) => e.id)).not.toContain(id);
    const history = await county.get(`/api/v1/assistance/near-kin?includeRemoved=true&personId=${persons.li}`);
    expect(history.body.items).toMatchObject([{ id, removedByName: '区民政局审批员', removedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }]);
    const again = await county.delete(`/api/v1/assistance/near-kin/${id}`);
    expect([again.status, again.body.title]).toEqual([409, '该近亲属备案已撤销']);
    const unknown = await county.delete('/api/v1/assistance/near-kin/00000000-0000-4000-8000-000000000000');
    expect([unknown.status, unknown.body.title]).toEqual([404, '备案不存在或不在本辖区']);
  });
});
