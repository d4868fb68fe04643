import { describe, expect, it } from 'vitest';
import { displayValue, isFuture } from './format.ts';

describe('displayValue', () => {
  it('renders audit values readably', () => {
    expect(displayValue(null)).toBe('—');
    expect(displayValue('')).toBe('—');
    expect(displayValue(true)).toBe('是');
    expect(displayValue(['clerk', 'reviewer'])).toBe('clerk、reviewer');
    expect(displayValue(42)).toBe('42');
    expect(displayValue({ a: 1 })).toBe('{"a":1}');
  });
});

describe('isFuture', () => {
  const now = new Date('2025-06-01T02:00:00Z');
  it('is true only for a later time', () => {
    expect(isFuture('2025-06-01T02:30:00Z', now)).toBe(true);
    expect(isFuture('2025-06-01T01:30:00Z', now)).toBe(false);
    expect(isFuture(null, now)).toBe(false);
    expect(isFuture('not a date', now)).toBe(false);
  });
});
