import { describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { indicatorProblems, indicatorValue } from '@mz/statistics';
import { findIndicator, findSource } from '@mz/statistics/server';
import { ELDERLY_INDICATORS, INDICATOR_COUNT_KEYS, ratioValue } from '../domain/quality.indicators.ts';
import { FACILITY_INDICATORS, LONGEVITY_INDICATORS, LONGEVITY_SPENDING, facilitiesSource, longevitySource } from './statistics.registration.ts';

// The 养老服务 definitions as the statistics module takes them: valid, one for each of the page's
// indicators with the same parts, shown in the page's unit, and facts read at the month's end.

const dialect = new PgDialect();
const window = { month: '2026-02', start: '2026-02-01', next: '2026-03-01' };

describe('养老服务 indicators registered with statistics', () => {
  it('are valid statistics definitions, registered at import', () => {
    for (const d of [...FACILITY_INDICATORS, ...LONGEVITY_INDICATORS, LONGEVITY_SPENDING]) {
      expect(indicatorProblems(d), d.code).toEqual([]);
      expect(findIndicator(d.code), d.code).toEqual(d);
    }
    expect(findSource('elderly.facilities')).toBe(facilitiesSource);
    expect(findSource('elderly.longevity')).toBe(longevitySource);
  });

  it.each([
    ['elderly.beds', 'beds', null, 1, 'count', true],
    ['elderly.nursing_bed_ratio', 'nursing_beds', 'beds', 100, 'percent', false],
    ['elderly.beds_per_1000', 'beds', 'population_60', 1000, 'permille', false],
    ['elderly.occupancy_rate', 'residents', 'beds', 100, 'percent', false],
    ['elderly.certified_caregiver_ratio', 'certified_caregivers', 'caregivers', 100, 'percent', false],
    ['elderly.population_60', 'population_60', null, 1, 'count', true],
    ['elderly.care_homes_grade_5', 'grade_5', null, 1, 'count', true],
  ] as const)('%s: %s over %s, ×%d, shown as %s', (code, numerator, denominator, scale, format, additive) => {
    expect(FACILITY_INDICATORS.find((d) => d.code === code)).toMatchObject({
      numeratorMeasure: numerator, denominatorMeasure: denominator, scale, format, additive, group: '养老服务', nature: 'stock', source: 'elderly.facilities',
    });
  });

  it('covers the page\'s whole catalogue, and every measure is a column of the facts function', () => {
    expect(FACILITY_INDICATORS.map((d) => d.code)).toEqual(ELDERLY_INDICATORS.map((d) => d.code));
    for (const m of INDICATOR_COUNT_KEYS) expect(facilitiesSource.hasMeasure(m), m).toBe(true);
    expect(facilitiesSource.hasMeasure('amount_fen')).toBe(false);
    expect(longevitySource.hasMeasure('recipients')).toBe(true);
    expect(LONGEVITY_SPENDING).toMatchObject({ code: 'spending.longevity', name: '高龄津贴发放', numeratorMeasure: 'p_longevity', format: 'fen' });
  });

  it.each([
    [4, 8, 100], [1, 8, 100], [1, 3, 100], [8, 6, 1000], [2, 3, 1000], [0, 5, 100],
  ])('rounds %d ÷ %d × %d to the page\'s one decimal from the statistics value', (n, d, scale) => {
    expect(Math.round(indicatorValue(n, d, scale)! * 10) / 10).toBe(ratioValue(n, d, scale, 1));
  });

  it('reads the facts at the month\'s last day, for the whole country or a subtree', () => {
    const all = dialect.sqlToQuery(facilitiesSource.facts(window, ['beds']));
    expect(all.sql).toContain('elderly_indicator_facts');
    expect(all.params).toEqual(['2026-03-01', '000000000000', '9999999999999']);
    const sub = dialect.sqlToQuery(facilitiesSource.facts(window, ['beds'], { from: '220105000000', to: '220106000000' }));
    expect(sub.params).toEqual(['2026-03-01', '220105000000', '220106000000']);
    const longevity = dialect.sqlToQuery(longevitySource.facts(window, ['recipients'], { from: '220105000000', to: '220106000000' }));
    expect(longevity.params).toEqual(['2026-02-01', '2026-02-01', '220105000000', '220106000000']);
    expect(longevity.sql).toContain("e.programme = 'longevity'");
  });
});
