import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parseIdNumber } from '@mz/kernel';
import { testEngines } from '@mz/testing';
import type { Database } from '@mz/db';
import { testDatabase, TEST_CIPHER } from '../../../../../apps/server/src/testing/test-app.ts';
import { seedDemoPopulation, seedPopulation, type SeedResult } from './seed.ts';

describe.each(testEngines())('seedPopulation (%s)', (engine) => {
  let db: Database;
  let seeded: SeedResult;
  const q = <T = Record<string, any>>(query: ReturnType<typeof sql>) => db.transaction((tx) => tx.rows<T>(query));

  beforeAll(async () => {
    db = await testDatabase(engine);
    seeded = await seedPopulation(db, TEST_CIPHER, { within: '220105003', persons: 2000, seed: 5, chunkSize: 700, duplicates: 4 });
  });
  afterAll(() => db?.close());

  it('writes the persons, households and memberships it reports', async () => {
    expect(seeded.persons).toBe(2004);
    const [c] = await q<{ persons: number; households: number; members: number }>(sql`
      SELECT (SELECT count(*)::int FROM registry_person) AS persons, (SELECT count(*)::int FROM registry_household) AS households,
             (SELECT count(*)::int FROM registry_household_member) AS members`);
    expect(c).toMatchObject({ persons: 2004, households: seeded.households, members: 2000 });
    expect(seeded.members).toBe(2000);
    expect(c!.households / 2000).toBeGreaterThan(0.3); // mean household size about 2.6
    // Memberships end on the day of death, and only then.
    const [m] = await q<{ mismatched: number }>(sql`
      SELECT count(*)::int AS mismatched FROM registry_household_member m JOIN registry_person p ON p.id = m.person_id
      WHERE (m.valid_to IS NOT NULL) <> (p.status = 'deceased') OR m.valid_to <> p.death_date`);
    expect(m!.mismatched).toBe(0);
  });

  it('keeps every person inside 荣光街道 villages, heads inside their households', async () => {
    const [r] = await q<{ outside: number; villages: number; badHead: number }>(sql`
      SELECT count(*) FILTER (WHERE p.region_code NOT LIKE '220105003%' OR r.level <> 5)::int AS outside,
             count(DISTINCT p.region_code)::int AS villages,
             (SELECT count(*)::int FROM registry_household h WHERE NOT EXISTS (
                SELECT 1 FROM registry_household_member m WHERE m.household_id = h.id AND m.person_id = h.head_person_id AND m.relation = '02')) AS "badHead"
      FROM registry_person p JOIN region r ON r.code = p.region_code`);
    expect(r).toMatchObject({ outside: 0, badHead: 0 });
    expect(r!.villages).toBeGreaterThan(5);
  });

  it('stores ID numbers only encrypted: unique hashes, decryptable, consistent with the masked form and the record', async () => {
    const rows = await q<{ id_hash: string; id_cipher: string; id_masked: string; sex: string; birth_date: string; phone_cipher: string | null; phone_hash: string | null; phone_masked: string | null; bank_account_cipher: string | null; bank_account_hash: string | null }>(sql`
      SELECT id_hash, id_cipher, id_masked, sex, birth_date, phone_cipher, phone_hash, phone_masked, bank_account_cipher, bank_account_hash FROM registry_person`);
    expect(new Set(rows.map((r) => r.id_hash)).size).toBe(rows.length);
    for (const r of rows) {
      const id = TEST_CIPHER.decrypt('id_number', r.id_cipher);
      expect(TEST_CIPHER.hash('id_number', id)).toBe(r.id_hash);
      expect(r.id_masked).toBe(`${id.slice(0, 4)}**********${id.slice(14)}`);
      const parsed = parseIdNumber(id);
      expect(parsed.ok && parsed.birthDate === r.birth_date && parsed.sex === r.sex && parsed.regionPrefix === '220105').toBe(true);
      if (r.phone_cipher) {
        const phone = TEST_CIPHER.decrypt('phone', r.phone_cipher);
        expect(TEST_CIPHER.hash('phone', phone)).toBe(r.phone_hash);
        expect(r.phone_masked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
      }
      if (r.bank_account_cipher) expect(TEST_CIPHER.hash('bank_account', TEST_CIPHER.decrypt('bank_account', r.bank_account_cipher))).toBe(r.bank_account_hash);
    }
    expect(rows.filter((r) => r.phone_cipher).length).toBeGreaterThan(1000);
    expect(rows.some((r) => r.bank_account_cipher)).toBe(true);
  });

  it('a second run with the same seed moves colliding ID numbers instead of failing', async () => {
    const again = await seedPopulation(db, TEST_CIPHER, { within: '220105003', persons: 300, seed: 5 });
    expect(again.persons).toBe(300);
    const [r] = await q<{ n: number; hashes: number }>(sql`SELECT count(*)::int AS n, count(DISTINCT id_hash)::int AS hashes FROM registry_person`);
    expect(r).toEqual({ n: 2304, hashes: 2304 });
  });

  it('seedDemoPopulation does nothing once 荣光街道 has persons', async () => {
    expect(await seedDemoPopulation(db, TEST_CIPHER)).toBeNull();
  });
});
