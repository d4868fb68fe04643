/**
 * 高龄津贴与养老补贴: the pure rules (rules.md 7.3).
 *
 * - 《老年人权益保障法》第三十三条 encourages localities to set up 高龄津贴 for people aged ≥ 80;
 *   each locality chooses the brackets, amounts, whether it is universal or means-tested, and
 *   whether it enrols without an application (主动发放). Old age is ≥ 60 (第二条).
 * - Age counts from the registry's birth date. "Reached this month": the person whose birthday
 *   falls in month M has reached the new age in M. A locality either pays the new bracket from
 *   the birthday month (`birthday_month`) or from the month after (`next_month`).
 * - A birthday on 02-29 falls, in a common year, on 02-28: 民法典第二百零二条 — without a
 *   corresponding day the period ends on the month's last day. So the birthday month is always
 *   the birth month, and counting whole months is exact.
 * - Payments end after the month of death (the death month is still paid), as the ledger does
 *   for every programme (payments contract: "death reported late → lastMonth = the death month").
 * - 高龄津贴 is not counted as income for 特困 (特困办法第六条): nothing here feeds an income test.
 */
import { addMonths, daysInMonth, isLeapYear, parseIsoDate, parseYearMonth, type IsoDate, type YearMonth } from '@mz/kernel';

/** The three programmes of this part, as registered with payments. */
export type AllowanceProgramme = 'longevity' | 'elderly_service' | 'elderly_care';
export const ALLOWANCE_PROGRAMMES: readonly AllowanceProgramme[] = ['longevity', 'elderly_service', 'elderly_care'];
export const ALLOWANCE_PROGRAMME_NAMES: Readonly<Record<AllowanceProgramme, string>> = {
  longevity: '高龄津贴', elderly_service: '养老服务补贴', elderly_care: '护理补贴',
};

export type AllowanceMode = 'universal' | 'means_tested';
export const ALLOWANCE_MODE_NAMES: Readonly<Record<AllowanceMode, string>> = {
  universal: '普惠型（达到年龄即可享受）', means_tested: '困难型（限低保、特困人员，或经核实的低收入老年人）',
};

export type StartRule = 'birthday_month' | 'next_month';
export const START_RULE_NAMES: Readonly<Record<StartRule, string>> = {
  birthday_month: '生日当月起享受', next_month: '生日次月起享受',
};

/** One age band: `fromAge` to `toAge` inclusive (null: and older), paid `monthlyFen` a month. */
export interface AgeBracket { fromAge: number; toAge: number | null; monthlyFen: number }

/** A level's monthly amount for 养老服务补贴 or 护理补贴 (0 or absent: the level is not covered). */
export interface LevelAmount { level: number; monthlyFen: number }

/** One row of parameters: a region's rules from a month on. */
export interface AllowanceParams {
  id: string;
  regionCode: string;
  effectiveFrom: YearMonth;
  brackets: AgeBracket[];
  mode: AllowanceMode;
  proactive: boolean;
  startRule: StartRule;
  /** Minimum age for 养老服务补贴 and 护理补贴 (60: 老年人权益保障法第二条). */
  subsidyMinAge: number;
  serviceLevels: LevelAmount[];
  careLevels: LevelAmount[];
}

export interface ParamProblem { path: string; message: string }

/** Everything wrong with a set of brackets and level amounts, as form errors. */
export function paramProblems(p: Pick<AllowanceParams, 'brackets' | 'serviceLevels' | 'careLevels' | 'subsidyMinAge'>): ParamProblem[] {
  const out: ParamProblem[] = [];
  if (p.brackets.length === 0) out.push({ path: 'brackets', message: '至少设定一个年龄段' });
  const sorted = [...p.brackets].map((b, i) => ({ ...b, i })).sort((a, b) => a.fromAge - b.fromAge);
  sorted.forEach((b, k) => {
    if (b.fromAge < 60) out.push({ path: `brackets.${b.i}.fromAge`, message: '起始年龄不能低于60周岁（老年人权益保障法第二条）' });
    if (b.toAge !== null && b.toAge < b.fromAge) out.push({ path: `brackets.${b.i}.toAge`, message: '截止年龄不能小于起始年龄' });
    const next = sorted[k + 1];
    if (next && (b.toAge === null || b.toAge >= next.fromAge)) {
      out.push({ path: `brackets.${next.i}.fromAge`, message: `与 ${b.fromAge} 周岁起的年龄段重叠` });
    }
  });
  for (const [key, levels] of [['serviceLevels', p.serviceLevels], ['careLevels', p.careLevels]] as const) {
    const seen = new Set<number>();
    levels.forEach((l, i) => {
      if (seen.has(l.level)) out.push({ path: `${key}.${i}.level`, message: `能力等级 ${l.level} 重复设定` });
      seen.add(l.level);
    });
  }
  if (p.subsidyMinAge < 60) out.push({ path: 'subsidyMinAge', message: '养老补贴的起始年龄不能低于60周岁' });
  return out;
}

/**
 * Age on a date in whole years (周岁). The birthday of someone born on 02-29 is 02-28 in a common
 * year (民法典第二百零二条: no corresponding day → the month's last day).
 */
export function ageOnDate(birthDate: IsoDate, on: IsoDate): number {
  const b = parseIsoDate(birthDate);
  const d = parseIsoDate(on);
  const birthdayDay = Math.min(b.day, daysInMonth(d.year, b.month));
  const hadBirthday = d.month > b.month || (d.month === b.month && d.day >= birthdayDay);
  return d.year - b.year - (hadBirthday ? 0 : 1);
}

/** The date of the birthday at `age` (a 02-29 birth turns 80 on 02-28 of a common year). */
export function birthdayAt(birthDate: IsoDate, age: number): IsoDate {
  const b = parseIsoDate(birthDate);
  const year = b.year + age;
  const day = b.month === 2 && b.day === 29 && !isLeapYear(year) ? 28 : b.day;
  return `${String(year).padStart(4, '0')}-${String(b.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole months from the birth month to `month` (the SQL side computes the same). */
function monthsSinceBirth(birthDate: IsoDate, month: YearMonth): number {
  const b = parseIsoDate(birthDate);
  const m = parseYearMonth(month);
  return (m.year * 12 + m.month) - (b.year * 12 + b.month);
}

/** The age the person has reached by the end of `month` — their birthday in that month counts. */
export function ageReachedInMonth(birthDate: IsoDate, month: YearMonth): number {
  return Math.floor(monthsSinceBirth(birthDate, month) / 12);
}

/** The age that decides the bracket of `month` under the start rule. */
export function ageForMonth(birthDate: IsoDate, month: YearMonth, rule: StartRule): number {
  return ageReachedInMonth(birthDate, rule === 'birthday_month' ? month : addMonths(month, -1));
}

export function bracketFor(brackets: readonly AgeBracket[], age: number): AgeBracket | null {
  return brackets.find((b) => age >= b.fromAge && (b.toAge === null || age <= b.toAge)) ?? null;
}

/** The first month a person is paid at `age`: the birthday month, or the month after. */
export function firstMonthAtAge(birthDate: IsoDate, age: number, rule: StartRule): YearMonth {
  const m = birthdayAt(birthDate, age).slice(0, 7);
  return rule === 'birthday_month' ? m : addMonths(m, 1);
}

export interface LongevityEntitlement {
  age: number;
  bracket: AgeBracket;
  monthlyFen: number;
  /** For the ledger's breakdown: which rule and parameters gave the amount. */
  ruleVersion: string;
}

export const LONGEVITY_RULE_VERSION = 'longevity-2026.1';
export const SUBSIDY_RULE_VERSION = 'elderly-subsidy-2026.1';

/** What 高龄津贴 pays the person for `month` under `params`, or null when no bracket applies. */
export function longevityFor(params: Pick<AllowanceParams, 'brackets' | 'startRule'>, birthDate: IsoDate, month: YearMonth): LongevityEntitlement | null {
  const age = ageForMonth(birthDate, month, params.startRule);
  const bracket = bracketFor(params.brackets, age);
  if (!bracket) return null;
  return { age, bracket, monthlyFen: bracket.monthlyFen, ruleVersion: LONGEVITY_RULE_VERSION };
}

/** A bracket's label: '80–89周岁', '100周岁及以上'. */
export function bracketLabel(b: Pick<AgeBracket, 'fromAge' | 'toAge'>): string {
  return b.toAge === null ? `${b.fromAge}周岁及以上` : `${b.fromAge}–${b.toAge}周岁`;
}

/** The monthly amount of 养老服务补贴 or 护理补贴 at an assessed level (0: not covered). */
export function subsidyFor(params: Pick<AllowanceParams, 'serviceLevels' | 'careLevels'>, programme: 'elderly_service' | 'elderly_care', level: number): number {
  const levels = programme === 'elderly_service' ? params.serviceLevels : params.careLevels;
  return levels.find((l) => l.level === level)?.monthlyFen ?? 0;
}

/** Who counts as low-income for the subsidies (and for a means-tested 高龄津贴). */
export type LowIncomeBasis = 'tekun' | 'dibao' | 'edge';
export const LOW_INCOME_NAMES: Readonly<Record<LowIncomeBasis, string>> = { tekun: '特困人员', dibao: '低保对象', edge: '低保边缘家庭成员' };

/**
 * The parameters that apply to `regionCode` in `month`: among the rows of the region and its
 * ancestors already in force, the nearest region's newest row. A county's row that takes effect
 * later does not hide the city's row before then.
 */
export function resolveParams<T extends Pick<AllowanceParams, 'regionCode' | 'effectiveFrom'>>(rows: readonly T[], regionCode: string, month: YearMonth): T | null {
  let best: T | null = null;
  for (const r of rows) {
    if (r.effectiveFrom > month || !coversRegion(r.regionCode, regionCode)) continue;
    if (!best) { best = r; continue; }
    const depth = significantLength(r.regionCode) - significantLength(best.regionCode);
    if (depth > 0 || (depth === 0 && r.effectiveFrom > best.effectiveFrom)) best = r;
  }
  return best;
}

function significantLength(code: string): number {
  if (code.endsWith('0000000000')) return 2;
  if (code.endsWith('00000000')) return 4;
  if (code.endsWith('000000')) return 6;
  if (code.endsWith('000')) return 9;
  return 12;
}

function coversRegion(ancestor: string, code: string): boolean {
  const n = significantLength(ancestor);
  return code.slice(0, n) === ancestor.slice(0, n);
}

/** Parameters are set by a province, city or county (levels 1–3). */
export function isParamLevel(regionCode: string): boolean {
  return significantLength(regionCode) <= 6;
}

export type RunItemKind = 'new' | 'bracket_change' | 'stop_death' | 'stop_moved' | 'stop_ineligible' | 'eligible_unapplied'
  | 'level_change' | 'stop_level' | 'reassessment_overdue';
export const RUN_ITEM_KINDS: readonly RunItemKind[] = [
  'new', 'bracket_change', 'stop_death', 'stop_moved', 'stop_ineligible', 'eligible_unapplied', 'level_change', 'stop_level', 'reassessment_overdue',
];
export const RUN_ITEM_NAMES: Readonly<Record<RunItemKind, string>> = {
  new: '新增享受', bracket_change: '档次变更', stop_death: '死亡停发', stop_moved: '迁出停发', stop_ineligible: '不再符合条件停发',
  eligible_unapplied: '符合条件待申请', level_change: '按新评估等级调整', stop_level: '新评估等级不享受停发', reassessment_overdue: '逾期未复评（仅提示）',
};
/** The kinds that stop an enrolment when the list is approved. */
export const STOP_KINDS: readonly RunItemKind[] = ['stop_death', 'stop_moved', 'stop_ineligible', 'stop_level'];

/**
 * A county's monthly list is of one scheme: 高龄津贴资格名单 (longevity: who reaches a bracket, changes
 * bracket, dies or moves away, and — where means-tested — leaves 低保/特困), or the 养老补贴复核名单
 * (subsidies: 养老服务补贴 and 护理补贴 enrolments whose basis changed — no longer low-income, a
 * reassessment with another level, a death, a move — and overdue reassessments, flagged only).
 */
export type RunScheme = 'longevity' | 'subsidies';
export const RUN_SCHEME_NAMES: Readonly<Record<RunScheme, string>> = { longevity: '高龄津贴资格名单', subsidies: '养老补贴复核名单' };

/**
 * When a subsidy follows a reassessment: the new amount from the month after the reassessment
 * date, never before the enrolment began; a level without an amount stops it after the
 * reassessment's month (never before the month before the enrolment, the ledger's earliest end).
 */
export function levelChangeMonths(assessedOn: IsoDate, sinceMonth: YearMonth): { effectiveMonth: YearMonth; lastMonthIfStopped: YearMonth } {
  const next = addMonths(assessedOn.slice(0, 7), 1);
  return {
    effectiveMonth: next > sinceMonth ? next : sinceMonth,
    lastMonthIfStopped: addMonths(next > sinceMonth ? next : sinceMonth, -1),
  };
}

/**
 * The last month a subsidy (or a means-tested 高龄津贴) is paid when the person is no longer
 * 特困/低保/低保边缘 in the run's month: the last month they were (the status ended after it), or —
 * when no ended status can be found in the ledger — the month before the run. Never before the
 * month before the enrolment began.
 */
export function lowIncomeStopMonth(lowIncomeUntil: YearMonth | null, runMonth: YearMonth, sinceMonth: YearMonth): YearMonth {
  const last = lowIncomeUntil !== null && lowIncomeUntil < runMonth ? lowIncomeUntil : addMonths(runMonth, -1);
  const earliest = addMonths(sinceMonth, -1);
  return last > earliest ? last : earliest;
}

export type StopReason = 'death' | 'moved' | 'refused' | 'ineligible' | 'other';
export const STOP_REASON_NAMES: Readonly<Record<StopReason, string>> = {
  death: '死亡', moved: '迁出本辖区', refused: '本人放弃', ineligible: '不再符合条件', other: '其他',
};

/**
 * The last month paid when an enrolment stops: the death month for a death (the month after is
 * the first unpaid), else the month before `effectiveMonth` (the month the stop takes effect).
 */
export function lastPaidMonth(reason: StopReason, effectiveMonth: YearMonth, deathDate?: IsoDate | null): YearMonth {
  if (reason === 'death' && deathDate) return deathDate.slice(0, 7);
  return addMonths(effectiveMonth, -1);
}

/** Reassessment flag of a subsidy: overdue past the due date, due within 30 days. */
export function reassessmentFlag(nextDueOn: IsoDate | null, today: IsoDate): 'overdue' | 'due' | null {
  if (!nextDueOn) return null;
  if (nextDueOn < today) return 'overdue';
  const t = parseIsoDate(today);
  const limit = new Date(Date.UTC(t.year, t.month - 1, t.day + 30)).toISOString().slice(0, 10);
  return nextDueOn <= limit ? 'due' : null;
}
