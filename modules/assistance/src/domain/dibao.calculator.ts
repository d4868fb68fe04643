/**
 * 低保 amount: household income as 低保办法第十三条 counts it, property against the local limits
 * (第十四条), the 补差 (第二十三条) with optional 分档 and floor, 分类施保 supplements (第二十七条),
 * 单人保 (第八条) and the 低保边缘 test (第八条第二款).
 *
 * All amounts are integer fen per month. Every rounding is named where it happens.
 */
import { invalid, multiplyFen, divideRounded, sumFen, type Fen } from '@mz/kernel';
import type { HukouType } from '@mz/registry';
import { BreakdownBuilder, citeParam, yuan, type Breakdown } from './breakdown.ts';
import {
  DEDUCTION_KINDS, DIBAO_CATEGORIES, INCOME_KINDS, SINGLE_PERSON_REASONS,
  type DeductionKind, type DecidingLevel, type DibaoCategory, type IncomeKind, type SinglePersonReason,
} from './labels.ts';
import { moreSpecific, optionalParam, requireParam, type Cited, type ResolvedParams } from './params.resolve.ts';

/** Bumped whenever the arithmetic below changes, so an old breakdown stays explainable. */
export const DIBAO_RULE_VERSION = 'dibao/低保办法2021/v1';

export interface IncomeItem {
  /** Whose income; absent = the household's (e.g. rent of a jointly owned room). */
  personId?: string | null;
  kind: IncomeKind;
  monthlyFen: Fen;
  note?: string | null;
}

export interface DeductionItem {
  personId?: string | null;
  kind: DeductionKind;
  monthlyFen: Fen;
  note?: string | null;
}

export interface PropertyInput {
  depositsFen: Fen;
  securitiesFen: Fen;
  vehicleCount: number;
  vehicleValueFen: Fen;
  houseCount: number;
  businessCount: number;
}

export interface DibaoMember {
  personId: string;
  name?: string | null;
}

export interface DibaoCalcInput {
  hukouType: HukouType;
  /** 共同生活的家庭成员 (低保办法第七条): everyone whose income and property count. */
  members: readonly DibaoMember[];
  /** Who receives the benefit; default all members. */
  coveredPersonIds?: readonly string[] | null;
  /** 单人保: this member alone is covered (低保办法第八条). */
  singlePerson?: { personId: string; reason: SinglePersonReason } | null;
  incomes: readonly IncomeItem[];
  deductions: readonly DeductionItem[];
  property: PropertyInput;
  /** 分类施保 categories of covered members. */
  categories: readonly { personId: string; category: DibaoCategory }[];
  /**
   * Members whose own share is stopped (低保办法第三十四条). They still live in the household, so
   * their income counts and they count in the per-capita income; they are no longer covered.
   */
  excluded?: readonly ExcludedMember[] | null;
}

export interface ExcludedMember {
  personId: string;
  /** Why, as the decision states it (shown in the breakdown). */
  reason: string;
  /** First month without the share ('YYYY-MM'). */
  fromMonth?: string | null;
}

/**
 * Not counted as income (低保办法第十三条第二款): 优待抚恤金, 计划生育奖励与扶助金, 奖学金,
 * 见义勇为等奖励性补助, government social-assistance money and goods, the central 基础养老金, and
 * items the 设区的市 exempts (`locally_exempt`). Medical-insurance reimbursements are not counted
 * either: 第十三条第三款 deducts illness spending net of reimbursement, so counting the
 * reimbursement as income would take it off twice. 高龄津贴 counts unless the city exempts it —
 * the national text does not list it (unlike 特困办法第六条).
 */
export const DIBAO_EXEMPT_INCOME: ReadonlySet<IncomeKind> = new Set<IncomeKind>([
  'special_care', 'family_planning', 'scholarship', 'reward', 'social_assistance', 'basic_pension', 'medical_insurance', 'locally_exempt',
]);

/** Reasons of 第八条第一款第一、二项: only members of a 低保边缘家庭 may be covered alone on these grounds. */
export const SINGLE_PERSON_NEEDS_EDGE_FAMILY: ReadonlySet<SinglePersonReason> = new Set(['severe_disability', 'intellectual_mental_3', 'serious_illness']);

const BANDS = ['a', 'b', 'c'] as const;

/** The 低保 standard that applies: urban or rural by the household's 户籍类型. */
export function dibaoStandard(params: ResolvedParams, hukouType: HukouType): Cited<number> {
  return requireParam(params, hukouType === 'rural' ? 'dibao.standard.rural' : 'dibao.standard.urban', 'fen');
}

/**
 * 低保边缘家庭 income test (低保办法第八条第二款; 2022通知一(四)): per-capita income at or above
 * the 低保 standard (so not eligible for 低保) and below multiplier × standard (default 1.5).
 * Property is checked by `calculateDibao`, which reports `edgeFamily` with both tests.
 * `hukouType` picks the standard; it may be left out only where urban and rural standards are equal.
 */
export function isEdgeFamily(perCapitaIncomeFen: Fen, params: ResolvedParams, hukouType?: HukouType): boolean {
  let standard: number;
  if (hukouType) {
    standard = dibaoStandard(params, hukouType).value;
  } else {
    const urban = dibaoStandard(params, 'urban').value;
    const rural = dibaoStandard(params, 'rural').value;
    if (urban !== rural) throw invalid('城乡低保标准不同，判断低保边缘家庭须指明城镇或农村');
    standard = urban;
  }
  const multiplier = requireParam(params, 'dibao.edgeMultiplier', 'ratio').value;
  // a < x ⇔ a < ⌈x⌉ for an integer a, so rounding up keeps the comparison exact.
  return perCapitaIncomeFen >= standard && perCapitaIncomeFen < multiplyFen(standard, multiplier, 'up');
}

/** Settings the server writes on a new 低保 case (contract: confirmingLevel, totalWorkingDays; extension: taperMonthsMax). */
export function dibaoCaseSettings(params: ResolvedParams): { confirmingLevel: DecidingLevel; totalWorkingDays: number; taperMonthsMax: number } {
  const confirmingLevel = requireParam(params, 'dibao.confirmingLevel', 'level').value;
  // 低保办法第二十二条: 30 working days; 2022通知四(一): 20 when the township confirms.
  const totalWorkingDays = requireParam(params, confirmingLevel === 'township' ? 'dibao.timeLimit.township' : 'dibao.timeLimit.county', 'days').value;
  return { confirmingLevel, totalWorkingDays, taperMonthsMax: requireParam(params, 'dibao.taperMonthsMax', 'months').value };
}

function checkInput(input: DibaoCalcInput): void {
  const ids = new Set(input.members.map((m) => m.personId));
  const errors: { path: string; message: string }[] = [];
  if (input.members.length === 0) errors.push({ path: 'members', message: '家庭至少应有一名共同生活的成员' });
  if (ids.size !== input.members.length) errors.push({ path: 'members', message: '家庭成员有重复' });
  const known = (id: string | null | undefined, path: string) => {
    if (id && !ids.has(id)) errors.push({ path, message: '该人员不是本家庭的共同生活成员' });
  };
  input.coveredPersonIds?.forEach((id, i) => known(id, `coveredPersonIds[${i}]`));
  if (input.coveredPersonIds && input.coveredPersonIds.length === 0 && !input.singlePerson) {
    errors.push({ path: 'coveredPersonIds', message: '至少应有一名保障对象' });
  }
  known(input.singlePerson?.personId, 'singlePerson.personId');
  input.excluded?.forEach((item, i) => known(item.personId, `excluded[${i}].personId`));
  input.incomes.forEach((item, i) => {
    known(item.personId, `incomes[${i}].personId`);
    if (!Number.isSafeInteger(item.monthlyFen) || item.monthlyFen < 0) errors.push({ path: `incomes[${i}].monthlyFen`, message: '月收入应为不小于0的金额（分）' });
  });
  input.deductions.forEach((item, i) => {
    known(item.personId, `deductions[${i}].personId`);
    if (!Number.isSafeInteger(item.monthlyFen) || item.monthlyFen < 0) errors.push({ path: `deductions[${i}].monthlyFen`, message: '扣减金额应为不小于0的金额（分）' });
  });
  input.categories.forEach((item, i) => known(item.personId, `categories[${i}].personId`));
  const p = input.property;
  for (const field of ['depositsFen', 'securitiesFen', 'vehicleCount', 'vehicleValueFen', 'houseCount', 'businessCount'] as const) {
    if (!Number.isSafeInteger(p[field]) || p[field] < 0) errors.push({ path: `property.${field}`, message: '应为不小于0的整数' });
  }
  if (errors.length > 0) throw invalid('低保计算数据不完整或有误', errors);
}

interface IncomeResult {
  counted: Fen;
  deducted: Fen;
  net: Fen;
}

/**
 * Counted income minus allowed deductions for the items selected by `belongs`. Net income never goes
 * below 0: rigid spending above income does not turn into extra benefit beyond the full standard.
 */
function netIncome(
  b: BreakdownBuilder, input: DibaoCalcInput, params: ResolvedParams, belongs: (personId: string | null | undefined) => boolean, prefix: string,
): IncomeResult {
  const counted = new Map<IncomeKind, Fen>();
  const exempt = new Map<IncomeKind, Fen>();
  for (const item of input.incomes.filter((i) => belongs(i.personId))) {
    const bucket = DIBAO_EXEMPT_INCOME.has(item.kind) ? exempt : counted;
    bucket.set(item.kind, (bucket.get(item.kind) ?? 0) + item.monthlyFen);
  }
  for (const [kind, amount] of counted) {
    b.add(`${prefix}income.${kind}`, `${INCOME_KINDS[kind]}（计入）`, amount, `计入家庭收入（低保办法第十三条第一款）`);
  }
  for (const [kind, amount] of exempt) {
    b.add(`${prefix}exempt.${kind}`, `${INCOME_KINDS[kind]}（不计入）`, amount, `不计入家庭收入（低保办法第十三条第二款）`);
  }

  // 必要的就业成本 may be capped per working member by local rule; the cap applies per person,
  // and to each item separately when the item names nobody.
  const cap = optionalParam(params, 'dibao.deduction.employmentCostCap', 'fen');
  const byKind = new Map<DeductionKind, Fen>();
  const employment = new Map<string, Fen>();
  input.deductions.filter((d) => belongs(d.personId)).forEach((item, index) => {
    if (item.kind === 'employment_cost') {
      const who = item.personId ?? `#${index}`;
      employment.set(who, (employment.get(who) ?? 0) + item.monthlyFen);
    } else {
      byKind.set(item.kind, (byKind.get(item.kind) ?? 0) + item.monthlyFen);
    }
  });
  if (employment.size > 0) {
    let total = 0;
    let capped = false;
    for (const amount of employment.values()) {
      const allowed = cap ? Math.min(amount, cap.value) : amount;
      if (allowed < amount) capped = true;
      total += allowed;
    }
    const declared = sumFen([...employment.values()]);
    const formula = capped && cap
      ? `申报 ${yuan(declared)}，每名就业人员每月不超过${citeParam(cap)} ${yuan(cap.value)}，扣减 ${yuan(total)}（低保办法第十三条第三款）`
      : `从收入中扣减（低保办法第十三条第三款）`;
    byKind.set('employment_cost', total);
    b.add(`${prefix}deduction.employment_cost`, DEDUCTION_KINDS.employment_cost, total, formula, [cap]);
  }
  for (const [kind, amount] of byKind) {
    if (kind === 'employment_cost') continue;
    const basis = kind === 'tax_social_insurance' || kind === 'support_paid' ? '转移性支出，低保办法第十三条第一款' : '低保办法第十三条第三款';
    b.add(`${prefix}deduction.${kind}`, DEDUCTION_KINDS[kind], amount, `从收入中扣减（${basis}）`);
  }
  const countedTotal = sumFen([...counted.values()]);
  const deducted = sumFen([...byKind.values()]);
  return { counted: countedTotal, deducted, net: Math.max(0, countedTotal - deducted) };
}

/** Property against the local limits (低保办法第十四条); pushes a reason per limit exceeded. */
export function checkProperty(b: BreakdownBuilder, property: PropertyInput, persons: number, limits: PropertyLimits): boolean {
  let ok = true;
  const financial = property.depositsFen + property.securitiesFen;
  const { financialPerCapita, vehicleCount, vehicleValue, houseCount, businessCount } = limits;
  b.use(financialPerCapita, vehicleCount, vehicleValue, houseCount, businessCount);
  // Compare totals (financial ≤ limit × persons) so no per-capita rounding decides eligibility.
  if (financial > financialPerCapita.value * persons) {
    ok = false;
    b.refuse(`家庭存款及有价证券 ${yuan(financial)}，人均 ${yuan(Number(divideRounded(BigInt(financial), BigInt(persons), 'half-up')))}，超过${citeParam(financialPerCapita)} ${yuan(financialPerCapita.value)}（低保办法第十四条）`);
  }
  if (property.vehicleCount > vehicleCount.value) {
    ok = false;
    b.refuse(`拥有机动车辆 ${property.vehicleCount} 辆，超过${citeParam(vehicleCount)} ${vehicleCount.value} 辆（低保办法第十四条）`);
  }
  if (vehicleValue && property.vehicleValueFen > vehicleValue.value) {
    ok = false;
    b.refuse(`机动车辆价值 ${yuan(property.vehicleValueFen)}，超过${citeParam(vehicleValue)} ${yuan(vehicleValue.value)}（低保办法第十四条）`);
  }
  if (property.houseCount > houseCount.value) {
    ok = false;
    b.refuse(`拥有住房 ${property.houseCount} 套，超过${citeParam(houseCount)} ${houseCount.value} 套（低保办法第十四条）`);
  }
  if (property.businessCount > businessCount.value) {
    ok = false;
    b.refuse(`登记市场主体 ${property.businessCount} 个，超过${citeParam(businessCount)} ${businessCount.value} 个（低保办法第十四条）`);
  }
  return ok;
}

export interface PropertyLimits {
  financialPerCapita: Cited<number>;
  vehicleCount: Cited<number>;
  vehicleValue: Cited<number> | null;
  houseCount: Cited<number>;
  businessCount: Cited<number>;
}

export function dibaoPropertyLimits(params: ResolvedParams): PropertyLimits {
  return {
    financialPerCapita: requireParam(params, 'dibao.property.financialPerCapitaMax', 'fen'),
    vehicleCount: requireParam(params, 'dibao.property.vehicleCountMax', 'count'),
    vehicleValue: optionalParam(params, 'dibao.property.vehicleValueMax', 'fen'),
    houseCount: requireParam(params, 'dibao.property.houseCountMax', 'count'),
    businessCount: requireParam(params, 'dibao.property.businessCountMax', 'count'),
  };
}

/** Per-capita income, rounded half-up to the fen for display; eligibility never uses it. */
function perCapita(total: Fen, persons: number): Fen {
  return Number(divideRounded(BigInt(total), BigInt(persons), 'half-up'));
}

export function calculateDibao(input: DibaoCalcInput, params: ResolvedParams): Breakdown {
  checkInput(input);
  const b = new BreakdownBuilder();
  const standard = dibaoStandard(params, input.hukouType);
  const S = standard.value;
  const N = input.members.length;
  const multiplier = requireParam(params, 'dibao.edgeMultiplier', 'ratio');
  const limits = dibaoPropertyLimits(params);

  b.add('standard', input.hukouType === 'rural' ? '农村低保标准' : '城市低保标准', S, `${citeParam(standard)} ${yuan(S)}/人·月`, [standard]);

  const household = netIncome(b, input, params, () => true, '');
  const H = household.net;
  b.add('household_income', '家庭月收入', H,
    `计入收入 ${yuan(household.counted)} − 扣减 ${yuan(household.deducted)} = ${yuan(H)}${household.counted < household.deducted ? '（扣减超过收入，按0计）' : ''}（低保办法第十三条）`);
  const perCapitaIncomeFen = perCapita(H, N);
  b.add('per_capita_income', '家庭月人均收入', perCapitaIncomeFen, `${yuan(H)} ÷ ${N}人 = ${yuan(perCapitaIncomeFen)}（四舍五入到分）`);

  const propertyOk = checkProperty(b, input.property, N, limits);
  const belowStandard = H < S * N; // per-capita < standard, compared on totals
  const edgeLimit = multiplyFen(S * N, multiplier.value, 'up');
  const edgeFamily = propertyOk && !belowStandard && H < edgeLimit;
  b.use(multiplier);

  const excluded = new Set((input.excluded ?? []).map((e) => e.personId));
  const names = new Map(input.members.map((m) => [m.personId, m.name || m.personId]));
  for (const e of input.excluded ?? []) {
    b.note(`${names.get(e.personId)}：${e.reason}，${e.fromMonth ? `自${e.fromMonth}起` : ''}停发本人保障金，不计入保障人数；其收入仍计入家庭收入（低保办法第三十四条）`);
  }
  const ctx: Context = { S, standard, N, H, belowStandard, propertyOk, edgeFamily, multiplier, excluded };
  const result = input.singlePerson ? singlePersonAmount(b, input, params, ctx) : householdAmount(b, input, params, ctx);
  const coveredCount = input.singlePerson
    ? (excluded.has(input.singlePerson.personId) ? 0 : 1)
    : (input.coveredPersonIds ?? input.members.map((m) => m.personId)).filter((id) => !excluded.has(id)).length;

  let amountFen = 0;
  if (result.eligible) {
    const supplements = supplementTotal(b, input, params, result.covered, standard);
    amountFen = result.base + supplements;
    b.add('total', '月低保金合计', amountFen, supplements > 0 ? `${yuan(result.base)} + 分类施保 ${yuan(supplements)} = ${yuan(amountFen)}` : `${yuan(amountFen)}`);
  }

  const breakdown: Breakdown = {
    programme: 'dibao',
    amountFen,
    eligible: result.eligible,
    reasons: b.reasons,
    items: b.items,
    ruleVersion: DIBAO_RULE_VERSION,
    paramIds: b.paramIds,
    perCapitaIncomeFen,
    members: coveredCount,
    householdSize: N,
    edgeFamily,
    standardFen: S,
    edgeMultiplier: multiplier.value,
  };
  if (b.notes.length > 0) breakdown.notes = b.notes;
  return breakdown;
}

interface Context {
  S: Fen;
  standard: Cited<number>;
  N: number;
  H: Fen;
  belowStandard: boolean;
  propertyOk: boolean;
  edgeFamily: boolean;
  multiplier: Cited<string>;
  /** Members whose own share is stopped (第三十四条). */
  excluded: ReadonlySet<string>;
}

interface BaseResult {
  eligible: boolean;
  base: Fen;
  covered: string[];
}

function householdAmount(b: BreakdownBuilder, input: DibaoCalcInput, params: ResolvedParams, ctx: Context): BaseResult {
  const { S, N, H } = ctx;
  const covered = (input.coveredPersonIds ? [...input.coveredPersonIds] : input.members.map((m) => m.personId)).filter((id) => !ctx.excluded.has(id));
  const C = covered.length;
  if (!ctx.belowStandard) {
    b.refuse(`家庭月人均收入 ${yuan(perCapita(H, N))}，不低于低保标准 ${yuan(S)}（低保办法第十三条、第二十三条）`);
    if (ctx.edgeFamily) {
      b.note(`家庭月人均收入低于低保标准的 ${ctx.multiplier.value} 倍，且财产符合规定，属于低保边缘家庭（低保办法第八条第二款）`);
    }
  }
  if (!ctx.belowStandard || !ctx.propertyOk) return { eligible: false, base: 0, covered: [] };
  if (C === 0) {
    b.refuse('保障对象均已停发本人保障金，没有可保障的成员（低保办法第三十四条）');
    return { eligible: false, base: 0, covered: [] };
  }

  // 补差 (低保办法第二十三条): standard × persons − household income. With every member covered
  // this is exact in fen (E1: 600 × 3 − 1000 = 800). When only some members are covered, each
  // covered person gets the per-capita gap: (S × N − H) × C / N, rounded half-up once at the end.
  const gap = C === N ? S * N - H : Number(divideRounded(BigInt(S * N - H) * BigInt(C), BigInt(N), 'half-up'));
  b.add('gap', '补差金额', gap, C === N
    ? `${yuan(S)} × ${N}人 − ${yuan(H)} = ${yuan(gap)}（低保办法第二十三条）`
    : `(${yuan(S)} × ${N}人 − ${yuan(H)}) × 保障 ${C}人 ÷ 家庭 ${N}人 = ${yuan(gap)}（四舍五入到分；低保办法第二十三条）`);

  let base = gap;
  const band = findBand(params, S, N, H);
  if (band) {
    const paid = multiplyFen(S * C, band.pay.value, 'half-up');
    b.add('band', `分档发放（${band.name}）`, paid,
      `家庭月人均收入不超过低保标准的 ${band.max.value} 倍，按${citeParam(band.pay)} ${band.pay.value} × ${yuan(S)} × ${C}人 = ${yuan(paid)}（四舍五入到分；低保办法第二十三条）`,
      [band.max, band.pay]);
    b.note(`按分档发放（${band.name}），不按补差计算`);
    base = paid;
  }

  const floorRatio = optionalParam(params, 'dibao.floorRatio', 'ratio');
  if (floorRatio) {
    const floor = multiplyFen(S * C, floorRatio.value, 'half-up');
    b.use(floorRatio);
    if (floor > base) {
      b.add('floor', '保底金额', floor, `补差 ${yuan(base)} 低于保底：${floorRatio.value} × ${yuan(S)} × ${C}人 = ${yuan(floor)}（${citeParam(floorRatio)}）`, [floorRatio]);
      base = floor;
    }
  }
  return { eligible: true, base, covered };
}

/** The first configured band (by ascending income limit) the household's per-capita income falls into. */
function findBand(params: ResolvedParams, S: Fen, N: number, H: Fen): { name: string; max: Cited<string>; pay: Cited<string> } | null {
  const names: Readonly<Record<(typeof BANDS)[number], string>> = { a: '第一档', b: '第二档', c: '第三档' };
  const bands: { name: string; max: Cited<string>; pay: Cited<string>; limit: Fen }[] = [];
  for (const code of BANDS) {
    const max = optionalParam(params, `dibao.band.${code}.incomeRatioMax`, 'ratio');
    const pay = optionalParam(params, `dibao.band.${code}.payRatio`, 'ratio');
    // H ≤ ratio × S × N is compared exactly through ⌊ratio × S × N⌋, H being an integer.
    if (max && pay) bands.push({ name: names[code], max, pay, limit: multiplyFen(S * N, max.value, 'down') });
  }
  bands.sort((x, y) => x.limit - y.limit);
  return bands.find((band) => H <= band.limit) ?? null;
}

function singlePersonAmount(b: BreakdownBuilder, input: DibaoCalcInput, params: ResolvedParams, ctx: Context): BaseResult {
  const { personId, reason } = input.singlePerson!;
  const { S, N, H } = ctx;
  let eligible = true;
  b.note(`单人保：${SINGLE_PERSON_REASONS[reason]}（低保办法第八条）`);

  if (ctx.excluded.has(personId)) {
    eligible = false;
    b.refuse('单人保对象本人的保障金已停发（低保办法第三十四条）');
  }
  if (SINGLE_PERSON_NEEDS_EDGE_FAMILY.has(reason)) {
    if (ctx.belowStandard && ctx.propertyOk) {
      eligible = false;
      b.refuse('家庭月人均收入低于低保标准，全家符合低保条件，应以家庭为单位申请，不适用单人保（低保办法第八条）');
    } else if (!ctx.edgeFamily) {
      eligible = false;
      if (ctx.propertyOk) {
        b.refuse(`家庭月人均收入 ${yuan(perCapita(H, N))}，不低于低保标准的 ${ctx.multiplier.value} 倍，不属于低保边缘家庭，不能单人纳入低保（低保办法第八条）`);
      }
    }
  } else if (!ctx.propertyOk) {
    eligible = false;
  }

  // 单列户 receive their own gap: standard − the person's own net income (杭州地区 practice, rules §1.3).
  const own = netIncome(b, input, params, (id) => id === personId, 'single.');
  b.add('single.income', '本人月收入', own.net, `本人计入收入 ${yuan(own.counted)} − 本人扣减 ${yuan(own.deducted)} = ${yuan(own.net)}`);
  if (own.net >= S) {
    eligible = false;
    b.refuse(`本人月收入 ${yuan(own.net)}，不低于低保标准 ${yuan(S)}（低保办法第八条、第二十三条）`);
  }
  if (!eligible) return { eligible: false, base: 0, covered: [] };

  const gap = S - own.net;
  b.add('gap', '补差金额（单人保）', gap, `${yuan(S)} × 1人 − ${yuan(own.net)} = ${yuan(gap)}（低保办法第八条、第二十三条）`);
  let base = gap;
  const floorRatio = moreSpecific(optionalParam(params, 'dibao.singlePerson.floorRatio', 'ratio'), optionalParam(params, 'dibao.floorRatio', 'ratio'), params);
  if (floorRatio) {
    const floor = multiplyFen(S, floorRatio.value, 'half-up');
    b.use(floorRatio);
    if (floor > base) {
      b.add('floor', '保底金额', floor, `补差 ${yuan(base)} 低于保底：${floorRatio.value} × ${yuan(S)} = ${yuan(floor)}（${citeParam(floorRatio)}）`, [floorRatio]);
      base = floor;
    }
  }
  return { eligible: true, base, covered: [personId] };
}

/**
 * 分类施保 (低保办法第二十七条): per covered person and category, a share of the standard or a fixed
 * sum (whichever the nearer region set), capped per category; a person in several categories gets
 * the highest `perPersonCategories` of them (default 1, 就高不叠加).
 */
function supplementTotal(b: BreakdownBuilder, input: DibaoCalcInput, params: ResolvedParams, covered: readonly string[], standard: Cited<number>): Fen {
  const coveredSet = new Set(covered);
  const names = new Map(input.members.map((m) => [m.personId, m.name ?? '']));
  const perPerson = requireParam(params, 'dibao.supplement.perPersonCategories', 'count');
  const byPerson = new Map<string, Set<DibaoCategory>>();
  for (const { personId, category } of input.categories) {
    if (!coveredSet.has(personId)) continue; // only people who receive 低保 get 分类施保
    byPerson.set(personId, (byPerson.get(personId) ?? new Set()).add(category));
  }
  let total = 0;
  for (const [personId, categories] of byPerson) {
    const amounts = [...categories].map((category) => supplementFor(params, category, standard)).filter((s) => s !== null && s.amount > 0);
    amounts.sort((x, y) => y!.amount - x!.amount);
    const granted = amounts.slice(0, perPerson.value);
    if (amounts.length > granted.length) b.use(perPerson);
    for (const s of granted) {
      const who = names.get(personId) || personId;
      const over = amounts.length > granted.length ? `；同时属于${amounts.length}类，按${citeParam(perPerson)}享受较高的${perPerson.value}类` : '';
      b.add(`supplement.${personId}.${s!.category}`, `分类施保：${who}（${DIBAO_CATEGORIES[s!.category]}）`, s!.amount, `${s!.formula}${over}（低保办法第二十七条）`, s!.params);
      total += s!.amount;
    }
  }
  return total;
}

function supplementFor(params: ResolvedParams, category: DibaoCategory, standard: Cited<number>):
  { category: DibaoCategory; amount: Fen; formula: string; params: Cited<unknown>[] } | null {
  const ratio = optionalParam(params, `dibao.supplement.${category}.ratio`, 'ratio');
  const fixed = optionalParam(params, `dibao.supplement.${category}.fixed`, 'fen');
  const chosen = moreSpecific(ratio, fixed, params);
  if (!chosen) return null;
  const cap = optionalParam(params, `dibao.supplement.${category}.cap`, 'fen');
  let amount: Fen;
  let formula: string;
  if (ratio && chosen === ratio) {
    amount = multiplyFen(standard.value, ratio.value, 'half-up');
    formula = `${citeParam(ratio)} ${ratio.value} × ${yuan(standard.value)} = ${yuan(amount)}（四舍五入到分）`;
  } else {
    amount = (chosen as Cited<number>).value;
    formula = `${citeParam(chosen)} ${yuan(amount)}`;
  }
  const used: Cited<unknown>[] = [chosen, standard];
  if (cap && amount > cap.value) {
    formula += `，超过${citeParam(cap)}，按 ${yuan(cap.value)}`;
    amount = cap.value;
    used.push(cap);
  }
  return { category, amount, formula, params: used };
}
