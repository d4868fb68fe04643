/**
 * 低保边缘家庭 (低保办法第八条第二款; 2022通知一(四); 2023意见二): a household not eligible for 低保
 * whose per-capita income is below a multiple (default 1.5) of the 低保 standard and whose property
 * is within the local limits. It is recognised when a 低保 application is refused or a benefit is
 * stopped for income and the breakdown says so, when a 单人保 case establishes it, or directly by
 * a township reviewer from the household's economic data — in every case the 低保 calculator
 * decides, never the official's say-so.
 */
import { z } from 'zod';
import { HUKOU_TYPES } from '@mz/registry';
import { codeOf, dibaoEconomics, isoDateField, optionalText, uuidField } from './application.schema.ts';
import type { RecognitionSummary } from './family-register.schema.ts';
import type { EdgeFamilySource } from './labels.ts';

/** Body of POST /assistance/edge-families: the household and its economic situation. */
export const edgeFamilyInput = z.object({
  householdId: uuidField('家庭'),
  hukouType: codeOf(HUKOU_TYPES, '户籍类型'),
  /** Defaults to today; never later. */
  recognisedOn: isoDateField('认定日期').optional().nullable(),
  incomes: dibaoEconomics.shape.incomes,
  deductions: dibaoEconomics.shape.deductions,
  property: dibaoEconomics.shape.property,
  note: optionalText('备注', 500),
});
export type EdgeFamilyInput = z.output<typeof edgeFamilyInput>;

/** One recognition as lists show it, with the test it passed and where it came from. */
export interface EdgeFamilySummary extends RecognitionSummary {
  perCapitaIncomeFen: number;
  /** The 边缘 multiplier in force, e.g. '1.5'. */
  edgeMultiplier: string;
  /** The monthly 低保 standard the test used (urban or rural). */
  standardFen: number;
  source: EdgeFamilySource;
  sourceName: string;
  sourceCaseId: string | null;
  sourceCaseNo: string | null;
}
