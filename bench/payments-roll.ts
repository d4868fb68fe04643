import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { FieldCipher } from '@mz/crypto';
import type { Actor, AuditActor } from '@mz/http';
import { maskBankAccount } from '@mz/kernel';
import { ensureRegions } from '@mz/regions/server';
import { exportBankFile, findProgramme, generateRegularRoll, registerProgramme } from '@mz/payments/server';
import type { Benchmark } from './benchmarks.ts';

const COUNTY = '220105000000'; // 二道区: one roll pays the whole county
const PROGRAMME = 'bench_tekun';
const MONTH = '2026-05';
const CIPHER = new FieldCipher(Buffer.alloc(32, 5));
/**
 * Distinct account envelopes, reused to save seeding time: opening one costs the same as opening a
 * million different ones, and the export opens every envelope on its own (it never looks for repeats,
 * which real accounts do not have).
 */
const ACCOUNTS = 1000;

const ACTOR: Actor = {
  kind: 'user', id: randomUUID(), name: '基准测试经办员', regionCode: COUNTY, roles: ['clerk'],
  permissions: new Set(['payments.read', 'payments.prepare', 'payments.export']),
};
const WHO: AuditActor = { actorId: ACTOR.id, actorName: ACTOR.name, actorRegion: COUNTY, ip: null };
const SCOPE = { scope: { actorId: ACTOR.id, regionCode: COUNTY } };

/**
 * Wall time, and what else was measured with it: this process's CPU seconds (main and worker
 * threads) and the machine's 1-minute load average before and after — the machine is shared, and
 * seconds mean little without the load they were taken under.
 */
async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T; cpu: number; load: string }> {
  const before = loadavg()[0]!;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, value, cpu: (used.user + used.system) / 1e6, load: `${before.toFixed(1)}→${loadavg()[0]!.toFixed(1)}` };
}

async function reset(db: Database): Promise<void> {
  // Setup only: the name-search indexes make seeding a million persons slow and play no part in
  // paying them (this database is thrown away afterwards).
  await db.transaction((tx) => tx.script('DROP INDEX IF EXISTS registry_person_name_bigrams, registry_person_initials'));
  await db.transaction((tx) => tx.script(`
    TRUNCATE payments_recovery_settlement, payments_return, payments_export, payments_transfer, payments_roll_total, payments_line,
      payments_roll_event, payments_roll, payments_recalc, payments_entitlement, payments_run CASCADE;
    TRUNCATE registry_household_member, registry_household, registry_person CASCADE;
    DROP TABLE IF EXISTS bench_roll_raw`));
  await db.transaction((tx) => tx.script('CHECKPOINT'));
}

/**
 * N persons spread over 二道区's villages, each with a bank account (a thousand distinct sealed
 * numbers, reused), and one active monthly entitlement each: the steady state of a county paying
 * a million beneficiaries. Seeded with SQL; not timed.
 */
async function seed(db: Database, size: number): Promise<void> {
  const villages = (await db.transaction((tx) => tx.rows<{ code: string }>(sql`
    SELECT code FROM region WHERE code > '220105000000' AND code < '220106000000' AND level = 5 ORDER BY code`))).map((v) => v.code);
  const plain = Array.from({ length: ACCOUNTS }, (_, i) => `62170000${String(10_000_000 + i)}`);
  const envelopes = plain.map((a) => CIPHER.encrypt('bank_account', a));
  const hashes = plain.map((a) => CIPHER.hash('bank_account', a));
  const masks = plain.map(maskBankAccount);
  await db.transaction((tx) => tx.run(sql`
    INSERT INTO registry_person (id_hash, id_cipher, id_masked, name, name_initials, sex, birth_date, hukou_region_code, hukou_type, region_code,
      bank_name, bank_account_cipher, bank_account_hash, bank_account_masked, bank_holder, source)
    SELECT md5('bench-' || i), 'v1.bench', '2201**********000X', '受益人' || i, 'syr', CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END,
      date '1950-01-01' + (i % 20000), v.code, 'rural', v.code, '吉林银行', a.env[1 + i % ${ACCOUNTS}], a.hash[1 + i % ${ACCOUNTS}],
      a.mask[1 + i % ${ACCOUNTS}], '受益人' || i, 'generated'
    FROM generate_series(1, ${size}) i,
      LATERAL (SELECT (${sql.param(villages)}::text[])[1 + i % ${villages.length}] AS code) v,
      (SELECT ${sql.param(envelopes)}::text[] AS env, ${sql.param(hashes)}::text[] AS hash, ${sql.param(masks)}::text[] AS mask) a`));
  await db.transaction((tx) => tx.run(sql`
    INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, payee_person_id, person_count, region_code, from_month,
      monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version)
    SELECT ${PROGRAMME}, 'monthly', p.id, p.id, p.id, 1, p.region_code, date '2026-01-01',
      30000 + (abs(hashtext(p.id::text)) % 500) * 100, '{"items":[]}'::jsonb, 'bench-1', 'case_decision', 'bench', p.id::text, '基准测试', 1
    FROM registry_person p`));
  await db.transaction((tx) => tx.script('ANALYZE registry_person; ANALYZE payments_entitlement; CHECKPOINT'));
}

/**
 * Roll generation for N active entitlements in one county, through the service the HTTP route
 * calls, in a scoped transaction as the county's clerk (row-level security on): regular lines
 * numbered by village, 补发/追回 and 抵扣 passes, control totals at every level, header, audit.
 * Baseline: one raw INSERT … SELECT of the same amounts from the same entitlements straight into
 * payments_line, as the owner (a bare-table figure is logged beside it). Then (logged, not in the ratio) the bank file of the approved roll: the
 * transfers cut, every account decrypted, a CSV written; then the same file downloaded again.
 */
export const paymentsRoll: Benchmark = {
  describe: 'monthly roll generation for N active entitlements (lines, adjustments, totals) vs raw INSERT … SELECT; logs the bank-file export',
  defaultSize: 1_000_000,
  async run({ db, size, log }) {
    if (!findProgramme(PROGRAMME)) {
      registerProgramme({ code: PROGRAMME, name: '特困人员救助供养（基准测试）', shortName: '特困', ownerModule: 'bench', basis: 'person', monthly: true, oneOff: false });
    }
    await ensureRegions(db, { within: '22' });
    await reset(db);
    log(`seeding ${size} persons and entitlements in 二道区`);
    const seeded = await timed(() => seed(db, size));
    log(`  seeded in ${seeded.seconds.toFixed(1)} s`);

    // The same rows computed by one raw statement, written twice: into a bare table (the floor of
    // writing that many rows), and into the ledger table itself with its constraints and indexes
    // (the baseline of the ratio: what the ledger write alone costs, without the platform's
    // numbering, correction passes, totals, scope and audit).
    const rawSelect = (rollId: string) => sql`
      SELECT ${rollId}::uuid, row_number() OVER (), 'regular', e.programme, date '2026-05-01', e.subject_id, e.person_id, e.household_id,
        e.payee_person_id, e.person_count, e.region_code, e.monthly_amount_fen, e.id
      FROM payments_entitlement e
      WHERE e.programme = ${PROGRAMME} AND e.region_code >= '220105000000' AND e.region_code < '220106000000' AND e.superseded_at IS NULL
        AND e.kind = 'monthly' AND e.from_month <= date '2026-05-01' AND (e.to_month IS NULL OR e.to_month >= date '2026-05-01')`;
    const bare = await timed(() => db.transaction(async (tx) => {
      await tx.script(`CREATE TABLE bench_roll_raw (roll_id uuid, line_no integer, kind text, programme text, period date, subject_id uuid,
        person_id uuid, household_id uuid, payee_person_id uuid, person_count smallint, region_code varchar(12), amount_fen bigint, entitlement_id uuid)`);
      return tx.run(sql`INSERT INTO bench_roll_raw ${rawSelect(randomUUID())}`);
    }));
    log(`  raw INSERT … SELECT into a bare table: ${bare.value} rows in ${bare.seconds.toFixed(3)} s (load ${bare.load})`);
    await db.transaction((tx) => tx.script('CHECKPOINT'));
    const baselineRoll = randomUUID();
    await db.transaction((tx) => tx.run(sql`
      INSERT INTO payments_roll (id, roll_no, kind, programme, region_code, month) VALUES (${baselineRoll}::uuid, 'BASELINE', 'regular', ${PROGRAMME}, ${COUNTY}, date '2026-05-01')`));
    const baseline = await timed(() => db.transaction((tx) => tx.run(sql`
      INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, person_id, household_id, payee_person_id, person_count,
        region_code, amount_fen, entitlement_id) ${rawSelect(baselineRoll)}`)));
    log(`  raw INSERT … SELECT into payments_line (baseline): ${baseline.value} rows in ${baseline.seconds.toFixed(3)} s (load ${baseline.load})`);
    await db.transaction((tx) => tx.script(`TRUNCATE payments_line, payments_roll_total, payments_roll_event, payments_roll CASCADE; CHECKPOINT`));
    const platform = await timed(() => db.transaction((tx) => generateRegularRoll(tx, ACTOR, WHO, { programme: PROGRAMME, month: MONTH }), SCOPE));
    const rollId = platform.value;
    const [check] = await db.transaction((tx) => tx.rows<{ lines: number; amount: string; raw: string; totals: number }>(sql`
      SELECT r.line_count AS lines, r.amount_fen AS amount, (SELECT sum(amount_fen) FROM bench_roll_raw)::text AS raw,
             (SELECT count(*)::int FROM payments_roll_total WHERE roll_id = r.id) AS totals
      FROM payments_roll r WHERE r.id = ${rollId}::uuid`));
    if (check!.lines !== size || check!.amount !== check!.raw) {
      throw new Error(`payments-roll: roll has ${check!.lines} lines / ${check!.amount} fen, expected ${size} / ${check!.raw}`);
    }
    log(`  roll: ${check!.lines} lines, ${check!.amount} fen, ${check!.totals} control-total rows in ${platform.seconds.toFixed(3)} s (load ${platform.load})`);

    // Review and approval are people's steps; here the owner moves the state (the totals trigger still checks).
    await db.transaction(async (tx) => {
      await tx.run(sql`UPDATE payments_roll SET state = 'reviewed' WHERE id = ${rollId}::uuid`);
      await tx.run(sql`UPDATE payments_roll SET state = 'approved' WHERE id = ${rollId}::uuid`);
    });
    await db.transaction((tx) => tx.script('CHECKPOINT'));
    // The first export: transfers cut, roll moved to 已导出, file written.
    const exported = await timed(() => db.transaction((tx) => exportBankFile(tx, ACTOR, WHO, CIPHER, rollId, { profileCode: 'standard', format: 'csv' }), SCOPE));
    log(`  bank file: ${exported.value.rows} rows, ${(exported.value.body.length / 1048576).toFixed(1)} MB CSV in ${exported.seconds.toFixed(3)} s`
      + ` (load ${exported.load}; ${exported.cpu.toFixed(1)} s of CPU in this process, decryption workers included)`);
    // A re-download: the same file from the transfers already cut (reading and decryption alone).
    const again = await timed(() => db.transaction((tx) => exportBankFile(tx, ACTOR, WHO, CIPHER, rollId, { profileCode: 'standard', format: 'csv' }), SCOPE));
    if (again.value.sha256 !== exported.value.sha256) throw new Error('payments-roll: the re-exported bank file differs from the first');
    log(`  bank file again: ${again.seconds.toFixed(3)} s (load ${again.load}; ${again.cpu.toFixed(1)} s of CPU in this process)`);
    log(`summary: generate ${platform.seconds.toFixed(2)} s, raw into payments_line ${baseline.seconds.toFixed(2)} s (ratio ${(platform.seconds / baseline.seconds).toFixed(2)}), raw into a bare table ${bare.seconds.toFixed(2)} s, bank file ${exported.seconds.toFixed(2)} s (again ${again.seconds.toFixed(2)} s)`);
    return { seconds: platform.seconds, baselineSeconds: baseline.seconds, size };
  },
};
