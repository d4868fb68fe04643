/**
 * 养老机构等级划分与评定 (GB/T 37276-2018): the scoring sheet and the grade it earns.
 *
 * The sheet totals 1000 points in four parts (环境 120, 设施设备 130, 运营管理 150, 服务 600). A grade
 * needs both a minimum total and every part at or above a share of its own maximum. The thresholds
 * here are the 长沙 implementing rules (rules.md 7.2, [regional]); the national equivalence is not
 * confirmed, so they are only the default of an effective-dated parameter a province may replace.
 *
 * Scores are kept in tenths of a point (sheets award half points), and every comparison is done in
 * integers, so 47.9 of 120 (39.92%) is below 40% and 48 is not — no floating-point edge.
 */

export type GradePartKey = 'environment' | 'facilities' | 'operations' | 'service';
export type Grade = 1 | 2 | 3 | 4 | 5;

export interface GradePart { key: GradePartKey; name: string; max: number }

export const GRADE_PARTS: readonly GradePart[] = [
  { key: 'environment', name: '环境', max: 120 },
  { key: 'facilities', name: '设施设备', max: 130 },
  { key: 'operations', name: '运营管理', max: 150 },
  { key: 'service', name: '服务', max: 600 },
];

export const GRADE_TOTAL_MAX = 1000;

export const GRADE_NAMES: Readonly<Record<Grade, string>> = { 1: '一级', 2: '二级', 3: '三级', 4: '四级', 5: '五级' };
export const UNGRADED_NAME = '未评定';
/** A confirmed rating that reaches no grade. */
export const BELOW_GRADE_NAME = '未达到一级';

export type PartScores = Record<GradePartKey, number>;

/** One grade's bar: a minimum total and a minimum share (whole percent) of every part's maximum. */
export interface GradeThreshold { grade: Grade; minTotal: number; minPartPercent: number }

/** 长沙 rules: 一级 ≥ 360 & 40%, 二级 ≥ 450 & 50%, 三级 ≥ 570 & 60%, 四级 ≥ 780 & 80%, 五级 ≥ 900 & 90%. */
export const DEFAULT_GRADE_THRESHOLDS: readonly GradeThreshold[] = [
  { grade: 1, minTotal: 360, minPartPercent: 40 },
  { grade: 2, minTotal: 450, minPartPercent: 50 },
  { grade: 3, minTotal: 570, minPartPercent: 60 },
  { grade: 4, minTotal: 780, minPartPercent: 80 },
  { grade: 5, minTotal: 900, minPartPercent: 90 },
];
export const DEFAULT_GRADE_THRESHOLDS_SOURCE = '默认值（长沙市实施细则，地方标准，可由省级民政部门按生效日期调整）';

export function gradeName(grade: number | null | undefined): string {
  return grade ? GRADE_NAMES[grade as Grade] ?? UNGRADED_NAME : UNGRADED_NAME;
}

const toTenths = (points: number) => Math.round(points * 10);

/** Field problems of a sheet: each part a number from 0 to its maximum in steps of 0.1 point. */
export function partScoreProblems(scores: Partial<Record<GradePartKey, unknown>>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const part of GRADE_PARTS) {
    const v = scores[part.key];
    if (typeof v !== 'number' || !Number.isFinite(v)) problems.push({ path: `scores.${part.key}`, message: `请填写${part.name}得分` });
    else if (v < 0 || v > part.max) problems.push({ path: `scores.${part.key}`, message: `${part.name}得分应在 0 至 ${part.max} 分之间` });
    else if (Math.abs(v * 10 - toTenths(v)) > 1e-6) problems.push({ path: `scores.${part.key}`, message: `${part.name}得分最多保留一位小数` });
  }
  return problems;
}

/** Problems of a threshold set: five grades, totals and shares within range and rising with the grade. */
export function thresholdProblems(thresholds: readonly GradeThreshold[]): string[] {
  const problems: string[] = [];
  const sorted = [...thresholds].sort((a, b) => a.grade - b.grade);
  if (sorted.length !== 5 || sorted.some((t, i) => t.grade !== i + 1)) problems.push('应分别设置一级至五级的标准');
  for (const t of sorted) {
    const name = GRADE_NAMES[t.grade] ?? `${t.grade}级`;
    if (!Number.isInteger(t.minTotal) || t.minTotal < 0 || t.minTotal > GRADE_TOTAL_MAX) problems.push(`${name}总分线应为 0 至 ${GRADE_TOTAL_MAX} 的整数`);
    if (!Number.isInteger(t.minPartPercent) || t.minPartPercent < 0 || t.minPartPercent > 100) problems.push(`${name}单项得分率应为 0 至 100 的整数`);
  }
  for (let i = 1; i < sorted.length; i++) {
    const lower = sorted[i - 1]!, higher = sorted[i]!;
    if (higher.minTotal <= lower.minTotal) problems.push(`${GRADE_NAMES[higher.grade]}总分线应高于${GRADE_NAMES[lower.grade]}`);
    if (higher.minPartPercent < lower.minPartPercent) problems.push(`${GRADE_NAMES[higher.grade]}单项得分率不应低于${GRADE_NAMES[lower.grade]}`);
  }
  return problems;
}

export type PartResult = { key: GradePartKey; name: string; max: number; score: number; percent: number };

export type GradeResult = {
  total: number;
  parts: PartResult[];
  /** The highest grade whose total and every part share are met; null when not even 一级. */
  grade: Grade | null;
  gradeName: string;
  /** Why the next grade up was not reached (empty at 五级). */
  shortOfNext: string[];
};

/** Whether a part reaches `percent` % of its maximum, exactly: score·100 ≥ percent·max (in tenths). */
function partMeets(scoreTenths: number, max: number, percent: number): boolean {
  return scoreTenths * 100 >= percent * max * 10;
}

/** The total and the grade a scoring sheet earns under the given thresholds. */
export function computeGrade(scores: PartScores, thresholds: readonly GradeThreshold[] = DEFAULT_GRADE_THRESHOLDS): GradeResult {
  const tenths = GRADE_PARTS.map((p) => toTenths(scores[p.key]));
  const totalTenths = tenths.reduce((a, b) => a + b, 0);
  const parts = GRADE_PARTS.map((p, i) => ({
    key: p.key, name: p.name, max: p.max, score: tenths[i]! / 10,
    // Shown to one decimal; the grade decision never uses this rounded figure.
    percent: Math.round((tenths[i]! * 100) / p.max) / 10,
  }));
  const reasonsFor = (t: GradeThreshold): string[] => {
    const reasons: string[] = [];
    if (totalTenths < t.minTotal * 10) reasons.push(`总分 ${totalTenths / 10} 分，${GRADE_NAMES[t.grade]}需不低于 ${t.minTotal} 分`);
    GRADE_PARTS.forEach((p, i) => {
      if (!partMeets(tenths[i]!, p.max, t.minPartPercent)) {
        reasons.push(`${p.name}得分 ${tenths[i]! / 10} 分，${GRADE_NAMES[t.grade]}需达到满分 ${p.max} 分的 ${t.minPartPercent}%（${(p.max * t.minPartPercent) / 100} 分）`);
      }
    });
    return reasons;
  };
  const sorted = [...thresholds].sort((a, b) => a.grade - b.grade);
  let grade: Grade | null = null;
  let shortOfNext: string[] = [];
  for (const t of sorted) {
    const reasons = reasonsFor(t);
    if (reasons.length) { shortOfNext = reasons; break; }
    grade = t.grade;
  }
  return { total: totalTenths / 10, parts, grade, gradeName: grade ? GRADE_NAMES[grade] : BELOW_GRADE_NAME, shortOfNext };
}

// ---- rating workflow: 草稿 → 已提交 → 已确认 (退回 goes back to 草稿) ----

export type RatingStatus = 'draft' | 'submitted' | 'confirmed';
export type RatingAction = 'submit' | 'return' | 'confirm';

export const RATING_STATUS_NAMES: Readonly<Record<RatingStatus, string>> = { draft: '草稿', submitted: '待确认', confirmed: '已确认' };
export const RATING_ACTION_NAMES: Readonly<Record<RatingAction | 'create' | 'update', string>> = {
  create: '新建评定', update: '修改评分', submit: '提交', return: '退回修改', confirm: '确认等级',
};

const RATING_TRANSITIONS: Readonly<Record<RatingAction, { from: RatingStatus; to: RatingStatus }>> = {
  submit: { from: 'draft', to: 'submitted' },
  return: { from: 'submitted', to: 'draft' },
  confirm: { from: 'submitted', to: 'confirmed' },
};

export interface RatingActor { id: string; regionLevel: number }

/**
 * Whether `actor` may take `action` on a rating in `status` submitted by `submittedBy`; a Chinese
 * refusal otherwise. Confirmation (and returning) is a county, city or province decision, and never
 * by the official who submitted the sheet (separation of duties).
 */
export function ratingActionProblem(action: RatingAction, status: RatingStatus, actor: RatingActor, submittedBy: string | null): { status: 403 | 409; title: string } | null {
  const t = RATING_TRANSITIONS[action];
  if (t.from !== status) return { status: 409, title: `当前状态为“${RATING_STATUS_NAMES[status]}”，不能${RATING_ACTION_NAMES[action]}` };
  if (action === 'confirm' || action === 'return') {
    if (actor.regionLevel > 3) return { status: 403, title: '等级评定须由县级及以上民政部门确认或退回' };
    if (submittedBy && submittedBy === actor.id) return { status: 403, title: '提交人不能确认或退回自己提交的评定（审核分离）' };
  }
  return null;
}

export function ratingTransition(action: RatingAction): RatingStatus {
  return RATING_TRANSITIONS[action].to;
}
