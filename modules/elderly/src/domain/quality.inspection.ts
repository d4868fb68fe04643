/**
 * 安全与服务质量检查: findings, their rectification deadline and follow-up.
 *
 * The checklist itself is data (table elderly_quality_check_item, seeded by migration 0044 from
 * GB 38600-2019 《养老机构服务安全基本规范》 and 消防 practice), so a province can add items without a
 * release. Deadlines count calendar days from the inspection day, the start day not counted
 * (《民法典》第二百零一条): a 重大隐患 found on 3 March with 7 days is due on 10 March. The days per
 * severity are an effective-dated parameter ('rectify_days'); these are the defaults.
 */
import { addCalendarDays } from '@mz/kernel';

export type CheckCategory = 'fire' | 'service';
export type InspectionKind = 'fire' | 'service' | 'combined';
export type CheckResult = 'pass' | 'fail' | 'na';
export type FindingSeverity = 'major' | 'general';
export type FindingStatus = 'open' | 'rectified' | 'verified';
export type FindingAction = 'rectify' | 'verify' | 'reject';

export const CHECK_CATEGORY_NAMES: Readonly<Record<CheckCategory, string>> = { fire: '消防安全', service: '服务质量' };
export const INSPECTION_KIND_NAMES: Readonly<Record<InspectionKind, string>> = { fire: '消防安全检查', service: '服务质量检查', combined: '综合检查' };
export const CHECK_RESULT_NAMES: Readonly<Record<CheckResult, string>> = { pass: '符合', fail: '不符合', na: '不适用' };
export const FINDING_SEVERITY_NAMES: Readonly<Record<FindingSeverity, string>> = { major: '重大隐患', general: '一般问题' };
export const FINDING_STATUS_NAMES: Readonly<Record<FindingStatus, string>> = { open: '待整改', rectified: '已整改待验证', verified: '已验证销号' };
export const FINDING_ACTION_NAMES: Readonly<Record<FindingAction, string>> = { rectify: '报送整改', verify: '验证通过', reject: '验证不通过' };

/** Days to rectify per severity: a 重大隐患 is stopped at once and fixed within 7 days, a 一般问题 within 30. */
export type RectifyDays = Record<FindingSeverity, number>;
export const DEFAULT_RECTIFY_DAYS: Readonly<RectifyDays> = { major: 7, general: 30 };
export const DEFAULT_RECTIFY_DAYS_SOURCE = '默认值（重大隐患立即停止相关活动、7日内整改；一般问题30日内整改；可按地方规定调整）';

export function rectifyDaysProblems(days: Partial<Record<FindingSeverity, unknown>>): string[] {
  const problems: string[] = [];
  for (const s of ['major', 'general'] as const) {
    const v = days[s];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 365) problems.push(`${FINDING_SEVERITY_NAMES[s]}整改期限应为 0 至 365 的整数天`);
  }
  if (!problems.length && (days.major as number) > (days.general as number)) problems.push('重大隐患的整改期限不应长于一般问题');
  return problems;
}

/** Which checklist categories an inspection of this kind covers. */
export function categoriesOf(kind: InspectionKind): CheckCategory[] {
  return kind === 'combined' ? ['fire', 'service'] : [kind];
}

/** The default deadline: inspection day + the severity's days (0 = the same day: 立即整改). */
export function defaultDeadline(inspectedOn: string, severity: FindingSeverity, days: RectifyDays = DEFAULT_RECTIFY_DAYS): string {
  return addCalendarDays(inspectedOn, days[severity]);
}

/** Overdue: still waiting for the operator's rectification after its deadline day has ended. */
export function isOverdue(status: FindingStatus, deadline: string, today: string): boolean {
  return status === 'open' && deadline < today;
}

/**
 * The follow-up: the institution (or an official for it) reports the rectification with evidence;
 * an inspector verifies it (closing the finding) or rejects it back to open, keeping the deadline.
 */
export const FINDING_TRANSITIONS: Readonly<Record<FindingAction, { from: FindingStatus; to: FindingStatus }>> = {
  rectify: { from: 'open', to: 'rectified' },
  verify: { from: 'rectified', to: 'verified' },
  reject: { from: 'rectified', to: 'open' },
};

export function findingActionProblem(action: FindingAction, status: FindingStatus): string | null {
  const t = FINDING_TRANSITIONS[action];
  return t.from === status ? null : `当前状态为“${FINDING_STATUS_NAMES[status]}”，不能${FINDING_ACTION_NAMES[action]}`;
}
