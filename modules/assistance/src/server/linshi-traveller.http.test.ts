import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { act, createPerson, idNumber, seedParams, today } from './assistance.testing.ts';

// 临时救助 for a person away from home (救助法第三十七条第二款; 2023意见: no 户籍 restriction for
// 急难): 东盛街道 (220105001) files for a resident of 荣光街道 (220105003) whose emergency happened
// in 东盛街道, naming them by ID number and name. The township files against the registry record
// without being able to read it, and 荣光街道 does not see 东盛街道's case.

describe.each(testEngines())('临时救助 for a person registered elsewhere, on %s', (engine) => {
  let t: TestApp;
  let rongguang: HttpSession; // 荣光街道 clerk + reviewer
  let dongsheng: HttpSession; // 东盛街道 clerk + reviewer
  let traveller = { id: '', idNumber: '', masked: '' };

  const application = (overrides: Record<string, unknown> = {}) => ({
    programme: 'linshi', idNumber: traveller.idNumber, name: '李远行', hukouType: 'urban', applicationDate: today(),
    authorizationSigned: true, pledgeSigned: true, type: 'emergency', incidentRegionCode: '220105001000', incidentDate: today(),
    description: '途经东盛街道时突发急病，身上财物遗失', requestedFen: 150_000, advance: true, ...overrides,
  });

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedParams(t.db);
    [rongguang, dongsheng] = await Promise.all(['demo-township', 'demo-township2'].map((u) => t.login(u)));
    traveller = await createPerson(rongguang, { name: '李远行', birth: '19880808' });
  });
  afterAll(async () => { await t?.close(); });

  it('refuses a wrong name, an unknown number and a broken check digit without revealing the record', async () => {
    const wrongName = await dongsheng.post('/api/v1/assistance/cases', application({ name: '李远航' }));
    expect(wrongName.status).toBe(422);
    expect(wrongName.body.errors).toEqual([{ path: 'name', message: '人口库中没有与该身份证号、姓名一致的在世人员，请核对身份证件' }]);
    expect(JSON.stringify(wrongName.body)).not.toContain('荣光');

    const unknown = await dongsheng.post('/api/v1/assistance/cases', application({ idNumber: idNumber('19900101') }));
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'PERSON_NOT_REGISTERED', title: '人口库中没有该人员' });
    expect(unknown.body.errors).toEqual([{ path: 'idNumber', message: '该身份证号尚未在人口库登记，请先登记' }]);

    const broken = await dongsheng.post('/api/v1/assistance/cases', application({ idNumber: `${traveller.idNumber.slice(0, 17)}${traveller.idNumber.endsWith('0') ? '1' : '0'}` }));
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0]).toMatchObject({ path: 'idNumber', message: expect.stringMatching(/^身份证号校验位错误/) });

    const noStandard = await dongsheng.post('/api/v1/assistance/cases', application({ hukouType: undefined }));
    expect(noStandard.status).toBe(422);
    expect(noStandard.body.errors).toEqual([{ path: 'hukouType', message: '申请人不在本辖区登记，请按其户籍类型选择城市或农村低保标准（决定救助上限和审批额度）' }]);
    const cases = await t.db.transaction((tx) => tx.rows(sql`SELECT 1 FROM assistance_case WHERE applicant_person_id = ${traveller.id}::uuid`));
    expect(cases).toEqual([]);
  });

  it('files at the incident township against the registry record, which it still cannot read', async () => {
    const res = await dongsheng.post('/api/v1/assistance/cases', application());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const c = res.body;
    expect(c).toMatchObject({
      programme: 'linshi', regionCode: '220105001000', applicantName: '李远行', applicantIdMasked: traveller.masked, householdSize: 1,
      household: null, subject: { personId: traveller.id, name: '李远行', idNumberMasked: traveller.masked, age: null }, flags: ['advance'],
    });
    expect(c.breakdown).toMatchObject({ amountFen: 150_000, approvalLevel: 'township', advanceAllowed: true });
    expect(JSON.stringify(c)).not.toContain(traveller.idNumber);
    const [row] = await t.db.transaction((tx) => tx.rows<{ person_id: string; application: string }>(sql`
      SELECT person_id, application::text FROM assistance_case WHERE id = ${c.id}::uuid`));
    expect(row!.person_id).toBe(traveller.id);
    expect(row!.application).not.toContain(traveller.idNumber);
    expect(row!.application).toContain(traveller.masked);

    // The record stays where it is, unread by 东盛街道; 荣光街道 does not see 东盛街道's case.
    expect((await dongsheng.get(`/api/v1/registry/persons/${traveller.id}`)).status).toBe(404);
    const [person] = await t.db.transaction((tx) => tx.rows<{ region_code: string; version: number }>(sql`
      SELECT region_code, version FROM registry_person WHERE id = ${traveller.id}::uuid`));
    expect(person).toEqual({ region_code: '220105003005', version: 1 });
    expect((await rongguang.get(`/api/v1/assistance/cases/${c.id}`)).status).toBe(404);

    // The case goes on as any other at 东盛街道, which sees it on its lists and page.
    const page = await act(dongsheng, c.id, 1, 'accept');
    expect(page).toMatchObject({ state: 'accepted', applicantName: '李远行', subject: { name: '李远行' } });
    expect((await dongsheng.get('/api/v1/assistance/cases?q=李远行')).body.items.map((x: any) => x.id)).toEqual([c.id]);

    // …and by the applicant's exact ID number, although the person's record lies outside its
    // jurisdiction (the keyed hash finds the case, never the person). A lower-case x, spaces or
    // another number find nothing else; 荣光街道 finds nothing of 东盛街道's.
    const byId = async (who: HttpSession, q: string) => {
      const res = await who.get(`/api/v1/assistance/cases?q=${encodeURIComponent(q)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.map((x: any) => x.id);
    };
    expect(await byId(dongsheng, traveller.idNumber)).toEqual([c.id]);
    expect(await byId(dongsheng, ` ${traveller.idNumber.toLowerCase()} `)).toEqual([c.id]);
    expect(await byId(dongsheng, idNumber('19880808'))).toEqual([]);
    expect(await byId(dongsheng, traveller.idNumber.slice(0, 17))).toEqual([]); // a part of a number is no match
    expect(await byId(rongguang, traveller.idNumber)).toEqual([]);
  });

  it('reads the record as usual where the filer may, taking the 户籍类型 from it', async () => {
    const local = await createPerson(rongguang, { name: '王本地', birth: '19770707', hukouType: 'rural' });
    const res = await rongguang.post('/api/v1/assistance/cases', application({
      idNumber: local.idNumber, name: '王本地', hukouType: undefined, incidentRegionCode: '220105003005', advance: false,
    }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.subject).toMatchObject({ personId: local.id, name: '王本地', idNumberMasked: local.masked });
    expect(res.body.subject.age).toEqual(expect.any(Number));
    expect(res.body.breakdown.items.find((i: any) => i.code === 'standard').label).toBe('农村月低保标准');
    // Within its own jurisdiction too, the case is found by the number and by the name, not by another's number.
    const found = (await rongguang.get(`/api/v1/assistance/cases?q=${local.idNumber}`)).body;
    expect(found).toMatchObject({ total: 1, items: [{ id: res.body.id, applicantName: '王本地', applicantIdMasked: local.masked }] });
    expect((await rongguang.get('/api/v1/assistance/cases?q=王本地')).body.items.map((x: any) => x.id)).toEqual([res.body.id]);
  });
});
