import { describe, expect, it } from 'vitest';
import { changeText, chartValue, recentMonths } from './format.ts';

describe('dashboard formatting', () => {
  it('lists the months before today, newest first, across a year end', () => {
    expect(recentMonths(3, new Date('2026-02-10T00:00:00Z'))).toEqual(['2026-02', '2026-01', '2025-12']);
  });
  it.each([
    [{ delta: 1, rate: 0.5 }, 'count', '+50.0%'],
    [{ delta: -3, rate: -0.75 }, 'count', '−75.0%'],
    [{ delta: 15_000, rate: null }, 'fen', '+150.00'],
    [null, 'count', '—'],
  ] as const)('shows %j as %s → %s', (c, f, text) => expect(changeText(c, f)).toBe(text));
  it('plots fen as 元', () => expect(chartValue(65_000, 'fen')).toBe(650));
});
