/**
 * The entitlement ledger: what programme modules call when a decision is made. Everything runs in
 * the caller's transaction, so a case decision and the payment side commit or vanish together.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { addMonths, DomainError, fenToYuanString, invalid, notFound, type FieldError } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import {
  endEntitlementInput, entitlementInput, grantInput, monthDate, monthOf,
  type EndEntitlementInput, type EntitlementInput, type GrantInput, type Programme,
} from '../domain/index.ts';
import { requireProgramme } from './programmes.ts';

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const errors: FieldError[] = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw invalid('待遇数据有误', errors);
  }
  return r.data;
}

interface Resolved { subjectId: string; personId: string | null; householdId: string | null; payeeId: string }

/**
 * Who the line is for and whose account receives it. A household-basis programme needs the
 * household; its money goes to the named person (the applicant) or else the head.
 * The payee and household may be registered outside the caller's jurisdiction (a 临时救助 for a
 * traveller is decided where the emergency happened), so they are looked up through functions
 * that answer existence and the head's id only, wherever the record is kept; the registry itself
 * stays closed to the caller.
 */
async function resolveBeneficiary(tx: Tx, programme: Programme, input: { beneficiary: { personId?: string; householdId?: string }; payeePersonId?: string }): Promise<Resolved> {
  const { personId = null, householdId = null } = input.beneficiary;
  if (programme.basis === 'household' && !householdId) {
    throw invalid(`「${programme.name}」按户发放，请指定家庭`, [{ path: 'beneficiary.householdId', message: '按户发放的项目必须指定家庭' }]);
  }
  if (programme.basis === 'person' && !personId) {
    throw invalid(`「${programme.name}」按人发放，请指定人员`, [{ path: 'beneficiary.personId', message: '按人发放的项目必须指定人员' }]);
  }
  let payeeId = input.payeePersonId ?? personId;
  if (householdId) {
    const [h] = await tx.rows<{ head_person_id: string | null }>(sql`SELECT head_person_id FROM payments_household_head(${householdId}::uuid)`);
    if (!h) throw invalid('家庭不存在', [{ path: 'beneficiary.householdId', message: '人口与家庭基础库中没有该家庭' }]);
    payeeId ??= h.head_person_id;
  }
  if (!payeeId) throw invalid('无法确定收款人', [{ path: 'payeePersonId', message: '该家庭没有户主，请指定收款人' }]);
  const [p] = await tx.rows<{ ok: boolean }>(sql`SELECT payments_payee_exists(${payeeId}::uuid) AS ok`);
  if (!p?.ok) throw invalid('收款人不存在', [{ path: 'payeePersonId', message: '人口与家庭基础库中没有该收款人' }]);
  return { subjectId: programme.basis === 'household' ? householdId! : personId!, personId, householdId, payeeId };
}

/** One series changes at a time: two decisions on one case cannot interleave their versions. */
async function lockSeries(tx: Tx, sourceModule: string, sourceId: string): Promise<void> {
  await tx.rows(sql`SELECT pg_advisory_xact_lock(hashtext(${`payments:${sourceModule}:${sourceId}`}))`);
}

interface SeriesRow {
  id: string; programme: string; kind: string; subject_id: string; from_month: string; to_month: string | null;
  monthly_amount_fen: string; superseded_at: string | null; series_version: number; region_code: string;
}

async function seriesRows(tx: Tx, sourceModule: string, sourceId: string): Promise<SeriesRow[]> {
  return tx.rows<SeriesRow>(sql`
    SELECT id, programme, kind, subject_id, from_month::text, to_month::text, monthly_amount_fen, superseded_at, series_version, region_code
    FROM payments_entitlement WHERE source_module = ${sourceModule} AND source_id = ${sourceId}
    ORDER BY series_version, from_month`);
}

function sameSeries(rows: SeriesRow[], programme: string, kind: string, subjectId: string): void {
  const first = rows[0];
  if (!first) return;
  if (first.programme !== programme || first.kind !== kind || first.subject_id !== subjectId) {
    throw invalid('同一来源的待遇不能改变项目或受益对象', [{ path: 'origin.sourceId', message: '该来源已记录其他项目或其他对象的待遇，请使用新的来源编号' }]);
  }
}

/** The subject's changed months must be settled (补发/追回) by its programme's next roll. */
async function markForSettlement(tx: Tx, programme: string, subjectId: string, regionCode: string, fromMonth: string): Promise<void> {
  await tx.run(sql`INSERT INTO payments_recalc (programme, subject_id, region_code, from_month) VALUES (${programme}, ${subjectId}::uuid, ${regionCode}, ${fromMonth}::date)`);
}

const yuan = (fen: number) => `${fenToYuanString(fen)} 元`;

/**
 * Records what a beneficiary is owed from `fromMonth` on (to `toMonth`, or open-ended). For a
 * series that already exists this replaces, from `fromMonth`, what it said before: rows reaching
 * into that period are superseded and the part before it is re-inserted unchanged.
 */
export async function recordEntitlement(tx: Tx, actor: AuditActor, raw: EntitlementInput): Promise<{ entitlementId: string; seriesVersion: number }> {
  const input = parse(entitlementInput, raw);
  const programme = requireProgramme(input.programme, 'monthly');
  const who = await resolveBeneficiary(tx, programme, input);
  const { sourceModule, sourceId } = input.origin;
  await lockSeries(tx, sourceModule, sourceId);
  const rows = await seriesRows(tx, sourceModule, sourceId);
  sameSeries(rows, programme.code, 'monthly', who.subjectId);
  const from = monthDate(input.fromMonth);
  const to = input.toMonth ? monthDate(input.toMonth) : null;

  // Two sources paying one beneficiary the same programme for the same month would be paid twice;
  // the ledger refuses it here with a reason, and the line's unique index would refuse it anyway.
  const [overlap] = await tx.rows<{ source_module: string; source_id: string; from_month: string }>(sql`
    SELECT source_module, source_id, from_month::text FROM payments_entitlement
    WHERE programme = ${programme.code} AND subject_id = ${who.subjectId}::uuid AND kind = 'monthly' AND superseded_at IS NULL
      AND NOT (source_module = ${sourceModule} AND source_id = ${sourceId})
      AND from_month <= coalesce(${to}::date, 'infinity'::date) AND coalesce(to_month, 'infinity'::date) >= ${from}::date
    LIMIT 1`);
  if (overlap) {
    throw new DomainError({
      code: 'ENTITLEMENT_OVERLAP', status: 409, title: `该对象在这一期间已有${programme.shortName}待遇`,
      detail: `已有来源 ${overlap.source_module}/${overlap.source_id} 自 ${monthOf(overlap.from_month)} 起的待遇；同一对象同一项目同一月份只能发放一次`,
    });
  }

  const version = rows.reduce((v, r) => Math.max(v, r.series_version), 0) + 1;
  const affected = rows.filter((r) => r.superseded_at === null && (r.to_month === null || r.to_month >= from));
  const before = affected.find((r) => r.from_month <= from) ?? null;

  const [created] = await tx.rows<{ id: string }>(sql`
    INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
      from_month, to_month, monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version,
      created_by, created_by_name)
    VALUES (${programme.code}, 'monthly', ${who.subjectId}::uuid, ${who.personId}::uuid, ${who.householdId}::uuid, ${who.payeeId}::uuid,
      ${input.personCount ?? 1}, ${input.regionCode}, ${from}::date, ${to}::date, ${input.monthlyAmountFen},
      ${JSON.stringify(input.breakdown ?? null)}::jsonb, ${input.ruleVersion}, ${input.origin.kind}, ${sourceModule}, ${sourceId},
      ${input.origin.reason}, ${version}, ${actor.actorId}::uuid, ${actor.actorName})
    RETURNING id`);
  const ids = affected.map((r) => r.id);
  if (ids.length) {
    // The months before `from` keep what they were: a copy of each row cut at the month before.
    await tx.run(sql`
      INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
        from_month, to_month, monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version,
        created_by, created_by_name)
      SELECT programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
        from_month, (${from}::date - interval '1 month')::date, monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id,
        reason, ${version}, ${actor.actorId}::uuid, ${actor.actorName}
      FROM payments_entitlement WHERE id IN ${ids} AND from_month < ${from}::date`);
    await tx.run(sql`UPDATE payments_entitlement SET superseded_at = now(), superseded_by = ${created!.id}::uuid WHERE id IN ${ids}`);
  }
  await markForSettlement(tx, programme.code, who.subjectId, input.regionCode, from);

  await appendAudit(tx, actor, {
    action: 'payments.entitlement_record', entityType: 'payments_entitlement', entityId: created!.id, regionCode: input.regionCode,
    summary: `${programme.shortName}待遇：${input.fromMonth} 起${to ? `至 ${input.toMonth} ` : ''}每月 ${yuan(input.monthlyAmountFen)}（${input.origin.reason}）`,
    diff: {
      monthlyAmountFen: { before: before ? Number(before.monthly_amount_fen) : null, after: input.monthlyAmountFen },
      fromMonth: { before: null, after: input.fromMonth },
      ...(to ? { toMonth: { before: null, after: input.toMonth } } : {}),
      source: { before: null, after: `${sourceModule}/${sourceId}` },
      seriesVersion: { before: version > 1 ? version - 1 : null, after: version },
    },
  });
  return { entitlementId: created!.id, seriesVersion: version };
}

/**
 * Stops a series after `lastMonth`. A month in the past (a death reported late) leaves months
 * already paid beyond it; the programme's next roll recovers them with `reason`.
 */
export async function endEntitlement(tx: Tx, actor: AuditActor, raw: EndEntitlementInput): Promise<{ ended: boolean }> {
  const input = parse(endEntitlementInput, raw);
  await lockSeries(tx, input.sourceModule, input.sourceId);
  const rows = await seriesRows(tx, input.sourceModule, input.sourceId);
  const last = monthDate(input.lastMonth);
  const affected = rows.filter((r) => r.kind === 'monthly' && r.superseded_at === null && (r.to_month === null || r.to_month > last));
  if (!affected.length) return { ended: false };
  const version = rows.reduce((v, r) => Math.max(v, r.series_version), 0) + 1;
  const ids = affected.map((r) => r.id);
  const kept = await tx.run(sql`
    INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
      from_month, to_month, monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version,
      created_by, created_by_name)
    SELECT programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
      from_month, ${last}::date, monthly_amount_fen, breakdown, rule_version, 'end', source_module, source_id,
      ${input.reason}, ${version}, ${actor.actorId}::uuid, ${actor.actorName}
    FROM payments_entitlement WHERE id IN ${ids} AND from_month <= ${last}::date`);
  if (kept === 0) {
    // Ended before its first month (a death before the decision took effect, reported late):
    // nothing of the series is owed, so no part of it is kept. The end is still written down, as
    // a version that is superseded from birth (amount 0, never current: it pays nothing and
    // blocks no other decision), so the series' history shows the end and the next roll's
    // recovery lines — which take their reason from the series' newest version — give its reason
    // instead of the decision that opened the benefit.
    const firstAffected = affected.reduce((a, r) => (r.from_month < a.from_month ? r : a));
    await tx.run(sql`
      INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
        from_month, to_month, monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version,
        superseded_at, created_by, created_by_name)
      SELECT programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
        from_month, from_month, 0, breakdown, rule_version, 'end', source_module, source_id,
        ${input.reason}, ${version}, now(), ${actor.actorId}::uuid, ${actor.actorName}
      FROM payments_entitlement WHERE id = ${firstAffected.id}::uuid`);
  }
  await tx.run(sql`UPDATE payments_entitlement SET superseded_at = now() WHERE id IN ${ids}`);
  const first = affected[0]!;
  await markForSettlement(tx, first.programme, first.subject_id, first.region_code, addMonths(input.lastMonth, 1) + '-01');
  const programme = requireProgramme(first.programme);
  await appendAudit(tx, actor, {
    action: 'payments.entitlement_end', entityType: 'payments_entitlement', entityId: first.id, regionCode: first.region_code,
    summary: `${programme.shortName}待遇停发：发放至 ${input.lastMonth}，${addMonths(input.lastMonth, 1)} 起停发（${input.reason}）`,
    diff: { lastMonth: { before: null, after: input.lastMonth }, source: { before: null, after: `${input.sourceModule}/${input.sourceId}` } },
  });
  return { ended: true };
}

/**
 * A one-off grant (临时救助), paid by its programme's roll for `month` — or the first roll generated
 * after, when that one is already past its draft. A second decision for the same source replaces
 * the grant as long as it is unpaid.
 */
export async function recordOneOffGrant(tx: Tx, actor: AuditActor, raw: GrantInput): Promise<{ entitlementId: string }> {
  const input = parse(grantInput, raw);
  const programme = requireProgramme(input.programme, 'oneOff');
  const who = await resolveBeneficiary(tx, programme, input);
  const { sourceModule, sourceId } = input.origin;
  await lockSeries(tx, sourceModule, sourceId);
  const rows = await seriesRows(tx, sourceModule, sourceId);
  sameSeries(rows, programme.code, 'grant', who.subjectId);
  const current = rows.find((r) => r.superseded_at === null);
  if (current) {
    const [paid] = await tx.rows(sql`SELECT 1 FROM payments_line WHERE entitlement_id = ${current.id}::uuid AND kind = 'grant'`);
    if (paid) throw new DomainError({ code: 'GRANT_PAID', status: 409, title: '该救助金已列入发放表，不能再修改', detail: '如需追加，请以新的救助决定另行记录' });
  }
  const version = rows.reduce((v, r) => Math.max(v, r.series_version), 0) + 1;
  const month = monthDate(input.month);
  // Supersede first: the one-current-grant-per-source index must never see two.
  if (current) await tx.run(sql`UPDATE payments_entitlement SET superseded_at = now() WHERE id = ${current.id}::uuid`);
  const [created] = await tx.rows<{ id: string }>(sql`
    INSERT INTO payments_entitlement (programme, kind, subject_id, person_id, household_id, payee_person_id, person_count, region_code,
      from_month, to_month, monthly_amount_fen, breakdown, rule_version, origin_kind, source_module, source_id, reason, series_version,
      paid_outside_on, paid_outside_note, created_by, created_by_name)
    VALUES (${programme.code}, 'grant', ${who.subjectId}::uuid, ${who.personId}::uuid, ${who.householdId}::uuid, ${who.payeeId}::uuid,
      ${input.personCount ?? 1}, ${input.regionCode}, ${month}::date, ${month}::date, ${input.amountFen},
      ${JSON.stringify(input.breakdown ?? null)}::jsonb, ${input.ruleVersion}, 'one_off', ${sourceModule}, ${sourceId}, ${input.origin.reason}, ${version},
      ${input.paidOutside?.paidOn ?? null}::date, ${input.paidOutside?.note ?? null}, ${actor.actorId}::uuid, ${actor.actorName})
    RETURNING id`);
  await appendAudit(tx, actor, {
    action: 'payments.grant_record', entityType: 'payments_entitlement', entityId: created!.id, regionCode: input.regionCode,
    summary: `${programme.shortName}救助金 ${yuan(input.amountFen)}，${input.month} 发放${input.paidOutside ? `（已于 ${input.paidOutside.paidOn} 先行支付，不再经银行发放）` : ''}（${input.origin.reason}）`,
    diff: {
      amountFen: { before: current ? Number(current.monthly_amount_fen) : null, after: input.amountFen },
      month: { before: null, after: input.month },
      source: { before: null, after: `${sourceModule}/${sourceId}` },
    },
  });
  return { entitlementId: created!.id };
}

export function entitlementNotFound() {
  return notFound('待遇记录不存在或不在本辖区');
}
