/**
 * Fixtures of the quality suites: a small hand-counted world of institutions, beds, residents,
 * caregivers and registry persons in 二道区, written as the owner (the institution part's API is
 * not what these suites test), and an institution-operator account bound to one institution.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import { addCalendarDays } from '@mz/kernel';

export const COUNTY = '220105000000'; // 二道区
export const RONGGUANG_VILLAGE = '220105003005'; // 荣光街道 岭东社区
export const DONGSHENG = '220105001000'; // 东盛街道
export const DONGSHENG_VILLAGE_1 = '220105001003';
export const DONGSHENG_VILLAGE_2 = '220105001002';
export const RONGGUANG = '220105003000';

async function institution(tx: Tx, name: string, kind: string, region: string, status = 'operating', grade: number | null = null): Promise<string> {
  const [r] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_institution (name, kind, operator_type, region_code, address, status, status_reason, grade)
    VALUES (${name}, ${kind}, 'private', ${region}, '测试路 1 号', ${status}, ${status === 'operating' ? null : '测试：停业'}, ${grade}) RETURNING id`);
  return r!.id;
}

async function beds(tx: Tx, institutionId: string, region: string, count: number, nursing: number, inService = true): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [r] = await tx.rows<{ id: string }>(sql`
      INSERT INTO elderly_bed (institution_id, region_code, room, bed_no, nursing, in_service)
      VALUES (${institutionId}::uuid, ${region}, ${inService ? '101' : '999'}, ${String(i + 1)}, ${i < nursing}, ${inService}) RETURNING id`);
    ids.push(r!.id);
  }
  return ids;
}

async function person(tx: Tx, name: string, region: string, birth: string, death: string | null = null): Promise<string> {
  const [r] = await tx.rows<{ id: string }>(sql`
    INSERT INTO registry_person (id_hash, id_cipher, id_masked, name, name_initials, sex, birth_date, hukou_region_code, hukou_type, region_code, status, death_date)
    VALUES (${randomBytes(16).toString('hex')}, 'test', '2201**********0000', ${name}, 'cs', 'female', ${birth}::date, ${region}, 'urban', ${region},
            ${death ? 'deceased' : 'alive'}, ${death}::date) RETURNING id`);
  return r!.id;
}

async function resident(tx: Tx, institutionId: string, bedId: string, personId: string, region: string, inOn: string, outOn: string | null = null) {
  await tx.run(sql`
    INSERT INTO elderly_resident (institution_id, bed_id, person_id, region_code, checked_in_on, checked_out_on, checkout_reason)
    VALUES (${institutionId}::uuid, ${bedId}::uuid, ${personId}::uuid, ${region}, ${inOn}::date, ${outOn}::date, ${outOn ? 'returned_home' : null})`);
}

async function caregiver(tx: Tx, institutionId: string, region: string, name: string, certified: boolean, leftOn: string | null = null, role = 'caregiver') {
  await tx.run(sql`
    INSERT INTO elderly_staff (institution_id, region_code, name, role, certificate_level, certificate_no, hired_on, left_on)
    VALUES (${institutionId}::uuid, ${region}, ${name}, ${role}, ${certified ? '4' : null}, ${certified ? `HL-${randomBytes(3).toString('hex')}` : null}, '2024-01-01', ${leftOn}::date)`);
}

export interface QualityWorld {
  /** 荣光 care home (岭东社区): 4 beds in service (2 nursing) + 1 out of service, 3 residents, 2 caregivers (1 certified). */
  homeA: string;
  /** 东盛 day-care centre: 2 beds, 1 resident, 1 certified caregiver. */
  centreB: string;
  /** A care home registered on the county code itself (本级), graded 三级 in its record: 2 nursing beds. */
  homeC: string;
  /** A closed care home in 东盛: its 5 beds never count. */
  closedD: string;
}

/**
 * The hand-counted world (today = `today`):
 * population aged 60+ today: 荣光 5 (P1–P5; P6 turns 60 tomorrow, P7 died today), 东盛 1 (P8) → 6;
 * yesterday: 荣光 5 (P5 not yet 60, P7 still alive), 东盛 1 → 6.
 */
export async function seedQualityWorld(db: Database, today: string): Promise<QualityWorld> {
  const yesterday = addCalendarDays(today, -1);
  const sixty = `${Number(today.slice(0, 4)) - 60}${today.slice(4)}`;
  return db.transaction(async (tx) => {
    const homeA = await institution(tx, '岭东颐养院', 'care_home', RONGGUANG_VILLAGE);
    const centreB = await institution(tx, '东盛日间照料中心', 'day_care', DONGSHENG_VILLAGE_1);
    const homeC = await institution(tx, '二道区社会福利院', 'care_home', COUNTY, 'operating', 3);
    const closedD = await institution(tx, '东盛老年公寓', 'care_home', DONGSHENG_VILLAGE_2, 'closed');
    const bedsA = await beds(tx, homeA, RONGGUANG_VILLAGE, 4, 2);
    await beds(tx, homeA, RONGGUANG_VILLAGE, 1, 0, false);
    const bedsB = await beds(tx, centreB, DONGSHENG_VILLAGE_1, 2, 0);
    await beds(tx, homeC, COUNTY, 2, 2);
    await beds(tx, closedD, DONGSHENG_VILLAGE_2, 5, 5);

    const p1 = await person(tx, '测甲', RONGGUANG_VILLAGE, '1950-05-01');
    const p2 = await person(tx, '测乙', RONGGUANG_VILLAGE, '1948-01-01');
    const p3 = await person(tx, '测丙', RONGGUANG_VILLAGE, '1940-02-02');
    const p4 = await person(tx, '测丁', RONGGUANG_VILLAGE, '1945-03-03');
    await person(tx, '测戊', RONGGUANG_VILLAGE, sixty);
    await person(tx, '测己', RONGGUANG_VILLAGE, addCalendarDays(sixty, 1));
    await person(tx, '测庚', RONGGUANG_VILLAGE, '1940-01-01', today);
    const p8 = await person(tx, '测辛', DONGSHENG_VILLAGE_2, '1945-01-01');
    await person(tx, '测壬', DONGSHENG_VILLAGE_2, '1990-01-01');

    await resident(tx, homeA, bedsA[0]!, p1, RONGGUANG_VILLAGE, '2025-01-01');
    await resident(tx, homeA, bedsA[1]!, p2, RONGGUANG_VILLAGE, '2025-01-01');
    await resident(tx, homeA, bedsA[2]!, p3, RONGGUANG_VILLAGE, yesterday);
    await resident(tx, homeA, bedsA[3]!, p4, RONGGUANG_VILLAGE, '2025-06-01', today); // left today: resident yesterday only
    await resident(tx, centreB, bedsB[0]!, p8, DONGSHENG_VILLAGE_1, '2025-01-01');

    await caregiver(tx, homeA, RONGGUANG_VILLAGE, '护理甲', true);
    await caregiver(tx, homeA, RONGGUANG_VILLAGE, '护理乙', false);
    await caregiver(tx, homeA, RONGGUANG_VILLAGE, '护理丙', false, today); // left today
    await caregiver(tx, homeA, RONGGUANG_VILLAGE, '护士甲', true, null, 'nurse'); // a nurse, not a caregiver
    await caregiver(tx, centreB, DONGSHENG_VILLAGE_1, '护理丁', true);
    return { homeA, centreB, homeC, closedD };
  });
}

/** An operator account of `institutionId` (same password as the demo accounts), holding `permissions`. */
export async function createOperator(db: Database, username: string, institutionId: string, regionCode: string, permissions: string[]): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.run(sql`INSERT INTO iam_role (code, name, description, permissions) VALUES ('test_inst_operator', '机构经办（测试）', '', ${sql.param(permissions)}::text[])
      ON CONFLICT (code) DO NOTHING`);
    const [u] = await tx.rows<{ id: string }>(sql`
      INSERT INTO iam_user (username, display_name, region_code, password_hash)
      SELECT ${username}, '机构经办员', ${regionCode}, password_hash FROM iam_user WHERE username = 'demo-village' RETURNING id`);
    await tx.run(sql`INSERT INTO iam_user_role (user_id, role_code) VALUES (${u!.id}::uuid, 'test_inst_operator')`);
    await tx.run(sql`INSERT INTO elderly_institution_operator (user_id, institution_id) VALUES (${u!.id}::uuid, ${institutionId}::uuid)`);
    return u!.id;
  });
}
