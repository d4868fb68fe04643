/**
 * The rules of 老年人能力评估 (GB/T 42195-2022, rules.md 7.1): score the answers, band the total into
 * the preliminary level, apply the level change rules (能力等级变更依据) for the final level, and when
 * the next reassessment is due. Pure: the server computes with these on completion (never trusting
 * a client's score) and the form calls the same functions for its live preview.
 */
import { addMonthsToDate, ageOn, calendarDaysBetween, isIsoDate, type FieldError, type IsoDate } from '@mz/kernel';
import { ASSESSMENT_ITEMS, CONSCIOUSNESS_ITEM, DIMENSIONS, findItem, TOTAL_MAX, type DimensionCode } from './assessment.catalog.ts';
import { ABILITY_LEVEL_NAMES, RISK_EVENT_NAMES, type AbilityLevel, type RiskEventKind } from './assessment.names.ts';

/** Item code → chosen score. */
export type Answers = Readonly<Record<string, number>>;

export interface Diagnosis {
  /** ICD-10 code as written on the diagnosis (F03, F00.1, F20.0 …). */
  code: string;
  name?: string | null;
}

export interface RiskEvent {
  kind: RiskEventKind;
  date: IsoDate;
  note?: string | null;
}

export interface Assessor {
  name: string;
  /** 评估员资格证书编号 / 培训合格证号. */
  certNo: string;
}

// ---- scoring --------------------------------------------------------------------------------

export interface DimensionScore {
  code: DimensionCode;
  name: string;
  score: number;
  max: number;
  answered: number;
  items: number;
}

export interface Score {
  dimensions: DimensionScore[];
  total: number;
  answered: number;
  /** Every one of the 26 items has an allowed score. */
  complete: boolean;
}

/** Sums what is answered (unknown codes and disallowed scores count nothing; `answerProblems` names them). */
export function scoreAnswers(answers: Answers): Score {
  const dimensions = DIMENSIONS.map((d): DimensionScore => {
    const items = ASSESSMENT_ITEMS.filter((i) => i.dimension === d.code);
    let score = 0;
    let answered = 0;
    for (const i of items) {
      const s = answers[i.code];
      if (s !== undefined && i.options.some((o) => o.score === s)) {
        score += s;
        answered += 1;
      }
    }
    return { code: d.code, name: d.name, score, max: d.max, answered, items: items.length };
  });
  const answered = dimensions.reduce((n, d) => n + d.answered, 0);
  return { dimensions, total: dimensions.reduce((n, d) => n + d.score, 0), answered, complete: answered === ASSESSMENT_ITEMS.length };
}

/**
 * Problems with the answers, one per field (`answers.B1.1`): unknown items, scores the item does not
 * offer and, when `complete`, items left unanswered.
 */
export function answerProblems(answers: Readonly<Record<string, unknown>>, { complete }: { complete: boolean }): FieldError[] {
  const problems: FieldError[] = [];
  for (const [code, score] of Object.entries(answers)) {
    const item = findItem(code);
    if (!item) {
      problems.push({ path: `answers.${code}`, message: `没有编号为 ${code} 的评估项目` });
    } else if (!item.options.some((o) => o.score === score)) {
      problems.push({ path: `answers.${code}`, message: `「${item.name}」的得分只能是 ${item.options.map((o) => o.score).join('、')} 分之一` });
    }
  }
  if (complete) {
    for (const item of ASSESSMENT_ITEMS) {
      if (answers[item.code] === undefined) problems.push({ path: `answers.${item.code}`, message: `请评定「${item.name}」` });
    }
  }
  return problems;
}

// ---- levels ---------------------------------------------------------------------------------

/** 初步等级 by total score (rules.md 7.1): the lowest total of each level. */
export const LEVEL_BANDS: readonly { level: AbilityLevel; min: number; max: number }[] = [
  { level: 0, min: 90, max: 90 },
  { level: 1, min: 66, max: 89 },
  { level: 2, min: 46, max: 65 },
  { level: 3, min: 30, max: 45 },
  { level: 4, min: 0, max: 29 },
];

export function preliminaryLevel(total: number): AbilityLevel {
  if (!Number.isInteger(total) || total < 0 || total > TOTAL_MAX) throw new RangeError(`总分应为 0–${TOTAL_MAX} 的整数：${total}`);
  return LEVEL_BANDS.find((b) => total >= b.min && total <= b.max)!.level;
}

// ---- change rules ---------------------------------------------------------------------------

/** Care-risk events count for the change rule when they happened within this many days before the assessment. */
export const RISK_EVENT_WINDOW_DAYS = 30;
/** …and at least this many of them. */
export const RISK_EVENT_THRESHOLD = 2;

/**
 * The coma rule, kept as one named rule because the sources disagree [unconfirmed]: one
 * implementation says 昏迷 is "直接评定为能力完全丧失", the B.3.9 note as transcribed says
 * "直接评定为重度失能". We apply 完全丧失 (4级) when 意识水平 scores 0 (昏睡或昏迷). To follow the other
 * reading, change `level` to 3 (and the text); nothing else depends on it.
 */
export const COMA_RULE = {
  code: 'coma',
  level: 4 as AbilityLevel,
  text: '意识水平为昏睡或昏迷，直接评定为能力完全丧失（4级）',
  unconfirmed: true,
} as const;

const ICD10 = /^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/;

/** 'f03 ' → 'F03'; ICD-10 codes are written upper-case. */
export function normalizeIcd10(code: string): string {
  return code.trim().toUpperCase();
}

/** Format only (a letter, two digits, an optional subdivision): 'F03', 'F00.1', 'F03.X00'. */
export function isIcd10Code(code: string): boolean {
  return ICD10.test(code);
}

export type DiagnosisCategory = 'dementia' | 'psychiatric';

/** F00–F03 痴呆; F04–F99 other mental and behavioural disorders; anything else does not change the level. */
export function diagnosisCategory(code: string): DiagnosisCategory | null {
  const c = normalizeIcd10(code);
  if (!isIcd10Code(c) || c[0] !== 'F') return null;
  const n = Number(c.slice(1, 3));
  return n <= 3 ? 'dementia' : 'psychiatric';
}

/** The events that count: on or before the assessment date and at most 30 days before it. */
export function riskEventsInWindow(events: readonly RiskEvent[], assessedOn: IsoDate): RiskEvent[] {
  return events.filter((e) => {
    const age = calendarDaysBetween(e.date, assessedOn);
    return age >= 0 && age <= RISK_EVENT_WINDOW_DAYS;
  });
}

export type ChangeRuleCode = 'dementia' | 'psychiatric' | 'risk_events' | typeof COMA_RULE.code;

export interface ChangeReason {
  rule: ChangeRuleCode;
  text: string;
}

export interface LevelResult {
  preliminaryLevel: AbilityLevel;
  finalLevel: AbilityLevel;
  /** Every change rule that applied, in the order applied; empty when final = preliminary by the bands alone. */
  reasons: ChangeReason[];
}

export interface LevelInput {
  total: number;
  /** Score of 意识水平 (B3.9); undefined while unanswered. */
  consciousness: number | undefined;
  diagnoses: readonly Diagnosis[];
  riskEvents: readonly RiskEvent[];
  assessedOn: IsoDate;
}

/**
 * Preliminary level by the bands, then the change rules: any of dementia, another psychiatric
 * diagnosis or ≥ 2 care-risk events within 30 days raises the level by one (once, however many
 * apply; never beyond 4); then the coma rule.
 */
export function determineLevel(input: LevelInput): LevelResult {
  const preliminary = preliminaryLevel(input.total);
  const reasons: ChangeReason[] = [];
  const codes = (cat: DiagnosisCategory) => [...new Set(input.diagnoses.map((d) => normalizeIcd10(d.code)).filter((c) => diagnosisCategory(c) === cat))];
  const dementia = codes('dementia');
  const psychiatric = codes('psychiatric');
  const events = riskEventsInWindow(input.riskEvents, input.assessedOn);
  if (dementia.length) reasons.push({ rule: 'dementia', text: `确诊痴呆（${dementia.join('、')}）` });
  if (psychiatric.length) reasons.push({ rule: 'psychiatric', text: `经精神科医师确诊的精神和行为障碍（${psychiatric.join('、')}）` });
  if (events.length >= RISK_EVENT_THRESHOLD) {
    const kinds = [...new Set(events.map((e) => RISK_EVENT_NAMES[e.kind]))].join('、');
    reasons.push({ rule: 'risk_events', text: `评估前${RISK_EVENT_WINDOW_DAYS}天内发生${events.length}次照护风险事件（${kinds}）` });
  }
  let level = preliminary;
  if (reasons.length) {
    const raised = Math.min(4, preliminary + 1) as AbilityLevel;
    const effect = raised === preliminary ? `已为${preliminary}级（${ABILITY_LEVEL_NAMES[preliminary]}），不再上调` : `等级上调一级：${preliminary}级 → ${raised}级`;
    reasons[reasons.length - 1] = { ...reasons[reasons.length - 1]!, text: `${reasons[reasons.length - 1]!.text}；${effect}` };
    level = raised;
  }
  if (input.consciousness === 0 && level !== COMA_RULE.level) {
    reasons.push({ rule: COMA_RULE.code, text: COMA_RULE.text });
    level = COMA_RULE.level;
  } else if (input.consciousness === 0) {
    reasons.push({ rule: COMA_RULE.code, text: `${COMA_RULE.text}（已为该等级）` });
  }
  return { preliminaryLevel: preliminary, finalLevel: level, reasons };
}

// ---- the whole evaluation --------------------------------------------------------------------

export interface Evaluation extends Score {
  /** Null until every item is answered. */
  levels: LevelResult | null;
}

export function evaluateAssessment(input: { answers: Answers; diagnoses: readonly Diagnosis[]; riskEvents: readonly RiskEvent[]; assessedOn: IsoDate }): Evaluation {
  const score = scoreAnswers(input.answers);
  const levels = score.complete
    ? determineLevel({ total: score.total, consciousness: input.answers[CONSCIOUSNESS_ITEM], diagnoses: input.diagnoses, riskEvents: input.riskEvents, assessedOn: input.assessedOn })
    : null;
  return { ...score, levels };
}

// ---- dates, people, assessors ---------------------------------------------------------------

/** Reassessment every 12 months: common practice in implementations, not confirmed as normative (rules.md 7.1). */
export const REASSESSMENT_MONTHS = 12;

/** assessed_on + 12 months (对应日; 02-29 → 02-28). */
export function nextDueOn(assessedOn: IsoDate): IsoDate {
  return addMonthsToDate(assessedOn, REASSESSMENT_MONTHS);
}

/** 《老年人权益保障法》第二条: 老年人 are citizens aged 60 and over. */
export const MIN_AGE = 60;

/** Why this person cannot be assessed on this date, in Chinese; null when they can. */
export function assessabilityProblem(person: { birthDate: IsoDate; status: string; deathDate?: IsoDate | null }, assessedOn: IsoDate): string | null {
  if (!isIsoDate(assessedOn)) return '评估日期格式不正确';
  if (assessedOn < person.birthDate) return '评估日期早于出生日期';
  if (person.status === 'deceased' && (!person.deathDate || person.deathDate <= assessedOn)) return '该人员已死亡，不能评估';
  if (person.status !== 'alive' && person.status !== 'deceased') return '该人员当前状态不是在世（失踪或服刑），不能评估';
  const age = ageOn(person.birthDate, assessedOn);
  if (age < MIN_AGE) return `该人员在评估日期时 ${age} 周岁，未满 ${MIN_AGE} 周岁，不属于老年人能力评估对象`;
  return null;
}

/** The two assessors must both be named with their certificate numbers and be two different people. */
export function assessorProblems(assessors: readonly Partial<Assessor>[]): FieldError[] {
  const problems: FieldError[] = [];
  if (assessors.length !== 2) return [{ path: 'assessors', message: '每次评估应由 2 名评估员共同完成' }];
  assessors.forEach((a, i) => {
    if (!a.name?.trim()) problems.push({ path: `assessors[${i}].name`, message: `请填写第 ${i + 1} 名评估员姓名` });
    if (!a.certNo?.trim()) problems.push({ path: `assessors[${i}].certNo`, message: `请填写第 ${i + 1} 名评估员的资格证书编号` });
  });
  const [a, b] = assessors;
  if (a?.name?.trim() && a.name.trim() === b?.name?.trim()) problems.push({ path: 'assessors[1].name', message: '两名评估员不能是同一人' });
  if (a?.certNo?.trim() && a.certNo.trim() === b?.certNo?.trim()) problems.push({ path: 'assessors[1].certNo', message: '两名评估员的证书编号不能相同' });
  return problems;
}

/** Risk events after the assessment date cannot have been observed by it. */
export function riskEventProblems(events: readonly RiskEvent[], assessedOn: IsoDate): FieldError[] {
  return events.flatMap((e, i) => (e.date > assessedOn ? [{ path: `riskEvents[${i}].date`, message: '风险事件日期不能晚于评估日期' }] : []));
}
