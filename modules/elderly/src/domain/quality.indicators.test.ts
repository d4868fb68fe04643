import { describe, expect, it } from 'vitest';
import { ELDERLY_INDICATORS, emptyCounts, formatIndicator, indicatorValues, ratioValue, sumCounts } from './quality.indicators.ts';

const value = (counts: ReturnType<typeof emptyCounts>, code: string) => indicatorValues(counts).find((v) => v.code === code)!.value;

describe('indicator values', () => {
  it.each([
    ['1 ÷ 8 as % → 12.5', 1, 8, 100, 1, 12.5],
    ['2 ÷ 3 as % → 66.7 (half up)', 2, 3, 100, 1, 66.7],
    ['1 ÷ 3 as % → 33.3', 1, 3, 100, 1, 33.3],
    ['5 beds ÷ 4 elders × 1000 → 1250', 5, 4, 1000, 1, 1250],
    ['60 beds ÷ 2000 elders × 1000 → 30', 60, 2000, 1000, 1, 30],
    ['1 ÷ 16 as % → 6.3 (6.25 half up)', 1, 16, 100, 1, 6.3],
    ['zero denominator → none', 3, 0, 100, 1, null],
  ] as const)('%s', (_c, n, d, scale, decimals, expected) => {
    expect(ratioValue(n, d, scale, decimals)).toBe(expected);
  });

  it('computes the catalogue from counts and shows — for a zero denominator', () => {
    const c = { ...emptyCounts(), beds: 8, nursing_beds: 5, residents: 6, population_60: 400, caregivers: 3, certified_caregivers: 2 };
    expect(value(c, 'elderly.nursing_bed_ratio')).toBe(62.5);
    expect(value(c, 'elderly.beds_per_1000')).toBe(20);
    expect(value(c, 'elderly.occupancy_rate')).toBe(75);
    expect(value(c, 'elderly.certified_caregiver_ratio')).toBe(66.7);
    const none = emptyCounts();
    expect(value(none, 'elderly.occupancy_rate')).toBeNull();
    expect(formatIndicator(value(none, 'elderly.occupancy_rate'), 1)).toBe('—');
    expect(value(none, 'elderly.beds')).toBe(0);
  });

  it('sums additive counts and names every indicator once with numerator and unit', () => {
    const a = { ...emptyCounts(), beds: 3, grade_2: 1 };
    const b = { ...emptyCounts(), beds: 4, population_60: 10 };
    expect(sumCounts([a, b])).toMatchObject({ beds: 7, grade_2: 1, population_60: 10 });
    const codes = ELDERLY_INDICATORS.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const i of ELDERLY_INDICATORS) {
      expect(i.unit).not.toBe('');
      expect(i.additive).toBe(!i.denominator);
    }
  });
});
