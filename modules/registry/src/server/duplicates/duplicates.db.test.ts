import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { computeIdCheckChar, maskIdNumber, parseIdNumber } from '@mz/kernel';
import { testEngines } from '@mz/testing';
import type { Database, Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { nameInitials } from '../../domain/index.ts';
import { testDatabase, TEST_CIPHER } from '../../../../../apps/server/src/testing/test-app.ts';
import { seedPopulation } from '../generator/seed.ts';
import { detectDuplicates, dismissDuplicate, listDuplicates, mergeDuplicate } from './duplicates.service.ts';

const id18 = (body17: string) => body17 + computeIdCheckChar(body17);
const V1 = '220105003001';
const V2 = '220105003002';

async function addPerson(tx: Tx, name: string, idNumber: string, region: string): Promise<string> {
  const p = parseIdNumber(idNumber);
  if (!p.ok) throw new Error(`${idNumber}: ${p.reason}`);
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO registry_person (id_hash, id_cipher, id_masked, name, name_initials, sex, birth_date, hukou_region_code, hukou_type, region_code)
    VALUES (${TEST_CIPHER.hash('id_number', p.value)}, ${TEST_CIPHER.encrypt('id_number', p.value)}, ${maskIdNumber(p.value)}, ${name},
            ${nameInitials(name)}, ${p.sex}, ${p.birthDate}, ${region}, 'urban', ${region})
    RETURNING id`);
  return row!.id;
}

async function addHousehold(tx: Tx, region: string, members: [string, string, string, string | null][]): Promise<string> {
  const [h] = await tx.rows<{ id: string }>(sql`
    INSERT INTO registry_household (region_code, address, head_person_id) VALUES (${region}, '测试地址1号', ${members[0]![0]}) RETURNING id`);
  for (const [person, relation, from, to] of members) {
    await tx.run(sql`INSERT INTO registry_household_member (household_id, person_id, relation, valid_from, valid_to)
      VALUES (${h!.id}, ${person}, ${relation}, ${from}::date, ${to}::date)`);
  }
  return h!.id;
}

describe.each(testEngines())('duplicates (%s)', (engine) => {
  let db: Database;
  let clerk: Actor;
  let neighbour: Actor;
  const who: AuditActor = { actorId: null, actorName: '测试经办员', actorRegion: '220105003000', ip: '127.0.0.1' };
  const p: Record<string, string> = {};
  const asClerk = <T>(actor: Actor, fn: (tx: Tx) => Promise<T>) => db.transaction(fn, { scope: { actorId: actor.id, regionCode: actor.regionCode } });
  const pairOf = async (x: string, y: string) => {
    const [a, b] = [x, y].sort();
    const [row] = await db.transaction((tx) => tx.rows<{ id: string; reason: string; status: string; region_code: string }>(sql`
      SELECT id, reason, status, region_code FROM registry_duplicate WHERE person_a = ${a} AND person_b = ${b}`));
    return row;
  };

  beforeAll(async () => {
    db = await testDatabase(engine);
    // Background: a realistic township, so detection works among many unrelated same-name persons.
    await seedPopulation(db, TEST_CIPHER, { within: '220105003', persons: 1500, seed: 11 });
    const users = await db.transaction((tx) => tx.rows<{ id: string; username: string; region_code: string }>(sql`
      SELECT id, username, region_code FROM iam_user WHERE username IN ('demo-township', 'demo-township2')`));
    const actor = (u: string): Actor => {
      const row = users.find((r) => r.username === u)!;
      return { kind: 'user', id: row.id, name: u, username: u, regionCode: row.region_code, roles: ['clerk'], permissions: new Set(['person.read', 'person.write']) };
    };
    clerk = actor('demo-township');
    neighbour = actor('demo-township2');
    await db.transaction(async (tx) => {
      const [other] = await tx.rows<{ code: string }>(sql`SELECT code FROM region WHERE level = 5 AND code LIKE '220102%' ORDER BY code LIMIT 1`);
      p.zw1 = await addPerson(tx, '张伟', id18('22010519800501123'), V1);
      p.zw2 = await addPerson(tx, '张伟', id18('22010219800501123'), V2); // digit 6 mistyped (hidden in the masked form)
      p.zw3 = await addPerson(tx, '张伟', id18('22010519800501213'), V1); // digits 15 and 16 swapped
      p.zw6 = await addPerson(tx, '张伟', id18('22010519800507123'), V1); // birth-date digit mistyped
      p.zwOther = await addPerson(tx, '张伟', id18('22010519800501125'), other!.code); // another county
      p.ln1 = await addPerson(tx, '李娜', id18('22010519900203124'), V1);
      p.ln2 = await addPerson(tx, '李娜', id18('22010519900203886'), V2); // another number, same name and birth date
      p.wife = await addPerson(tx, '刘芳', id18('22010519820304128'), V1);
      // zw1 lives with his wife; zw2 was in another household from 2005 to 2010 and is in a third one now.
      p.h1 = await addHousehold(tx, V1, [[p.zw1!, '02', '2012-01-01', null], [p.wife!, '12', '2012-01-01', null]]);
      p.hOld = await addHousehold(tx, V2, [[p.zw2!, '02', '2005-01-01', '2010-06-01']]);
      p.h2 = await addHousehold(tx, V2, [[p.zw2!, '02', '2015-03-01', null]]);
    });
  });
  afterAll(() => db?.close());

  it('finds typos in encrypted ID numbers and same name + birth date, within one county only', async () => {
    const found = await asClerk(clerk, (tx) => detectDuplicates(tx, clerk.regionCode, TEST_CIPHER));
    expect(found).toEqual({ idTypo: 3, nameBirth: 2 });
    expect(await pairOf(p.zw1!, p.zw2!)).toMatchObject({ reason: 'id_typo', status: 'open', region_code: '220105003000' });
    expect(await pairOf(p.zw1!, p.zw3!)).toMatchObject({ reason: 'id_typo', region_code: V1 });
    expect(await pairOf(p.zw1!, p.zw6!)).toMatchObject({ reason: 'id_typo' });
    expect(await pairOf(p.zw2!, p.zw3!)).toMatchObject({ reason: 'name_birth' });
    expect(await pairOf(p.ln1!, p.ln2!)).toMatchObject({ reason: 'name_birth' });
    expect(await pairOf(p.zw1!, p.zwOther!)).toBeUndefined();
    expect(await pairOf(p.zw2!, p.zw6!)).toBeUndefined(); // two digits apart, different birth dates
    // Found pairs are not found again.
    expect(await asClerk(clerk, (tx) => detectDuplicates(tx, clerk.regionCode, TEST_CIPHER))).toEqual({ idTypo: 0, nameBirth: 0 });
  });

  it('lists open pairs with both persons masked, and only in scope', async () => {
    const list = await asClerk(clerk, (tx) => listDuplicates(tx, clerk, { status: 'open', page: 1, pageSize: 50 }));
    expect(list.total).toBe(5);
    const zw = list.items.find((i) => [i.a.id, i.b.id].sort().join() === [p.zw1!, p.zw2!].sort().join())!;
    expect(zw.a.name).toBe('张伟');
    expect(zw.a.idNumberMasked).toMatch(/^2201\*{10}\d{3}[\dX]$/);
    const other = await asClerk(neighbour, (tx) => listDuplicates(tx, neighbour, { status: 'open', page: 1, pageSize: 50 }));
    expect(other.total).toBe(0);
    // Out of scope looks like missing, even when the actor knows the id.
    const dup = await pairOf(p.ln1!, p.ln2!);
    await expect(asClerk(neighbour, (tx) => dismissDuplicate(tx, neighbour, who, dup!.id))).rejects.toMatchObject({ status: 404 });
  });

  it('merges: keeps both rows, moves non-overlapping memberships, ends overlapping ones, audits', async () => {
    const dup = await pairOf(p.zw1!, p.zw2!);
    await expect(asClerk(clerk, (tx) => mergeDuplicate(tx, clerk, who, dup!.id, p.ln1!))).rejects.toMatchObject({ status: 422 });
    await asClerk(clerk, (tx) => mergeDuplicate(tx, clerk, who, dup!.id, p.zw1!));

    const rows = await db.transaction((tx) => tx.rows<{ id: string; merged_into: string | null; version: number }>(sql`
      SELECT id, merged_into, version FROM registry_person WHERE id IN (${p.zw1!}, ${p.zw2!})`));
    expect(rows.find((r) => r.id === p.zw2)).toMatchObject({ merged_into: p.zw1, version: 2 });
    expect(rows.find((r) => r.id === p.zw1)).toMatchObject({ merged_into: null });

    const members = await db.transaction((tx) => tx.rows<{ household_id: string; person_id: string; valid_to: string | null; ended_reason: string | null }>(sql`
      SELECT household_id, person_id, valid_to, ended_reason FROM registry_household_member WHERE household_id IN (${p.h1!}, ${p.hOld!}, ${p.h2!}) ORDER BY valid_from`));
    // 2005–2010 did not overlap zw1's own history: it is now zw1's. The current one in h2 overlapped: ended.
    expect(members.find((m) => m.household_id === p.hOld)).toMatchObject({ person_id: p.zw1, valid_to: '2010-06-01' });
    expect(members.find((m) => m.household_id === p.h2)).toMatchObject({ person_id: p.zw2, ended_reason: '重复人员合并' });
    expect(members.find((m) => m.household_id === p.h2)!.valid_to).not.toBeNull();
    expect(members.filter((m) => m.household_id === p.h1).map((m) => m.valid_to)).toEqual([null, null]);

    expect(await pairOf(p.zw1!, p.zw2!)).toMatchObject({ status: 'merged' });
    expect(await pairOf(p.zw2!, p.zw3!)).toMatchObject({ status: 'dismissed' }); // moot: zw2 is gone
    expect(await pairOf(p.zw1!, p.zw3!)).toMatchObject({ status: 'open' });

    const [audit] = await db.transaction((tx) => tx.rows<{ action: string; entity_id: string; diff: any; summary: string }>(sql`
      SELECT action, entity_id, diff, summary FROM audit_log WHERE action = 'person.merge' ORDER BY id DESC LIMIT 1`));
    expect(audit).toMatchObject({ action: 'person.merge', entity_id: p.zw2 });
    expect(audit!.diff.mergedInto).toEqual({ before: null, after: p.zw1 });
    expect(audit!.diff.movedMemberships.after).toHaveLength(1);
    expect(audit!.diff.endedMemberships.after).toHaveLength(1);
    expect(audit!.summary).toContain('张伟');

    await expect(asClerk(clerk, (tx) => mergeDuplicate(tx, clerk, who, dup!.id, p.zw1!))).rejects.toMatchObject({ status: 409 });
    // The merged-away record no longer takes part in detection.
    expect(await asClerk(clerk, (tx) => detectDuplicates(tx, clerk.regionCode, TEST_CIPHER))).toEqual({ idTypo: 0, nameBirth: 0 });
  });

  it('dismisses a pair for good', async () => {
    const dup = await pairOf(p.ln1!, p.ln2!);
    await asClerk(clerk, (tx) => dismissDuplicate(tx, clerk, who, dup!.id));
    expect(await pairOf(p.ln1!, p.ln2!)).toMatchObject({ status: 'dismissed' });
    expect(await asClerk(clerk, (tx) => detectDuplicates(tx, clerk.regionCode, TEST_CIPHER))).toEqual({ idTypo: 0, nameBirth: 0 });
    await expect(asClerk(clerk, (tx) => dismissDuplicate(tx, clerk, who, dup!.id))).rejects.toMatchObject({ status: 409 });
    const open = await asClerk(clerk, (tx) => listDuplicates(tx, clerk, { status: 'open', page: 1, pageSize: 50 }));
    expect(open.items.map((i) => i.reason).sort()).toEqual(['id_typo', 'id_typo']);
  });
});
