/**
 * From decision to money: what a case decision means for the payments ledger
 * (docs/api/payments-contract.md, "How assistance calls it"). Each call runs in the transaction of
 * the workflow action, after the case's own changes are written, so a ledger refusal (an
 * overlapping benefit from another case, a grant already in a roll) undoes the decision with it and
 * reaches the official as the ledger's own Chinese message.
 *
 * The series of a 低保/特困 case is `assistance/<caseId>`: approval opens it, every later decision
 * that changes the monthly amount or the months paid supersedes it from the month it takes effect,
 * and the ledger settles months already in rolls (补发/追回) by itself.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { addMonths, DomainError, fenToYuanString, invalid, isDomainError, todayInShanghai, type IsoDate } from '@mz/kernel';
import { endEntitlement, recordEntitlement, recordOneOffGrant, registerProgramme } from '@mz/payments/server';
import {
  DIBAO_TERMINATION_CAUSES, PAYMENT_METHODS, TEKUN_TERMINATION_CAUSES, type Breakdown, type PaymentMethod, type Programme,
} from '../domain/index.ts';
import type { CaseRow } from './case.repository.ts';

export const SOURCE_MODULE = 'assistance';

/** The programmes this module pays through the ledger (called once, from the server index). */
export function registerAssistanceProgrammes(): void {
  registerProgramme({ code: 'dibao', name: '最低生活保障', shortName: '低保', ownerModule: SOURCE_MODULE, basis: 'household', monthly: true, oneOff: false });
  registerProgramme({ code: 'tekun', name: '特困人员救助供养', shortName: '特困', ownerModule: SOURCE_MODULE, basis: 'person', monthly: true, oneOff: false });
  registerProgramme({ code: 'linshi', name: '临时救助', shortName: '临时救助', ownerModule: SOURCE_MODULE, basis: 'person', monthly: false, oneOff: true });
}

/** The case as it stands after the action's changes (the columns the ledger needs). */
export interface DecidedCase {
  row: CaseRow;
  amountFen: number | null;
  startMonth: string | null;
  breakdown: Breakdown | null;
  coveredPersonIds: string[];
  /** The engine's event stamps and decision log after the action. */
  events: Record<string, string | undefined>;
  decisions: readonly { action: string; data: unknown }[];
}

const reasonText = (s: string) => (s.length > 500 ? `${s.slice(0, 499)}…` : s);
const yuan = (fen: number) => `${fenToYuanString(fen)} 元`;

function beneficiary(row: CaseRow): { personId?: string; householdId?: string } {
  if (row.programme === 'dibao') return { householdId: row.household_id!, personId: row.applicant_person_id };
  // 特困 and 临时救助 pay the person (the subject, else the applicant), with the household if any.
  return { personId: row.person_id ?? row.applicant_person_id, ...(row.household_id ? { householdId: row.household_id } : {}) };
}

function ruleVersionOf(breakdown: Breakdown | null, programme: Programme): string {
  return breakdown?.ruleVersion || `${programme}-manual`;
}

/** Opens or supersedes the monthly series of a 低保/特困 case from `fromMonth`. */
async function entitle(tx: Tx, who: AuditActor, c: DecidedCase, fromMonth: string, kind: 'case_decision' | 'adjustment', reason: string) {
  const { row } = c;
  if (c.amountFen === null) return;
  await recordEntitlement(tx, who, {
    programme: row.programme, beneficiary: beneficiary(row),
    personCount: row.programme === 'dibao' ? Math.max(1, c.coveredPersonIds.length) : 1,
    regionCode: row.region_code, fromMonth, monthlyAmountFen: c.amountFen,
    breakdown: c.breakdown, ruleVersion: ruleVersionOf(c.breakdown, row.programme),
    origin: { kind, sourceModule: SOURCE_MODULE, sourceId: row.id, reason: reasonText(reason) },
  });
}

/** A change may not reach back before the benefit began: that would pay months never decided. */
function notBeforeStart(c: DecidedCase, month: string, path: string, label: string): void {
  if (c.startMonth && month < c.startMonth) {
    throw invalid(`${label}不正确`, [{ path, message: `${label}不能早于保障起始月份 ${c.startMonth}` }]);
  }
}

/**
 * The last month owed when support stops: the month before `stopMonth`, or — when every covered
 * person has died and the registry learnt of it late — the month of the last death (benefits
 * are owed through the month of death), so the ledger recovers (追回) what was paid after it.
 * Covered persons registered outside the official's jurisdiction are not visible here; their
 * death is then settled by the decision's own stop month.
 */
async function lastMonthOwed(tx: Tx, c: DecidedCase, stopMonth: string): Promise<{ lastMonth: string; deathDate: string | null }> {
  const ids = c.coveredPersonIds.length ? c.coveredPersonIds : [c.row.person_id ?? c.row.applicant_person_id];
  const [d] = await tx.rows<{ all_dead: boolean; last_death: string | null; n: number }>(sql`
    SELECT bool_and(status = 'deceased' AND death_date IS NOT NULL) AS all_dead, max(death_date)::text AS last_death, count(*)::int AS n
    FROM registry_person WHERE id = ANY (${sql.param(ids)}::uuid[])`);
  const byDecision = addMonths(stopMonth, -1);
  if (d && d.all_dead && d.n === ids.length && d.last_death && d.last_death.slice(0, 7) < byDecision) {
    return { lastMonth: d.last_death.slice(0, 7), deathDate: d.last_death };
  }
  return { lastMonth: byDecision, deathDate: null };
}

interface LinshiPlan { form?: string; instalmentMonths?: number }

/** 临时救助 in instalments (≤ 6 months): equal parts, the odd fen in the first; one grant per month. */
function instalments(amountFen: number, months: number): number[] {
  const part = Math.floor(amountFen / months);
  return Array.from({ length: months }, (_, i) => (i === 0 ? amountFen - part * (months - 1) : part));
}

const grantSource = (caseId: string, i: number) => (i === 0 ? caseId : `${caseId}:${i + 1}`);

async function grant(
  tx: Tx, who: AuditActor, c: DecidedCase, sourceId: string, month: string, amountFen: number, reason: string,
  paidOutside?: { paidOn: string; note: string },
) {
  const b = beneficiary(c.row);
  return recordOneOffGrant(tx, who, {
    programme: 'linshi', beneficiary: b, personCount: 1, regionCode: c.row.region_code, month, amountFen,
    breakdown: c.breakdown, ruleVersion: ruleVersionOf(c.breakdown, 'linshi'),
    origin: { kind: 'one_off', sourceModule: SOURCE_MODULE, sourceId, reason: reasonText(reason) },
    ...(paidOutside ? { paidOutside } : {}),
  });
}

/** Whether the ledger refused because the grant is already in a roll. */
const inRoll = (err: unknown) => isDomainError(err) && err.code === 'GRANT_PAID';

/**
 * 登记发放 / 先行发放 record money handed over by the township. The bank payment of a 临时救助 grant
 * is the programme's roll, so the two must never both pay:
 * - cash or goods (现金、实物): the grant is recorded as paid outside the bank (`paidOutside`), so no
 *   roll sends it again; refused when a roll already holds it (the bank pays it).
 * - bank (银行账户): for 登记发放, only the roll pays by bank, so it can be recorded only once the
 *   grant is in a roll; for 先行发放, made before any roll can, a bank transfer by the township
 *   itself is paid outside the roll like cash — unless a roll already holds the grant, which then pays it.
 */
async function recordHandOver(
  tx: Tx, who: AuditActor, c: DecidedCase, data: { paidOn: IsoDate; amountFen: number; method: PaymentMethod },
  decidedFen: number, advance: boolean, plan: LinshiPlan,
): Promise<void> {
  if (data.amountFen !== decidedFen) {
    throw invalid('发放金额与批准金额不一致', [{ path: 'data.amountFen', message: `发放金额应为批准的 ${yuan(decidedFen)}` }]);
  }
  const months = plan.instalmentMonths ?? 1;
  const method = PAYMENT_METHODS[data.method];
  const reason = advance ? '先行救助' : '临时救助审批';
  if (data.method === 'bank' && !advance) {
    // Whether a roll holds the grant: re-recording it unchanged succeeds only while it is not in one,
    // and this refusal then rolls the attempt back with the transaction.
    try {
      await grant(tx, who, c, grantSource(c.row.id, 0), monthOfDecision(c), instalments(decidedFen, months)[0]!, reason);
    } catch (err) {
      if (inRoll(err)) return;
      throw err;
    }
    throw new DomainError({
      code: 'NOT_IN_ROLL', status: 409, title: '该救助金尚未列入发放表，不能登记银行发放',
      detail: '银行代发由县级民政部门生成临时救助发放表办理；发放表生成后再登记。如已以现金或实物发放，请选择相应的发放方式',
    });
  }
  if (months > 1) {
    throw new DomainError({
      code: 'GUARD', status: 409, title: '分期发放的救助金按月列入发放表，不能一次登记现金或实物发放',
      detail: `本案分 ${months} 个月发放，由临时救助发放表按月经银行代发`,
    });
  }
  try {
    await grant(tx, who, c, c.row.id, monthOfDecision(c), decidedFen, reason, { paidOn: data.paidOn, note: `${advance ? '先行发放' : '登记发放'}：${method}` });
  } catch (err) {
    if (!inRoll(err)) throw err;
    // A bank 先行发放 of a grant a roll already holds: the roll's transfer is that payment.
    if (data.method === 'bank') return;
    throw new DomainError({
      code: 'GRANT_PAID', status: 409, title: `该救助金已列入发放表，将由银行代发，不能再以${method}发放`,
      detail: '同一笔救助金不能重复发放；如银行代发失败，由发放表办理重发',
    });
  }
}

/** 临时救助 is paid in the month of its decision (审批 or 先行救助). */
function monthOfDecision(c: DecidedCase): string {
  const decided = c.events.decided;
  return todayInShanghai(decided ? new Date(decided) : new Date()).slice(0, 7);
}

/** The form and instalments the approval chose (its data in the decision log). */
function approvalPlan(c: DecidedCase): LinshiPlan {
  const last = [...c.decisions].reverse().find((d) => d.action === 'approve');
  return (last?.data as LinshiPlan | null | undefined) ?? {};
}

/**
 * The ledger calls of one workflow action: `c.row` is the case before the action, the rest of `c`
 * what it is after the action's changes.
 */
export async function recordInLedger(
  tx: Tx, who: AuditActor, c: DecidedCase, action: string, data: any, opinion: string | null, now: Date,
): Promise<void> {
  const { row } = c;
  const today = todayInShanghai(now);
  if (row.programme === 'linshi') {
    switch (action) {
      case 'approve': {
        // Goods and referrals (实物、转介服务) are not money: the ledger records them when handed over (登记发放).
        if ((data?.form ?? 'cash') !== 'cash' || !c.amountFen) return;
        const months = data?.instalmentMonths ?? 1;
        const parts = instalments(c.amountFen, months);
        const first = monthOfDecision(c);
        for (const [i, amount] of parts.entries()) {
          await grant(tx, who, c, grantSource(row.id, i), addMonths(first, i), amount,
            months > 1 ? `临时救助审批（分 ${months} 期第 ${i + 1} 期）` : '临时救助审批');
        }
        return;
      }
      case 'advance_grant':
        if ((data?.form ?? 'cash') !== 'cash') return;
        await grant(tx, who, c, row.id, monthOfDecision(c), data.amountFen, '先行救助');
        return;
      case 'pay_advance':
        await recordHandOver(tx, who, c, data, Number(row.advance_paid_fen ?? row.amount_fen ?? 0), true, {});
        return;
      case 'record_payment':
        await recordHandOver(tx, who, c, data, Number(row.amount_fen ?? 0), false, approvalPlan(c));
        return;
      default:
        return;
    }
  }

  const short = row.programme === 'dibao' ? '低保' : '特困';
  switch (action) {
    case 'approve':
      await entitle(tx, who, c, c.startMonth!, 'case_decision', row.programme === 'dibao' ? '低保审核确认' : '特困人员认定');
      return;
    case 'adjust': {
      notBeforeStart(c, data.effectiveMonth, 'data.effectiveMonth', '调整起始月份');
      const direction = data.direction === 'increase' ? '增发' : '减发';
      await entitle(tx, who, c, data.effectiveMonth, 'adjustment', `${short}${direction}：${opinion || data.reasons}`);
      return;
    }
    case 'exclude_member':
      // One member's share stops: the household's amount is recomputed for the others from that month.
      await entitle(tx, who, c, data.fromMonth, 'adjustment', `停发拒绝介绍工作成员本人保障金（低保办法第三十四条）：${data.reasons}`);
      return;
    case 'suspend':
      await endEntitlement(tx, who, { sourceModule: SOURCE_MODULE, sourceId: row.id, lastMonth: addMonths(data.fromMonth, -1), reason: reasonText(`暂停发放：${data.reasons}`) });
      return;
    case 'resume':
      notBeforeStart(c, data.fromMonth, 'data.fromMonth', '恢复发放月份');
      await entitle(tx, who, c, data.fromMonth, 'adjustment', `恢复发放：${data.reasons}`);
      return;
    case 'taper':
      // 渐退 pays the months of the taper, then stops (低保办法第三十三条).
      await endEntitlement(tx, who, { sourceModule: SOURCE_MODULE, sourceId: row.id, lastMonth: addMonths(addMonths(data.fromMonth, data.months), -1), reason: '渐退期满停发' });
      return;
    case 'terminate': {
      const { lastMonth, deathDate } = await lastMonthOwed(tx, c, data.stopMonth);
      // 特困's cause was given when the termination was proposed (特困办法第二十四条).
      const proposed = [...c.decisions].reverse().find((d) => d.action === 'propose_termination')?.data as { cause?: string } | undefined;
      const cause = row.programme === 'dibao'
        ? DIBAO_TERMINATION_CAUSES[data.cause as keyof typeof DIBAO_TERMINATION_CAUSES]
        : TEKUN_TERMINATION_CAUSES[proposed?.cause as keyof typeof TEKUN_TERMINATION_CAUSES] ?? '其他原因';
      const reason = deathDate
        ? `死亡（${deathDate}死亡，${today}报告，${lastMonth}后已发放的${short}金予以追回）`
        : `${row.programme === 'dibao' ? '停保' : '终止供养'}（${cause}）：${data.reasons}`;
      await endEntitlement(tx, who, { sourceModule: SOURCE_MODULE, sourceId: row.id, lastMonth, reason: reasonText(reason) });
      return;
    }
    default:
  }
}
