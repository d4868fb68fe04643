/**
 * Failed transfers: reissued in a follow-up roll (after the account was corrected in the
 * registry), or abandoned by decision. Paid transfers and their lines are never touched; the
 * follow-up roll holds copies of the failed lines and goes through the same states.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, fenToYuanString } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { assertCountyActor, ROLL_STATE_NAMES, type TransferView } from '../domain/index.ts';
import { fillTotals, findRoll, ledgerStep, requireCountyActor, ROLL_COLUMNS, ROLL_NOT_FOUND, rollEvent, rollTitle, type RollRow } from './roll.generate.ts';
import { rollActor } from './roll.service.ts';
import { PAYEE_OUTSIDE, rollTransfers } from './roll.query.ts';

export async function createReissueRoll(
  tx: Tx, actor: Actor, who: AuditActor, sourceId: string, input: { transferNos?: number[]; includeUnchangedAccounts: boolean },
): Promise<string> {
  requireCountyActor(actor);
  const source = await findRoll(tx, actor.regionCode, sourceId, true);
  if (!source) throw ROLL_NOT_FOUND();
  assertCountyActor({ regionCode: source.region_code }, rollActor(actor));
  if (source.state !== 'returned' && source.state !== 'reconciled') {
    throw new DomainError({ code: 'ILLEGAL_TRANSITION', status: 409, title: `当前状态「${ROLL_STATE_NAMES[source.state]}」不能生成重发批次`, detail: '导入银行回盘后才能重发失败的代发' });
  }
  const candidates = await tx.rows<{ transfer_no: number; corrected: boolean; name: string | null; has_account: boolean }>(sql`
    SELECT t.transfer_no, (coalesce(p.bank_account_hash, f.account_hash) IS NOT NULL AND coalesce(p.bank_account_hash, f.account_hash) IS DISTINCT FROM t.account_hash) AS corrected,
           coalesce(p.name, f.name) AS name, coalesce(p.bank_account_hash, f.account_hash) IS NOT NULL AS has_account
    FROM payments_transfer t LEFT JOIN registry_person p ON p.id = t.payee_person_id
    ${PAYEE_OUTSIDE('payments_transfer_payee(t.roll_id, t.transfer_no)')}
    WHERE t.roll_id = ${sourceId}::uuid AND t.status = 'failed' AND t.reissued_in IS NULL AND t.abandoned_at IS NULL
      ${input.transferNos ? sql`AND t.transfer_no = ANY(${sql.param(input.transferNos)}::int[])` : sql``}
    ORDER BY t.transfer_no`);
  if (!candidates.length) {
    throw new DomainError({ code: 'NOTHING_TO_REISSUE', status: 409, title: '没有可以重发的失败代发', detail: '失败的代发已经全部重发或放弃' });
  }
  // A failure because of the account is only worth sending again once the account was corrected;
  // the official can still send unchanged ones again (a bank-side outage), by saying so.
  const chosen = candidates.filter((c) => c.has_account && (c.corrected || input.includeUnchangedAccounts));
  if (!chosen.length) {
    throw new DomainError({
      code: 'ACCOUNT_NOT_CORRECTED', status: 422, title: '失败代发的收款账号尚未更正',
      detail: '请先在人口与家庭基础库中更正收款账号；如确属银行方原因需原账号重发，请勾选“账号未变更也重发”',
      errors: candidates.slice(0, 50).map((c) => ({ path: `transfers.${c.transfer_no}`, message: `${c.name ?? ''}${c.has_account ? '账号未更正' : '未登记账号'}` })),
    });
  }
  const [{ n }] = await tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM payments_roll WHERE reissue_of_roll_id = ${sourceId}::uuid`) as [{ n: number }];
  const rollNo = `${source.roll_no}-R${n + 1}`;
  const [{ id }] = await tx.rows<{ id: string }>(sql`
    INSERT INTO payments_roll (roll_no, kind, programme, run_id, reissue_of_roll_id, region_code, month, generated_by, generated_by_name)
    VALUES (${rollNo}, 'reissue', ${source.programme}, NULL, ${sourceId}::uuid, ${source.region_code}, ${source.month}::date, ${who.actorId}::uuid, ${who.actorName})
    RETURNING id`) as [{ id: string }];
  const nos = chosen.map((c) => c.transfer_no);
  await ledgerStep(() => tx.run(sql`
    INSERT INTO payments_line (roll_id, line_no, kind, programme, period, subject_id, person_id, household_id, payee_person_id,
      person_count, region_code, amount_fen, entitlement_id, reissue_of, reason)
    SELECT ${id}::uuid, row_number() OVER (ORDER BY l.line_no), 'reissue', l.programme, l.period, l.subject_id, l.person_id, l.household_id,
      l.payee_person_id, l.person_count, l.region_code, l.amount_fen, l.entitlement_id, l.id,
      concat('重发（原批次 ', ${source.roll_no}::text, ' 序号 ', t.transfer_no, '，失败原因：', t.failure_reason, '）', coalesce('；' || l.reason, ''))
    FROM payments_transfer t JOIN payments_line l ON l.roll_id = t.roll_id AND l.subject_id = t.subject_id AND l.payee_person_id = t.payee_person_id AND l.kind <> 'recovery'
    WHERE t.roll_id = ${sourceId}::uuid AND t.transfer_no = ANY(${sql.param(nos)}::int[])`));
  await tx.run(sql`UPDATE payments_transfer SET reissued_in = ${id}::uuid WHERE roll_id = ${sourceId}::uuid AND transfer_no = ANY(${sql.param(nos)}::int[])`);
  await ledgerStep(() => fillTotals(tx, id, source.region_code));
  const [after] = await tx.rows<RollRow>(sql`SELECT ${ROLL_COLUMNS} FROM payments_roll r WHERE r.id = ${id}::uuid`);
  await rollEvent(tx, who, { id, region_code: source.region_code }, { action: 'generate', from: null, to: 'draft', detail: { reissueOf: sourceId, transfers: nos.length } });
  await rollEvent(tx, who, source, { action: 'reissue', from: source.state, to: source.state, detail: { rollId: id, transfers: nos } });
  await appendAudit(tx, who, {
    action: 'payments.reissue', entityType: 'payments_roll', entityId: id, regionCode: source.region_code,
    summary: `生成重发批次 ${rollNo}：${rollTitle(source)}失败的 ${nos.length} 笔代发，${fenToYuanString(Number(after!.amount_fen))} 元${chosen.length < candidates.length ? `（另有 ${candidates.length - chosen.length} 笔账号未更正，未列入）` : ''}`,
    diff: { transfers: { before: null, after: nos }, amountFen: { before: null, after: Number(after!.amount_fen) } },
  });
  return id;
}

/** 放弃重发: the money is not paid again (the beneficiary died with no heir, a closed account that cannot be fixed). */
export async function abandonTransfer(tx: Tx, actor: Actor, who: AuditActor, rollId: string, transferNo: number, reason: string): Promise<TransferView> {
  const roll = await findRoll(tx, actor.regionCode, rollId, true);
  if (!roll) throw ROLL_NOT_FOUND();
  assertCountyActor({ regionCode: roll.region_code }, rollActor(actor));
  const n = await tx.run(sql`
    UPDATE payments_transfer SET abandoned_at = now(), abandoned_reason = ${reason}, abandoned_by_name = ${who.actorName}
    WHERE roll_id = ${rollId}::uuid AND transfer_no = ${transferNo} AND status = 'failed' AND reissued_in IS NULL AND abandoned_at IS NULL`);
  if (n === 0) throw new DomainError({ code: 'CONFLICT', status: 409, title: '只能放弃尚未重发的失败代发' });
  const [t] = await tx.rows<{ amount_fen: string; region_code: string }>(sql`SELECT amount_fen, region_code FROM payments_transfer WHERE roll_id = ${rollId}::uuid AND transfer_no = ${transferNo}`);
  await rollEvent(tx, who, roll, { action: 'abandon', from: roll.state, to: roll.state, opinion: reason, detail: { transferNo } });
  await appendAudit(tx, who, {
    action: 'payments.transfer_abandon', entityType: 'payments_roll', entityId: rollId, regionCode: t!.region_code,
    summary: `${rollTitle(roll)}序号 ${transferNo} 失败的代发 ${fenToYuanString(Number(t!.amount_fen))} 元放弃重发：${reason}`,
    diff: { abandoned: { before: null, after: reason } },
  });
  const { items } = await rollTransfers(tx, actor, rollId, { transferNo, page: 1, pageSize: 1 });
  return items[0]!;
}
