import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { addCalendarDays, todayInShanghai } from '@mz/kernel';
import { ensureRegions } from '@mz/regions/server';
import { seedDemoAssistanceParams } from '@mz/assistance/server';
import { createVerificationRequest, ensureCatalogue, type Requester } from '@mz/verification/server';
import type { Benchmark } from './benchmarks.ts';
import { seedPersons, villageCodes } from './load-persons.ts';

const COUNTY = '220105000000'; // 二道区
const PROVINCE = '220000000000'; // the departments deliver province-wide snapshots
const REQUESTER: Requester = { actorId: null, actorName: '基准测试', actorRegion: COUNTY, ip: null, regionCode: COUNTY };
/** Five sources of N records each: what a household report reads at the 1M size. */
const SOURCES = ['police_death', 'vehicle', 'bank', 'hrss', 'real_estate'] as const;
/** Reports timed per run; the median is the figure, the slowest is logged. */
const SAMPLES = 25;

async function reset(db: Database): Promise<void> {
  await db.transaction((tx) => tx.script('DROP INDEX IF EXISTS registry_person_name_bigrams, registry_person_initials'));
  await db.transaction((tx) => tx.script(`
    TRUNCATE verification_request, verification_alert_event, verification_alert, verification_run, verification_record, verification_snapshot CASCADE;
    -- The engine's tables are append-only by trigger (no TRUNCATE): remove only this benchmark's cases.
    DELETE FROM assistance_case WHERE id IN (SELECT id FROM workflow_case WHERE case_no LIKE 'BENCH-%');
    DELETE FROM workflow_case WHERE case_no LIKE 'BENCH-%';
    TRUNCATE payments_entitlement CASCADE;
    TRUNCATE registry_household_member, registry_household, registry_person CASCADE`));
  await db.transaction((tx) => tx.script('CHECKPOINT'));
}

/**
 * N persons over 二道区's villages in households of three, five province-wide snapshots of N
 * records each (most about other people, as in a real delivery), and SAMPLES open 低保 cases with
 * the 授权核对 recorded. Seeded with SQL; not timed.
 */
async function seed(db: Database, size: number): Promise<{ caseIds: string[]; snapshotIds: string[] }> {
  const villages = await villageCodes(db, '220105');
  await seedPersons(db, size, { villages, name: '家庭成员', initials: 'jtcy', hukouType: 'urban', groupSize: 3 });
  // Households of three consecutive persons (i / 3), headed by the first.
  await db.transaction(async (tx) => {
    await tx.run(sql`
      CREATE TEMP TABLE bench_hh ON COMMIT DROP AS
      SELECT gen_random_uuid() AS household_id, g, min(p.region_code) AS region_code,
        (array_agg(p.id ORDER BY p.name))[1] AS head, array_agg(p.id) AS members
      FROM (SELECT id, region_code, name, (substr(name, 5)::int / 3) AS g FROM registry_person) p GROUP BY g`);
    await tx.run(sql`INSERT INTO registry_household (id, region_code, address, head_person_id) SELECT household_id, region_code, '基准路 ' || g || ' 号', head FROM bench_hh`);
    await tx.run(sql`
      INSERT INTO registry_household_member (household_id, person_id, relation, valid_from)
      SELECT h.household_id, m, CASE WHEN m = h.head THEN '02' ELSE '10' END, date '2020-01-01' FROM bench_hh h, unnest(h.members) m`);
  });
  await ensureCatalogue(db);
  await seedDemoAssistanceParams(db);
  const asOf = addCalendarDays(todayInShanghai(), -1);
  const snapshotIds: string[] = [];
  for (const source of SOURCES) {
    const [s] = await db.transaction((tx) => tx.rows<{ id: string }>(sql`
      INSERT INTO verification_snapshot (source_code, version, as_of, region_code, file_name, status, total, accepted)
      VALUES (${source}, 1, ${asOf}::date, ${PROVINCE}, 'bench.csv', 'current', ${size}, ${size}) RETURNING id`));
    snapshotIds.push(s!.id);
    // One person in five of the population appears in each source, the rest are other people.
    await db.transaction((tx) => tx.run(sql`
      INSERT INTO verification_record (snapshot_id, id_hash, event_date, amount_fen, category, ref_masked)
      SELECT ${s!.id}::uuid, md5(CASE WHEN j % 5 = 0 THEN 'bench-' ELSE 'other-' END || j), ${addCalendarDays(asOf, -20)}::date,
        CASE ${source} WHEN 'bank' THEN 1000000 WHEN 'hrss' THEN 150000 WHEN 'vehicle' THEN 3000000 ELSE NULL END,
        CASE ${source} WHEN 'vehicle' THEN '小型汽车' WHEN 'hrss' THEN '工资' WHEN 'real_estate' THEN '住宅' ELSE NULL END, '吉A***45'
      FROM generate_series(1, ${size}) j ORDER BY 2`));
  }
  // SAMPLES cases spread over the population (household ids are random).
  const caseIds = await db.transaction(async (tx) => {
    const picked = await tx.rows<{ id: string; region_code: string; head: string }>(sql`
      SELECT h.id, h.region_code, h.head_person_id AS head FROM registry_household h
      ORDER BY h.id LIMIT ${SAMPLES}`);
    const ids: string[] = [];
    for (const [i, h] of picked.entries()) {
      const [w] = await tx.rows<{ id: string }>(sql`
        INSERT INTO workflow_case (definition, definition_version, case_no, subject_kind, subject_id, region_code, state)
        VALUES ('assistance.dibao', 1, ${`BENCH-${i}`}, 'household', ${h.id}::uuid, ${h.region_code}, 'applied') RETURNING id`);
      await tx.run(sql`
        INSERT INTO assistance_case (id, programme, household_id, applicant_person_id, region_code, applicant_name, applicant_id_masked, application)
        VALUES (${w!.id}::uuid, 'dibao', ${h.id}::uuid, ${h.head}::uuid, ${h.region_code}, '基准申请人', '2201**********000X',
          '{"authorizationSigned": true, "pledgeSigned": true, "hukouType": "urban"}'::jsonb)`);
      ids.push(w!.id);
    }
    return ids;
  });
  await db.transaction((tx) => tx.script(`ANALYZE registry_person; ANALYZE registry_household; ANALYZE registry_household_member;
    ANALYZE verification_record; ANALYZE verification_snapshot; ANALYZE assistance_case; CHECKPOINT`));
  return { caseIds, snapshotIds };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * One household verification report (家庭经济状况核对) at the size of N persons and five N-row
 * snapshots, through createVerificationRequest (the route's code: case and scope, members,
 * current snapshots, the records probe, the local limits, the assessment, the stored report and
 * its audit). Baseline: the bare records probe of the same household's members over the same
 * snapshots, as the owner. Figures are medians over SAMPLES cases.
 */
export const verificationReport: Benchmark = {
  describe: 'one household verification report against five N-row snapshots (median of 25 cases) vs the bare records probe',
  defaultSize: 1_000_000,
  async run({ db, size, log }) {
    await ensureRegions(db, { within: '22' });
    await reset(db);
    log(`seeding ${size} persons in households of three and ${SOURCES.length} × ${size} records`);
    const started = performance.now();
    const { caseIds, snapshotIds } = await seed(db, size);
    log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s, ${caseIds.length} cases`);

    const platform: number[] = [];
    const baseline: number[] = [];
    let hits = 0;
    for (const caseId of caseIds) {
      const t0 = performance.now();
      const id = await createVerificationRequest(db, REQUESTER, caseId);
      platform.push((performance.now() - t0) / 1000);
      const t1 = performance.now();
      const [probe] = await db.transaction((tx) => tx.rows<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM assistance_case a JOIN registry_household_member m ON m.household_id = a.household_id AND m.valid_to IS NULL
        JOIN registry_person p ON p.id = m.person_id
        JOIN verification_record r ON r.id_hash = p.id_hash AND r.snapshot_id = ANY(${`{${snapshotIds.join(',')}}`}::uuid[])
        WHERE a.id = ${caseId}::uuid`));
      baseline.push((performance.now() - t1) / 1000);
      const [stored] = await db.transaction((tx) => tx.rows<{ n: number }>(sql`
        SELECT jsonb_array_length(report -> 'hits')::int AS n FROM verification_request WHERE id = ${id}::uuid`));
      if (stored!.n !== probe!.n) throw new Error(`verification-report: the report of case ${caseId} has ${stored!.n} hits, the probe finds ${probe!.n}`);
      hits += probe!.n;
    }
    if (caseIds.length === 0 || hits === 0) throw new Error('verification-report: no case or no hit was seeded');
    const seconds = median(platform);
    const baselineSeconds = median(baseline);
    log(`  ${caseIds.length} reports, ${hits} hits in all; slowest report ${(Math.max(...platform) * 1000).toFixed(1)} ms`);
    log(`summary: report median ${(seconds * 1000).toFixed(1)} ms, bare probe median ${(baselineSeconds * 1000).toFixed(1)} ms`);
    return { seconds, baselineSeconds, size };
  },
};
