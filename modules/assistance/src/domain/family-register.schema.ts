/**
 * What the household registers of 低保边缘家庭 and 刚性支出困难家庭 have in common: a recognition of
 * one household, valid for a number of months, listed by the head's name and masked ID number, and
 * ended early by an official with a reason. Who may recognise or end, and what a recognition
 * measures, differ by rule and stay with each register.
 */
import { z } from 'zod';
import { addCalendarDays, addMonthsToDate, type IsoDate } from '@mz/kernel';
import type { HukouType } from '@mz/registry';
import { isoDateField, textField } from './application.schema.ts';

/** GET of a register: `active` true is in force today, false ended or run out; `q` is part of the head's name. */
export interface RecognitionQuery {
  regionCode?: string;
  active?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

/** Body of POST /assistance/{edge,rigid}-families/{id}/end. */
export const recognitionEndInput = z.object({
  endedOn: isoDateField('终止日期'),
  reason: textField('终止原因', 200),
});
export type RecognitionEndInput = z.output<typeof recognitionEndInput>;

/** One recognition as lists show it: the head's name and masked ID number, never the number itself. */
export interface RecognitionSummary {
  id: string;
  householdId: string;
  regionCode: string;
  regionName: string;
  headName: string;
  headIdMasked: string;
  householdSize: number;
  hukouType: HukouType;
  recognisedOn: string;
  /** Last day the recognition stands: `dibao.edge.validityMonths` or `dibao.rigid.validityMonths` (≤ 12, 第十条) after it was made. */
  validUntil: string;
  endedOn: string | null;
  endedReason: string | null;
  /** Not ended and still within its validity today. */
  active: boolean;
  recognisedByName: string | null;
}

/** "N months from the day of recognition": the last day is the one before the same date N months on. */
export function recognitionValidUntil(recognisedOn: IsoDate, months: number): IsoDate {
  return addCalendarDays(addMonthsToDate(recognisedOn, months), -1);
}
