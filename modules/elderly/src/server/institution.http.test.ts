import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines, type HttpSession } from '@mz/testing';
import { computeCreditCodeCheckChar } from '@mz/kernel';
import { startTestApp, TEST_CIPHER, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { seedDemoInstitutions } from './institution.seed.ts';
import { addBeds, checkIn, createInstitution, createPerson, DONGSHENG, type TestPerson } from './institution.testing.ts';

// 机构与床位 end to end: registration with the credit-code check, beds, check-in and check-out with
// the bed and person invariants (also under concurrency), operators confined to their institution
// (by the service and by the database), audit entries and masked personal data.

const BASE = '/api/v1/elderly/institutions';
const credit = (first17: string) => first17 + computeCreditCodeCheckChar(first17);
const wrongCheck = (first17: string) => first17 + (computeCreditCodeCheckChar(first17) === '0' ? '1' : '0');

describe.each(testEngines())('elderly institutions on %s', (engine) => {
  let t: TestApp;
  let county: HttpSession; // 二道区 approver: manages institutions, binds operators
  let clerk: HttpSession; // 荣光街道 clerk: manages institutions of the street, registers persons
  let dongsheng: HttpSession; // 东盛街道 clerk: must see nothing of 荣光街道
  let home: any;
  let other: any;
  let beds: any[];
  const people: Record<string, TestPerson> = {};

  const audits = async (action: string) => Number((await t.db.transaction((tx) => tx.rows<{ n: string }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = ${action}`)))[0]!.n);

  beforeAll(async () => {
    t = await startTestApp(engine);
    county = await t.login('demo-county');
    clerk = await t.login('demo-township');
    dongsheng = await t.login('demo-township2');
    for (const [key, name] of [['a', '赵桂芝'], ['b', '钱永福'], ['c', '孙玉兰'], ['d', '李德胜'], ['e', '周淑珍']] as const) {
      people[key] = await createPerson(clerk, name, key === 'e' ? '19380101' : '19450301');
    }
    home = await createInstitution(clerk, '岭东社会福利院', { creditCode: credit('12220105MB1234567'), legalPerson: '刘志国', contactPhone: '0431-84651234' });
    other = await createInstitution(county, '东盛颐养院', { regionCode: DONGSHENG, operatorType: 'public_private', address: '东盛大街 1 号' });
    beds = await addBeds(clerk, home.id, '101-102', ['1', '2'], true);
    beds.push(...(await addBeds(clerk, home.id, '201', ['1', '2'])).filter((b) => b.room === '201'));
  });
  afterAll(async () => { await t?.close(); });

  const bed = (label: string) => beds.find((b) => `${b.room}-${b.bedNo}` === label)!;

  describe('registration', () => {
    it.each([
      ['a wrong credit-code check character', { creditCode: wrongCheck('12220105MB1234567') }, 'creditCode', /校验码不正确/],
      ['a region outside the jurisdiction', { regionCode: DONGSHENG }, 'regionCode', /超出您的管辖范围/],
      ['a region code of 9 digits', { regionCode: '220105003' }, 'regionCode', /12 位数字/],
      ['an unknown kind', { kind: 'hotel' }, 'kind', /机构类型/],
    ])('refuses %s with a field message', async (_label, change, path, message) => {
      const res = await clerk.post(BASE, { name: '测试机构', kind: 'care_home', operatorType: 'public', regionCode: '220105003005', address: '某路 1 号', ...change });
      expect([400, 422]).toContain(res.status);
      const field = (res.body.errors ?? []).find((e: any) => String(e.path).includes(path));
      expect(field?.message, JSON.stringify(res.body)).toMatch(message);
    });

    it('refuses a credit code registered twice, in Chinese', async () => {
      const res = await clerk.post(BASE, { name: '重复机构', kind: 'care_home', operatorType: 'private', regionCode: '220105003005', address: '某路 1 号', creditCode: home.creditCode });
      expect(res.status).toBe(409);
      expect(res.body.title).toBe('该统一社会信用代码已登记');
    });

    it('lists with figures and filters, and audits the registration', async () => {
      const list = await county.get(`${BASE}?kind=care_home&regionCode=220105003000`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: any) => i.name)).toEqual(['岭东社会福利院']);
      expect(list.body.items[0]).toMatchObject({ beds: 6, nursingBeds: 4, residents: 0, occupancyPercent: 0, kindName: '养老机构', operatorTypeName: '公办' });
      expect((await county.get(`${BASE}?operatorType=public_private`)).body.items.map((i: any) => i.name)).toEqual(['东盛颐养院']);
      expect((await county.get(`${BASE}?name=${encodeURIComponent('福利')}`)).body.total).toBe(1);
      expect(await audits('elderly.institution.create')).toBe(2);
      expect(await audits('elderly.bed.add')).toBe(2);
    });

    it('files the institution with an optimistic version, and refuses a stale one', async () => {
      const filed = await clerk.post(`${BASE}/${home.id}/filing`, { filingNo: '吉长二民养备〔2026〕001号', filedOn: '2026-01-05', version: home.version });
      expect(filed.status, JSON.stringify(filed.body)).toBe(200);
      expect(filed.body).toMatchObject({ filingNo: '吉长二民养备〔2026〕001号', filedOn: '2026-01-05' });
      const stale = await clerk.patch(`${BASE}/${home.id}`, { address: '岭东路 68 号', version: home.version });
      expect(stale.status).toBe(409);
      home = filed.body;
    });

    it('keeps the documents of the filing, audits each download, and withdraws without deleting', async () => {
      const boundary = '----mzdoc';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="备案书.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        Buffer.from('%PDF-1.4 备案书'), Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const up = await clerk.request('POST', `${BASE}/${home.id}/documents?kind=filing_form&name=${encodeURIComponent('养老机构备案书')}`, payload,
        { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      expect(up.body).toMatchObject({ kind: 'filing_form', kindName: '备案书', fileName: '备案书.pdf', sizeBytes: Buffer.byteLength('%PDF-1.4 备案书') });
      const detail = (await county.get(`${BASE}/${home.id}`)).body;
      expect(detail.documents.map((d: any) => d.name)).toEqual(['养老机构备案书']);
      const down = await county.get(`${BASE}/${home.id}/documents/${up.body.id}`);
      expect(down.status).toBe(200);
      expect(down.headers['content-type']).toContain('application/pdf');
      expect(await audits('elderly.institution.document_view')).toBe(1);
      const exe = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.exe"\r\nContent-Type: application/octet-stream\r\n\r\nMZ`),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const bad = await clerk.request('POST', `${BASE}/${home.id}/documents?kind=other&name=x`, exe, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      expect(bad.status).toBe(422);
      expect((await clerk.delete(`${BASE}/${home.id}/documents/${up.body.id}`)).status).toBe(204);
      expect((await county.get(`${BASE}/${home.id}`)).body.documents).toEqual([]);
      const kept = await t.db.transaction((tx) => tx.rows(sql`SELECT 1 FROM elderly_institution_document WHERE id = ${up.body.id}::uuid AND removed_at IS NOT NULL`));
      expect(kept).toHaveLength(1);
    });
  });

  describe('beds and residents', () => {
    it('refuses a bed label that exists, naming it', async () => {
      const res = await clerk.post(`${BASE}/${home.id}/beds`, { rooms: '102-103', bedNos: ['1'], nursing: false });
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain('102-1');
    });

    it('puts one resident in a bed: the second check-in is refused', async () => {
      const first = await checkIn(clerk, home.id, { personId: people.a!.id, bedId: bed('101-1').id });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body).toMatchObject({ personName: '赵桂芝', room: '101', bedNo: '1', nursingBed: true, checkedOutOn: null });
      const second = await checkIn(clerk, home.id, { idNumber: people.b!.idNo, bedId: bed('101-1').id });
      expect(second.status).toBe(409);
      expect(second.body.title).toBe('该床位已有人入住');
    });

    it('lets exactly one of two simultaneous check-ins into one bed through', async () => {
      const [x, y] = await Promise.all([
        checkIn(clerk, home.id, { personId: people.b!.id, bedId: bed('101-2').id }),
        checkIn(county, home.id, { personId: people.c!.id, bedId: bed('101-2').id }),
      ]);
      expect([x.status, y.status].sort()).toEqual([201, 409]);
      const loser = x.status === 409 ? x : y;
      expect(loser.body.title).toBe('该床位已有人入住');
      const occupants = await t.db.transaction((tx) => tx.rows(sql`SELECT 1 FROM elderly_resident WHERE bed_id = ${bed('101-2').id}::uuid AND checked_out_on IS NULL`));
      expect(occupants).toHaveLength(1);
    });

    it('refuses a person already living in another institution, naming it', async () => {
      const otherBeds = await addBeds(county, other.id, '1', ['1']);
      const res = await checkIn(county, other.id, { personId: people.a!.id, bedId: otherBeds[0].id });
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain('岭东社会福利院');
    });

    it('the database refuses a second current stay even past the service', async () => {
      await expect(t.db.transaction((tx) => tx.run(sql`
        INSERT INTO elderly_resident (institution_id, bed_id, person_id, region_code, checked_in_on)
        VALUES (${home.id}::uuid, ${bed('102-1').id}::uuid, ${people.a!.id}::uuid, '220105003005', '2026-01-01')`)))
        .rejects.toMatchObject({ code: '23505', constraint: 'elderly_resident_person_current' });
    });

    it('refuses a deceased person and a bed out of service', async () => {
      const dead = await createPerson(clerk, '吴长寿', '19400202', { status: 'deceased', deathDate: '2025-12-01' });
      const res = await checkIn(clerk, home.id, { personId: dead.id, bedId: bed('102-1').id });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: any) => e.message)).toContain('该人员在人口库中已去世，不能办理入住');
      const off = await clerk.post(`${BASE}/${home.id}/beds/${bed('201-2').id}/service`, { inService: false });
      expect(off.status).toBe(200);
      const into = await checkIn(clerk, home.id, { personId: people.d!.id, bedId: bed('201-2').id });
      expect(into.status).toBe(422);
      expect(into.body.errors.map((e: any) => e.message)).toContain('该床位已停用');
    });

    it('does not take an occupied bed out of service', async () => {
      const res = await clerk.post(`${BASE}/${home.id}/beds/${bed('101-1').id}/service`, { inService: false });
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain('赵桂芝');
    });

    it('finds check-in candidates through the registry and shows where they stay', async () => {
      const res = await clerk.get(`${BASE}/${home.id}/candidates?q=${people.a!.idNo}`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([expect.objectContaining({ name: '赵桂芝', currentStay: '岭东社会福利院' })]);
      expect(JSON.stringify(res.body)).not.toContain(people.a!.idNo);
    });

    it('lists residents with masked ID numbers only', async () => {
      const res = await county.get(`${BASE}/${home.id}/residents`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: any) => r.personName).sort()).toHaveLength(2);
      for (const r of res.body.items) expect(r.idNumberMasked).toMatch(/^2201\*+\d{3}[\dX]$/);
      const text = JSON.stringify(res.body);
      for (const p of Object.values(people)) expect(text).not.toContain(p.idNo);
    });

    it('moves a resident and checks out with the date rules', async () => {
      const list = (await clerk.get(`${BASE}/${home.id}/residents`)).body.items;
      const a = list.find((r: any) => r.personName === '赵桂芝');
      const moved = await clerk.post(`${BASE}/${home.id}/residents/${a.id}/move`, { bedId: bed('102-1').id });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(`${moved.body.room}-${moved.body.bedNo}`).toBe('102-1');
      const early = await clerk.post(`${BASE}/${home.id}/residents/${a.id}/check-out`, { checkedOutOn: '2026-01-09', reason: 'returned_home' });
      expect(early.status).toBe(422);
      expect(early.body.errors[0].message).toBe('退住日期不能早于入住日期（2026-01-10）');
      const out = await clerk.post(`${BASE}/${home.id}/residents/${a.id}/check-out`, { checkedOutOn: '2026-02-01', reason: 'returned_home' });
      expect(out.status).toBe(200);
      expect(out.body).toMatchObject({ checkedOutOn: '2026-02-01', checkoutReasonName: '返回家庭' });
      // The bed is free again and the person may go elsewhere.
      const again = await checkIn(clerk, home.id, { personId: people.d!.id, bedId: bed('102-1').id });
      expect(again.status).toBe(201);
      expect((await clerk.get(`${BASE}/${home.id}/residents?state=past`)).body.items.map((r: any) => r.personName)).toEqual(['赵桂芝']);
      expect(await audits('elderly.resident.check_in')).toBe(3);
      expect(await audits('elderly.resident.check_out')).toBe(1);
      expect(await audits('elderly.resident.move')).toBe(1);
    });

    it('checks a person the registry records as dead out with reason 去世', async () => {
      const res = await checkIn(clerk, home.id, { personId: people.e!.id, bedId: bed('201-1').id });
      expect(res.status).toBe(201);
      const person = (await clerk.get(`/api/v1/registry/persons/${people.e!.id}`)).body;
      const died = await clerk.patch(`/api/v1/registry/persons/${people.e!.id}`, { status: 'deceased', deathDate: '2026-02-10', version: person.version });
      expect(died.status, JSON.stringify(died.body)).toBe(200);
      const wrong = await clerk.post(`${BASE}/${home.id}/residents/${res.body.id}/check-out`, { checkedOutOn: '2026-02-10', reason: 'hospital' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors[0].message).toContain('退住原因应为“去世”');
      const ok = await clerk.post(`${BASE}/${home.id}/residents/${res.body.id}/check-out`, { checkedOutOn: '2026-02-10', reason: 'deceased' });
      expect(ok.status).toBe(200);
    });

    it('shows occupancy per institution', async () => {
      const res = await county.get(`${BASE}/occupancy`);
      expect(res.status).toBe(200);
      const mine = res.body.items.find((i: any) => i.institutionId === home.id);
      expect(mine).toEqual({ institutionId: home.id, name: '岭东社会福利院', beds: 5, nursingBeds: 4, residents: 2 });
      const listed = (await county.get(`${BASE}?name=${encodeURIComponent('岭东')}`)).body.items[0];
      expect(listed.occupancyPercent).toBe(40);
    });

    it('will not close a home with residents; suspending needs a reason', async () => {
      const current = (await clerk.get(`${BASE}/${home.id}`)).body;
      const close = await clerk.post(`${BASE}/${home.id}/status`, { status: 'closed', reason: '整改', version: current.version });
      expect(close.status).toBe(409);
      expect(close.body.detail).toBe('机构还有 2 名在住人员，请先办理退住或转院再关闭');
      const noReason = await clerk.post(`${BASE}/${home.id}/status`, { status: 'suspended', version: current.version });
      expect(noReason.status).toBe(400);
      const suspended = await clerk.post(`${BASE}/${home.id}/status`, { status: 'suspended', reason: '消防整改', version: current.version });
      expect(suspended.status).toBe(200);
      expect(suspended.body).toMatchObject({ status: 'suspended', statusReason: '消防整改' });
      const newcomer = await createPerson(clerk, '郑秀兰', '19480505');
      const blocked = await checkIn(clerk, home.id, { personId: newcomer.id, bedId: bed('102-2').id });
      expect(blocked.status).toBe(422);
      expect(blocked.body.errors.map((e: any) => e.message)).toContain('机构暂停运营，不能办理入住');
      const resumed = await clerk.post(`${BASE}/${home.id}/status`, { status: 'operating', version: suspended.body.version });
      expect(resumed.body).toMatchObject({ status: 'operating', statusReason: null });
    });
  });

  describe('staff', () => {
    it('keeps caregivers with certificates and computes the certified ratio', async () => {
      const a = await clerk.post(`${BASE}/${home.id}/staff`, { name: '王秀英', role: 'caregiver', certificateLevel: '4', certificateNo: 'YLHL4000001', hiredOn: '2020-01-01' });
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      const b = await clerk.post(`${BASE}/${home.id}/staff`, { name: '陈淑芬', role: 'caregiver', hiredOn: '2024-01-01' });
      expect(b.status).toBe(201);
      expect((await clerk.post(`${BASE}/${home.id}/staff`, { name: '吴明', role: 'doctor', hiredOn: '2019-01-01' })).status).toBe(201);
      let list = (await clerk.get(`${BASE}/${home.id}/staff`)).body;
      expect(list.figures).toEqual({ staff: 3, caregivers: 2, certifiedCaregivers: 1, certifiedPercent: 50 });
      const cert = await clerk.patch(`${BASE}/${home.id}/staff/${b.body.id}`, { certificateLevel: '5', certificateNo: 'YLHL5000002' });
      expect(cert.body.certificateLevelName).toBe('五级/初级工');
      const early = await clerk.post(`${BASE}/${home.id}/staff/${a.body.id}/leave`, { leftOn: '2019-12-31' });
      expect(early.status).toBe(422);
      expect((await clerk.post(`${BASE}/${home.id}/staff/${a.body.id}/leave`, { leftOn: '2026-02-01', reason: '退休' })).status).toBe(200);
      list = (await clerk.get(`${BASE}/${home.id}/staff`)).body;
      expect(list.figures).toEqual({ staff: 2, caregivers: 1, certifiedCaregivers: 1, certifiedPercent: 100 });
      expect((await clerk.get(`${BASE}/${home.id}/staff?includeLeft=true`)).body.items).toHaveLength(3);
      expect(await audits('elderly.staff.add')).toBe(3);
      expect(await audits('elderly.staff.leave')).toBe(1);
    });
  });

  describe('scope', () => {
    let operator: HttpSession;

    beforeAll(async () => {
      const bound = await county.post(`${BASE}/${home.id}/operators`, { username: 'demo-carehome' });
      expect(bound.status, JSON.stringify(bound.body)).toBe(200);
      expect(bound.body.operators.map((o: any) => o.username)).toEqual(['demo-carehome']);
      operator = await t.login('demo-carehome');
    });

    it('refuses to bind an account that is not an operator, or is bound already', async () => {
      const notOperator = await county.post(`${BASE}/${home.id}/operators`, { username: 'demo-village' });
      expect(notOperator.status).toBe(422);
      expect(notOperator.body.errors[0].message).toBe('请先为该账号分配“养老机构经办”角色');
      const sameHome = await createInstitution(clerk, '荣光第二养老院');
      const twice = await county.post(`${BASE}/${sameHome.id}/operators`, { username: 'demo-carehome' });
      expect(twice.status).toBe(409);
      expect(twice.body.detail).toContain('岭东社会福利院');
    });

    it('shows an operator only their institution; others are 404', async () => {
      const list = await operator.get(BASE);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: any) => i.name)).toEqual(['岭东社会福利院']);
      const sibling = (await clerk.get(`${BASE}?name=${encodeURIComponent('荣光第二')}`)).body.items[0];
      for (const path of [`${BASE}/${sibling.id}`, `${BASE}/${sibling.id}/beds`, `${BASE}/${sibling.id}/residents`, `${BASE}/${other.id}/staff`]) {
        expect((await operator.get(path)).status, path).toBe(404);
      }
      expect((await operator.post(`${BASE}/${sibling.id}/beds`, { rooms: '1', bedNos: ['1'] })).status).toBe(404);
      expect((await operator.get(`${BASE}/occupancy`)).body.items.map((i: any) => i.name)).toEqual(['岭东社会福利院']);
    });

    it('lets the operator run their own institution but not register or file one', async () => {
      expect((await operator.get(`${BASE}/${home.id}/residents`)).status).toBe(200);
      // Operators look persons up by ID number only, never by browsing names.
      const byName = await operator.get(`${BASE}/${home.id}/candidates?q=${encodeURIComponent('李德胜')}`);
      expect(byName.status).toBe(422);
      expect(byName.body.errors[0].message).toBe('机构经办人员请输入入住人员完整的身份证号');
      const byId = await operator.get(`${BASE}/${home.id}/candidates?q=${people.d!.idNo}`);
      expect(byId.body.items.map((p: any) => p.name)).toEqual(['李德胜']);
      const added = await operator.post(`${BASE}/${home.id}/beds`, { rooms: '301', bedNos: ['1', '2'], nursing: true });
      expect(added.status).toBe(201);
      expect((await operator.post(BASE, { name: '新机构', kind: 'care_home', operatorType: 'public', regionCode: '220105003005', address: '某路' })).status).toBe(403);
      expect((await operator.post(`${BASE}/${home.id}/filing`, { filingNo: 'x', filedOn: '2026-01-01', version: 1 })).status).toBe(403);
    });

    it('the database itself hides other institutions from an operator', async () => {
      const [user] = await t.db.transaction((tx) => tx.rows<{ id: string }>(sql`SELECT id FROM iam_user WHERE username = 'demo-carehome'`));
      const seen = await t.db.transaction(
        (tx) => tx.rows<{ name: string }>(sql`SELECT name FROM elderly_institution ORDER BY name`),
        { scope: { actorId: user!.id, regionCode: '220105003000' } });
      expect(seen.map((r) => r.name)).toEqual(['岭东社会福利院']);
      const bedsSeen = await t.db.transaction(
        (tx) => tx.rows<{ n: string }>(sql`SELECT count(DISTINCT institution_id) AS n FROM elderly_bed`),
        { scope: { actorId: user!.id, regionCode: '220105003000' } });
      expect(Number(bedsSeen[0]!.n)).toBe(1);
    });

    it('hides 荣光街道 institutions from 东盛街道', async () => {
      expect((await dongsheng.get(`${BASE}/${home.id}`)).status).toBe(404);
      expect((await dongsheng.get(BASE)).body.items.map((i: any) => i.name)).toEqual(['东盛颐养院']);
      expect((await dongsheng.post(`${BASE}/${home.id}/residents`, { personId: people.c!.id, bedId: bed('102-2').id, checkedInOn: '2026-01-10' })).status).toBe(404);
    });

    it('unbinding ends the confinement and is audited', async () => {
      const [user] = await t.db.transaction((tx) => tx.rows<{ id: string }>(sql`SELECT id FROM iam_user WHERE username = 'demo-carehome'`));
      const res = await county.delete(`${BASE}/${home.id}/operators/${user!.id}`);
      expect(res.status).toBe(200);
      expect(res.body.operators).toEqual([]);
      // An operator bound to nothing sees nothing.
      expect((await operator.get(BASE)).body.items).toEqual([]);
      expect(await audits('elderly.institution.operator_bind')).toBe(1);
      expect(await audits('elderly.institution.operator_unbind')).toBe(1);
    });
  });

  describe('demo seed', () => {
    it('seeds institutions, beds, staff and residents aged 60+ once, and binds demo-carehome', async () => {
      const first = await seedDemoInstitutions(t.db, TEST_CIPHER);
      expect(first).toBeGreaterThan(100);
      expect(await seedDemoInstitutions(t.db, TEST_CIPHER)).toBe(0);
      const [welfare] = await t.db.transaction((tx) => tx.rows<any>(sql`
        SELECT (SELECT count(*) FROM elderly_bed b WHERE b.institution_id = i.id)::int AS beds,
               (SELECT count(*) FROM elderly_bed b WHERE b.institution_id = i.id AND b.nursing)::int AS nursing,
               (SELECT count(*) FROM elderly_resident r JOIN registry_person p ON p.id = r.person_id
                 WHERE r.institution_id = i.id AND p.birth_date <= current_date - interval '60 years')::int AS old_residents,
               (SELECT count(*) FROM elderly_resident r WHERE r.institution_id = i.id)::int AS residents,
               (SELECT count(*) FROM elderly_institution_operator o JOIN iam_user u ON u.id = o.user_id WHERE o.institution_id = i.id AND u.username = 'demo-carehome')::int AS bound
        FROM elderly_institution i WHERE i.name = '二道区社会福利院'`));
      // The test population has only the persons this suite registered who are not resident elsewhere.
      // demo-carehome was unbound above, so the seed binds it to the welfare home.
      expect(welfare).toMatchObject({ beds: 60, nursing: 40, bound: 1 });
      expect(welfare.residents).toBeGreaterThan(0);
      expect(welfare.residents).toBe(welfare.old_residents);
      const kinds = await t.db.transaction((tx) => tx.rows<{ kind: string }>(sql`SELECT DISTINCT kind FROM elderly_institution WHERE name LIKE '%幸福院' OR name LIKE '%照料中心'`));
      expect(kinds.map((k) => k.kind).sort()).toEqual(['day_care', 'rural_mutual_aid']);
    });
  });
});
