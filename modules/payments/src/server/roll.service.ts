/** Steps on a roll after generation: regenerate, discard, review, approve, return, reconcile. */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, fenToYuanString } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { assertCountyActor, planRollAction, ROLL_OPERATION_NAMES, ROLL_STATE_NAMES, type RollActor, type RollState } from '../domain/index.ts';
import { fillRoll, findRoll, ledgerStep, ROLL_COLUMNS, ROLL_NOT_FOUND, rollEvent, rollTitle, totalsSummary, type RollRow } from './roll.generate.ts';

export function rollActor(actor: Actor): RollActor {
  return { id: actor.kind === 'user' ? actor.id : null, regionCode: actor.regionCode, permissions: actor.permissions };
}

export function versionConflict(): DomainError {
  return new DomainError({ code: 'VERSION_CONFLICT', status: 409, title: '发放表已被他人办理，请刷新后重试', detail: '您打开这张发放表之后，有人办理或重新生成过它' });
}

function requirePermission(actor: Actor, permission: string, what: string): void {
  if (!actor.permissions.has(permission)) {
    throw new DomainError({ code: 'FORBIDDEN', status: 403, title: '没有权限', detail: `${what}需要权限：${permission}` });
  }
}

async function loadForWrite(tx: Tx, actor: Actor, id: string, version?: number): Promise<RollRow> {
  const roll = await findRoll(tx, actor.regionCode, id, true);
  if (!roll) throw ROLL_NOT_FOUND();
  if (version !== undefined && roll.version !== version) throw versionConflict();
  return roll;
}

function requireDraft(roll: RollRow, what: string): void {
  if (roll.state !== 'draft') {
    throw new DomainError({ code: 'ILLEGAL_TRANSITION', status: 409, title: `当前状态「${ROLL_STATE_NAMES[roll.state]}」不能${what}`, detail: '只有草稿可以重新生成或删除；已复核的发放表请先退回' });
  }
}

/** POST /payments/rolls/{id}/regenerate: the draft recomputed from the ledger as it is now. */
export async function regenerateRoll(tx: Tx, actor: Actor, who: AuditActor, id: string, version: number): Promise<void> {
  const roll = await loadForWrite(tx, actor, id, version);
  requireDraft(roll, '重新生成');
  assertCountyActor({ regionCode: roll.region_code }, rollActor(actor));
  requirePermission(actor, 'payments.prepare', '重新生成发放表');
  if (roll.kind === 'reissue') {
    throw new DomainError({ code: 'ILLEGAL_TRANSITION', status: 409, title: '重发批次不能重新生成', detail: '如需调整，请删除该批次后重新生成重发批次' });
  }
  await ledgerStep(() => tx.run(sql`DELETE FROM payments_line WHERE roll_id = ${id}::uuid`));
  await fillRoll(tx, roll);
  await tx.run(sql`UPDATE payments_roll SET version = version + 1, generated_at = now(), generated_by = ${who.actorId}::uuid,
    generated_by_name = ${who.actorName}, updated_at = now() WHERE id = ${id}::uuid`);
  const [after] = await tx.rows<RollRow>(sql`SELECT ${ROLL_COLUMNS} FROM payments_roll r WHERE r.id = ${id}::uuid`);
  await rollEvent(tx, who, roll, { action: 'regenerate', from: 'draft', to: 'draft', detail: { lines: after!.line_count, amountFen: Number(after!.amount_fen) } });
  await appendAudit(tx, who, {
    action: 'payments.roll_regenerate', entityType: 'payments_roll', entityId: id, regionCode: roll.region_code,
    summary: `重新生成${rollTitle(roll)}：${totalsSummary(after!)}`,
    diff: {
      lines: { before: roll.line_count, after: after!.line_count },
      amountFen: { before: Number(roll.amount_fen), after: Number(after!.amount_fen) },
      recoveryFen: { before: Number(roll.recovery_fen), after: Number(after!.recovery_fen) },
    },
  });
}

/** DELETE /payments/rolls/{id}: a draft goes as a whole; what it claimed is free for the next. */
export async function discardRoll(tx: Tx, actor: Actor, who: AuditActor, id: string, version: number): Promise<void> {
  const roll = await loadForWrite(tx, actor, id, version);
  requireDraft(roll, '删除');
  assertCountyActor({ regionCode: roll.region_code }, rollActor(actor));
  requirePermission(actor, 'payments.prepare', '删除发放表草稿');
  await tx.run(sql`UPDATE payments_recalc SET roll_id = NULL WHERE roll_id = ${id}::uuid`);
  await tx.run(sql`UPDATE payments_transfer SET reissued_in = NULL WHERE reissued_in = ${id}::uuid`);
  await ledgerStep(() => tx.run(sql`DELETE FROM payments_line WHERE roll_id = ${id}::uuid`));
  await tx.run(sql`DELETE FROM payments_roll WHERE id = ${id}::uuid`);
  await rollEvent(tx, who, roll, { action: 'discard', from: 'draft', to: null });
  await appendAudit(tx, who, {
    action: 'payments.roll_discard', entityType: 'payments_roll', entityId: id, regionCode: roll.region_code,
    summary: `删除${rollTitle(roll)}草稿（${totalsSummary(roll)}）`,
  });
}

/** POST /payments/rolls/{id}/actions/{action}: review, approve, return, reconcile. */
export async function takeRollAction(tx: Tx, actor: Actor, who: AuditActor, id: string, action: string, body: { version: number; opinion?: string | null }): Promise<void> {
  const roll = await findRoll(tx, actor.regionCode, id, true);
  if (!roll) throw ROLL_NOT_FOUND();
  const { to } = planRollAction(
    { state: roll.state, regionCode: roll.region_code, generatedBy: roll.generated_by, reviewedBy: roll.reviewed_by },
    rollActor(actor), action, body.opinion,
  );
  if (roll.version !== body.version) throw versionConflict();
  const actorId = actor.kind === 'user' ? actor.id : null;
  const stamps = action === 'review' ? sql`, reviewed_by = ${actorId}::uuid` : action === 'approve' ? sql`, approved_by = ${actorId}::uuid`
    : action === 'return' ? sql`, reviewed_by = NULL, approved_by = NULL` : sql``;
  // The database re-checks the header against the lines (and, to reconcile, the bank results)
  // at this update; a refusal there comes back as the trigger's own Chinese message.
  const n = await ledgerStep(() => tx.run(sql`
    UPDATE payments_roll SET state = ${to}, version = version + 1, updated_at = now() ${stamps}
    WHERE id = ${id}::uuid AND version = ${body.version}`));
  if (n === 0) throw versionConflict();
  await rollEvent(tx, who, roll, { action, from: roll.state, to, opinion: body.opinion ?? null });
  const paid = roll.paid_fen === null ? '' : `，成功 ${fenToYuanString(Number(roll.paid_fen))} 元，失败 ${fenToYuanString(Number(roll.failed_fen))} 元`;
  await appendAudit(tx, who, {
    action: 'payments.roll_action', entityType: 'payments_roll', entityId: id, regionCode: roll.region_code,
    summary: `${rollTitle(roll)}「${ROLL_OPERATION_NAMES[action as keyof typeof ROLL_OPERATION_NAMES]}」：${ROLL_STATE_NAMES[roll.state]} → ${ROLL_STATE_NAMES[to as RollState]}（${totalsSummary(roll)}${action === 'reconcile' ? paid : ''}）`,
    diff: { state: { before: ROLL_STATE_NAMES[roll.state], after: ROLL_STATE_NAMES[to] }, ...(body.opinion ? { opinion: { before: null, after: body.opinion } } : {}) },
  });
}
