/** 老年人能力评估: the permission and audit codes this part checks and writes, and the names it shows. */
export const ASSESSMENT_PERMISSIONS: Record<string, string> = {
  'elderly.assessment.manage': '老年人能力评估：新建、填写、完成评估',
  'elderly.assessment.void': '老年人能力评估：作废已完成的评估',
};

export const ASSESSMENT_AUDIT_ACTIONS: Record<string, string> = {
  'elderly.assessment.create': '新建老年人能力评估',
  'elderly.assessment.update': '填写老年人能力评估',
  'elderly.assessment.complete': '完成老年人能力评估',
  'elderly.assessment.void': '作废老年人能力评估',
  'elderly.assessment.view': '查看老年人能力评估详情（含诊断）',
  'elderly.assessment.print': '打印老年人能力评估报告',
};

/** 能力等级 0–4 of GB/T 42195-2022 (higher = more impaired). */
export type AbilityLevel = 0 | 1 | 2 | 3 | 4;

export const ABILITY_LEVEL_NAMES: Readonly<Record<AbilityLevel, string>> = {
  0: '能力完好',
  1: '能力轻度受损（轻度失能）',
  2: '能力中度受损（中度失能）',
  3: '能力重度受损（重度失能）',
  4: '能力完全丧失（完全失能）',
};

/** Short names for tables and tags. */
export const ABILITY_LEVEL_SHORT_NAMES: Readonly<Record<AbilityLevel, string>> = {
  0: '能力完好', 1: '轻度失能', 2: '中度失能', 3: '重度失能', 4: '完全失能',
};

export type AssessmentStatus = 'draft' | 'completed' | 'voided';
export const ASSESSMENT_STATUS_NAMES: Readonly<Record<AssessmentStatus, string>> = { draft: '填写中', completed: '已完成', voided: '已作废' };

/** Why the assessment is made: 首次评估, 常规评估 (the yearly reassessment), 即时评估 (the person's condition changed). */
export type AssessmentReason = 'initial' | 'routine' | 'change';
export const ASSESSMENT_REASON_NAMES: Readonly<Record<AssessmentReason, string>> = { initial: '首次评估', routine: '常规评估（复评）', change: '即时评估（状况变化）' };

/** 照护风险事件 counted by the change rule (rules.md 7.1). */
export type RiskEventKind = 'fall' | 'choking' | 'suicide' | 'self_harm' | 'wandering' | 'other';
export const RISK_EVENT_NAMES: Readonly<Record<RiskEventKind, string>> = {
  fall: '跌倒', choking: '噎食', suicide: '自杀', self_harm: '自伤', wandering: '走失', other: '其他',
};
