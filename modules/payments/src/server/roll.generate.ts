/**
 * Generating a roll: set-based SQL over the ledger, in the caller's one transaction, so a crash
 * or a refusal leaves no roll or a complete one. Regeneration deletes the draft's lines and runs
 * the same statements again: the same entitlements give the same lines, numbered the same way.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { PG, pgErrorCode, textArray } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { addMonths, DomainError, fenToYuanString, forbidden, regionLevel, subtreeRange } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { monthDate, monthLabel, monthOf, ROLL_KIND_NAMES } from '../domain/index.ts';
import { programmeName, requireProgramme } from './programmes.ts';

export interface RollRow {
  id: string;
  roll_no: string;
  kind: 'regular' | 'run' | 'reissue';
  programme: string | null;
  run_id: string | null;
  reissue_of_roll_id: string | null;
  region_code: string;
  month: string;
  state: 'draft' | 'reviewed' | 'approved' | 'exported' | 'returned' | 'reconciled';
  version: number;
  line_count: number;
  person_count: number;
  household_count: number;
  amount_fen: string;
  recovery_fen: string;
  paid_fen: string | null;
  failed_fen: string | null;
  generated_at: string;
  generated_by: string | null;
  generated_by_name: string | null;
  reviewed_by: string | null;
  approved_by: string | null;
  updated_at: string;
}

export const ROLL_COLUMNS = sql.raw(`r.id, r.roll_no, r.kind, r.programme, r.run_id, r.reissue_of_roll_id, r.region_code, r.month::text AS month, r.state,
  r.version, r.line_count, r.person_count, r.household_count, r.amount_fen, r.recovery_fen, r.paid_fen, r.failed_fen, r.generated_at,
  r.generated_by, r.generated_by_name, r.reviewed_by, r.approved_by, r.updated_at`);

export const ROLL_NOT_FOUND = () => new DomainError({ code: 'NOT_FOUND', status: 404, title: '发放表不存在或不在本辖区' });

/** The roll, within the caller's jurisdiction; `lock` takes the row lock writers need. */
export async function findRoll(tx: Tx, scopeRegion: string, id: string, lock = false): Promise<RollRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const range = subtreeRange(scopeRegion);
  const [row] = await tx.rows<RollRow>(sql`
    SELECT ${ROLL_COLUMNS} FROM payments_roll r
    WHERE r.id = ${id}::uuid AND r.region_code >= ${range.from} AND r.region_code < ${range.to}
    ${lock ? sql`FOR UPDATE` : sql``}`);
  return row ?? null;
}

/** Rolls are prepared by the county that pays them. */
export function requireCountyActor(actor: Actor): string {
  if (regionLevel(actor.regionCode) !== 3) {
    throw forbidden('只有县级民政部门可以生成发放表', '发放表按项目和县（市、区）生成，请由县级民政部门经办人员办理');
  }
  return actor.regionCode;
}

/**
 * A database check of our own (a trigger's RAISE) is a business refusal with its own Chinese
 * message; a unique violation here means a beneficiary would be paid twice.
 */
export async function ledgerStep<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const code = pgErrorCode(err);
    if (code === PG.raiseException) {
      throw new DomainError({ code: 'LEDGER_CHECK', status: 409, title: (err as Error).message.replace(/^.*?ERROR:\s*/, '') });
    }
    if (code === PG.uniqueViolation && /payments_line_no_double_pay/.test(String((err as { constraint?: string }).constraint ?? (err as Error).message))) {
      throw new DomainError({ code: 'DOUBLE_PAY', status: 409, title: '同一对象同一项目同一月份已在其他发放表中发放，不能重复发放' });
    }
    throw err;
  }
}

/**
 * An open hold (暂停发放) covering the roll's month for entitlement `e`'s subject: its regular
 * line is left out of the roll, and the month paid as 补发 after release.
 */
const HELD = (programme: string, month: string) => sql`EXISTS (SELECT 1 FROM payments_hold h
  WHERE h.programme = ${programme} AND h.subject_id = e.subject_id AND h.released_at IS NULL AND h.from_month <= ${month}::date)`;

interface FillContext {
  rollId: string;
  county: string;
  month: string; // 'YYYY-MM-01'
}

/**
 * Settings for one bulk pass: numbering a county's lines sorts the whole roll, so the sort gets
 * memory; and the JIT compiler, which spends most of a second compiling these statements, is off.
 */
export async function bulkSettings(tx: Tx): Promise<void> {
  await tx.run(sql`SELECT set_config('work_mem', '128MB', true), set_config('jit', 'off', true)`);
}

async function maxLineNo(tx: Tx, rollId: string): Promise<number> {
  const [r] = await tx.rows<{ n: number }>(sql`SELECT coalesce(max(line_no), 0)::int AS n FROM payments_line WHERE roll_id = ${rollId}::uuid`);
  return r!.n;
}

/**
 * A regular roll's lines: every active monthly entitlement for the month, the programme's unpaid
 * one-off grants due by the month, then 补发/追回 for earlier months whose entitlement changed,
 * then deductions of outstanding recoveries from what this roll pays the same beneficiary.
 */
async function fillRegular(tx: Tx, ctx: FillContext, programme: string): Promise<void> {
  const { rollId, month } = ctx;
  // Lines are numbered (and so written) in beneficiary order: then the no-double-pay index, keyed
  // (programme, month, beneficiary), and the roll's (roll, line number) index both grow at their
  // end. Pages show lines by village by sorting when they read.
  const range = subtreeRange(ctx.county);
  await tx.run(sql`
    INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, person_id, household_id, payee_person_id,
      person_count, region_code, amount_fen, entitlement_id, reason)
    SELECT ${rollId}::uuid, row_number() OVER (ORDER BY e.subject_id, e.kind, e.id),
      CASE e.kind WHEN 'monthly' THEN 'regular' ELSE 'grant' END, e.programme,
      CASE e.kind WHEN 'monthly' THEN ${month}::date ELSE e.from_month END,
      e.subject_id, e.person_id, e.household_id, e.payee_person_id, e.person_count, e.region_code, e.monthly_amount_fen, e.id,
      CASE e.kind WHEN 'grant' THEN e.reason END
    FROM payments_entitlement e
    WHERE e.programme = ${programme} AND e.region_code >= ${range.from} AND e.region_code < ${range.to}
      AND e.superseded_at IS NULL AND e.monthly_amount_fen > 0 AND e.from_month <= ${month}::date
      AND ((e.kind = 'monthly' AND (e.to_month IS NULL OR e.to_month >= ${month}::date) AND NOT ${HELD(programme, month)})
        OR (e.kind = 'grant' AND e.paid_outside_on IS NULL
            AND NOT EXISTS (SELECT 1 FROM payments_line g WHERE g.entitlement_id = e.id AND g.kind = 'grant')))`);

  // Who the roll leaves out because of an open hold, as of this generation (shown with the roll).
  await tx.run(sql`DELETE FROM payments_roll_held WHERE roll_id = ${rollId}::uuid`);
  await tx.run(sql`
    INSERT INTO payments_roll_held (roll_id, subject_id, hold_id, entitlement_id, region_code, amount_fen)
    SELECT DISTINCT ON (e.subject_id) ${rollId}::uuid, e.subject_id, h.id, e.id, e.region_code, e.monthly_amount_fen
    FROM payments_entitlement e JOIN payments_hold h ON h.programme = e.programme AND h.subject_id = e.subject_id
      AND h.released_at IS NULL AND h.from_month <= ${month}::date
    WHERE e.programme = ${programme} AND e.region_code >= ${range.from} AND e.region_code < ${range.to}
      AND e.superseded_at IS NULL AND e.kind = 'monthly' AND e.monthly_amount_fen > 0 AND e.from_month <= ${month}::date
      AND (e.to_month IS NULL OR e.to_month >= ${month}::date)
    ORDER BY e.subject_id, h.held_at`);

  // 补发/追回: for each subject whose entitlement changed from a month before this one, each month
  // from there on: owed now (current rows) minus accounted for (regular, 补发 and 追回 lines of
  // every other roll). Reissues re-deliver a failed line that is already accounted for.
  const base = await maxLineNo(tx, rollId);
  await tx.run(sql`
    WITH claimed AS (
      UPDATE payments_recalc SET roll_id = ${rollId}::uuid
      WHERE programme = ${programme} AND region_code >= ${range.from} AND region_code < ${range.to}
        AND from_month < ${month}::date AND (roll_id IS NULL OR roll_id = ${rollId}::uuid)
        -- A held subject's months are settled once the hold is released, not while it is open.
        AND NOT EXISTS (SELECT 1 FROM payments_hold h WHERE h.programme = payments_recalc.programme
          AND h.subject_id = payments_recalc.subject_id AND h.released_at IS NULL AND h.from_month <= ${month}::date)
      RETURNING subject_id, from_month
    ),
    cand AS (SELECT subject_id, min(from_month) AS from_month FROM claimed GROUP BY subject_id),
    months AS (
      SELECT c.subject_id, g::date AS period
      FROM cand c, LATERAL generate_series(c.from_month, ${month}::date - interval '1 month', interval '1 month') g
    ),
    latest AS (
      SELECT DISTINCT ON (e.subject_id) e.subject_id, e.id, e.person_id, e.household_id, e.payee_person_id, e.region_code, e.reason
      FROM payments_entitlement e JOIN cand c ON c.subject_id = e.subject_id
      WHERE e.programme = ${programme} AND e.kind = 'monthly'
      ORDER BY e.subject_id, e.created_at DESC, e.series_version DESC, e.from_month DESC
    ),
    owed AS (
      SELECT m.subject_id, m.period, sum(e.monthly_amount_fen) AS fen,
             (array_agg(e.id ORDER BY e.created_at DESC))[1] AS entitlement_id, (array_agg(e.reason ORDER BY e.created_at DESC))[1] AS reason
      FROM months m JOIN payments_entitlement e ON e.subject_id = m.subject_id AND e.programme = ${programme} AND e.kind = 'monthly'
        AND e.superseded_at IS NULL AND e.from_month <= m.period AND coalesce(e.to_month, 'infinity'::date) >= m.period
      GROUP BY m.subject_id, m.period
    ),
    accounted AS (
      -- Two probes per month so each finds its index: regular lines by (programme, month,
      -- subject), corrections by subject.
      SELECT x.subject_id, x.period, sum(x.fen) AS fen FROM (
        SELECT l.subject_id, l.period, l.amount_fen AS fen FROM months m JOIN payments_line l
          ON l.kind = 'regular' AND l.programme = ${programme} AND l.period = m.period AND l.subject_id = m.subject_id
        WHERE l.roll_id <> ${rollId}::uuid
        UNION ALL
        SELECT l.subject_id, l.period, l.amount_fen FROM months m JOIN payments_line l
          ON l.kind <> 'regular' AND l.kind IN ('backpay', 'recovery') AND l.subject_id = m.subject_id AND l.programme = ${programme} AND l.period = m.period
        WHERE l.roll_id <> ${rollId}::uuid
      ) x GROUP BY x.subject_id, x.period
    ),
    delta AS (
      SELECT m.subject_id, m.period, coalesce(o.fen, 0) - coalesce(a.fen, 0) AS fen, o.entitlement_id, o.reason
      FROM months m LEFT JOIN owed o ON o.subject_id = m.subject_id AND o.period = m.period
      LEFT JOIN accounted a ON a.subject_id = m.subject_id AND a.period = m.period
    )
    INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, person_id, household_id, payee_person_id,
      person_count, region_code, amount_fen, entitlement_id, reason)
    SELECT ${rollId}::uuid, ${base} + row_number() OVER (ORDER BY d.subject_id, d.period),
      CASE WHEN d.fen > 0 THEN 'backpay' ELSE 'recovery' END, ${programme}, d.period, d.subject_id, lt.person_id, lt.household_id,
      lt.payee_person_id, 0, lt.region_code, d.fen, coalesce(d.entitlement_id, lt.id),
      concat(extract(year FROM d.period)::int, '年', extract(month FROM d.period)::int, '月', CASE WHEN d.fen > 0 THEN '补发' ELSE '追回' END,
             '：', coalesce(d.reason, lt.reason))
    FROM delta d JOIN latest lt ON lt.subject_id = d.subject_id
    WHERE d.fen <> 0`);

  // 抵扣: an outstanding recovery (after earlier deductions and settlements) is taken, oldest
  // first, out of what this roll pays the same beneficiary, never below zero.
  const base2 = await maxLineNo(tx, rollId);
  await tx.run(sql`
    WITH open AS (
      SELECT r.id, r.subject_id, r.period, r.entitlement_id, r.reason,
        (-r.amount_fen)
          - coalesce((SELECT -sum(o.amount_fen) FROM payments_line o WHERE o.recovery_of = r.id AND o.roll_id <> ${rollId}::uuid), 0)
          - coalesce((SELECT sum(s.amount_fen) FROM payments_recovery_settlement s WHERE s.recovery_line_id = r.id), 0) AS due
      FROM payments_line r
      WHERE r.kind = 'recovery' AND r.programme = ${programme} AND r.region_code >= ${range.from} AND r.region_code < ${range.to}
    ),
    avail AS (
      -- What this roll pays each subject that owes something (driven from the few debtors, never
      -- a pass over the whole roll).
      SELECT o.subject_id, sum(l.amount_fen) AS fen, min(l.payee_person_id::text)::uuid AS payee_person_id,
             min(l.person_id::text)::uuid AS person_id, min(l.household_id::text)::uuid AS household_id, min(l.region_code) AS region_code
      FROM (SELECT DISTINCT subject_id FROM open WHERE due > 0) o,
      LATERAL (
        SELECT * FROM payments_line l WHERE l.kind = 'regular' AND l.programme = ${programme} AND l.period = ${month}::date
          AND l.subject_id = o.subject_id AND l.roll_id = ${rollId}::uuid
        UNION ALL
        SELECT * FROM payments_line l WHERE l.kind <> 'regular' AND l.subject_id = o.subject_id AND l.programme = ${programme}
          AND l.roll_id = ${rollId}::uuid AND l.amount_fen > 0
      ) l
      GROUP BY o.subject_id
    ),
    alloc AS (
      SELECT o.*, a.fen AS avail, a.payee_person_id, a.person_id, a.household_id, a.region_code,
             sum(o.due) OVER (PARTITION BY o.subject_id ORDER BY o.id) AS cum
      FROM open o JOIN avail a ON a.subject_id = o.subject_id
      WHERE o.due > 0
    ),
    take AS (SELECT *, least(due, greatest(avail - (cum - due), 0)) AS fen FROM alloc)
    INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, person_id, household_id, payee_person_id,
      person_count, region_code, amount_fen, entitlement_id, recovery_of, reason)
    SELECT ${rollId}::uuid, ${base2} + row_number() OVER (ORDER BY t.subject_id, t.id), 'offset', ${programme}, ${month}::date,
      t.subject_id, t.person_id, t.household_id, t.payee_person_id, 0, t.region_code, -t.fen, t.entitlement_id, t.id,
      concat('抵扣', extract(year FROM t.period)::int, '年', extract(month FROM t.period)::int, '月追回款')
    FROM take t WHERE t.fen > 0`);
}

export interface RunRow {
  id: string; kind: 'holiday' | 'price_subsidy'; name: string; programmes: string[]; basis: 'person' | 'household';
  amount_fen: string; month: string; region_code: string;
}

/**
 * A one-off run's lines: each beneficiary of the listed programmes active in the run's month,
 * once (a household or a person; the first listed programme they are in names the line), paid
 * the fixed sum per household or per covered person.
 *
 * A per-person run pays each person once, whatever programmes cover them: a 低保 household (paid
 * for its covered members) and a 特困 person of that household (paid for himself) would both
 * count the same person. The household line already pays for its members, so a person's own
 * line is left out when the run also pays the household the person belongs to in the run's month
 * (by the entitlement's household or by the registry's membership). The rule is part of the one
 * statement, so generating and regenerating give the same lines, numbered without gaps.
 */
async function fillRun(tx: Tx, ctx: FillContext, run: RunRow): Promise<void> {
  const range = subtreeRange(ctx.county);
  const perPerson = run.basis === 'person';
  const subject = perPerson ? sql`e.subject_id` : sql`coalesce(e.household_id, e.person_id)`;
  await tx.run(sql`
    WITH s AS (
      SELECT DISTINCT ON (${subject}) ${subject} AS subj, e.id, e.programme, e.person_id, e.household_id, e.payee_person_id, e.person_count, e.region_code
      FROM payments_entitlement e
      WHERE e.programme = ANY(${textArray(run.programmes)}) AND e.kind = 'monthly' AND e.superseded_at IS NULL AND e.monthly_amount_fen > 0
        AND e.region_code >= ${range.from} AND e.region_code < ${range.to}
        AND e.from_month <= ${ctx.month}::date AND coalesce(e.to_month, 'infinity'::date) >= ${ctx.month}::date
      ORDER BY ${subject}, array_position(${textArray(run.programmes)}, e.programme), e.created_at
    ),
    paid AS (
      SELECT s.* FROM s
      ${perPerson ? sql`WHERE NOT (s.person_id IS NOT NULL AND s.subj = s.person_id AND EXISTS (
        SELECT 1 FROM s h
        WHERE h.household_id IS NOT NULL AND h.subj = h.household_id
          AND (h.household_id = s.household_id OR EXISTS (
            SELECT 1 FROM registry_household_member m
            WHERE m.household_id = h.household_id AND m.person_id = s.person_id
              AND m.valid_from < (${ctx.month}::date + interval '1 month') AND (m.valid_to IS NULL OR m.valid_to > ${ctx.month}::date)))))` : sql``}
    )
    INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, person_id, household_id, payee_person_id,
      person_count, region_code, amount_fen, entitlement_id, run_id, reason)
    SELECT ${ctx.rollId}::uuid, row_number() OVER (ORDER BY p.subj), 'run', p.programme, ${ctx.month}::date, p.subj,
      p.person_id, p.household_id, p.payee_person_id, p.person_count, p.region_code,
      ${perPerson ? sql`${Number(run.amount_fen)}::bigint * greatest(p.person_count, 1)` : sql`${Number(run.amount_fen)}::bigint`},
      p.id, ${run.id}::uuid, ${run.name}
    FROM paid p`);
}

/**
 * Control totals at every level: ROLLUP over township and village prefixes inside the county,
 * the county row for the whole roll, and the same figures for the city and province above it.
 * Then the header takes the county row, which the state-change trigger checks against the lines.
 */
export async function fillTotals(tx: Tx, rollId: string, county: string): Promise<void> {
  await tx.run(sql`DELETE FROM payments_roll_total WHERE roll_id = ${rollId}::uuid`);
  await tx.run(sql`
    WITH per AS (
      -- First one row per village and household (hashed, one pass over the lines); the ROLLUP
      -- and its count(DISTINCT household) then work on those rows, not on every line — for a
      -- programme paid per person, a million lines become one row per village. The distinct
      -- count is the same: a household counts once per group either way.
      -- Region codes are digits: grouped bytewise (COLLATE "C"), a million of them sort several
      -- times faster than under the database's locale.
      SELECT region_code COLLATE "C" AS v, household_id, count(*) AS lines, coalesce(sum(person_count), 0) AS persons,
             coalesce(sum(amount_fen) FILTER (WHERE kind <> 'recovery'), 0) AS amount, coalesce(sum(amount_fen) FILTER (WHERE kind = 'recovery'), 0) AS recovery
      FROM payments_line WHERE roll_id = ${rollId}::uuid
      GROUP BY region_code COLLATE "C", household_id
    ),
    agg AS (
      SELECT left(v, 9) AS t, v, grouping(left(v, 9), v) AS g,
             coalesce(sum(lines), 0) AS lines, coalesce(sum(persons), 0) AS persons, count(DISTINCT household_id) AS households,
             coalesce(sum(amount), 0) AS amount, coalesce(sum(recovery), 0) AS recovery
      FROM per
      GROUP BY ROLLUP (left(v, 9), v)
    )
    INSERT INTO payments_roll_total (roll_id, region_code, level, lines, persons, households, amount_fen, recovery_fen)
    SELECT ${rollId}::uuid, CASE g WHEN 3 THEN ${county} WHEN 1 THEN t || '000' ELSE v END, CASE g WHEN 3 THEN 3 WHEN 1 THEN 4 ELSE 5 END,
           lines, persons, households, amount, recovery
    FROM agg
    WHERE g = 3 OR (g = 1 AND right(t, 3) <> '000') OR (g = 0 AND right(v, 3) <> '000')`);
  await tx.run(sql`
    INSERT INTO payments_roll_total (roll_id, region_code, level, lines, persons, households, amount_fen, recovery_fen)
    SELECT roll_id, a.code, a.level, lines, persons, households, amount_fen, recovery_fen
    FROM payments_roll_total, (VALUES (rpad(left(${county}, 2), 12, '0'), 1), (rpad(left(${county}, 4), 12, '0'), 2)) AS a(code, level)
    WHERE roll_id = ${rollId}::uuid AND region_code = ${county}
    ON CONFLICT DO NOTHING`);
  await tx.run(sql`
    UPDATE payments_roll r SET line_count = coalesce(t.lines, 0), person_count = coalesce(t.persons, 0), household_count = coalesce(t.households, 0),
      amount_fen = coalesce(t.amount_fen, 0), recovery_fen = coalesce(t.recovery_fen, 0), updated_at = now()
    FROM (SELECT NULL) dummy LEFT JOIN payments_roll_total t ON t.roll_id = ${rollId}::uuid AND t.region_code = ${county}
    WHERE r.id = ${rollId}::uuid`);
}

/** (Re)fills a draft roll's lines and totals from the ledger. */
export async function fillRoll(tx: Tx, roll: Pick<RollRow, 'id' | 'kind' | 'programme' | 'run_id' | 'region_code' | 'month'>): Promise<void> {
  await bulkSettings(tx);
  const ctx: FillContext = { rollId: roll.id, county: roll.region_code, month: roll.month };
  await ledgerStep(async () => {
    if (roll.kind === 'regular') await fillRegular(tx, ctx, roll.programme!);
    else if (roll.kind === 'run') {
      const [run] = await tx.rows<RunRow>(sql`SELECT id, kind, name, programmes, basis, amount_fen, month::text, region_code FROM payments_run WHERE id = ${roll.run_id}::uuid`);
      await fillRun(tx, ctx, run!);
    }
    await fillTotals(tx, roll.id, roll.region_code);
  });
}

export async function rollEvent(tx: Tx, who: AuditActor, roll: { id: string; region_code: string }, e: { action: string; from: string | null; to: string | null; opinion?: string | null; detail?: unknown }): Promise<void> {
  await tx.run(sql`
    INSERT INTO payments_roll_event (roll_id, region_code, action, from_state, to_state, actor_id, actor_name, opinion, detail)
    VALUES (${roll.id}::uuid, ${roll.region_code}, ${e.action}, ${e.from}, ${e.to}, ${who.actorId}::uuid, ${who.actorName}, ${e.opinion ?? null},
            ${e.detail === undefined ? null : JSON.stringify(e.detail)}::jsonb)`);
}

export function rollTitle(roll: Pick<RollRow, 'roll_no' | 'kind' | 'programme' | 'month'>): string {
  const what = roll.kind === 'regular' ? `${programmeName(roll.programme)}` : ROLL_KIND_NAMES[roll.kind];
  return `${monthLabel(monthOf(roll.month))}${what}发放表 ${roll.roll_no}`;
}

export function totalsSummary(r: { line_count: number; amount_fen: string | number; recovery_fen: string | number }): string {
  const rec = Number(r.recovery_fen);
  return `明细 ${r.line_count} 条，应发 ${fenToYuanString(Number(r.amount_fen))} 元${rec ? `，追回 ${fenToYuanString(-rec)} 元` : ''}`;
}

/**
 * POST /payments/rolls: the county's regular roll of a programme for a month. Months go in order:
 * the next roll is the month after the latest, once the latest has gone to the bank.
 */
export async function generateRegularRoll(tx: Tx, actor: Actor, who: AuditActor, input: { programme: string; month: string }): Promise<string> {
  const programme = requireProgramme(input.programme);
  const county = requireCountyActor(actor);
  const month = monthDate(input.month);
  const [latest] = await tx.rows<{ id: string; month: string; state: string }>(sql`
    SELECT id, month::text, state FROM payments_roll WHERE kind = 'regular' AND programme = ${programme.code} AND region_code = ${county}
    ORDER BY month DESC LIMIT 1 FOR UPDATE`);
  if (latest) {
    if (latest.month === month) {
      throw new DomainError({ code: 'ROLL_EXISTS', status: 409, title: `${monthLabel(input.month)}${programme.shortName}发放表已生成`, detail: '如需按最新待遇重算，请在草稿状态下重新生成' });
    }
    if (['draft', 'reviewed', 'approved'].includes(latest.state)) {
      throw new DomainError({ code: 'PREVIOUS_ROLL_OPEN', status: 409, title: `${monthLabel(monthOf(latest.month))}${programme.shortName}发放表尚未导出银行，不能生成下一期`, detail: '上一期导出后，本期才能据以计算补发和追回' });
    }
    const expected = addMonths(monthOf(latest.month), 1);
    if (input.month !== expected) {
      throw new DomainError({ code: 'MONTH_SEQUENCE', status: 409, title: `下一期应为 ${monthLabel(expected)}`, detail: `最近一期是 ${monthLabel(monthOf(latest.month))}；发放表逐月生成，不能跳过或回到以前的月份` });
    }
  }
  const rollNo = `FF-${county.slice(0, 6)}-${input.month.replace('-', '')}-${programme.code}`;
  let id: string;
  try {
    [{ id }] = await tx.rows<{ id: string }>(sql`
      INSERT INTO payments_roll (roll_no, kind, programme, region_code, month, generated_by, generated_by_name)
      VALUES (${rollNo}, 'regular', ${programme.code}, ${county}, ${month}::date, ${who.actorId}::uuid, ${who.actorName}) RETURNING id`) as [{ id: string }];
  } catch (err) {
    if (pgErrorCode(err) === PG.uniqueViolation) throw new DomainError({ code: 'ROLL_EXISTS', status: 409, title: `${monthLabel(input.month)}${programme.shortName}发放表已生成` });
    throw err;
  }
  const roll = { id, kind: 'regular' as const, programme: programme.code, run_id: null, region_code: county, month };
  await fillRoll(tx, roll);
  const [after] = await tx.rows<RollRow>(sql`SELECT ${ROLL_COLUMNS} FROM payments_roll r WHERE r.id = ${id}::uuid`);
  await rollEvent(tx, who, roll, { action: 'generate', from: null, to: 'draft', detail: { lines: after!.line_count, amountFen: Number(after!.amount_fen) } });
  await appendAudit(tx, who, {
    action: 'payments.roll_generate', entityType: 'payments_roll', entityId: id, regionCode: county,
    summary: `生成${rollTitle(after!)}：${totalsSummary(after!)}`,
    diff: { lines: { before: null, after: after!.line_count }, amountFen: { before: null, after: Number(after!.amount_fen) }, recoveryFen: { before: null, after: Number(after!.recovery_fen) } },
  });
  return id;
}
