import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';

/** The village codes (level 5) whose code starts with `prefix` ('220105' = 二道区, '22' = 吉林省), in code order. */
export async function villageCodes(db: Database, prefix: string): Promise<string[]> {
  const from = prefix.padEnd(12, '0');
  const to = (BigInt(prefix) + 1n).toString().padEnd(12, '0');
  const rows = await db.transaction((tx) => tx.rows<{ code: string }>(sql`
    SELECT code FROM region WHERE code > ${from} AND code < ${to} AND level = 5 ORDER BY code`));
  return rows.map((v) => v.code);
}

export interface GeneratedPersons {
  /** The villages the persons live in, person i in villages[(i / groupSize) % villages.length]. */
  villages: readonly string[];
  /** Name stem: person i is called `${name}${i}`. */
  name: string;
  /** The initials stored for every one of them (the name search plays no part in these benchmarks). */
  initials: string;
  hukouType: 'urban' | 'rural';
  /** Consecutive persons sharing a village (a household of three: 3); 1 spreads them one by one. */
  groupSize?: number;
}

/**
 * N generated persons, numbered 1..N, with unique stand-in ID hashes (md5('bench-' || i), which
 * the verification benchmarks' records reuse) over the given villages, in one INSERT … SELECT.
 * Seeding only: nothing here is timed.
 */
export async function seedPersons(db: Database, size: number, p: GeneratedPersons): Promise<void> {
  const group = p.groupSize ?? 1;
  await db.transaction((tx) => tx.run(sql`
    INSERT INTO registry_person (id_hash, id_cipher, id_masked, name, name_initials, sex, birth_date, hukou_region_code, hukou_type, region_code, source)
    SELECT md5('bench-' || i), 'v1.bench', '2201**********000X', ${p.name} || i, ${p.initials}, CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END,
      date '1950-01-01' + (i % 20000), v.code, ${p.hukouType}, v.code, 'generated'
    FROM generate_series(1, ${size}) i,
      LATERAL (SELECT (${sql.param(p.villages)}::text[])[1 + (i / ${group}) % ${p.villages.length}] AS code) v`));
}
