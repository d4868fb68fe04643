// Shared vocabulary of the platform: pure functions and types, no I/O.
export * from './domain-error.ts';
export * from './money.ts';
export * from './dates.ts';
export * from './region-code.ts';
export type { RegionRef, RegionNode, RegionDetail } from './region-ref.ts';
export * from './id-number.ts';
export * from './credit-code.ts';
export * from './holiday-calendar.ts';
export * from './working-days.ts';
export * from './estimated-working-days.ts';
export * from './civil-period.ts';
export * from './table-text.ts';
