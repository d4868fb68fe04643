/**
 * 刚性支出困难家庭 (《刚性支出困难家庭认定办法》, in force 2025-01-01; rules §1.11): a household
 * that is not in 低保, 特困 or 低保边缘, whose per-capita income is below the previous year's local
 * per-capita disposable income, whose property is within the local rules, and whose rigid spending
 * in the 12 months before the application exceeds a locally set share of its income (第四条).
 * Rigid spending (第五条): basic living, out-of-pocket medical costs (after every insurance and
 * assistance), education (at public-school rates), rehabilitation, other rigid costs.
 *
 * Everything is over the same 12 months, in integer fen; the tests compare totals, never a rounded
 * per-capita figure or a rounded share, so no rounding decides who qualifies.
 */
import { z } from 'zod';
import { addWorkingDays, addWorkingDaysOrEstimate, divideRounded, isDomainError, multiplyFen, sumFen, type Fen, type IsoDate } from '@mz/kernel';
import { HUKOU_TYPES, type HukouType } from '@mz/registry';
import { BreakdownBuilder, citeParam, yuan, type BreakdownItem } from './breakdown.ts';
import { checkProperty, dibaoPropertyLimits, type PropertyInput } from './dibao.calculator.ts';
import { codeOf, fenField, isoDateField, optionalText, propertyInput, uuidField } from './application.schema.ts';
import type { RecognitionSummary } from './family-register.schema.ts';
import { optionalParam, requireParam, type ResolvedParams } from './params.resolve.ts';

export const RIGID_RULE_VERSION = 'rigid/刚性支出困难家庭认定办法2025/v1';

/** 第五条. */
export const RIGID_SPENDING_KINDS = {
  basic_living: '基本生活支出',
  medical: '自付医疗费用（扣除各类保险和救助后）',
  education: '教育费用（按公办学校标准）',
  rehabilitation: '康复费用',
  other: '其他刚性支出',
} as const;
export type RigidSpendingKind = keyof typeof RIGID_SPENDING_KINDS;

/** Which neighbouring status rules a household out (第四条: 未纳入低保、特困、低保边缘). */
export const RIGID_EXCLUSIONS = { dibao: '低保', tekun: '特困供养', edge: '低保边缘家庭' } as const;
export type RigidExclusion = keyof typeof RIGID_EXCLUSIONS;

export interface RigidAssessmentInput {
  hukouType: HukouType;
  /** Co-resident members counted (as for 低保, 低保办法第七条). */
  householdSize: number;
  /** Household income over the 12 months before the application. */
  annualIncomeFen: Fen;
  spending: readonly { kind: RigidSpendingKind; annualFen: Fen; note?: string | null }[];
  property: PropertyInput;
  /** Statuses the household already has, each with where it shows (case number, recognition). */
  excludedBy: readonly { kind: RigidExclusion; ref: string }[];
}

export interface RigidAssessment {
  eligible: boolean;
  reasons: string[];
  items: BreakdownItem[];
  notes: string[];
  ruleVersion: string;
  paramIds: string[];
  householdSize: number;
  annualIncomeFen: Fen;
  /** For display only (rounded half-up); eligibility compares totals. */
  perCapitaAnnualIncomeFen: Fen;
  disposableIncomeFen: Fen;
  spendingFen: Fen;
  /** The share in force, e.g. '0.5'. */
  spendingShare: string;
  /** income × share, rounded half-up, for display. */
  spendingThresholdFen: Fen;
}

/**
 * 第八条: the county decides within `days` working days of 受理. A due day in a year the holiday
 * table does not cover yet is the kernel's flagged estimate, as the case clocks use.
 */
export function rigidDecisionDue(appliedOn: IsoDate, days: number): { dueOn: IsoDate; estimated: boolean } {
  try {
    return { dueOn: addWorkingDays(appliedOn, days), estimated: false };
  } catch (err) {
    if (!isDomainError(err) || err.code !== 'CALENDAR_NOT_COVERED') throw err;
    const { date, estimated } = addWorkingDaysOrEstimate(appliedOn, days);
    return { dueOn: date, estimated };
  }
}

/** A decimal string as an exact fraction: '0.35' → 35/100. */
function fraction(decimal: string): { num: bigint; den: bigint } {
  const [whole = '0', frac = ''] = decimal.split('.');
  const den = 10n ** BigInt(frac.length);
  return { num: BigInt(whole) * den + BigInt(frac || '0'), den };
}

/** Local property rules: the 低保 limits, with the financial limit replaced where the region set its own. */
function propertyLimits(params: ResolvedParams) {
  const limits = dibaoPropertyLimits(params);
  const own = optionalParam(params, 'dibao.rigid.property.financialPerCapitaMax', 'fen');
  return own ? { ...limits, financialPerCapita: own } : limits;
}

export function assessRigidFamily(input: RigidAssessmentInput, params: ResolvedParams): RigidAssessment {
  const b = new BreakdownBuilder();
  const N = input.householdSize;
  const disposable = requireParam(params, input.hukouType === 'rural' ? 'dibao.rigid.disposableIncome.rural' : 'dibao.rigid.disposableIncome.urban', 'fen');
  const share = requireParam(params, 'dibao.rigid.spendingShare', 'ratio');

  for (const x of input.excludedBy) {
    b.refuse(`家庭已纳入${RIGID_EXCLUSIONS[x.kind]}（${x.ref}），不属于刚性支出困难家庭认定范围（刚性支出困难家庭认定办法第四条）`);
  }

  const I = input.annualIncomeFen;
  const perCapita = Number(divideRounded(BigInt(I), BigInt(N), 'half-up'));
  b.add('income', '申请前12个月家庭总收入', I, `${yuan(I)}；${N} 人，人均 ${yuan(perCapita)}（四舍五入到分，仅供显示）`);
  // 人均收入 < 上年度人均可支配收入, compared as totals: I < D × N.
  const incomeOk = I < disposable.value * N;
  b.add('disposable_income', '上年度当地居民人均可支配收入', disposable.value,
    `${citeParam(disposable)} ${yuan(disposable.value)}；家庭人均收入 ${yuan(perCapita)} ${incomeOk ? '低于' : '不低于'}该标准（第四条）`, [disposable]);
  if (!incomeOk) b.refuse(`家庭人均收入 ${yuan(perCapita)}，不低于上年度当地居民人均可支配收入 ${yuan(disposable.value)}（刚性支出困难家庭认定办法第四条）`);

  const byKind = new Map<RigidSpendingKind, Fen>();
  for (const s of input.spending) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + s.annualFen);
  for (const kind of Object.keys(RIGID_SPENDING_KINDS) as RigidSpendingKind[]) {
    const amount = byKind.get(kind);
    if (amount !== undefined) b.add(`spending.${kind}`, RIGID_SPENDING_KINDS[kind], amount, `申请前12个月${RIGID_SPENDING_KINDS[kind]}（第五条）`);
  }
  const S = sumFen([...byKind.values()]);
  const threshold = multiplyFen(I, share.value, 'half-up');
  // 刚性支出 > 家庭总收入 × 比例, exactly: S × den > I × num.
  const f = fraction(share.value);
  const spendingOk = BigInt(S) * f.den > BigInt(I) * f.num;
  b.add('spending', '刚性支出合计', S,
    `${yuan(S)} ${spendingOk ? '超过' : '未超过'}家庭总收入 ${yuan(I)} × ${citeParam(share)} ${share.value} = ${yuan(threshold)}（第四条）`, [share]);
  if (!spendingOk) b.refuse(`申请前12个月刚性支出 ${yuan(S)}，未超过家庭总收入的 ${share.value} 倍 ${yuan(threshold)}（刚性支出困难家庭认定办法第四条）`);

  const propertyOk = checkProperty(b, input.property, N, propertyLimits(params));
  if (!propertyOk) b.note('财产状况按当地低收入人口财产规定（未单独规定的按低保财产规定）');

  return {
    eligible: b.reasons.length === 0,
    reasons: b.reasons.map((r) => r.replace('（低保办法第十四条）', '（刚性支出困难家庭认定办法第四条；财产限额按当地规定）')),
    items: b.items, notes: b.notes, ruleVersion: RIGID_RULE_VERSION, paramIds: b.paramIds,
    householdSize: N, annualIncomeFen: I, perCapitaAnnualIncomeFen: perCapita, disposableIncomeFen: disposable.value,
    spendingFen: S, spendingShare: share.value, spendingThresholdFen: threshold,
  };
}

/** Body of POST /assistance/rigid-families. */
export const rigidFamilyInput = z.object({
  householdId: uuidField('家庭'),
  hukouType: codeOf(HUKOU_TYPES, '户籍类型'),
  /** The day the township accepted the application: the county's 30 working days run from it (第八条). */
  appliedOn: isoDateField('受理日期'),
  /** The county's decision; defaults to today, never later. */
  recognisedOn: isoDateField('认定日期').optional().nullable(),
  annualIncomeFen: fenField('申请前12个月家庭总收入'),
  spending: z.array(z.object({
    kind: codeOf(RIGID_SPENDING_KINDS, '支出类别'),
    annualFen: fenField('支出金额'),
    note: optionalText('说明', 200),
  })).min(1, '请至少填写一项刚性支出').max(20, '支出项目不超过 20 项'),
  property: propertyInput,
  note: optionalText('备注', 500),
});
export type RigidFamilyInput = z.output<typeof rigidFamilyInput>;

/** One recognition as lists show it, with the 第八条 deadline and the figures it was decided on. */
export interface RigidFamilySummary extends RecognitionSummary {
  appliedOn: string;
  /** appliedOn + 30 working days (第八条); `decidedLate` when the recognition came after it. */
  decisionDueOn: string;
  decidedLate: boolean;
  annualIncomeFen: number;
  spendingFen: number;
  spendingShare: string;
}
