import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';

// Valid GB 11643 numbers (check digits computed), 二道区 address code.
const ZHANG_WEI = '220105198001010011'; // male, 1980-01-01
const LI_NA = '220105198202020021'; // female, 1982-02-02
const CHILD = '220105201003030037'; // male, 2010-03-03
const GRANDMA = '220105195004040044'; // female, 1950-04-04
const OTHER = '220105199005050058'; // male, 1990-05-05

const person = (idNumber: string, name: string, extra: Record<string, unknown> = {}) => ({
  idNumber, name, hukouRegionCode: '220105003005', hukouType: 'urban', regionCode: '220105003005', address: '岭东路 1 号', ...extra,
});

describe.each(testEngines())('registry persons and households on %s', (engine) => {
  let t: TestApp;
  let clerk: HttpSession; // demo-township: 荣光街道, clerk + reviewer
  let other: HttpSession; // demo-township2: 东盛街道
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(engine);
    clerk = await t.login('demo-township');
    other = await t.login('demo-township2');
    for (const [key, id, name, extra] of [
      ['zw', ZHANG_WEI, '张伟', { phone: '13812345678', bankName: '中国农业银行', bankAccount: '6228480012345678901', healthNotes: '高血压' }],
      ['ln', LI_NA, '李娜', {}], ['child', CHILD, '张小明', {}], ['grandma', GRANDMA, '王秀英', {}],
    ] as const) {
      const res = await clerk.post('/api/v1/registry/persons', person(id, name, extra));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[key] = res.body.id;
    }
  });
  afterAll(async () => { await t?.close(); });

  describe('persons', () => {
    it('derives sex and birth date from the ID number and masks sensitive values', async () => {
      const res = await clerk.get(`/api/v1/registry/persons/${ids.zw}`);
      expect(res.body).toMatchObject({
        name: '张伟', sex: 'male', birthDate: '1980-01-01', idNumberMasked: '2201**********0011', phoneMasked: '138****5678',
        bankAccountMasked: '6228***********8901', regionName: '岭东社区', hukouRegionName: '岭东社区', status: 'alive', version: 1,
      });
      expect(JSON.stringify(res.body)).not.toContain('220105198001010011');
      expect(JSON.stringify(res.body)).not.toContain('高血压');
    });

    it('stores ID numbers, phones, bank accounts and health notes only encrypted', async () => {
      const [row] = await t.db.transaction((tx) => tx.rows<Record<string, string>>(sql`
        SELECT id_cipher, id_hash, phone_cipher, bank_account_cipher, health_cipher FROM registry_person WHERE name = '张伟'`));
      const dump = JSON.stringify(row);
      for (const secret of ['198001010011', '13812345678', '6228480012345678901']) expect(dump).not.toContain(secret);
      expect(row!.id_cipher).toMatch(/^v1\./);
    });

    it('shows the full record only with the permission, and audits every full view', async () => {
      const full = await clerk.get(`/api/v1/registry/persons/${ids.zw}/full`);
      expect(full.body).toMatchObject({ idNumber: ZHANG_WEI, phone: '13812345678', bankAccount: '6228480012345678901', healthNotes: '高血压' });
      const audit = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`SELECT summary FROM audit_log WHERE action = 'person.view_full'`));
      expect(audit.map((a) => a.summary)).toContain('查看人员完整信息：张伟（2201**********0011）');
      const auditor = await t.login('demo-city'); // 查询 role: masked reads only
      expect((await auditor.get(`/api/v1/registry/persons/${ids.zw}/full`)).status).toBe(403);
      expect((await auditor.get(`/api/v1/registry/persons/${ids.zw}`)).status).toBe(200);
    });

    it.each([
      [{ idNumber: '220105198001010012' }, 'idNumber', '身份证号校验位错误，应为1'],
      [{ sex: 'female' }, 'sex', '性别与身份证号不符：身份证号显示为男'],
      [{ birthDate: '1990-05-06' }, 'birthDate', '出生日期与身份证号不符：身份证号显示为 1990-05-05'],
      [{ status: 'deceased' }, 'deathDate', '人员状态为死亡时必须填写死亡日期'],
      [{ regionCode: '220105001001' }, 'regionCode', '现居住地区划超出您的管辖范围'],
      [{ hukouType: 'city' }, 'hukouType', '户籍类型应为：urban（城镇）、rural（农村）'],
      [{ disabilityGrade: 5, disabilityCategory: 'physical' }, 'disabilityGrade', '残疾等级为一至四级'],
    ])('refuses %j with a Chinese message at the field', async (patch, path, message) => {
      const res = await clerk.post('/api/v1/registry/persons', person(OTHER, '赵强', patch));
      expect([400, 422]).toContain(res.status);
      expect(res.body.errors).toContainEqual({ path, message });
    });

    it('upgrades a 15-digit number and refuses a second registration anywhere, naming only the jurisdiction', async () => {
      const res15 = await clerk.post('/api/v1/registry/persons', person('220105900505005', '赵强'));
      expect(res15.status).toBe(201);
      expect(res15.body.idNumberMasked).toBe('2201**********0058'); // 220105199005050058
      const again = await other.post('/api/v1/registry/persons', person(OTHER, '冒名', { hukouRegionCode: '220105001002', regionCode: '220105001002' }));
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('DUPLICATE_ID');
      expect(again.body.detail).toContain('吉林省 / 长春市 / 二道区 / 荣光街道 / 岭东社区');
      expect(JSON.stringify(again.body)).not.toMatch(/赵强|1990-05-05/);
    });

    it('finds by exact ID, 2-character name, fuzzy 3-character name, pinyin initials, status and age', async () => {
      const q = async (query: string) => (await clerk.get(`/api/v1/registry/persons?${query}`)).body.items.map((p: any) => p.name).sort();
      expect(await q(`q=${ZHANG_WEI}`)).toEqual(['张伟']);
      expect(await q('q=张伟')).toEqual(['张伟']);
      expect(await q('q=小明')).toEqual(['张小明']);
      expect(await q('q=zw')).toEqual(['张伟']);
      expect((await clerk.get('/api/v1/registry/persons?q=zw&page=5')).body).toEqual({ items: [], total: 1 }); // past the end, total still right
      expect(await q('q=张晓明')).toEqual(['张小明']); // fuzzy: same initials, one character off (晓/小)
      expect(await q('q=王秀音')).toEqual(['王秀英']);
      expect(await q('q=李晓明')).toEqual([]); // two characters off is not a typo
      expect(await q('ageMin=60')).toEqual(['王秀英']);
      expect(await q('ageMax=17')).toEqual(['张小明']);
      expect(await q('status=deceased')).toEqual([]);
      expect((await other.get('/api/v1/registry/persons?q=张伟')).body).toEqual({ items: [], total: 0 });
    });

    it('exports exactly the list being viewed, and refuses malformed filters in Chinese', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/registry/persons/export.xlsx?q=${encodeURIComponent('张晓明')}`, headers: { cookie: `mz_session=${clerk.cookie}` } });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const names = wb.worksheets[0]!.getColumn(2).values.slice(2); // row 1 is the header
      expect(names).toEqual(['张小明']); // the fuzzy match the list makes, not a bare LIKE
      const bad = await clerk.get('/api/v1/registry/persons/export.xlsx?regionCode=2201050');
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0]).toMatchObject({ path: 'regionCode', message: '区划应为 2、4、6、9 或 12 位数字的区划代码' });
    });

    it('an edit that does not mention the status leaves it as it is', async () => {
      const before = (await clerk.get(`/api/v1/registry/persons/${ids.grandma}`)).body;
      const dead = await clerk.patch(`/api/v1/registry/persons/${ids.grandma}`, { version: before.version, status: 'deceased', deathDate: '2024-02-20' });
      expect(dead.body).toMatchObject({ status: 'deceased', deathDate: '2024-02-20' });
      const phone = await clerk.patch(`/api/v1/registry/persons/${ids.grandma}`, { version: dead.body.version, phone: '13700001111' });
      expect(phone.status).toBe(200);
      expect(phone.body).toMatchObject({ status: 'deceased', deathDate: '2024-02-20', phoneMasked: '137****1111' });
    });

    it('edits with a version check and audits the change', async () => {
      const v1 = await clerk.patch(`/api/v1/registry/persons/${ids.ln}`, { version: 1, maritalStatus: 'married', phone: '13900001111' });
      expect(v1.status).toBe(200);
      expect(v1.body).toMatchObject({ maritalStatus: 'married', phoneMasked: '139****1111', version: 2 });
      const stale = await clerk.patch(`/api/v1/registry/persons/${ids.ln}`, { version: 1, education: '大学' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const [entry] = await t.db.transaction((tx) => tx.rows<{ diff: any }>(sql`SELECT diff FROM audit_log WHERE action = 'person.update' ORDER BY id DESC LIMIT 1`));
      expect(entry!.diff).toEqual({ maritalStatus: { before: null, after: 'married' }, phoneMasked: { before: null, after: '139****1111' }, phone: { before: '***', after: '***' } });
      expect((await other.patch(`/api/v1/registry/persons/${ids.ln}`, { version: 2, name: '篡改' })).status).toBe(404);
    });
  });

  describe('households', () => {
    let hh: string;
    it('forms a household with a head and relations, one household per person at a time', async () => {
      const res = await clerk.post('/api/v1/registry/households', {
        regionCode: '220105003005', address: '岭东路 1 号 3 单元 101', headPersonId: ids.zw, validFrom: '2020-01-01',
        members: [{ personId: ids.ln, relation: '10' }, { personId: ids.child, relation: '20' }],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      hh = res.body.id;
      expect(res.body.head.name).toBe('张伟');
      expect(res.body.members.map((m: any) => `${m.person.name}:${m.relationName}`)).toEqual(['张伟:户主', '李娜:配偶', '张小明:子']);
      const twice = await clerk.post('/api/v1/registry/households', { regionCode: '220105003005', address: '别处', headPersonId: ids.ln, members: [] });
      expect(twice.status).toBe(409);
      expect(twice.body.detail).toContain('李娜（2201**********0021） 已属于一个家庭');
    });

    it('keeps membership history so "who was in the household on date X" is answerable', async () => {
      expect((await clerk.post(`/api/v1/registry/households/${hh}/members`, { personId: ids.grandma, relation: '54', validFrom: '2022-06-01' })).status).toBe(200);
      const detail = (await clerk.get(`/api/v1/registry/households/${hh}`)).body;
      const grandma = detail.members.find((m: any) => m.person.name === '王秀英');
      expect((await clerk.post(`/api/v1/registry/households/${hh}/members/${grandma.memberId}/leave`, { validTo: '2024-03-01', reason: '去世前迁往养老机构' })).status).toBe(200);
      const names = async (on: string) => (await clerk.get(`/api/v1/registry/households/${hh}?on=${on}`)).body.members.map((m: any) => m.person.name).sort();
      expect(await names('2021-01-01')).toEqual(['张伟', '张小明', '李娜']);
      expect(await names('2023-01-01')).toEqual(['张伟', '张小明', '李娜', '王秀英']);
      expect(await names('2025-01-01')).toEqual(['张伟', '张小明', '李娜']);
      const history = (await clerk.get(`/api/v1/registry/households/${hh}`)).body.history;
      expect(history.find((m: any) => m.person.name === '王秀英')).toMatchObject({ validFrom: '2022-06-01', validTo: '2024-03-01', endedReason: '去世前迁往养老机构' });
    });

    it('splits and merges households without losing history', async () => {
      const split = await clerk.post(`/api/v1/registry/households/${hh}/split`, { personIds: [ids.child], headPersonId: ids.child, address: '岭东路 9 号', date: '2025-09-01' });
      expect(split.status, JSON.stringify(split.body)).toBe(201);
      expect(split.body.members.map((m: any) => `${m.person.name}:${m.relationName}`)).toEqual(['张小明:户主']);
      const merged = await clerk.post(`/api/v1/registry/households/${split.body.id}/merge`, { intoHouseholdId: hh, date: '2026-01-10' });
      expect(merged.status, JSON.stringify(merged.body)).toBe(200);
      const child = merged.body.history.filter((m: any) => m.person.name === '张小明').map((m: any) => [m.validFrom, m.validTo]);
      expect(child).toEqual([['2020-01-01', '2025-09-01'], ['2026-01-10', null]]);
      const gone = await clerk.get(`/api/v1/registry/households/${split.body.id}`);
      expect(gone.body.dissolvedOn).toBe('2026-01-10');
      expect(gone.body.history.map((m: any) => [m.validFrom, m.validTo])).toEqual([['2025-09-01', '2026-01-10']]);
    });

    it('the database refuses overlapping memberships even when the service is bypassed', async () => {
      const insert = t.db.transaction((tx) => tx.run(sql`
        INSERT INTO registry_household_member (household_id, person_id, relation, valid_from, valid_to)
        VALUES (${hh}, ${ids.grandma}, '54', '2023-01-01', '2023-06-01')`));
      await expect(insert).rejects.toThrow(/同一人同一时间只能属于一个家庭/);
    });

    it('another township sees none of it', async () => {
      expect((await other.get(`/api/v1/registry/households/${hh}`)).status).toBe(404);
      expect((await other.get('/api/v1/registry/households')).body.total).toBe(0);
      expect((await other.post(`/api/v1/registry/households/${hh}/members`, { personId: ids.grandma, relation: '54', validFrom: '2026-01-01' })).status).toBe(404);
    });
  });
});
