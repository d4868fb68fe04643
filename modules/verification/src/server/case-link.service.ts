/**
 * The hand-off between 核对监测 and the assistance workflow (issue 6), registered with
 * `@mz/assistance/server` when this module's server index is imported — verification depends on
 * assistance, never the reverse (see case-links.ts there):
 *
 * - the investigation verifier: 申请信息核对 of a case makes a household verification report;
 * - 需调整 attaches a notice to the linked case (alert.service.ts calls `noticeForAdjust`), so the
 *   case page shows the rule, the evidence and the link, and the case is flagged for the lists;
 * - the decision listener: when the case decides 调整/停保/暂停/渐退/成员停发, the alerts linked to it
 *   and waiting for that (status `adjust`) are closed with the outcome and the case step, in the
 *   decision's transaction.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { appendAudit } from '@mz/audit/server';
import { onCaseDecision, registerInvestigationVerifier, type CaseDecisionEvent, type NoticeInput } from '@mz/assistance/server';
import type { VerificationReportSummary } from '@mz/assistance';
import { CONCLUSION_NAMES, findRule, findSource, type Conclusion } from '../domain/index.ts';
import { createVerificationRequest } from './household-report.service.ts';
import { onAlertHandled } from './silent.service.ts';

/** The outcome an alert is closed with, by the case step that acted on it. */
export const CLOSURE_OUTCOMES: Record<string, string> = {
  terminate: '已终止待遇', adjust: '已调整待遇', exclude_member: '已调整待遇（停发成员保障金）', taper: '已调整待遇（渐退）', suspend: '已暂停发放',
};

interface SummaryRow { id: string; request_no: string; conclusion: Conclusion | null; requested_on: string; due_on: string; report: { reasons?: string[] } | null }

function summary(r: SummaryRow): VerificationReportSummary | null {
  if (!r.conclusion) return null;
  return {
    requestId: r.id, requestNo: Number(r.request_no), conclusion: r.conclusion, conclusionName: CONCLUSION_NAMES[r.conclusion],
    reasons: r.report?.reasons ?? [], requestedOn: r.requested_on, dueOn: r.due_on,
  };
}

async function reportSummary(tx: Tx, caseId: string, requestId: string): Promise<VerificationReportSummary | null> {
  const [r] = await tx.rows<SummaryRow>(sql`
    SELECT id, request_no, conclusion, requested_on::text, due_on::text, report FROM verification_request
    WHERE id = ${requestId}::uuid AND case_id = ${caseId}::uuid AND status = 'reported'`);
  return r ? summary(r) : null;
}

/** What the case page shows of an alert handled as 需调整. */
export function noticeForAdjust(alert: {
  id: string; alertNo: number; ruleCode: string; personName: string | null; evidence: Record<string, unknown>; opinion: string | null; caseId: string;
}): NoticeInput {
  const rule = findRule(alert.ruleCode);
  return {
    caseId: alert.caseId, source: 'verification.alert', refId: alert.id, refNo: String(alert.alertNo), title: rule?.name ?? alert.ruleCode,
    summary: `${alert.personName ? `${alert.personName}：` : ''}${evidenceSummary(alert.evidence)}${rule?.advice ? `。处置建议：${rule.advice}` : ''}`,
    opinion: alert.opinion, link: `/verification/alerts/${alert.id}`,
  };
}

const LABELS: Record<string, string> = {
  asOf: '数据截止', date: '日期', from: '开始', to: '结束', kind: '类型', daysInMonth: '当月天数', count: '数量', maxCount: '上限',
  dwellings: '住宅套数', maxDwellings: '住宅上限', members: '家庭人数', category: '类别', grade: '等级', age: '年龄', member: '家庭成员',
};

/** The evidence in one line: the source by name, dates, counts, amounts in yuan; lists by their size. */
export function evidenceSummary(evidence: Record<string, unknown>): string {
  const parts: string[] = [];
  // The source first (jsonb orders keys by length), then the facts.
  const entries = Object.entries(evidence).sort(([a], [b]) => Number(b === 'source') - Number(a === 'source'));
  for (const [key, v] of entries) {
    if (v === null || v === undefined || v === '' || key === 'version') continue;
    if (key === 'source' && typeof v === 'string') parts.push(`${findSource(v)?.name ?? v}`);
    else if (Array.isArray(v)) parts.push(`${v.length} 项明细`);
    else if (typeof v === 'object') continue;
    else if (key.endsWith('Fen') && typeof v === 'number') parts.push(`${key.replace(/Fen$/, '')} ${(v / 100).toFixed(2)} 元`);
    else parts.push(`${LABELS[key] ?? key} ${String(v)}`);
  }
  return parts.join('，') || '详见预警证据';
}

/**
 * Closes the alerts linked to the case that wait for its decision, set-wise in the decision's
 * transaction and the official's scope (the alert and the case lie in the same village, which
 * the deciding level covers): status, outcome, the case step, one event and one audit entry each.
 */
async function closeLinkedAlerts(tx: Tx, e: CaseDecisionEvent): Promise<void> {
  const outcome = CLOSURE_OUTCOMES[e.action];
  if (!outcome) return;
  const step = `${e.caseNo} 第 ${e.seq} 步「${e.actionName}」`;
  const opinion = `救助案件${step}：${outcome}${e.opinion ? `（${e.opinion.slice(0, 300)}）` : ''}`.slice(0, 500);
  const closed = await tx.rows<{ id: string; alert_no: string; rule_code: string; region_code: string; person_name: string | null }>(sql`
    WITH c AS (
      UPDATE verification_alert SET status = 'closed', version = version + 1, closed_outcome = ${outcome}, closed_case_action = ${e.action},
        closed_case_seq = ${e.seq}, handled_by = ${e.who.actorId}::uuid, handled_by_name = ${e.who.actorName}, handled_at = ${e.at.toISOString()}::timestamptz
      WHERE linked_case_id = ${e.caseId}::uuid AND status = 'adjust'
      RETURNING id, alert_no, rule_code, region_code, person_name
    ), ev AS (
      INSERT INTO verification_alert_event (alert_id, region_code, action, from_status, to_status, opinion, case_id, case_step, actor_id, actor_name)
      SELECT c.id, c.region_code, 'close', 'adjust', 'closed', ${opinion}, ${e.caseId}::uuid, ${step}, ${e.who.actorId}::uuid, ${e.who.actorName} FROM c
    )
    SELECT id, alert_no, rule_code, region_code, person_name FROM c`);
  for (const a of closed) {
    // A 静默认证 hold on the alert is released: the entitlement now says what is owed.
    await onAlertHandled(tx, e.who, { id: a.id }, 'resolved', `${step}：${outcome}`);
    await appendAudit(tx, e.who, {
      action: 'verification.alert_action', entityType: 'verification_alert', entityId: a.id, regionCode: a.region_code,
      summary: `预警 ${a.alert_no}（${findRule(a.rule_code)?.name ?? a.rule_code}，${a.person_name ?? ''}）由${step}处置：${outcome}`,
      diff: { status: { before: 'adjust', after: 'closed' }, outcome: { before: null, after: outcome }, caseStep: { before: null, after: step } },
    });
  }
}

/** Registers the verifier and the decision listener with assistance (idempotent: the listener is registered once). */
export function registerWithAssistance(): void {
  registerInvestigationVerifier({
    async request(db, who, caseId) {
      const id = await createVerificationRequest(db, who, caseId);
      const found = await db.transaction((tx) => reportSummary(tx, caseId, id));
      if (!found) throw new Error(`verification request ${id} has no conclusion`);
      return found;
    },
    find: reportSummary,
  });
  onCaseDecision(closeLinkedAlerts);
}
