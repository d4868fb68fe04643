/**
 * What the household register pages (低保边缘家庭, 刚性支出困难家庭) read alike: the signed-in
 * official as the permission rules see them, and how a recognition's state reads. Who may
 * recognise or end differs by register (township or county) and stays in each page's rules.
 */
import type { RecognitionSummary } from '@mz/assistance';

/** What the page knows of the signed-in official. */
export interface Official {
  /** 1 province … 4 township, 5 village. */
  regionLevel: number;
  roles: readonly string[];
  permissions: readonly string[];
}

export const COUNTY = 3;
export const TOWNSHIP = 4;

/** Reviewers and approvers decide on recognitions; clerks prepare them. */
export const decides = (o: Official) => o.permissions.includes('assistance.handle') && o.roles.some((r) => r === 'reviewer' || r === 'approver');

export type RecognitionState = 'active' | 'ended' | 'expired';

export const RECOGNITION_STATES: Readonly<Record<RecognitionState, string>> = { active: '有效', ended: '已终止', expired: '已过期' };

/** In force; ended early (by an official, a new recognition or, for 边缘, admission to 低保); or past its last day. */
export function recognitionState(e: Pick<RecognitionSummary, 'active' | 'endedOn'>): RecognitionState {
  return e.endedOn ? 'ended' : e.active ? 'active' : 'expired';
}
