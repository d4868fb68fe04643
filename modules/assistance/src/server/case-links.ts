/**
 * What other modules plug into a case, without assistance importing them.
 *
 * Verification depends on assistance (its household reports read the assistance parameters), so
 * the arrows from assistance to verification are registrations made by verification when its
 * server index is imported, and rows it writes through the functions here:
 *
 * - the investigation verifier answers 申请信息核对 with a household verification report;
 * - case notices are what such a module asks the case to act on (an alert handled as 需调整): stored
 *   here, shown on the case page and flagged for the lists, so the official does not need the other
 *   module's pages to know the case must be adjusted;
 * - decision listeners hear, inside the step's transaction, that the case decided a change of the
 *   benefit, and close what they asked for (a failure there undoes the decision too: an alert is
 *   never left open after the case acted on it, nor closed for a decision that did not happen).
 *
 * A deployment without those modules registers nothing and the case works by hand.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { conflict, notFound } from '@mz/kernel';
import { addFlag, removeFlag } from '@mz/workflow/server';
import type { CaseNotice, VerificationReportSummary } from '../domain/index.ts';

// ---- the investigation step (申请信息核对) ----

export interface InvestigationVerifier {
  /**
   * Requests the report for the case in its own transaction (it reads other departments' records
   * as the owner after its own scope check) and returns what the case records of it. Throws the
   * DomainError the official should see (404 outside the jurisdiction, 422 no 授权核对书 …).
   */
  request(db: Database, who: AuditActor & { regionCode: string }, caseId: string): Promise<VerificationReportSummary>;
  /** A report of this case made elsewhere (the verification pages), read in the caller's scope; null when none. */
  find(tx: Tx, caseId: string, requestId: string): Promise<VerificationReportSummary | null>;
}

let verifier: InvestigationVerifier | null = null;

/** Registers the verifier; null removes it (a deployment without verification, and tests of that case). */
export function registerInvestigationVerifier(v: InvestigationVerifier | null): void {
  verifier = v;
}

export function investigationVerifier(): InvestigationVerifier | null {
  return verifier;
}

// ---- decisions other modules hear of ----

/** Steps that change or stop the benefit: what an alert asking for 停保/减发/调整 is waiting for. */
export const BENEFIT_DECISIONS = ['adjust', 'terminate', 'suspend', 'exclude_member', 'taper'] as const;

export interface CaseDecisionEvent {
  caseId: string;
  caseNo: string;
  programme: string;
  action: string;
  actionName: string;
  /** The step in the case's log (its `seq`), the reference a closed item keeps. */
  seq: number;
  opinion: string | null;
  /** Open notices this decision closed (source and the source's own id). */
  closedNotices: { source: string; refId: string }[];
  who: AuditActor;
  at: Date;
}
export type CaseDecisionListener = (tx: Tx, event: CaseDecisionEvent) => Promise<void>;

const listeners: CaseDecisionListener[] = [];

/** Registers a listener once (module imports may run more than once in tests). */
export function onCaseDecision(listener: CaseDecisionListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

// ---- notices ----

export const NOTICE_FLAG = 'external_notice';

export interface NoticeInput {
  caseId: string;
  /** The module and kind, e.g. 'verification.alert'. */
  source: string;
  refId: string;
  refNo?: string | null;
  title: string;
  summary: string;
  opinion?: string | null;
  /** The page of the item, a path of this platform ('/verification/alerts/<id>'). */
  link: string;
}

/**
 * Attaches a notice to an open case in the caller's transaction and scope (the case must be
 * visible to them), and flags the case. Returns the case number for the caller's audit entry.
 */
export async function attachCaseNotice(tx: Tx, who: AuditActor, n: NoticeInput): Promise<{ caseNo: string }> {
  const [c] = await tx.rows<{ region_code: string; case_no: string; closed: boolean }>(sql`
    SELECT a.region_code, w.case_no, w.closed_at IS NOT NULL AS closed FROM assistance_case a JOIN workflow_case w ON w.id = a.id
    WHERE a.id = ${n.caseId}::uuid`);
  if (!c) throw notFound('救助案件不存在或不在本辖区');
  if (c.closed) throw conflict(`救助案件 ${c.case_no} 已办结，不能转入调整待遇`, '请核实该对象是否仍在享受待遇，如已停保请办理「维持」并说明');
  await tx.run(sql`
    INSERT INTO assistance_case_notice (case_id, region_code, source, ref_id, ref_no, title, summary, opinion, link, raised_by_name)
    VALUES (${n.caseId}::uuid, ${c.region_code}, ${n.source}, ${n.refId}::uuid, ${n.refNo ?? null}, ${n.title}, ${n.summary.slice(0, 2000)},
      ${n.opinion?.slice(0, 500) ?? null}, ${n.link}, ${who.actorName})
    ON CONFLICT (source, ref_id) WHERE closed_at IS NULL DO NOTHING`);
  await addFlag(tx, n.caseId, NOTICE_FLAG);
  return { caseNo: c.case_no };
}

interface NoticeRow {
  id: string; source: string; ref_id: string; ref_no: string | null; title: string; summary: string; opinion: string | null; link: string;
  raised_by_name: string | null; raised_at: string; closed_at: string | null; closed_action_name: string | null; closed_seq: number | null; closed_by_name: string | null;
}

/** The case's notices, open first, for the case page. */
export async function caseNotices(tx: Tx, caseId: string): Promise<CaseNotice[]> {
  const rows = await tx.rows<NoticeRow>(sql`
    SELECT id, source, ref_id, ref_no, title, summary, opinion, link, raised_by_name, raised_at::text, closed_at::text, closed_action_name, closed_seq, closed_by_name
    FROM assistance_case_notice WHERE case_id = ${caseId}::uuid ORDER BY (closed_at IS NULL) DESC, raised_at DESC`);
  return rows.map((r) => ({
    id: r.id, source: r.source, refId: r.ref_id, refNo: r.ref_no, title: r.title, summary: r.summary, opinion: r.opinion, link: r.link,
    raisedByName: r.raised_by_name, raisedAt: new Date(r.raised_at).toISOString(), open: r.closed_at === null,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null, closedActionName: r.closed_action_name, closedSeq: r.closed_seq, closedByName: r.closed_by_name,
  }));
}

/**
 * After a benefit decision on the case (in its transaction): closes the open notices with the
 * step, clears the flag, and tells the listeners. Other steps leave the notices open.
 */
export async function afterCaseDecision(tx: Tx, event: Omit<CaseDecisionEvent, 'closedNotices'>): Promise<void> {
  if (!(BENEFIT_DECISIONS as readonly string[]).includes(event.action)) return;
  const closed = await tx.rows<{ source: string; ref_id: string }>(sql`
    UPDATE assistance_case_notice SET closed_at = ${event.at.toISOString()}::timestamptz, closed_action = ${event.action},
      closed_action_name = ${event.actionName}, closed_seq = ${event.seq}, closed_by_name = ${event.who.actorName}
    WHERE case_id = ${event.caseId}::uuid AND closed_at IS NULL
    RETURNING source, ref_id`);
  if (closed.length > 0) await removeFlag(tx, event.caseId, NOTICE_FLAG);
  const full: CaseDecisionEvent = { ...event, closedNotices: closed.map((c) => ({ source: c.source, refId: c.ref_id })) };
  for (const listener of listeners) await listener(tx, full);
}
