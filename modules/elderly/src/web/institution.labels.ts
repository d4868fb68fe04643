/** Labels and colours the 养老机构 pages share. */
import type { StatusOption } from '@mz/ui';
import { INSTITUTION_STATUS_NAMES } from '../domain/institution.rules.ts';

export const INSTITUTION_STATUS_OPTIONS: Record<string, StatusOption> = {
  operating: { text: INSTITUTION_STATUS_NAMES.operating, tone: 'success' },
  suspended: { text: INSTITUTION_STATUS_NAMES.suspended, tone: 'warning' },
  closed: { text: INSTITUTION_STATUS_NAMES.closed, tone: 'default' },
};

export function optionsOf(names: Record<string, string>): { value: string; label: string }[] {
  return Object.entries(names).map(([value, label]) => ({ value, label }));
}

/** Occupancy colours: nearly full is red (no room to admit), a half-empty home amber, between green. */
export function occupancyColor(percent: number): string {
  if (percent >= 95) return '#cf1322';
  if (percent < 50) return '#d48806';
  return '#389e0d';
}
