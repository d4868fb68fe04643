/** 追回: receivables from recovery lines, tracked until offset, refunded or written off. */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, fenToYuanString, notFound, subtreeRange } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { monthOf, SETTLEMENT_METHOD_NAMES, type RecoveryView, type SettlementMethod } from '../domain/index.ts';
import { requireCountyActor } from './roll.generate.ts';

interface RecoveryRow {
  id: string; programme: string; period: string; region_code: string; name: string | null; id_masked: string | null; amount_fen: string;
  offset_fen: string; settled_fen: string; reason: string | null; roll_id: string; roll_no: string;
}

/**
 * Recoveries of rolls past their draft (a draft's recoveries are not decided yet); deductions count
 * once their roll is past its draft too.
 */
function recoveryQuery(where: SQL): SQL {
  return sql`
    SELECT l.id, l.programme, l.period::text AS period, l.region_code, p.name, p.id_masked, l.amount_fen, l.reason, l.roll_id, x.roll_no,
      coalesce((SELECT -sum(o.amount_fen) FROM payments_line o JOIN payments_roll ox ON ox.id = o.roll_id
                WHERE o.recovery_of = l.id AND ox.state <> 'draft'), 0) AS offset_fen,
      coalesce((SELECT sum(s.amount_fen) FROM payments_recovery_settlement s WHERE s.recovery_line_id = l.id), 0) AS settled_fen
    FROM payments_line l JOIN payments_roll x ON x.id = l.roll_id LEFT JOIN registry_person p ON p.id = l.payee_person_id
    WHERE l.kind = 'recovery' AND x.state <> 'draft' AND ${where}`;
}

async function settlementsOf(tx: Tx, ids: string[]): Promise<Map<string, RecoveryView['settlements']>> {
  const map = new Map<string, RecoveryView['settlements']>();
  if (!ids.length) return map;
  const rows = await tx.rows<{ line: string; amount_fen: string; method: SettlementMethod | 'offset'; reason: string | null; by: string | null; at: string }>(sql`
    SELECT recovery_line_id AS line, amount_fen, method, reason, actor_name AS by, at FROM payments_recovery_settlement WHERE recovery_line_id IN ${ids}
    UNION ALL
    SELECT o.recovery_of, -o.amount_fen, 'offset', concat('发放表 ', x.roll_no, ' 中抵扣'), x.generated_by_name, x.generated_at
    FROM payments_line o JOIN payments_roll x ON x.id = o.roll_id WHERE o.recovery_of IN ${ids} AND x.state <> 'draft'
    ORDER BY at`);
  for (const r of rows) {
    const list = map.get(String(r.line)) ?? [];
    list.push({ amountFen: Number(r.amount_fen), method: r.method, reason: r.reason, byName: r.by, at: new Date(r.at).toISOString() });
    map.set(String(r.line), list);
  }
  return map;
}

function toView(r: RecoveryRow, settlements: RecoveryView['settlements']): RecoveryView {
  const amount = Number(r.amount_fen);
  const offset = Number(r.offset_fen);
  const settled = Number(r.settled_fen);
  return {
    lineId: String(r.id), programme: r.programme, period: monthOf(r.period), regionCode: r.region_code, payeeName: r.name ?? '',
    payeeIdMasked: r.id_masked ?? '', amountFen: amount, offsetFen: offset, settledFen: settled, outstandingFen: -amount - offset - settled,
    reason: r.reason, rollId: r.roll_id, rollNo: r.roll_no, settlements,
  };
}

export async function listRecoveries(tx: Tx, scopeRegion: string, f: { status?: 'outstanding' | 'settled'; programme?: string; page: number; pageSize: number }): Promise<{ items: RecoveryView[]; total: number }> {
  const range = subtreeRange(scopeRegion);
  const where = sql.join([
    sql`l.region_code >= ${range.from} AND l.region_code < ${range.to}`,
    f.programme ? sql`l.programme = ${f.programme}` : undefined,
  ].filter((c): c is SQL => c !== undefined), sql` AND `);
  const status = f.status === 'outstanding' ? sql`WHERE -amount_fen - offset_fen - settled_fen > 0` : f.status === 'settled' ? sql`WHERE -amount_fen - offset_fen - settled_fen <= 0` : sql``;
  const rows = await tx.rows<RecoveryRow & { total: string }>(sql`
    SELECT *, count(*) OVER () AS total FROM (${recoveryQuery(where)}) r ${status}
    ORDER BY period DESC, id DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  const settlements = await settlementsOf(tx, rows.map((r) => String(r.id)));
  return { items: rows.map((r) => toView(r, settlements.get(String(r.id)) ?? [])), total: rows.length ? Number(rows[0]!.total) : 0 };
}

export async function recoveriesOfSubjects(tx: Tx, subjectIds: string[]): Promise<RecoveryView[]> {
  if (!subjectIds.length) return [];
  const rows = await tx.rows<RecoveryRow>(sql`SELECT * FROM (${recoveryQuery(sql`l.subject_id IN ${subjectIds}`)}) r ORDER BY period DESC`);
  const settlements = await settlementsOf(tx, rows.map((r) => String(r.id)));
  return rows.map((r) => toView(r, settlements.get(String(r.id)) ?? []));
}

/** Refunded by the beneficiary, or written off by decision; never more than is outstanding. */
export async function settleRecovery(tx: Tx, actor: Actor, who: AuditActor, lineId: string, input: { amountFen: number; method: SettlementMethod; reason: string }): Promise<RecoveryView> {
  requireCountyActor(actor);
  const range = subtreeRange(actor.regionCode);
  if (!/^\d{1,18}$/.test(lineId)) throw notFound('追回记录不存在或不在本辖区');
  // Lock the line's roll row: two settlements of one recovery must see each other.
  const [row] = await tx.rows<RecoveryRow>(sql`${recoveryQuery(sql`l.id = ${lineId}::bigint AND l.region_code >= ${range.from} AND l.region_code < ${range.to}`)}`);
  if (!row) throw notFound('追回记录不存在或不在本辖区');
  await tx.rows(sql`SELECT 1 FROM payments_roll WHERE id = ${row.roll_id}::uuid FOR UPDATE`);
  const [pending] = await tx.rows<{ fen: string }>(sql`
    SELECT coalesce(-sum(o.amount_fen), 0) AS fen FROM payments_line o JOIN payments_roll x ON x.id = o.roll_id WHERE o.recovery_of = ${lineId}::bigint AND x.state = 'draft'`);
  const view = toView(row, []);
  const open = view.outstandingFen - Number(pending!.fen);
  if (input.amountFen > open) {
    throw new DomainError({
      code: 'INVALID', status: 422, title: '结清金额超过尚欠金额',
      errors: [{ path: 'amountFen', message: `尚欠 ${fenToYuanString(Math.max(open, 0))} 元${Number(pending!.fen) ? `（另有 ${fenToYuanString(Number(pending!.fen))} 元已在待审发放表中抵扣）` : ''}` }],
    });
  }
  await tx.run(sql`
    INSERT INTO payments_recovery_settlement (recovery_line_id, region_code, amount_fen, method, reason, actor_id, actor_name)
    VALUES (${lineId}::bigint, ${row.region_code}, ${input.amountFen}, ${input.method}, ${input.reason}, ${who.actorId}::uuid, ${who.actorName})`);
  await appendAudit(tx, who, {
    action: 'payments.recovery_settle', entityType: 'payments_line', entityId: lineId, regionCode: row.region_code,
    summary: `追回款${SETTLEMENT_METHOD_NAMES[input.method]} ${fenToYuanString(input.amountFen)} 元（${row.name ?? ''} ${monthOf(row.period)}，${input.reason}）`,
    diff: { outstandingFen: { before: view.outstandingFen, after: view.outstandingFen - input.amountFen }, method: { before: null, after: input.method } },
  });
  const [after] = await recoveriesOfSubjectsById(tx, lineId);
  return after!;
}

async function recoveriesOfSubjectsById(tx: Tx, lineId: string): Promise<RecoveryView[]> {
  const rows = await tx.rows<RecoveryRow>(sql`${recoveryQuery(sql`l.id = ${lineId}::bigint`)}`);
  const settlements = await settlementsOf(tx, rows.map((r) => String(r.id)));
  return rows.map((r) => toView(r, settlements.get(String(r.id)) ?? []));
}
