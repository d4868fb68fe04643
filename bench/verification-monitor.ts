import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { addCalendarDays, todayInShanghai } from '@mz/kernel';
import { ensureRegions } from '@mz/regions/server';
import { ensureCatalogue, runMonitor, type Runner } from '@mz/verification/server';
import type { Benchmark } from './benchmarks.ts';
import { seedPersons, villageCodes } from './load-persons.ts';

const COUNTY = '220105000000'; // 二道区: the run covers the whole county
const PROVINCE = '220000000000'; // the departments deliver province-wide snapshots
const MONTH = '2026-10';
const RUNNER: Runner = { actorId: null, actorName: '基准测试', actorRegion: COUNTY, ip: null, regionCode: COUNTY };
/** The three sources the run matches, one snapshot of N rows each, and the rules that read them. */
const SOURCES = ['police_death', 'vehicle', 'bank'] as const;
const RULES = ['deceased_paid', 'vehicle_over', 'deposit_over'];

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - started) / 1000, value };
}

async function reset(db: Database): Promise<void> {
  await db.transaction((tx) => tx.script('DROP INDEX IF EXISTS registry_person_name_bigrams, registry_person_initials'));
  await db.transaction((tx) => tx.script(`
    TRUNCATE verification_alert_event, verification_alert, verification_run, verification_record, verification_snapshot CASCADE;
    TRUNCATE payments_entitlement CASCADE;
    TRUNCATE registry_household_member, registry_household, registry_person CASCADE;
    DROP TABLE IF EXISTS bench_hits`));
  await db.transaction((tx) => tx.script('CHECKPOINT'));
}

/**
 * N 特困 beneficiaries over 二道区's villages, each with a current monthly entitlement, and three
 * province-wide snapshots of N records each keyed by the keyed ID hash. Most records are about
 * other people (as in a real delivery); among the beneficiaries 0.5 % are dead, 10 % own a vehicle
 * (a third of them a motorbike, which is exempt) and 20 % have a bank record, 1 % over the limit.
 * Seeded with SQL; not timed.
 */
async function seed(db: Database, size: number): Promise<Record<string, string>> {
  const villages = await villageCodes(db, '220105');
  await seedPersons(db, size, { villages, name: '受益人', initials: 'syr', hukouType: 'rural' });
  await db.transaction((tx) => tx.run(sql`
    INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, payee_person_id, person_count, region_code, from_month,
      monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version)
    SELECT 'tekun', 'monthly', p.id, p.id, p.id, 1, p.region_code, date '2026-01-01', 120000, '{"items":[]}'::jsonb, 'bench-1',
      'case_decision', 'bench', p.id::text, '基准测试', 1
    FROM registry_person p`));
  await ensureCatalogue(db);
  const asOf = addCalendarDays(todayInShanghai(), -1);
  const ids: Record<string, string> = {};
  for (const source of SOURCES) {
    const [s] = await db.transaction((tx) => tx.rows<{ id: string }>(sql`
      INSERT INTO verification_snapshot (source_code, version, as_of, region_code, file_name, status, total, accepted)
      VALUES (${source}, 1, ${asOf}::date, ${PROVINCE}, 'bench.csv', 'current', ${size}, ${size}) RETURNING id`));
    ids[source] = s!.id;
  }
  await db.transaction((tx) => tx.run(sql`
    INSERT INTO verification_record (snapshot_id, id_hash, event_date)
    SELECT ${ids.police_death}::uuid, md5(CASE WHEN j % 200 = 0 THEN 'bench-' ELSE 'other-' END || j), date '2026-03-01'
    FROM generate_series(1, ${size}) j ORDER BY 2`));
  await db.transaction((tx) => tx.run(sql`
    INSERT INTO verification_record (snapshot_id, id_hash, event_date, amount_fen, category, ref_masked)
    SELECT ${ids.vehicle}::uuid, md5(CASE WHEN j % 10 = 0 THEN 'bench-' ELSE 'other-' END || j), date '2020-05-01',
      5000000, CASE WHEN j % 30 = 0 THEN '摩托车' ELSE '小型汽车' END, '吉A***45'
    FROM generate_series(1, ${size}) j ORDER BY 2`));
  await db.transaction((tx) => tx.run(sql`
    INSERT INTO verification_record (snapshot_id, id_hash, event_date, amount_fen)
    SELECT ${ids.bank}::uuid, md5(CASE WHEN j % 5 = 0 THEN 'bench-' ELSE 'other-' END || j), date '2026-09-30',
      CASE WHEN j % 100 = 0 THEN 5000000 ELSE 100000 END
    FROM generate_series(1, ${size}) j ORDER BY 2`));
  // Only the three rules that read these sources: the baseline does exactly their matching.
  await db.transaction((tx) => tx.run(sql`UPDATE verification_rule SET active = (code IN ${RULES})`));
  await db.transaction((tx) => tx.script('ANALYZE registry_person; ANALYZE payments_entitlement; ANALYZE verification_record; ANALYZE verification_snapshot; CHECKPOINT'));
  return ids;
}

/**
 * A monitoring run of N beneficiaries against a snapshot of N records from each of three sources:
 * through runMonitor (the job's code): plan, population tables, the three rules, alert upsert
 * with de-duplication, run row, audit. Baseline: the same three matchings as raw hash joins of
 * entitlements, persons and records, writing the (person, rule) hits into a table, as the owner.
 */
export const verificationMonitor: Benchmark = {
  describe: 'monitoring run of N beneficiaries against three N-row snapshots (death, vehicle, deposits) vs the raw hash joins',
  defaultSize: 1_000_000,
  async run({ db, size, log }) {
    await ensureRegions(db, { within: '22' });
    await reset(db);
    log(`seeding ${size} beneficiaries and 3 × ${size} records`);
    const seeded = await timed(() => seed(db, size));
    const ids = seeded.value;
    log(`  seeded in ${seeded.seconds.toFixed(1)} s`);

    const current = sql`e.superseded_at IS NULL AND e.kind = 'monthly' AND e.from_month <= date '2026-10-01'
      AND coalesce(e.to_month, 'infinity'::date) >= date '2026-10-01' AND e.region_code >= '220105000000' AND e.region_code < '220106000000'`;
    const baseline = await timed(() => db.transaction(async (tx) => {
      if (tx.engine === 'postgres') await tx.script(`SET LOCAL work_mem = '256MB'; SET LOCAL jit = off`);
      await tx.run(sql`
        CREATE TABLE bench_hits AS
        SELECT 'deceased_paid' AS rule, p.id AS person_id FROM payments_entitlement e JOIN registry_person p ON p.id = e.person_id
          JOIN verification_record r ON r.id_hash = p.id_hash AND r.snapshot_id = ${ids.police_death}::uuid
          WHERE ${current} AND r.event_date <= date '2026-10-31' GROUP BY p.id
        UNION ALL
        SELECT 'vehicle_over', p.id FROM payments_entitlement e JOIN registry_person p ON p.id = e.person_id
          JOIN verification_record r ON r.id_hash = p.id_hash AND r.snapshot_id = ${ids.vehicle}::uuid
          WHERE ${current} AND r.category NOT IN ('摩托车', '残疾人专用车') GROUP BY p.id
        UNION ALL
        SELECT 'deposit_over', p.id FROM payments_entitlement e JOIN registry_person p ON p.id = e.person_id
          JOIN verification_record r ON r.id_hash = p.id_hash AND r.snapshot_id = ${ids.bank}::uuid
          WHERE ${current} GROUP BY p.id HAVING sum(r.amount_fen) > 3000000`);
    }));
    log(`  raw hash joins in ${baseline.seconds.toFixed(3)} s`);
    await db.transaction((tx) => tx.script('CHECKPOINT'));

    const [run] = await db.transaction((tx) => tx.rows<{ id: string }>(sql`
      INSERT INTO verification_run (region_code, month) VALUES (${COUNTY}, date '2026-10-01') RETURNING id`));
    const platform = await timed(() => runMonitor(db, RUNNER, run!.id, { log }));
    const [check] = await db.transaction((tx) => tx.rows<{ alerts: number; hits: number }>(sql`
      SELECT (SELECT count(*)::int FROM verification_alert) AS alerts, (SELECT count(*)::int FROM bench_hits) AS hits`));
    if (check!.alerts !== check!.hits || platform.value.beneficiaries !== size) {
      throw new Error(`verification-monitor: ${check!.alerts} alerts for ${platform.value.beneficiaries} beneficiaries, expected ${check!.hits} for ${size}`);
    }
    log(`  run: ${platform.value.beneficiaries} beneficiaries, ${check!.alerts} alerts (raw hits ${check!.hits}) in ${platform.seconds.toFixed(3)} s`);
    log(`summary: run ${platform.seconds.toFixed(2)} s, raw hash joins ${baseline.seconds.toFixed(2)} s (ratio ${(platform.seconds / baseline.seconds).toFixed(2)})`);
    return { seconds: platform.seconds, baselineSeconds: baseline.seconds, size };
  },
};
