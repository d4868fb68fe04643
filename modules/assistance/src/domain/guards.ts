/**
 * Guards of the assistance workflows: checks that look at the case's history, settings or the
 * action's data, each returning the Chinese refusal the clerk sees (409 `GUARD`) or null.
 *
 * `availableActions` runs guards with `data: undefined`, so a guard that judges the data lets an
 * absent payload through — the action's data schema (action.schema.ts) already requires the fields
 * when the action is actually taken, and the guard then checks what the schema cannot (the case's
 * own limit, the history).
 */
import { fenToYuanString, todayInShanghai } from '@mz/kernel';
import { computeClocks, levelOf, type CaseSnapshot, type DecisionRecord, type Guard, type GuardTable, type WorkflowDefinition } from '@mz/workflow';
import { homeVisitData } from './action.schema.ts';
import { JOB_REFUSAL_LIMIT, jobEventsOf, refusalRuns } from './dynamic.rules.ts';
import { ASSISTANCE_WORKFLOWS } from './workflows.ts';

function decisions(snapshot: CaseSnapshot, ...actions: string[]): DecisionRecord[] {
  return snapshot.decisions.filter((d) => actions.includes(d.action));
}

function lastSeq(snapshot: CaseSnapshot, action: string): number {
  return decisions(snapshot, action).reduce((max, d) => Math.max(max, d.seq), 0);
}

function record(data: unknown): Record<string, unknown> | null {
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}

function numberSetting(snapshot: CaseSnapshot, key: string, fallback: number): number {
  const value = snapshot.settings[key];
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

/**
 * A waiting period (公示七日) has elapsed when the definition's clock for it says so, so the guard
 * and the clock the clerk sees never disagree (the day 公示 starts is not counted, 民法典第二百零一条).
 */
function periodRunning(c: CaseSnapshot, clockKey: string, now: Date, notStarted: string, basis: string): string | null {
  const def = workflowOfCase(c);
  const clock = def ? computeClocks(def, c, now).find((k) => k.key === clockKey) : undefined;
  if (!clock || clock.status === 'not_started') return notStarted;
  if (clock.status === 'running') {
    return `公示期${clock.amount ?? ''}日，至 ${clock.due ?? '期满'} 届满，期满后方可办理（${basis}）`;
  }
  return null;
}

function workflowOfCase(c: CaseSnapshot): WorkflowDefinition | undefined {
  return Object.values(ASSISTANCE_WORKFLOWS).find((def) => def.key === c.definition);
}

const publicityElapsed: Guard = ({ case: c, now }) => {
  const basis = c.definition === 'assistance.tekun' ? '特困办法第十五条' : c.definition === 'assistance.linshi' ? '暂行办法第四十八条' : '低保办法第十九条';
  return periodRunning(c, 'publicity', now, '尚未开始公示', basis);
};

const terminationPublicityElapsed: Guard = ({ case: c, now }) =>
  periodRunning(c, 'termination_publicity', now, '尚未开始终止公示', '特困办法第二十六条');

/** 低保办法第十六条: the investigation includes a home visit by at least two investigators. */
const homeVisitRecorded: Guard = ({ case: c }) => {
  const ok = decisions(c, 'record_home_visit', 'county_home_visit').some((d) => homeVisitData.safeParse(d.data).success);
  return ok ? null : '须先完成入户调查并记录，调查人员不少于2人（低保办法第十六条）';
};

/** 低保办法第十七条: every 信息核对 requested has its result recorded before the 初审. */
const verificationRecorded: Guard = ({ case: c }) => {
  const requested = lastSeq(c, 'request_verification');
  const recorded = lastSeq(c, 'record_verification');
  if (requested === 0) return '须先申请家庭经济状况信息核对（低保办法第十七条）';
  if (recorded < requested) return '信息核对结果尚未录入，录入后方可初审（低保办法第十七条）';
  return null;
};

/** 低保办法第二十条第二款: a complaint during confirmation calls for a county home visit after it. */
const complaintVisited: Guard = ({ case: c }) => {
  const complaint = lastSeq(c, 'record_complaint');
  if (complaint === 0) return null;
  return lastSeq(c, 'county_home_visit') > complaint ? null : '审核确认期间收到投诉，须经县级民政部门入户核查后方可确认（低保办法第二十条第二款）';
};

/** 低保办法第二十二条: 45 working days is the ceiling, reached by one extension. */
const notExtended: Guard = ({ case: c }) =>
  numberSetting(c, 'totalWorkingDays', 30) >= 45 ? '办理时限已延长至45个工作日，不能再次延长（低保办法第二十二条）' : null;

/**
 * 救助法第四十八条, 低保办法第三十二条: before reducing or stopping, hear the family; the date must
 * be a real past hearing, not one planned for later.
 */
const familyHeard: Guard = ({ action, data, now }) => {
  const d = record(data);
  if (!d) return null;
  // 调整 only when it reduces; 停保 unless nobody is left to hear; stopping one member's share always.
  const needed = action === 'adjust' ? d.direction === 'decrease' : action === 'exclude_member' || d.cause !== 'death';
  if (!needed) return null;
  const heardOn = typeof d.familyHeardOn === 'string' ? d.familyHeardOn : null;
  if (!heardOn) return `${action === 'terminate' ? '停发' : '减发'}前须听取家庭意见（救助法第四十八条）`;
  if (heardOn > todayInShanghai(now)) return '听取家庭意见的日期不能晚于今天';
  return null;
};

/**
 * 低保办法第三十四条: a member's own share may be stopped only after three refusals of introduced
 * work in a row without good reason. Without data (the list of steps on the case page) the step is
 * offered only while some member's run has reached three.
 */
const threeJobRefusals: Guard = ({ case: c, data }) => {
  const runs = refusalRuns(jobEventsOf(c.decisions));
  const personId = record(data)?.personId;
  if (typeof personId !== 'string') {
    return [...runs.values()].some((r) => r.consecutive >= JOB_REFUSAL_LIMIT) ? null : '没有无正当理由连续三次拒绝介绍工作的成员（低保办法第三十四条）';
  }
  const count = runs.get(personId)?.consecutive ?? 0;
  return count >= JOB_REFUSAL_LIMIT ? null
    : `该成员无正当理由连续拒绝介绍的工作${count}次，未达到连续三次，不能停发其本人保障金（低保办法第三十四条）`;
};

/** 低保办法第三十三条; 2022通知一(三): 渐退期 in principle ≤ 6 months, locally configurable. */
const taperWithinLimit: Guard = ({ case: c, data }) => {
  const d = record(data);
  if (!d || typeof d.months !== 'number') return null;
  const max = numberSetting(c, 'taperMonthsMax', 6);
  return d.months > max ? `渐退期不超过${max}个月（低保办法第三十三条；2022通知一(三)）` : null;
};

/** 特困办法第二十条: the care tier comes from the county's self-care assessment. */
const selfCareAssessed: Guard = ({ case: c }) =>
  decisions(c, 'assess_self_care').length > 0 ? null : '须先完成生活自理能力评估，确定照料护理等级（特困办法第二十条）';

/** 救助法第四十八条 for 特困: hear the person before ending support, unless dead, missing or leaving of their own will. */
const personHeard: Guard = ({ case: c, data, now }) => {
  const d = record(data);
  if (!d) return null;
  const proposal = [...decisions(c, 'propose_termination')].sort((a, b) => b.seq - a.seq)[0];
  const cause = record(proposal?.data)?.cause;
  if (cause === 'death' || cause === 'voluntary') return null;
  const heardOn = typeof d.personHeardOn === 'string' ? d.personHeardOn : null;
  if (!heardOn) return '终止供养前须听取本人意见（救助法第四十八条）';
  if (heardOn > todayInShanghai(now)) return '听取本人意见的日期不能晚于今天';
  return null;
};

/** 救助法第五十条; 2023意见四(三): 先行救助 for 急难 within the township's quota. */
const advanceAllowed: Guard = ({ case: c, data }) => {
  if (c.settings.linshiType !== 'emergency') return '先行救助仅适用于急难型临时救助';
  if (c.settings.approvalLevel !== 'township') return '救助金额超过乡镇（街道）审批额度，不能先行救助，须按一般程序报县级审批';
  const amount = record(data)?.amountFen;
  const quota = numberSetting(c, 'townshipQuotaFen', 0);
  if (typeof amount === 'number' && amount > quota) return `先行救助金额不能超过乡镇（街道）审批额度 ${fenToYuanString(quota)} 元`;
  return null;
};

/** 暂行办法第四十八条: a township approves only within the quota the county delegated. */
const withinApprovalAuthority: Guard = ({ case: c, actor, data }) => {
  const amount = record(data)?.overrideAmountFen;
  if (typeof amount !== 'number' || levelOf(actor.regionCode) !== 'township') return null;
  const quota = numberSetting(c, 'townshipQuotaFen', 0);
  return amount > quota ? `核定金额超过乡镇（街道）审批额度 ${fenToYuanString(quota)} 元，须报县级民政部门审批（暂行办法第四十八条）` : null;
};

export const ASSISTANCE_GUARDS: GuardTable = {
  publicity_elapsed: publicityElapsed,
  termination_publicity_elapsed: terminationPublicityElapsed,
  home_visit_recorded: homeVisitRecorded,
  verification_recorded: verificationRecorded,
  complaint_visited: complaintVisited,
  not_extended: notExtended,
  family_heard: familyHeard,
  taper_within_limit: taperWithinLimit,
  three_job_refusals: threeJobRefusals,
  self_care_assessed: selfCareAssessed,
  person_heard: personHeard,
  advance_allowed: advanceAllowed,
  within_approval_authority: withinApprovalAuthority,
};
