/**
 * 养老服务 planning indicators (rules.md 7.4) as a catalogue the statistics module can adopt: each
 * indicator names the measure columns of the SQL functions `elderly_indicator_facts(date, from, to)`
 * (one row per unit, the statistics fact-source shape) and `elderly_indicator_counts(region, date,
 * group_digits)` (their sums by region prefix), migration 0044. Counts add up from child regions to the parent;
 * ratios do not, and are recomputed from the summed counts. A zero denominator gives no value (the
 * page shows '—'), never NaN or 0.
 */

/** Columns of elderly_indicator_counts(), all additive counts. */
export type IndicatorCountKey =
  | 'institutions' | 'care_homes' | 'beds' | 'nursing_beds' | 'residents' | 'caregivers' | 'certified_caregivers' | 'population_60'
  | 'grade_1' | 'grade_2' | 'grade_3' | 'grade_4' | 'grade_5' | 'ungraded';

export const INDICATOR_COUNT_KEYS: readonly IndicatorCountKey[] = [
  'institutions', 'care_homes', 'beds', 'nursing_beds', 'residents', 'caregivers', 'certified_caregivers', 'population_60',
  'grade_1', 'grade_2', 'grade_3', 'grade_4', 'grade_5', 'ungraded',
];

export type IndicatorCounts = Record<IndicatorCountKey, number>;

export interface IndicatorDefinition {
  code: string;
  name: string;
  unit: string;
  /** Plain-language definition with the date rule, for the catalogue page and the stats module. */
  definition: string;
  numerator: IndicatorCountKey;
  /** Absent for a plain count. */
  denominator?: IndicatorCountKey;
  /** value = numerator ÷ denominator × scale (100 for a percentage, 1000 for per thousand). */
  scale?: number;
  /** Decimals of the published value, rounded half up. */
  decimals?: number;
  /** Counts add up from children to the parent; ratios do not. */
  additive: boolean;
}

const DATE_NOTE = '统计日期当日';

export const ELDERLY_INDICATORS: readonly IndicatorDefinition[] = [
  { code: 'elderly.institutions', name: '养老服务机构和设施数', unit: '个', numerator: 'institutions', additive: true,
    definition: '已登记且未关闭的养老机构、日间照料中心、居家养老服务中心、老年餐厅、农村互助养老设施个数（按当前状态，机构状态不保留历史）' },
  { code: 'elderly.beds', name: '养老床位总数', unit: '张', numerator: 'beds', additive: true,
    definition: '未关闭的养老服务机构和设施中在用的床位数（停用床位不计；按当前床位登记，床位不保留历史）' },
  { code: 'elderly.nursing_beds', name: '护理型床位数', unit: '张', numerator: 'nursing_beds', additive: true,
    definition: '养老床位中登记为护理型床位的张数' },
  { code: 'elderly.nursing_bed_ratio', name: '护理型床位占比', unit: '%', numerator: 'nursing_beds', denominator: 'beds', scale: 100, decimals: 1, additive: false,
    definition: '护理型床位数 ÷ 养老床位总数 × 100%（国家“十四五”规划目标 55%，待核实）' },
  { code: 'elderly.population_60', name: '60周岁及以上老年人口', unit: '人', numerator: 'population_60', additive: true,
    definition: `人口基础库中居住地在本区划、${DATE_NOTE}已满60周岁且未死亡的人数（《老年人权益保障法》第二条）` },
  { code: 'elderly.beds_per_1000', name: '每千名老年人养老床位数', unit: '张/千人', numerator: 'beds', denominator: 'population_60', scale: 1000, decimals: 1, additive: false,
    definition: '养老床位总数 ÷ 60周岁及以上老年人口 × 1000' },
  { code: 'elderly.residents', name: '在住老年人数', unit: '人', numerator: 'residents', additive: true,
    definition: `${DATE_NOTE}在住（入住日期不晚于统计日期、尚未退住或退住日期晚于统计日期）的老年人数` },
  { code: 'elderly.occupancy_rate', name: '床位入住率', unit: '%', numerator: 'residents', denominator: 'beds', scale: 100, decimals: 1, additive: false,
    definition: '在住老年人数 ÷ 养老床位总数 × 100%' },
  { code: 'elderly.caregivers', name: '养老护理员人数', unit: '人', numerator: 'caregivers', additive: true,
    definition: `${DATE_NOTE}在职（入职不晚于统计日期且未离职）的养老护理员人数` },
  { code: 'elderly.certified_caregivers', name: '持证养老护理员人数', unit: '人', numerator: 'certified_caregivers', additive: true,
    definition: '在职养老护理员中取得养老护理员职业技能等级证书的人数' },
  { code: 'elderly.certified_caregiver_ratio', name: '养老护理员持证率', unit: '%', numerator: 'certified_caregivers', denominator: 'caregivers', scale: 100, decimals: 1, additive: false,
    definition: '持证养老护理员人数 ÷ 养老护理员人数 × 100%' },
  { code: 'elderly.care_homes', name: '养老机构数', unit: '个', numerator: 'care_homes', additive: true,
    definition: '未关闭的养老机构（参加 GB/T 37276 等级评定的机构类型）个数（按当前状态）' },
  ...([1, 2, 3, 4, 5] as const).map((g): IndicatorDefinition => ({
    code: `elderly.care_homes_grade_${g}`, name: `${['一', '二', '三', '四', '五'][g - 1]}级养老机构数`, unit: '个', numerator: `grade_${g}` as IndicatorCountKey, additive: true,
    definition: `${DATE_NOTE}有效等级为${['一', '二', '三', '四', '五'][g - 1]}级的养老机构数（以统计日期前最近一次确认的等级评定为准）`,
  })),
  { code: 'elderly.care_homes_ungraded', name: '未评定等级养老机构数', unit: '个', numerator: 'ungraded', additive: true,
    definition: '未评定等级或评定未达到一级的养老机构数' },
];

export function findIndicator(code: string): IndicatorDefinition | undefined {
  return ELDERLY_INDICATORS.find((i) => i.code === code);
}

export interface IndicatorValue {
  code: string;
  numerator: number;
  denominator: number | null;
  /** null when the denominator is 0: nothing to show ('—'). */
  value: number | null;
}

/**
 * numerator × scale ÷ denominator, rounded half up to `decimals`, in integer arithmetic so that
 * 1 ÷ 8 × 100 is 12.5 and not 12.499999…; counts are far below 2^53 / 10^5.
 */
export function ratioValue(numerator: number, denominator: number, scale: number, decimals: number): number | null {
  if (denominator === 0) return null;
  const factor = 10 ** decimals;
  const q = numerator * scale * factor;
  return Math.floor((2 * q + denominator) / (2 * denominator)) / factor;
}

export function indicatorValues(counts: IndicatorCounts): IndicatorValue[] {
  return ELDERLY_INDICATORS.map((d) => {
    const numerator = counts[d.numerator];
    if (!d.denominator) return { code: d.code, numerator, denominator: null, value: numerator };
    const denominator = counts[d.denominator];
    return { code: d.code, numerator, denominator, value: ratioValue(numerator, denominator, d.scale ?? 1, d.decimals ?? 1) };
  });
}

export function emptyCounts(): IndicatorCounts {
  return Object.fromEntries(INDICATOR_COUNT_KEYS.map((k) => [k, 0])) as IndicatorCounts;
}

export function sumCounts(rows: readonly IndicatorCounts[]): IndicatorCounts {
  const total = emptyCounts();
  for (const r of rows) for (const k of INDICATOR_COUNT_KEYS) total[k] += r[k];
  return total;
}

/** How a value is printed: '—' when there is none. */
export function formatIndicator(value: number | null, decimals = 0): string {
  return value === null ? '—' : value.toFixed(decimals);
}
