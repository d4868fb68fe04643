/**
 * What other modules contribute to a case (server side: server/case-links.ts): the household
 * verification report answering 申请信息核对, and notices such as a 核对预警 handled as 需调整.
 */

/** What the case records of a household verification report (家庭经济状况核对). */
export interface VerificationReportSummary {
  requestId: string;
  requestNo: number;
  /** 符合 eligible / 不符合 ineligible / 需人工核实 manual. */
  conclusion: 'eligible' | 'ineligible' | 'manual';
  conclusionName: string;
  reasons: string[];
  requestedOn: string;
  /** The statutory 3-working-day clock of the request. */
  dueOn: string;
}

/** A notice another module attached to the case (an alert to act on), open until a benefit decision closes it. */
export interface CaseNotice {
  id: string;
  source: string;
  refId: string;
  refNo: string | null;
  /** The rule or kind, e.g. 死亡人员仍在享受待遇. */
  title: string;
  /** What the evidence says, in a sentence or two. */
  summary: string;
  /** The handling official's opinion (核实情况和调整建议). */
  opinion: string | null;
  /** The item's page on this platform. */
  link: string;
  raisedByName: string | null;
  raisedAt: string;
  open: boolean;
  closedAt: string | null;
  /** The step that closed it (调整保障金, 停保 …) and its place in the case's log. */
  closedActionName: string | null;
  closedSeq: number | null;
  closedByName: string | null;
}

export const VERIFICATION_CONCLUSION_NAMES = { eligible: '符合', ineligible: '不符合', manual: '需人工核实' } as const;

/** How a report's conclusion becomes the recorded 核对结果: 不符合 disagrees with what was declared. */
export function resultOfConclusion(conclusion: VerificationReportSummary['conclusion']): 'consistent' | 'inconsistent' | null {
  if (conclusion === 'ineligible') return 'inconsistent';
  if (conclusion === 'eligible') return 'consistent';
  return null; // 需人工核实: the official decides after the manual check.
}

/** The findings text a report gives the recorded 核对结果. */
export function findingsOfReport(r: VerificationReportSummary, extra?: string | null): string {
  const head = `家庭经济状况核对报告第 ${r.requestNo} 号（${r.requestedOn}）结论：${r.conclusionName}`;
  const reasons = r.reasons.length ? `。${r.reasons.join('；')}` : '';
  const tail = extra?.trim() ? `。${extra.trim()}` : '';
  return `${head}${reasons}${tail}`.slice(0, 2000);
}
