/** The workflow definition of each programme, for code that starts from a programme code. */
import type { WorkflowDefinition } from '@mz/workflow';
import { DIBAO_WORKFLOW } from './dibao.workflow.ts';
import { LINSHI_WORKFLOW } from './linshi.workflow.ts';
import { TEKUN_WORKFLOW } from './tekun.workflow.ts';
import type { Programme } from './labels.ts';

export const ASSISTANCE_WORKFLOWS: Readonly<Record<Programme, WorkflowDefinition>> = {
  dibao: DIBAO_WORKFLOW,
  tekun: TEKUN_WORKFLOW,
  linshi: LINSHI_WORKFLOW,
};

/** The programme a stored case belongs to, from its definition key ('assistance.dibao' → 'dibao'). */
export function programmeOfDefinition(definitionKey: string): Programme | null {
  const found = (Object.entries(ASSISTANCE_WORKFLOWS) as [Programme, WorkflowDefinition][]).find(([, def]) => def.key === definitionKey);
  return found ? found[0] : null;
}
