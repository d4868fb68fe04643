/**
 * 特困供养: recognition (特困办法第四至九条), self-care tier (第二十一、二十二条) and the monthly
 * support = 基本生活标准 + 照料护理标准 (救助法第十七条), both set locally.
 *
 * 特困 support is not a gap payment: the person receives the full standard, so income only decides
 * eligibility (income below the 低保 standard, 第六条) and is not subtracted from the amount.
 */
import { invalid, multiplyFen, sumFen, type Fen } from '@mz/kernel';
import type { DisabilityCategory, HukouType } from '@mz/registry';
import { BreakdownBuilder, citeParam, yuan, type Breakdown } from './breakdown.ts';
import { checkProperty, dibaoPropertyLimits, dibaoStandard, DIBAO_EXEMPT_INCOME, type IncomeItem, type PropertyInput, type PropertyLimits } from './dibao.calculator.ts';
import {
  CARE_MODES, CARE_TIERS, CARE_TIER_DESCRIPTIONS, INCOME_KINDS, OBLIGOR_CIRCUMSTANCES, SELF_CARE_ITEMS,
  type CareMode, type CareTier, type DecidingLevel, type IncomeKind, type ObligorCircumstance, type SelfCareItem,
} from './labels.ts';
import { moreSpecific, optionalParam, requireParam, type Cited, type ResolvedParams } from './params.resolve.ts';

export const TEKUN_RULE_VERSION = 'tekun/特困办法2021/v1';

/** true = the person can do the item alone. */
export type SelfCareItems = Readonly<Record<SelfCareItem, boolean>>;

export interface Obligor {
  name: string;
  /** 与申请人关系, e.g. 子女、配偶、父母. */
  relation: string;
  circumstance: ObligorCircumstance;
}

export interface Disability {
  category: DisabilityCategory;
  grade: number;
}

export interface TekunCalcInput {
  hukouType: HukouType;
  /** Age in full years on the application date. */
  age: number;
  disability?: Disability | null;
  /** 省级人民政府规定的其他无劳动能力情形 (特困办法第五条第四项), described. */
  otherIncapacity?: string | null;
  incomes: readonly IncomeItem[];
  property: PropertyInput;
  obligors: readonly Obligor[];
  careMode: CareMode;
  selfCare: SelfCareItems;
  /** A minor who chose 孤儿/事实无人抚养儿童 support instead (特困办法第九条). */
  orphanAllowanceChosen?: boolean | null;
}

/**
 * Not counted (特困办法第六条): 基础养老金, 基本医疗保险等社会保险, 优待抚恤金, 高龄津贴 "等".
 * The income test is against the 低保 standard, so 低保办法第十三条's exclusions apply too.
 */
export const TEKUN_EXEMPT_INCOME: ReadonlySet<IncomeKind> = new Set<IncomeKind>([...DIBAO_EXEMPT_INCOME, 'old_age_allowance']);

/**
 * 特困办法第二十二条 (E5): all six items → 全自理; 1–3 not achieved → 半护理 (部分丧失);
 * 4 or more not achieved → 全护理 (完全丧失).
 */
export function selfCareTier(items: SelfCareItems): CareTier {
  const missing = selfCareMissing(items).length;
  if (missing === 0) return 'self';
  return missing <= 3 ? 'semi' : 'full';
}

/** Items the person cannot do alone. */
export function selfCareMissing(items: SelfCareItems): SelfCareItem[] {
  const keys = Object.keys(SELF_CARE_ITEMS) as SelfCareItem[];
  for (const key of keys) {
    if (typeof items?.[key] !== 'boolean') throw invalid('生活自理能力评估不完整', [{ path: `selfCare.${key}`, message: `请评估「${SELF_CARE_ITEMS[key]}」` }]);
  }
  return keys.filter((key) => !items[key]);
}

/** 第五条: the disability grades that mean 无劳动能力. */
function disabilityQualifies(d: Disability | null | undefined): boolean {
  if (!d) return false;
  if (d.category === 'intellectual' || d.category === 'mental') return d.grade >= 1 && d.grade <= 3;
  if (d.category === 'physical') return d.grade === 1 || d.grade === 2;
  if (d.category === 'visual') return d.grade === 1;
  return false;
}

const GRADE_NAMES: Readonly<Record<number, string>> = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' };
const DISABILITY_NAMES: Readonly<Record<string, string>> = {
  visual: '视力', hearing: '听力', speech: '言语', physical: '肢体', intellectual: '智力', mental: '精神', multiple: '多重',
};

/**
 * 特困办法第五条第一至三项, the national definition of 无劳动能力: under 16, 60 or older, or the
 * listed disability grades. Returns the grounds found (empty = able to work by these criteria).
 * 低保办法第三十四条 speaks of members "有劳动能力" without defining it, so it reads the same list.
 */
export function incapacityReasons(age: number, disability: Disability | null | undefined): string[] {
  const reasons: string[] = [];
  if (age >= 60) reasons.push('年满60周岁');
  if (age < 16) reasons.push('未满16周岁');
  if (disabilityQualifies(disability)) reasons.push(`${DISABILITY_NAMES[disability!.category] ?? ''}残疾${GRADE_NAMES[disability!.grade] ?? ''}`);
  return reasons;
}

export function tekunCaseSettings(params: ResolvedParams): { confirmingLevel: DecidingLevel } {
  return { confirmingLevel: requireParam(params, 'tekun.confirmingLevel', 'level').value };
}

/** Property limits for one person: the 特困 ones where the city set them (第七条), else the 低保 ones. */
function tekunPropertyLimits(params: ResolvedParams): PropertyLimits {
  const dibao = dibaoPropertyLimits(params);
  return {
    financialPerCapita: optionalParam(params, 'tekun.property.financialMax', 'fen') ?? dibao.financialPerCapita,
    vehicleCount: optionalParam(params, 'tekun.property.vehicleCountMax', 'count') ?? dibao.vehicleCount,
    vehicleValue: dibao.vehicleValue,
    houseCount: optionalParam(params, 'tekun.property.houseCountMax', 'count') ?? dibao.houseCount,
    businessCount: optionalParam(params, 'tekun.property.businessCountMax', 'count') ?? dibao.businessCount,
  };
}

export function calculateTekun(input: TekunCalcInput, params: ResolvedParams): Breakdown {
  if (!Number.isInteger(input.age) || input.age < 0 || input.age > 150) throw invalid('年龄不正确', [{ path: 'age', message: '应为0到150之间的整数' }]);
  input.incomes.forEach((item, i) => {
    if (!Number.isSafeInteger(item.monthlyFen) || item.monthlyFen < 0) throw invalid('收入金额不正确', [{ path: `incomes[${i}].monthlyFen`, message: '月收入应为不小于0的金额（分）' }]);
  });
  if (!(input.careMode in CARE_MODES)) throw invalid('供养方式不正确', [{ path: 'careMode', message: '应为集中供养或分散供养' }]);

  const b = new BreakdownBuilder();
  const standard = dibaoStandard(params, input.hukouType);
  const S = standard.value;
  const tier = selfCareTier(input.selfCare);

  // 无劳动能力 (第五条)
  const incapacity = incapacityReasons(input.age, input.disability);
  if (input.otherIncapacity?.trim()) incapacity.push(`省级规定的其他情形：${input.otherIncapacity.trim()}`);
  if (incapacity.length === 0) {
    b.refuse(`申请人${input.age}周岁，残疾状况不属于一至三级智力、精神残疾，一、二级肢体残疾或一级视力残疾，不能认定为无劳动能力（特困办法第五条）`);
  } else {
    b.note(`无劳动能力：${incapacity.join('；')}（特困办法第五条）`);
  }

  // 无生活来源 (第六条): income below the 低保 standard, property within the local rule (第七条).
  const counted = new Map<IncomeKind, Fen>();
  for (const item of input.incomes) {
    if (TEKUN_EXEMPT_INCOME.has(item.kind)) {
      b.add(`exempt.${item.kind}`, `${INCOME_KINDS[item.kind]}（不计入）`, item.monthlyFen, '不计入收入（特困办法第六条）');
    } else {
      counted.set(item.kind, (counted.get(item.kind) ?? 0) + item.monthlyFen);
    }
  }
  for (const [kind, amount] of counted) b.add(`income.${kind}`, `${INCOME_KINDS[kind]}（计入）`, amount, '计入收入（特困办法第六条）');
  const income = sumFen([...counted.values()]);
  b.add('income', '本人月收入', income, `计入收入合计 ${yuan(income)}，低保标准 ${yuan(S)}（特困办法第六条）`, [standard]);
  if (income >= S) b.refuse(`本人月收入 ${yuan(income)}，不低于当地低保标准 ${yuan(S)}，不属于无生活来源（特困办法第六条）`);
  checkProperty(b, input.property, 1, tekunPropertyLimits(params));

  // 无履行能力的法定义务人 (第八条)
  for (const obligor of input.obligors) {
    if (obligor.circumstance === 'able') {
      b.refuse(`法定义务人${obligor.name}（${obligor.relation}）具有履行赡养、抚养、扶养义务的能力（特困办法第四条、第八条）`);
    } else if (!(obligor.circumstance in OBLIGOR_CIRCUMSTANCES)) {
      throw invalid('义务人情形不正确', [{ path: 'obligors', message: `未知情形 ${String(obligor.circumstance)}` }]);
    }
  }
  if (input.orphanAllowanceChosen && input.age < 18) {
    b.refuse('未成年人已选择申请享受孤儿或事实无人抚养儿童基本生活保障，不再认定为特困人员（特困办法第九条）');
  }

  const eligible = b.reasons.length === 0;
  let amountFen = 0;
  if (eligible) {
    const basic = basicLivingStandard(b, params, standard);
    const care = careStandard(b, params, input.careMode, tier, input.selfCare);
    amountFen = basic + care;
    b.add('total', '月供养标准合计', amountFen, `基本生活标准 ${yuan(basic)} + 照料护理标准 ${yuan(care)} = ${yuan(amountFen)}（救助法第十七条）`);
  }

  const breakdown: Breakdown = {
    programme: 'tekun',
    amountFen,
    eligible,
    reasons: b.reasons,
    items: b.items,
    ruleVersion: TEKUN_RULE_VERSION,
    paramIds: b.paramIds,
    perCapitaIncomeFen: income,
    members: 1,
    householdSize: 1,
    careTier: tier,
    careMode: input.careMode,
  };
  if (b.notes.length > 0) breakdown.notes = b.notes;
  return breakdown;
}

/** 基本生活标准: a multiple of the 低保 standard (default 1.3) or a fixed sum, whichever was set nearer. */
function basicLivingStandard(b: BreakdownBuilder, params: ResolvedParams, standard: Cited<number>): Fen {
  const ratio = requireParam(params, 'tekun.basic.ratio', 'ratio');
  const fixed = optionalParam(params, 'tekun.basic.fixed', 'fen');
  const chosen = moreSpecific(ratio, fixed, params)!;
  if (chosen === ratio) {
    const amount = multiplyFen(standard.value, ratio.value, 'half-up');
    b.add('basic', '基本生活标准', amount, `${citeParam(ratio)} ${ratio.value} × 低保标准 ${yuan(standard.value)} = ${yuan(amount)}（四舍五入到分；救助法第十七条）`, [ratio, standard]);
    return amount;
  }
  const amount = (chosen as Cited<number>).value;
  b.add('basic', '基本生活标准', amount, `${citeParam(chosen)} ${yuan(amount)}（救助法第十七条）`, [chosen]);
  return amount;
}

/** 照料护理标准 by tier and 集中/分散: a share of the previous year's minimum monthly wage, or a fixed sum. */
function careStandard(b: BreakdownBuilder, params: ResolvedParams, mode: CareMode, tier: CareTier, items: SelfCareItems): Fen {
  const missing = selfCareMissing(items);
  const assessed = missing.length === 0
    ? '六项均能自主完成'
    : `不能自主完成${missing.length}项（${missing.map((k) => SELF_CARE_ITEMS[k]).join('、')}）`;
  const label = `照料护理标准（${CARE_MODES[mode]}，${CARE_TIERS[tier]}）`;
  const why = `${assessed}，${CARE_TIER_DESCRIPTIONS[tier]}（特困办法第二十二条）`;

  const ratio = optionalParam(params, `tekun.care.${mode}.${tier}.ratio`, 'ratio');
  const fixed = optionalParam(params, `tekun.care.${mode}.${tier}.fixed`, 'fen');
  const chosen = moreSpecific(ratio, fixed, params);
  let amount: Fen;
  let formula: string;
  const used: Cited<unknown>[] = [];
  if (!chosen) {
    amount = 0;
    formula = `${why}；当地未设置该档照料护理标准，按0计`;
  } else if (ratio && chosen === ratio) {
    const wage = requireParam(params, 'tekun.care.previousYearMinimumWage', 'fen');
    amount = multiplyFen(wage.value, ratio.value, 'half-up');
    formula = `${why}；${citeParam(ratio)} ${ratio.value} × ${citeParam(wage)} ${yuan(wage.value)} = ${yuan(amount)}（四舍五入到分）`;
    used.push(ratio, wage);
  } else {
    amount = (chosen as Cited<number>).value;
    formula = `${why}；${citeParam(chosen)} ${yuan(amount)}`;
    used.push(chosen);
  }
  const cap = tier === 'self' ? optionalParam(params, 'tekun.care.selfTierCap', 'fen') : null;
  if (cap && amount > cap.value) {
    formula += `，超过${citeParam(cap)}，按 ${yuan(cap.value)}`;
    amount = cap.value;
    used.push(cap);
  }
  b.add('care', label, amount, formula, used);
  return amount;
}
