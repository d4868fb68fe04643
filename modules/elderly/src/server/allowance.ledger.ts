/**
 * From enrolment to money: the payments ledger (docs/api/payments-contract.md). Each call runs in
 * the transaction of the decision (run approval, application approval, stop), so the ledger's
 * refusal — an overlapping 高龄津贴 from another source — undoes the decision with it.
 *
 * The series of an enrolment is ('elderly', enrolment id): enrolling opens it, a bracket or level
 * change supersedes it from the month it takes effect (the ledger pays 补发 for months already in
 * rolls), a stop ends it after the last month paid (a late death report is recovered, 追回).
 *
 * A run's approval opens and ends its series through payments' set-based entry points
 * (recordEntitlements / endEntitlements: a fixed number of statements however many enrolments a
 * province's first run brings); a bracket change supersedes an existing series, which only
 * recordEntitlement does, so those few a month go one call each. Single decisions (an
 * application, a stop by hand) use the single calls.
 */
import type { Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { endEntitlement, endEntitlements, findProgramme, recordEntitlement, recordEntitlements, registerProgramme } from '@mz/payments/server';
import { ALLOWANCE_PROGRAMME_NAMES, type AllowanceProgramme } from '../domain/allowance.rules.ts';

export const SOURCE_MODULE = 'elderly';

/**
 * The programmes this part pays, declared at import (verification's 主动发现 rule
 * aged80_no_allowance and its tests expect 'longevity' exactly so).
 */
export function registerAllowanceProgrammes(): void {
  if (!findProgramme('longevity')) {
    registerProgramme({ code: 'longevity', name: '高龄津贴', shortName: '高龄津贴', ownerModule: 'elderly', basis: 'person', monthly: true, oneOff: false });
  }
  registerProgramme({ code: 'elderly_service', name: '养老服务补贴', shortName: '养老服务补贴', ownerModule: 'elderly', basis: 'person', monthly: true, oneOff: false });
  registerProgramme({ code: 'elderly_care', name: '护理补贴（老年人）', shortName: '护理补贴', ownerModule: 'elderly', basis: 'person', monthly: true, oneOff: false });
}

export interface LedgerEntry {
  enrolmentId: string;
  programme: AllowanceProgramme;
  personId: string;
  regionCode: string;
  fromMonth: string;
  monthlyFen: number;
  breakdown: Record<string, unknown>;
  ruleVersion: string;
  kind: 'case_decision' | 'adjustment';
  reason: string;
}

function entitlementOf(e: LedgerEntry) {
  return {
    programme: e.programme, beneficiary: { personId: e.personId }, regionCode: e.regionCode, fromMonth: e.fromMonth,
    monthlyAmountFen: e.monthlyFen, personCount: 1, breakdown: { programmeName: ALLOWANCE_PROGRAMME_NAMES[e.programme], ...e.breakdown }, ruleVersion: e.ruleVersion,
    origin: { kind: e.kind, sourceModule: SOURCE_MODULE, sourceId: e.enrolmentId, reason: e.reason.slice(0, 500) },
  };
}

export async function entitle(tx: Tx, who: AuditActor, e: LedgerEntry): Promise<void> {
  await recordEntitlement(tx, who, entitlementOf(e));
}

/**
 * Opens the series of newly enrolled people in one set-based call. A refusal names the input by
 * its index (`errors[0].path` starts with it), so the caller can name the person.
 */
export async function entitleNew(tx: Tx, who: AuditActor, entries: LedgerEntry[]): Promise<void> {
  await recordEntitlements(tx, who, entries.map(entitlementOf));
}

export async function endEnrolment(tx: Tx, who: AuditActor, enrolmentId: string, lastMonth: string, reason: string): Promise<void> {
  await endEntitlement(tx, who, { sourceModule: SOURCE_MODULE, sourceId: enrolmentId, lastMonth, reason: reason.slice(0, 500) });
}

export interface LedgerStop { enrolmentId: string; lastMonth: string; reason: string }

/** Ends the series of many stopped enrolments in one set-based call. */
export async function endEnrolments(tx: Tx, who: AuditActor, stops: LedgerStop[]): Promise<void> {
  await endEntitlements(tx, who, stops.map((s) => ({ sourceModule: SOURCE_MODULE, sourceId: s.enrolmentId, lastMonth: s.lastMonth, reason: s.reason.slice(0, 500) })));
}
