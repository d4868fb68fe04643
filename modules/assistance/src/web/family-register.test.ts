import { describe, expect, it } from 'vitest';
import { recognitionState } from './family-register.ts';

describe('recognitionState', () => {
  it.each([
    [{ active: true, endedOn: null }, 'active'],
    [{ active: false, endedOn: '2026-05-01' }, 'ended'],
    [{ active: false, endedOn: null }, 'expired'],
  ] as const)('%o → %s', (e, state) => {
    expect(recognitionState(e)).toBe(state);
  });
});
