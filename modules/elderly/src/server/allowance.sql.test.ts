import { describe, expect, it } from 'vitest';
import { ageReachedInMonth, ageForMonth } from '../domain/allowance.rules.ts';
import { latestBirthForAge } from './allowance.sql.ts';

// The run narrows the registry to birth dates up to latestBirthForAge() before computing ages:
// the bound must be exactly the last birth date that has reached the age.
describe('latestBirthForAge', () => {
  it.each([
    ['2026-05', 80, 'birthday_month', '1946-05-31'],
    ['2026-05', 80, 'next_month', '1946-04-30'],
    ['2026-01', 80, 'next_month', '1945-12-31'],
    ['2024-02', 80, 'birthday_month', '1944-02-29'],
    ['2025-02', 80, 'birthday_month', '1945-02-28'],
  ] as const)('%s, %i, %s → %s', (month, age, rule, last) => {
    expect(latestBirthForAge(month, age, rule)).toBe(last);
    expect(ageForMonth(last, month, rule)).toBe(age);
    // The day after has not reached it.
    const next = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(ageForMonth(next, month, rule)).toBe(age - 1);
  });

  it('agrees with the pure rule for a leap-day birth', () => {
    expect(ageReachedInMonth('1944-02-29', '2025-02')).toBe(81);
  });
});
