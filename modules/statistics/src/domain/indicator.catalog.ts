/**
 * The indicator catalogue as data (统计指标目录). An indicator is a numerator over an optional
 * denominator, both sums of a fact source's measures, so every value — a count, an amount, an
 * average or a rate — rolls up exactly from village to province: a ratio is recomputed from the
 * summed parts at each level, never averaged. Which SQL yields the facts lives on the server (a
 * fact source); this file says what each number means.
 */

/** Natural reporting frequency of the indicator (values are kept per month). */
export type IndicatorPeriod = 'month' | 'quarter' | 'year';
/** 时点数 (a level at the end of the month) or 时期数 (what happened during it). */
export type IndicatorNature = 'stock' | 'flow';
/** 'job': recomputed for a month by the refresh; 'incremental': the owner module writes deltas as facts change. */
export type RefreshMode = 'job' | 'incremental';
/** How the value is shown: counts, money in fen (shown as 元), a per-thousand or per-cent rate, a plain ratio. */
export type ValueFormat = 'count' | 'fen' | 'permille' | 'percent' | 'ratio';

export interface IndicatorDefinition {
  /** Stable code: lower-case words joined by dots, e.g. 'dibao.households.urban'. */
  code: string;
  name: string;
  unit: string;
  /** Section of the catalogue and dashboard (社会救助, 资金发放, 核对监测, 养老服务 …). */
  group: string;
  /** What is counted or summed, in words. */
  numerator: string;
  /** What it is divided by, in words (null: the value is the numerator). */
  denominator: string | null;
  /** Module owning the facts. */
  sourceModule: string;
  /** Server-side fact source whose measures make the numerator and denominator. */
  source: string;
  numeratorMeasure: string;
  denominatorMeasure: string | null;
  /** value = numerator × scale ÷ denominator (1000 for ‰, 100 for %); 1 without a denominator. */
  scale: number;
  period: IndicatorPeriod;
  nature: IndicatorNature;
  /** Whether children sum to the parent (counts, amounts); ratios are not additive. */
  additive: boolean;
  refresh: RefreshMode;
  format: ValueFormat;
  /** Shown as a headline card (with trend) on the dashboard. */
  headline: boolean;
  /** Position in the catalogue and on the dashboard. */
  order: number;
}

export const PERIOD_NAMES: Record<IndicatorPeriod, string> = { month: '月报', quarter: '季报', year: '年报' };
export const NATURE_NAMES: Record<IndicatorNature, string> = { stock: '时点数', flow: '时期数' };
export const REFRESH_NAMES: Record<RefreshMode, string> = { job: '按月刷新', incremental: '实时累计' };

const CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+){1,4}$/;
const MEASURE = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * What is wrong with a definition, in Chinese, or an empty list. Registration refuses a bad one at
 * start-up, so a module cannot declare an indicator the refresh would misread.
 */
export function indicatorProblems(d: IndicatorDefinition): string[] {
  const p: string[] = [];
  if (!CODE.test(d.code)) p.push(`指标代码「${d.code}」应为小写英文单词以点分隔（如 dibao.households）`);
  if (!d.name.trim() || d.name.length > 40) p.push(`指标「${d.code}」的名称应为 1–40 个字`);
  if (!d.unit.trim()) p.push(`指标「${d.code}」缺少计量单位`);
  if (!d.numerator.trim()) p.push(`指标「${d.code}」缺少分子口径说明`);
  if (!MEASURE.test(d.numeratorMeasure)) p.push(`指标「${d.code}」的分子度量名不正确`);
  if ((d.denominator === null) !== (d.denominatorMeasure === null)) p.push(`指标「${d.code}」的分母口径说明与分母度量应同时给出或同时省略`);
  if (d.denominatorMeasure !== null && !MEASURE.test(d.denominatorMeasure)) p.push(`指标「${d.code}」的分母度量名不正确`);
  if (d.denominatorMeasure !== null && d.additive) p.push(`指标「${d.code}」有分母，是比率或平均数，不能标为可加总`);
  if (d.denominatorMeasure === null && d.scale !== 1) p.push(`指标「${d.code}」没有分母，倍数应为 1`);
  if (!(d.scale > 0)) p.push(`指标「${d.code}」的倍数应为正数`);
  if (d.denominatorMeasure === null && !d.additive) p.push(`指标「${d.code}」没有分母，是计数或金额，应可加总`);
  if ((d.format === 'permille' && d.scale !== 1000) || (d.format === 'percent' && d.scale !== 100)) p.push(`指标「${d.code}」的显示格式与倍数不一致`);
  return p;
}

/** The value from its parts: null when the denominator is zero (no base to divide by). */
export function indicatorValue(numerator: number, denominator: number | null, scale: number): number | null {
  if (denominator === null) return numerator;
  if (denominator === 0) return null;
  return Math.round((numerator * scale * 10_000) / denominator) / 10_000;
}

/** A value as officials read it: counts with separators, fen as 元 with two decimals, rates with their sign. */
export function formatIndicatorValue(value: number | null, format: ValueFormat): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const group = (n: number, digits: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  switch (format) {
    case 'count': return group(value, 0);
    case 'fen': return group(value / 100, 2);
    case 'permille': return `${group(value, 1)}‰`;
    case 'percent': return `${group(value, 1)}%`;
    case 'ratio': return group(value, 2);
  }
}

/** The value in the unit a report shows (fen → 元, two decimals), for spreadsheets. */
export function reportCellValue(value: number | null, format: ValueFormat): number | null {
  if (value === null) return null;
  if (format === 'fen') return Math.round(value) / 100;
  if (format === 'count') return value;
  return Math.round(value * 100) / 100;
}
