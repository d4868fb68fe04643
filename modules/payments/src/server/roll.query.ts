/** Reading rolls: lists, the detail page, control totals, lines and transfers. */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import type { Actor } from '@mz/http';
import { isValidIdNumber, subtreeRange } from '@mz/kernel';
import {
  availableRollOperations, LINE_KIND_NAMES, monthDate, monthOf, opinionRequired, ROLL_OPERATION_NAMES, ROLL_STATE_NAMES,
  type HeldView, type LineKind, type LineView, type RegionTotal, type RollDetail, type RollState, type RollSummary, type TransferStatus, type TransferView,
} from '../domain/index.ts';
import { programmeName } from './programmes.ts';
import { findRoll, ROLL_COLUMNS, ROLL_NOT_FOUND, type RollRow } from './roll.generate.ts';
import { rollActor } from './roll.service.ts';

const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());
const num = (v: string | number | null) => (v === null ? null : Number(v));

type RollListRow = RollRow & { region_name: string | null; run_name: string | null };

function toSummary(r: RollListRow): RollSummary {
  return {
    id: r.id, rollNo: r.roll_no, kind: r.kind, programme: r.programme, programmeName: programmeName(r.programme), runId: r.run_id, runName: r.run_name,
    reissueOfRollId: r.reissue_of_roll_id, regionCode: r.region_code, regionName: r.region_name ?? r.region_code, month: monthOf(r.month),
    state: r.state, stateName: ROLL_STATE_NAMES[r.state], version: r.version, lineCount: r.line_count, personCount: r.person_count,
    householdCount: r.household_count, amountFen: Number(r.amount_fen), recoveryFen: Number(r.recovery_fen), paidFen: num(r.paid_fen),
    failedFen: num(r.failed_fen), generatedAt: iso(r.generated_at)!, generatedByName: r.generated_by_name, updatedAt: iso(r.updated_at)!,
  };
}

export interface RollFilter {
  kind?: string; programme?: string; month?: string; state?: string; page: number; pageSize: number;
}

export async function listRolls(tx: Tx, scopeRegion: string, f: RollFilter): Promise<{ items: RollSummary[]; total: number }> {
  const range = subtreeRange(scopeRegion);
  const where = sql.join([
    sql`r.region_code >= ${range.from} AND r.region_code < ${range.to}`,
    f.kind ? sql`r.kind = ${f.kind}` : undefined,
    f.programme ? sql`r.programme = ${f.programme}` : undefined,
    f.month ? sql`r.month = ${monthDate(f.month)}::date` : undefined,
    f.state ? sql`r.state = ${f.state}` : undefined,
  ].filter((c): c is SQL => c !== undefined), sql` AND `);
  const rows = await tx.rows<RollListRow & { total: string }>(sql`
    SELECT ${ROLL_COLUMNS}, g.name AS region_name, run.name AS run_name, count(*) OVER () AS total
    FROM payments_roll r LEFT JOIN region g ON g.code = r.region_code LEFT JOIN payments_run run ON run.id = r.run_id
    WHERE ${where}
    ORDER BY r.month DESC, r.region_code, r.roll_no
    LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items: rows.map(toSummary), total: rows.length ? Number(rows[0]!.total) : 0 };
}

export async function getRollDetail(tx: Tx, actor: Actor, id: string): Promise<RollDetail> {
  const roll = await findRoll(tx, actor.regionCode, id);
  if (!roll) throw ROLL_NOT_FOUND();
  const [names] = await tx.rows<{ region_name: string | null; run_name: string | null }>(sql`
    SELECT (SELECT name FROM region WHERE code = ${roll.region_code}) AS region_name,
           (SELECT name FROM payments_run WHERE id = ${roll.run_id}::uuid) AS run_name`);
  const byKind = await tx.rows<{ kind: LineKind; lines: number; amount: string }>(sql`
    SELECT kind, count(*)::int AS lines, sum(amount_fen) AS amount FROM payments_line WHERE roll_id = ${id}::uuid GROUP BY kind ORDER BY kind`);
  const beforeExport = ['draft', 'reviewed', 'approved'].includes(roll.state);
  const [missing] = beforeExport
    ? await tx.rows<{ n: number }>(sql`
        SELECT count(DISTINCT l.payee_person_id)::int AS n FROM payments_line l LEFT JOIN registry_person p ON p.id = l.payee_person_id
        ${PAYEE_OUTSIDE('payments_line_payee(l.id)')}
        WHERE l.roll_id = ${id}::uuid AND l.kind <> 'recovery' AND p.bank_account_cipher IS NULL AND f.account_cipher IS NULL`)
    : [{ n: 0 }];
  const [t] = beforeExport ? [] : await tx.rows<{ total: number; sent: number; paid: number; failed: number; reissued: number; abandoned: number; open: number }>(sql`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'paid')::int AS paid,
           count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*) FILTER (WHERE reissued_in IS NOT NULL)::int AS reissued,
           count(*) FILTER (WHERE abandoned_at IS NOT NULL)::int AS abandoned,
           count(*) FILTER (WHERE status = 'failed' AND reissued_in IS NULL AND abandoned_at IS NULL)::int AS open
    FROM payments_transfer WHERE roll_id = ${id}::uuid`);
  const [held] = await tx.rows<{ n: number; fen: string }>(sql`
    SELECT count(*)::int AS n, coalesce(sum(amount_fen), 0) AS fen FROM payments_roll_held WHERE roll_id = ${id}::uuid`);
  const events = await tx.rows<{ action: string; from_state: RollState | null; to_state: RollState | null; actor_name: string | null; at: string; opinion: string | null }>(sql`
    SELECT action, from_state, to_state, actor_name, at, opinion FROM payments_roll_event WHERE roll_id = ${id}::uuid ORDER BY id`);
  const ops = availableRollOperations(
    { state: roll.state, kind: roll.kind, regionCode: roll.region_code, generatedBy: roll.generated_by, reviewedBy: roll.reviewed_by, openFailures: t?.open ?? 0 },
    rollActor(actor),
  );
  return {
    ...toSummary({ ...roll, region_name: names!.region_name, run_name: names!.run_name }),
    byKind: byKind.map((k) => ({ kind: k.kind, kindName: LINE_KIND_NAMES[k.kind], lines: k.lines, amountFen: Number(k.amount) })),
    missingAccounts: missing!.n,
    held: { count: held!.n, amountFen: Number(held!.fen) },
    transfers: t ? { total: t.total, sent: t.sent, paid: t.paid, failed: t.failed, reissued: t.reissued, abandoned: t.abandoned } : null,
    events: events.map((e) => ({
      action: e.action, actionName: EVENT_NAMES[e.action] ?? e.action, fromState: e.from_state, toState: e.to_state, byName: e.actor_name,
      at: iso(e.at)!, opinion: e.opinion,
    })),
    availableActions: ops.map((key) => ({ key, name: ROLL_OPERATION_NAMES[key], opinionRequired: opinionRequired(key) })),
  };
}

const EVENT_NAMES: Record<string, string> = {
  generate: '生成', regenerate: '重新生成', review: '复核通过', approve: '审批通过', return: '退回修改', export: '导出银行代发文件',
  reexport: '再次导出', return_file: '导入银行回盘', return_rejected: '银行回盘被拒收', reconcile: '对账完成', reissue: '生成重发批次',
  abandon: '放弃重发', discard: '删除草稿',
};

/** GET …/totals: parents first (province, city, county, then each township followed by its villages). */
export async function rollTotals(tx: Tx, actor: Actor, id: string): Promise<RegionTotal[]> {
  const roll = await findRoll(tx, actor.regionCode, id);
  if (!roll) throw ROLL_NOT_FOUND();
  const rows = await tx.rows<{ region_code: string; name: string | null; level: number; lines: number; persons: number; households: number; amount_fen: string; recovery_fen: string }>(sql`
    SELECT t.region_code, g.name, t.level, t.lines, t.persons, t.households, t.amount_fen, t.recovery_fen
    FROM payments_roll_total t LEFT JOIN region g ON g.code = t.region_code
    WHERE t.roll_id = ${id}::uuid ORDER BY t.level <= 3 DESC, CASE WHEN t.level <= 3 THEN t.level END, t.region_code`);
  return rows.map((r) => ({
    regionCode: r.region_code, regionName: r.name ?? r.region_code, level: r.level as RegionTotal['level'], lines: r.lines, persons: r.persons,
    households: r.households, amountFen: Number(r.amount_fen), recoveryFen: Number(r.recovery_fen),
  }));
}

export interface LineFilter {
  regionCode?: string; kind?: string; status?: string; q?: string; page: number; pageSize: number;
}

interface LineRow {
  id: string; line_no: number; kind: LineKind; programme: string; period: string; region_code: string; region_name: string | null;
  payee_name: string | null; payee_id_masked: string | null; household_id: string | null; person_id: string | null; person_count: number;
  amount_fen: string; reason: string | null; entitlement_id: string | null; source_module: string | null; source_id: string | null;
  rule_version: string | null; reissue_of: string | null; recovery_of: string | null; transfer_no: number | null; transfer_status: TransferStatus | null;
  failure_reason: string | null;
}

/**
 * The payee's registry facts when the caller's own registry read (`p`, under row-level security)
 * finds nobody: a payee registered in another jurisdiction (a 临时救助 for a traveller). The
 * function named in `call` (code, never input) answers only for one line or transfer of a roll in
 * the caller's scope (migration 0018). OFFSET 0 keeps the subquery from being merged into the
 * join, so the function runs only for the rows `p` did not find, never once per line of a roll.
 */
export const PAYEE_OUTSIDE = (call: string) => sql.raw(`LEFT JOIN LATERAL (SELECT * FROM ${call} WHERE p.id IS NULL OFFSET 0) f ON true`);

/** The columns every line view needs: payee (masked), village, source case and rule, bank result. */
export const LINE_SELECT = sql.raw(`l.id, l.line_no, l.kind, l.programme, l.period::text AS period, l.region_code, g.name AS region_name,
  coalesce(p.name, f.name) AS payee_name, coalesce(p.id_masked, f.id_masked) AS payee_id_masked, l.household_id, l.person_id, l.person_count, l.amount_fen, l.reason, l.entitlement_id,
  e.source_module, e.source_id, e.rule_version, l.reissue_of, l.recovery_of, t.transfer_no, t.status AS transfer_status, t.failure_reason`);

export const LINE_JOINS = sql.raw(`LEFT JOIN registry_person p ON p.id = l.payee_person_id
  LEFT JOIN LATERAL (SELECT * FROM payments_line_payee(l.id) WHERE p.id IS NULL OFFSET 0) f ON true
  LEFT JOIN region g ON g.code = l.region_code
  LEFT JOIN payments_entitlement e ON e.id = l.entitlement_id
  LEFT JOIN payments_transfer t ON l.kind <> 'recovery' AND t.roll_id = l.roll_id AND t.subject_id = l.subject_id AND t.payee_person_id = l.payee_person_id`);

export function toLineView(r: LineRow): LineView {
  return {
    id: String(r.id), lineNo: r.line_no, kind: r.kind, kindName: LINE_KIND_NAMES[r.kind], programme: r.programme, period: monthOf(r.period),
    regionCode: r.region_code, regionName: r.region_name ?? r.region_code, payeeName: r.payee_name ?? '（不在本辖区）',
    payeeIdMasked: r.payee_id_masked ?? '', householdId: r.household_id, personId: r.person_id, personCount: r.person_count,
    amountFen: Number(r.amount_fen), reason: r.reason, entitlementId: r.entitlement_id,
    source: r.source_module ? { module: r.source_module, id: r.source_id! } : null, ruleVersion: r.rule_version,
    reissueOfLineId: r.reissue_of === null ? null : String(r.reissue_of), recoveryOfLineId: r.recovery_of === null ? null : String(r.recovery_of),
    transferNo: r.transfer_no, transferStatus: r.transfer_status, failureReason: r.failure_reason,
  };
}

/** A name part, or an exact ID number through its keyed hash (never a scan of decrypted values). */
export function personMatch(cipher: FieldCipher, q: string | undefined): SQL | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  if (/^\d{17}[\dXx]$/.test(text) && isValidIdNumber(text.toUpperCase())) return sql`p.id_hash = ${cipher.hash('id_number', text.toUpperCase())}`;
  return sql`p.name LIKE ${'%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`;
}

export async function rollLines(tx: Tx, actor: Actor, cipher: FieldCipher, id: string, f: LineFilter): Promise<{ items: LineView[]; total: number }> {
  const roll = await findRoll(tx, actor.regionCode, id);
  if (!roll) throw ROLL_NOT_FOUND();
  const within = f.regionCode ? subtreeRange(f.regionCode) : null;
  const where = sql.join([
    sql`l.roll_id = ${id}::uuid`,
    within ? sql`l.region_code >= ${within.from} AND l.region_code < ${within.to}` : undefined,
    f.kind ? sql`l.kind = ${f.kind}` : undefined,
    f.status ? sql`t.status = ${f.status}` : undefined,
    personMatch(cipher, f.q),
  ].filter((c): c is SQL => c !== undefined), sql` AND `);
  const rows = await tx.rows<LineRow & { total: string }>(sql`
    SELECT ${LINE_SELECT}, count(*) OVER () AS total FROM payments_line l ${LINE_JOINS}
    WHERE ${where} ORDER BY l.line_no LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items: rows.map(toLineView), total: rows.length ? Number(rows[0]!.total) : 0 };
}

export async function rollTransfers(tx: Tx, actor: Actor, id: string, f: { status?: string; transferNo?: number; page: number; pageSize: number }): Promise<{ items: TransferView[]; total: number }> {
  const roll = await findRoll(tx, actor.regionCode, id);
  if (!roll) throw ROLL_NOT_FOUND();
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT t.transfer_no, t.region_code, coalesce(p.name, f.name) AS name, coalesce(p.bank_holder, f.bank_holder) AS bank_holder,
           coalesce(p.id_masked, f.id_masked) AS id_masked, t.payee_name, t.account_masked, t.bank_name, t.amount_fen, t.status, t.failure_reason,
           t.reissued_in, t.abandoned_reason, count(*) OVER () AS total
    FROM payments_transfer t LEFT JOIN registry_person p ON p.id = t.payee_person_id
    ${PAYEE_OUTSIDE('payments_transfer_payee(t.roll_id, t.transfer_no)')}
    WHERE t.roll_id = ${id}::uuid ${f.status ? sql`AND t.status = ${f.status}` : sql``} ${f.transferNo ? sql`AND t.transfer_no = ${f.transferNo}` : sql``}
    ORDER BY t.transfer_no LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return {
    total: rows.length ? Number(rows[0]!.total) : 0,
    items: rows.map((r) => ({
      transferNo: r.transfer_no, regionCode: r.region_code, payeeName: r.bank_holder ?? r.name ?? r.payee_name ?? '', payeeIdMasked: r.id_masked ?? '',
      accountMasked: r.account_masked, bankName: r.bank_name, amountFen: Number(r.amount_fen), status: r.status, failureReason: r.failure_reason,
      reissuedInRollId: r.reissued_in, abandonedReason: r.abandoned_reason,
    })),
  };
}

/**
 * GET …/held: who the roll left out because of a payment hold, as of its generation, with the
 * hold's reason and whether it has been released since (then the next roll pays the 补发).
 */
export async function rollHeld(tx: Tx, actor: Actor, id: string, f: { page: number; pageSize: number }): Promise<{ items: HeldView[]; total: number }> {
  const roll = await findRoll(tx, actor.regionCode, id);
  if (!roll) throw ROLL_NOT_FOUND();
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT x.subject_id, e.person_id, e.household_id, coalesce(p.name, f.name) AS name, coalesce(p.id_masked, f.id_masked) AS id_masked,
           x.region_code, g.name AS region_name, x.amount_fen, to_char(h.from_month, 'YYYY-MM') AS from_month, h.reason,
           h.source_module, h.source_id, h.held_at, h.released_at, count(*) OVER () AS total
    FROM payments_roll_held x JOIN payments_hold h ON h.id = x.hold_id JOIN payments_entitlement e ON e.id = x.entitlement_id
    LEFT JOIN registry_person p ON p.id = e.payee_person_id LEFT JOIN region g ON g.code = x.region_code
    LEFT JOIN LATERAL (SELECT name, id_masked FROM payments_entitlement_payee(e.id) WHERE p.id IS NULL) f ON true
    WHERE x.roll_id = ${id}::uuid
    ORDER BY x.region_code, x.subject_id LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return {
    total: rows.length ? Number(rows[0]!.total) : 0,
    items: rows.map((r) => ({
      subjectId: r.subject_id, personId: r.person_id, householdId: r.household_id, payeeName: r.name ?? '', payeeIdMasked: r.id_masked ?? '',
      regionCode: r.region_code, regionName: r.region_name ?? r.region_code, amountFen: Number(r.amount_fen), fromMonth: r.from_month, reason: r.reason,
      source: { module: r.source_module, id: r.source_id }, heldAt: iso(r.held_at)!, releasedAt: iso(r.released_at),
    })),
  };
}
