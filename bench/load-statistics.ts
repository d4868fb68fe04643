import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { ensureRegions } from '@mz/regions/server';
import { seedPersons, villageCodes } from './load-persons.ts';

/** The month the statistics benchmarks refresh and show. */
export const STATS_MONTH = '2026-10';
const MONTH_START = '2026-10-01';
const PROVINCE = '220000000000';

/** Empties every table the statistics facts come from, and the statistics values themselves. */
export async function resetStatisticsFacts(db: Database): Promise<void> {
  // Setup only: the name-search indexes make seeding a million persons slow and play no part in
  // statistics (this database is thrown away afterwards).
  await db.transaction((tx) => tx.script('DROP INDEX IF EXISTS registry_person_name_bigrams, registry_person_initials'));
  await db.transaction((tx) => tx.script(`
    TRUNCATE statistics_value, statistics_refresh;
    TRUNCATE verification_alert_event, verification_alert CASCADE;
    TRUNCATE payments_recovery_settlement, payments_return, payments_export, payments_transfer, payments_roll_total, payments_line,
      payments_roll_event, payments_roll, payments_recalc, payments_entitlement, payments_run CASCADE;
    TRUNCATE registry_household_member, registry_household, registry_person CASCADE`));
  await db.transaction((tx) => tx.script('CHECKPOINT'));
}

export interface StatisticsFacts { persons: number; dibao: number; tekun: number; linshi: number; lines: number; alerts: number }

/**
 * N persons spread one by one over all of 吉林省's villages (about 11 900), and the month's facts
 * of every built-in statistics source:
 * - 低保: every 4th person heads a household in payment (1–3 persons, standard 700 元 in the breakdown);
 * - 特困: every 20th person; 临时救助: every 50th, a one-off grant in the month;
 * - 资金发放: one approved roll per programme for the month, a line per entitlement above;
 * - 监测预警: every 40th person, raised this month or last; a third of them handled (维持) this month.
 * The entitlements are recorded as not decided by an assistance case, so the facts take the
 * registry's masked record (the case join still runs). Seeded with SQL as the owner; not timed.
 */
export async function seedStatisticsFacts(db: Database, size: number): Promise<StatisticsFacts> {
  await ensureRegions(db, { within: '22' });
  const villages = await villageCodes(db, '22');
  await seedPersons(db, size, { villages, name: '居民', initials: 'jm', hukouType: 'urban' });
  // Person i lives in village i % V; who is in which programme is drawn from a hash of i, so every
  // programme reaches every village (picking i % 4 = 0 would reach only a quarter of them when V is
  // a multiple of 4), as a real caseload does.
  const person = sql`(SELECT id, region_code, substr(name, 3)::int AS i, abs(hashint4(substr(name, 3)::int)::bigint) AS draw FROM registry_person)`;
  const entitlement = (programme: string, kind: 'monthly' | 'grant', every: number, rest: number, count: SQL, amount: SQL, from: string) => sql`
    INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, payee_person_id, person_count, region_code, from_month, to_month,
      monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version)
    SELECT ${programme}, ${kind}, p.id, p.id, p.id, ${count}, p.region_code, ${from}::date, ${kind === 'grant' ? sql`${from}::date` : sql`NULL::date`},
      ${amount}, '{"standardFen": 70000, "items": []}'::jsonb, 'bench-1', 'case_decision', 'bench', ${programme} || ':' || p.id, '基准测试', 1
    FROM ${person} p WHERE p.draw % ${every} = ${rest}`;
  const dibao = await db.transaction((tx) => tx.run(entitlement('dibao', 'monthly', 4, 0, sql`1 + p.i % 3`, sql`60000 + (p.i % 3) * 50000`, '2025-01-01')));
  const tekun = await db.transaction((tx) => tx.run(entitlement('tekun', 'monthly', 20, 1, sql`1`, sql`120000`, '2025-06-01')));
  const linshi = await db.transaction((tx) => tx.run(entitlement('linshi', 'grant', 50, 2, sql`1`, sql`100000 + (p.i % 10) * 10000`, MONTH_START)));

  // One roll per programme for the whole province, its lines written while it is a draft, the header
  // and the province row of its totals set, then reviewed and approved (the roll's check sums the lines).
  let lines = 0;
  for (const programme of ['dibao', 'tekun', 'linshi']) {
    lines += await db.transaction(async (tx) => {
      const [roll] = await tx.rows<{ id: string }>(sql`
        INSERT INTO payments_roll (roll_no, kind, programme, region_code, month) VALUES (${`BENCH-${programme}`}, 'regular', ${programme}, ${PROVINCE}, ${MONTH_START}::date)
        RETURNING id`);
      const written = await tx.run(sql`
        INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, person_id, household_id, payee_person_id, person_count, region_code, amount_fen, entitlement_id)
        SELECT ${roll!.id}::uuid, row_number() OVER (ORDER BY e.region_code, e.subject_id), CASE WHEN e.kind = 'grant' THEN 'grant' ELSE 'regular' END,
          e.programme, ${MONTH_START}::date, e.subject_id, e.person_id, e.household_id, e.payee_person_id, e.person_count, e.region_code, e.monthly_amount_fen, e.id
        FROM payments_entitlement e WHERE e.programme = ${programme}`);
      await tx.run(sql`
        WITH s AS (SELECT count(*)::int AS n, sum(amount_fen)::bigint AS amt, sum(person_count)::int AS persons, count(DISTINCT household_id)::int AS households
          FROM payments_line WHERE roll_id = ${roll!.id}::uuid),
        h AS (UPDATE payments_roll SET line_count = s.n, amount_fen = s.amt, person_count = s.persons, household_count = s.households FROM s WHERE id = ${roll!.id}::uuid)
        INSERT INTO payments_roll_total (roll_id, region_code, level, lines, persons, households, amount_fen, recovery_fen)
        SELECT ${roll!.id}::uuid, ${PROVINCE}, 1, s.n, s.persons, s.households, s.amt, 0 FROM s`);
      await tx.run(sql`UPDATE payments_roll SET state = 'reviewed' WHERE id = ${roll!.id}::uuid`);
      await tx.run(sql`UPDATE payments_roll SET state = 'approved' WHERE id = ${roll!.id}::uuid`);
      return written;
    });
  }

  const alerts = await db.transaction(async (tx) => {
    const raised = await tx.run(sql`
      INSERT INTO verification_alert (rule_code, subject_key, person_id, person_name, id_masked, region_code, severity, handling_level, basis, evidence,
        raised_on, due_on, first_run_id, last_run_id)
      SELECT 'deposit_over', p.id, p.id, '居民' || p.i, '2201**********000X', p.region_code, 'medium', 3, 'bench', '{}'::jsonb,
        ${MONTH_START}::date - (p.i % 2) * 30 + p.i % 28, ${MONTH_START}::date + 60, '00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000000'
      FROM ${person} p WHERE p.draw % 40 = 3`);
    await tx.run(sql`
      INSERT INTO verification_alert_event (alert_id, region_code, action, from_status, to_status, opinion, actor_name, at)
      SELECT a.id, a.region_code, 'keep', 'open', 'kept', '核实无误，维持', '基准测试',
        (${MONTH_START}::timestamp + interval '20 days') AT TIME ZONE 'Asia/Shanghai'
      FROM verification_alert a WHERE a.alert_no % 3 = 0`);
    return raised;
  });
  await db.transaction((tx) => tx.script(`ANALYZE registry_person; ANALYZE payments_entitlement; ANALYZE payments_roll; ANALYZE payments_line;
    ANALYZE verification_alert; ANALYZE verification_alert_event; CHECKPOINT`));
  return { persons: size, dibao, tekun, linshi, lines, alerts };
}

/** Reset, then seed N persons' facts, logging what was made and how long it took (not timed by the benchmark). */
export async function loadStatisticsFacts(db: Database, size: number, log: (message: string) => void): Promise<StatisticsFacts> {
  await resetStatisticsFacts(db);
  log(`seeding ${size} persons and their facts over 吉林省`);
  const started = performance.now();
  const f = await seedStatisticsFacts(db, size);
  log(`  ${f.dibao} 低保, ${f.tekun} 特困, ${f.linshi} 临时救助 entitlements, ${f.lines} payment lines, ${f.alerts} alerts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return f;
}
