import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import type { Database, DbScope } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError } from '@mz/kernel';
import { testDatabase } from '../../../../../apps/server/src/testing/test-app.ts';
import { addNearKin, listNearKin, nearKinMatches, removeNearKin, type NearKinInput } from './near-kin.service.ts';

const official = (id: string, name: string, regionCode: string): Actor =>
  ({ kind: 'user', id, name, regionCode, roles: ['approver'], permissions: new Set(['assistance.read', 'assistance.params']) });
const COUNTY = official('00000000-0000-4000-8000-00000000000c', '区民政局审批员', '220105000000'); // 二道区
const TOWNSHIP = official('00000000-0000-4000-8000-00000000000d', '荣光街道经办员', '220105003000'); // 荣光街道
const NEIGHBOUR = official('00000000-0000-4000-8000-00000000000e', '东盛街道经办员', '220105001000'); // 东盛街道
const scopeOf = (a: Actor): DbScope => ({ actorId: a.id, regionCode: a.regionCode });
const who = (a: Actor): AuditActor => ({ actorId: a.id, actorName: a.name, actorRegion: a.regionCode, ip: '127.0.0.1' });

// Registry rows written directly (as the owner): this suite is about the register, not about
// sealing ID numbers, so the cipher columns hold placeholders.
const PERSONS = {
  wang: { id: '10000000-0000-4000-8000-000000000001', name: '王芳', masked: '2201**********0041', region: '220105003005' }, // 岭东社区
  li: { id: '10000000-0000-4000-8000-000000000002', name: '李强', masked: '2201**********0035', region: '220105001002' }, // 东盛街道
  zhao: { id: '10000000-0000-4000-8000-000000000003', name: '赵敏', masked: '2201**********0059', region: '220105003005' },
  old: { id: '10000000-0000-4000-8000-000000000004', name: '王芳', masked: '2201**********0041', region: '220105003005' }, // merged into wang
  none: { id: '10000000-0000-4000-8000-000000000005', name: '孙平', masked: '2201**********0062', region: '220105003005' },
};

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe.each(testEngines())('near-kin register (%s)', (engine) => {
  let db: Database;
  const entries: Record<string, string> = {};
  const add = (actor: Actor, input: Partial<NearKinInput> & Pick<NearKinInput, 'relativePersonId'>) =>
    db.transaction((tx) => addNearKin(tx, actor, who(actor), { officialName: '张经办', officialRole: 'case_worker', relation: 'spouse', ...input }), { scope: scopeOf(actor) });
  const matches = (actor: Actor | null, ids: string[]) =>
    db.transaction((tx) => nearKinMatches(tx, ids), actor ? { scope: scopeOf(actor) } : {});

  beforeAll(async () => {
    db = await testDatabase(engine);
    await db.transaction(async (tx) => {
      for (const [key, p] of Object.entries(PERSONS)) {
        await tx.run(sql`
          INSERT INTO registry_person (id, id_hash, id_cipher, id_masked, name, name_initials, sex, birth_date, hukou_region_code, hukou_type, region_code)
          VALUES (${p.id}::uuid, ${`hash-${key}`}, 'v1.placeholder', ${p.masked}, ${p.name}, 'x', 'female', '1980-01-01', ${p.region}, 'urban', ${p.region})`);
      }
      await tx.run(sql`UPDATE registry_person SET merged_into = ${PERSONS.wang.id}::uuid WHERE id = ${PERSONS.old.id}::uuid`);
    });
    // A county case worker's wife; a 岭东社区 committee member's brother living in 东盛; a removed entry.
    entries.county = (await add(COUNTY, { relativePersonId: PERSONS.wang.id })).id;
    entries.committee = (await add(COUNTY, { officialName: '李委员', officialRole: 'committee_member', relation: 'sibling', regionCode: '220105003005', relativePersonId: PERSONS.li.id })).id;
    entries.removed = (await add(COUNTY, { officialName: '周经办', relation: 'child', relativePersonId: PERSONS.zhao.id })).id;
    await db.transaction((tx) => removeNearKin(tx, COUNTY, who(COUNTY), entries.removed!), { scope: scopeOf(COUNTY) });
    // Registered against a record that was later merged into wang's.
    await db.transaction((tx) => tx.run(sql`
      INSERT INTO assistance_near_kin (region_code, official_name, official_role, relative_person_id, relative_name, relative_id_masked, relation)
      VALUES ('220105003000', '吴经办', 'case_worker', ${PERSONS.old.id}::uuid, '王芳', ${PERSONS.old.masked}, 'parent')`));
  });
  afterAll(async () => { await db?.close(); });

  it('finds the registered relatives of a household in one call, across jurisdictions', async () => {
    // The township clerk filing 王芳's household cannot read the county's register…
    const visible = await db.transaction((tx) => tx.rows<{ official_name: string }>(sql`SELECT official_name FROM assistance_near_kin`), { scope: scopeOf(TOWNSHIP) });
    expect(visible.map((r) => r.official_name).sort()).toEqual(['吴经办', '李委员']);
    // … yet the match sees the county case worker's entry, and the one made against a merged record.
    const found = await matches(TOWNSHIP, [PERSONS.wang.id, PERSONS.none.id]);
    expect(found.sort((a, b) => a.officialName.localeCompare(b.officialName, 'zh'))).toEqual([
      { entryId: expect.any(String), personId: PERSONS.wang.id, officialName: '吴经办', officialRole: 'case_worker', relation: 'parent' },
      { entryId: entries.county, personId: PERSONS.wang.id, officialName: '张经办', officialRole: 'case_worker', relation: 'spouse' },
    ]);
  });

  it.each<[string, () => Actor | null, (keyof typeof PERSONS)[], string[]]>([
    ['a relative living in another township', () => TOWNSHIP, ['li'], ['李委员']],
    ['nobody registered', () => TOWNSHIP, ['none'], []],
    ['a removed entry no longer matches', () => TOWNSHIP, ['zhao'], []],
    ['the same person twice is one answer', () => NEIGHBOUR, ['li', 'li'], ['李委员']],
    ['nothing outside a scoped transaction', () => null, ['wang', 'li'], []],
  ])('%s', async (_label, actor, persons, officials) => {
    const found = await matches(actor(), persons.map((p) => PERSONS[p].id));
    expect(found.map((m) => m.officialName)).toEqual(officials);
  });

  it('ignores ids that are not uuids instead of failing the application', async () => {
    expect(await matches(TOWNSHIP, ['', 'not-a-uuid'])).toEqual([]);
  });

  it('lists the register of the jurisdiction with masked numbers, current entries first', async () => {
    const list = await db.transaction((tx) => listNearKin(tx, COUNTY, { page: 1, pageSize: 50 }), { scope: scopeOf(COUNTY) });
    expect(list.total).toBe(3);
    expect(list.items.find((e) => e.id === entries.committee)).toMatchObject({
      officialName: '李委员', officialRole: 'committee_member', officialRoleName: '村（居）委会成员', regionCode: '220105003005', regionName: '岭东社区',
      relativeName: '李强', relativeIdMasked: '2201**********0035', relation: 'sibling', relationName: '兄弟姐妹', createdByName: '区民政局审批员', removedAt: null,
    });
    const withRemoved = await db.transaction((tx) => listNearKin(tx, COUNTY, { page: 1, pageSize: 50, includeRemoved: true, personId: PERSONS.zhao.id }), { scope: scopeOf(COUNTY) });
    expect(withRemoved.items.map((e) => [e.officialName, e.removedByName])).toEqual([['周经办', '区民政局审批员']]);
    // The township sees what its officials' posts hold, with the copies of a relative it may not read.
    const township = await db.transaction((tx) => listNearKin(tx, TOWNSHIP, { page: 1, pageSize: 50 }), { scope: scopeOf(TOWNSHIP) });
    expect(township.items.map((e) => [e.officialName, e.relativeName, e.relativeIdMasked]).sort()).toEqual([
      ['吴经办', '王芳', '2201**********0041'], ['李委员', '李强', '2201**********0035'],
    ]);
    const outside = await db.transaction((tx) => listNearKin(tx, TOWNSHIP, { page: 1, pageSize: 50, regionCode: '220105001000' }), { scope: scopeOf(TOWNSHIP) });
    expect(outside).toEqual({ items: [], total: 0 });
  });

  it.each<[string, Actor, Partial<NearKinInput>, string, string]>([
    ['a relative outside the jurisdiction', TOWNSHIP, { relativePersonId: PERSONS.li.id }, 'relativePersonId', '人口库中没有该人员，或其不在您的管辖范围内'],
    ['a merged-away record', COUNTY, { relativePersonId: PERSONS.old.id }, 'relativePersonId', '该人员记录已合并到另一条记录，请选择保留的记录'],
    ['a post outside the jurisdiction', TOWNSHIP, { relativePersonId: PERSONS.wang.id, regionCode: '220105000000' }, 'regionCode', '任职区划超出您的管辖范围'],
    ['an account the registrar cannot see', TOWNSHIP, { relativePersonId: PERSONS.wang.id, officialUserId: '00000000-0000-4000-8000-0000000000aa' }, 'officialUserId', '工作人员账号不存在或不在您的管辖范围内'],
  ])('refuses %s at the field', async (_label, actor, input, path, message) => {
    const error = await refusal(add(actor, { relativePersonId: PERSONS.wang.id, ...input }));
    expect([error.status, error.errors]).toEqual([422, [{ path, message }]]);
  });

  it('refuses the same current entry twice but allows it again after removal', async () => {
    const again = await refusal(add(COUNTY, { relativePersonId: PERSONS.wang.id }));
    expect([again.status, again.title]).toEqual([409, '该近亲属备案已存在']);
    const renewed = await add(COUNTY, { officialName: '周经办', relation: 'child', relativePersonId: PERSONS.zhao.id });
    expect(renewed.removedAt).toBeNull();
  });

  it('ends an entry once, keeps the row and audits both steps', async () => {
    const entry = await add(COUNTY, { officialName: '郑委员', officialRole: 'committee_member', relation: 'grandchild', relativePersonId: PERSONS.none.id });
    const remove = () => db.transaction((tx) => removeNearKin(tx, COUNTY, who(COUNTY), entry.id), { scope: scopeOf(COUNTY) });
    await remove();
    const twice = await refusal(remove());
    expect([twice.status, twice.title]).toEqual([409, '该近亲属备案已撤销']);
    const hidden = await refusal(db.transaction((tx) => removeNearKin(tx, NEIGHBOUR, who(NEIGHBOUR), entries.committee!), { scope: scopeOf(NEIGHBOUR) }));
    expect([hidden.status, hidden.title]).toEqual([404, '备案不存在或不在本辖区']);
    const audit = await db.transaction((tx) => tx.rows<{ action: string; summary: string; region_code: string }>(sql`
      SELECT action, summary, region_code FROM audit_log WHERE entity_id = ${entry.id} ORDER BY id`));
    expect(audit).toEqual([
      { action: 'assistance.near_kin_add', summary: '近亲属备案：郑委员（村（居）委会成员）的孙子女、外孙子女 孙平（2201**********0062）', region_code: '220105000000' },
      { action: 'assistance.near_kin_remove', summary: '撤销近亲属备案：郑委员（村（居）委会成员）的孙子女、外孙子女 孙平（2201**********0062）', region_code: '220105000000' },
    ]);
    const [row] = await db.transaction((tx) => tx.rows<{ removed_by_name: string }>(sql`SELECT removed_by_name FROM assistance_near_kin WHERE id = ${entry.id}::uuid`));
    expect(row!.removed_by_name).toBe('区民政局审批员');
  });

  it('never lets the application role delete a row', async () => {
    const deleted = db.transaction((tx) => tx.run(sql`DELETE FROM assistance_near_kin WHERE id = ${entries.county!}::uuid`), { scope: scopeOf(COUNTY) });
    await expect(deleted).rejects.toMatchObject({ code: '42501' });
  });
});
