/** Tags and select options of the 老年人能力评估 pages. */
import type { StatusOption } from '@mz/ui';
import { ABILITY_LEVEL_SHORT_NAMES, ASSESSMENT_REASON_NAMES, ASSESSMENT_STATUS_NAMES, RISK_EVENT_NAMES } from '../domain/assessment.names.ts';

export const LEVEL_OPTIONS: Record<string, StatusOption> = {
  0: { text: `0级 ${ABILITY_LEVEL_SHORT_NAMES[0]}`, tone: 'success' },
  1: { text: `1级 ${ABILITY_LEVEL_SHORT_NAMES[1]}`, tone: 'processing' },
  2: { text: `2级 ${ABILITY_LEVEL_SHORT_NAMES[2]}`, tone: 'warning' },
  3: { text: `3级 ${ABILITY_LEVEL_SHORT_NAMES[3]}`, tone: 'error' },
  4: { text: `4级 ${ABILITY_LEVEL_SHORT_NAMES[4]}`, tone: 'error' },
};

export const STATUS_OPTIONS: Record<string, StatusOption> = {
  draft: { text: ASSESSMENT_STATUS_NAMES.draft, tone: 'processing' },
  completed: { text: ASSESSMENT_STATUS_NAMES.completed, tone: 'success' },
  voided: { text: ASSESSMENT_STATUS_NAMES.voided, tone: 'default' },
};

export const selectOf = (o: Record<string, { text: string } | string>) =>
  Object.entries(o).map(([value, v]) => ({ value, label: typeof v === 'string' ? v : v.text }));

export const REASON_SELECT = selectOf(ASSESSMENT_REASON_NAMES);
export const RISK_EVENT_SELECT = selectOf(RISK_EVENT_NAMES);
export const LEVEL_SELECT = selectOf(LEVEL_OPTIONS);
export const STATUS_SELECT = selectOf(STATUS_OPTIONS);
export const DUE_SELECT = [
  { value: 'overdue', label: '已逾期' },
  { value: '30', label: '30 天内到期（含逾期）' },
  { value: '90', label: '90 天内到期（含逾期）' },
];

export const MANAGE = 'elderly.assessment.manage';
export const VOID = 'elderly.assessment.void';
export const READ = 'elderly.read';
export const assessmentPath = (id: string) => `/elderly/assessments/${id}`;
