/**
 * 试算: the breakdown a household would get in a region for a month, with the parameters in force
 * on the first day of that month. Nothing is saved and nothing personal is read, so it is not
 * audited; the region must still be one whose parameters the caller may read.
 */
import type { Tx } from '@mz/db';
import type { Actor } from '@mz/http';
import { firstDayOfMonth, isWithin, notFound } from '@mz/kernel';
import { calculateDibao, calculateLinshi, calculateTekun, type Breakdown, type CalculateInput } from '../domain/index.ts';
import { paramsFor } from './params.service.ts';

export async function calculate(tx: Tx, actor: Actor, input: CalculateInput): Promise<Breakdown> {
  if (!isWithin(input.regionCode, actor.regionCode)) throw notFound('区划不在管辖范围内', '只能为本辖区试算');
  const params = await paramsFor(tx, input.regionCode, firstDayOfMonth(input.month));
  switch (input.programme) {
    case 'dibao':
      return calculateDibao(input.household, params);
    case 'tekun':
      return calculateTekun(input.household, params);
    case 'linshi':
      return calculateLinshi(input.household, params);
  }
}
