import { describe, expect, it } from 'vitest';
import {
  BUILTIN_INDICATORS, changeFrom, combineMonths, countIndicator, formatIndicatorValue, indicatorProblems, indicatorValue, reportMonths, spendingIndicator,
  trailingMonths, type IndicatorDefinition,
} from './index.ts';

const base = BUILTIN_INDICATORS.find((d) => d.code === 'dibao.standard.avg')!;

describe('the indicator catalogue', () => {
  it('declares every built-in indicator correctly, once, with the issue\'s list covered', () => {
    for (const d of BUILTIN_INDICATORS) expect(indicatorProblems(d), d.code).toEqual([]);
    const codes = BUILTIN_INDICATORS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining([
      'dibao.households.urban', 'dibao.households.rural', 'dibao.persons.urban', 'dibao.persons.rural', 'dibao.standard.avg',
      'tekun.persons.centralized', 'tekun.persons.dispersed', 'linshi.cases', 'linshi.amount', 'spending.dibao', 'alerts.open', 'alerts.handled',
    ]));
  });

  it.each<[string, Partial<IndicatorDefinition>, string]>([
    ['bad code', { code: 'Dibao' }, '指标代码「Dibao」应为小写英文单词以点分隔（如 dibao.households）'],
    ['ratio marked additive', { additive: true }, '有分母，是比率或平均数，不能标为可加总'],
    ['denominator text without measure', { denominatorMeasure: null }, '分母口径说明与分母度量应同时给出或同时省略'],
    ['per-mille with the wrong scale', { format: 'permille', scale: 100 }, '显示格式与倍数不一致'],
    ['measure not an identifier', { numeratorMeasure: 'x; DROP TABLE' }, '分子度量名不正确'],
  ])('refuses a definition with %s', (_, change, message) => {
    expect(indicatorProblems({ ...base, ...change }).join('；')).toContain(message);
  });

  it('refuses a count that claims not to be additive', () => {
    const count = countIndicator({ code: 'x.count', name: '计数', unit: '人', group: 'g', numerator: 'n', sourceModule: 'm', source: 's', numeratorMeasure: 'n', nature: 'stock' }, 1);
    expect(indicatorProblems(count)).toEqual([]);
    expect(indicatorProblems({ ...count, additive: false })[0]).toContain('应可加总');
  });

  it('names a programme\'s spending indicator after the payments programme code', () => {
    expect(spendingIndicator('gaoling', '高龄津贴发放', 5)).toMatchObject({ code: 'spending.gaoling', numeratorMeasure: 'p_gaoling', format: 'fen', nature: 'flow', additive: true });
  });
});

describe('values', () => {
  it.each<[number, number | null, number, number | null]>([
    [12, null, 1, 12],
    [390_000, 6, 1, 65_000], // average standard: fen per person
    [35, 1000, 1000, 35], // beds per thousand elderly
    [2, 3, 100, 66.6667], // a percentage, 4 decimals
    [5, 0, 100, null], // no base
  ])('%d / %s × %d = %s', (n, d, scale, v) => expect(indicatorValue(n, d, scale)).toBe(v));

  it.each<[number | null, IndicatorDefinition['format'], string]>([
    [12345, 'count', '12,345'], [6500050, 'fen', '65,000.50'], [35.25, 'permille', '35.3‰'], [66.6667, 'percent', '66.7%'], [null, 'count', '—'],
  ])('shows %s as %s → %s', (v, f, text) => expect(formatIndicatorValue(v, f)).toBe(text));
});

describe('periods', () => {
  it('gives a month or a quarter its months', () => {
    expect(reportMonths('monthly', '2026-03')).toEqual(['2026-03']);
    expect(reportMonths('quarterly', '2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(() => reportMonths('quarterly', '2026-Q5')).toThrow('季报应为 YYYY-Qn');
    expect(() => reportMonths('monthly', '2026-13')).toThrow('报表期格式不正确');
  });

  it('ends a trend with the month asked for', () => {
    expect(trailingMonths('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('takes a quarter\'s stock at its end and sums its flows, ratios from the summed parts', () => {
    const months = [{ numerator: 10, denominator: null }, { numerator: 12, denominator: null }, { numerator: 11, denominator: null }];
    expect(combineMonths('stock', months)).toEqual({ numerator: 11, denominator: null });
    expect(combineMonths('flow', months)).toEqual({ numerator: 33, denominator: null });
    expect(combineMonths('flow', [{ numerator: 3, denominator: 4 }, null, { numerator: 1, denominator: 4 }])).toEqual({ numerator: 4, denominator: 8 });
    expect(combineMonths('stock', [{ numerator: 1, denominator: null }, null])).toBeNull();
  });

  it('measures 环比 and 同比 from the earlier value', () => {
    expect(changeFrom(3, 2)).toEqual({ delta: 1, rate: 0.5 });
    expect(changeFrom(1, 4)).toEqual({ delta: -3, rate: -0.75 });
    expect(changeFrom(5, 0)).toEqual({ delta: 5, rate: null });
    expect(changeFrom(null, 4)).toBeNull();
  });
});
