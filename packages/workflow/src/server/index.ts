import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';

export * from './case.service.ts';
export { isUuid } from './case.repository.ts';

/** The case engine's tables (workflow_case, workflow_decision); no routes of its own. */
export const workflowModule: ServerModule = {
  name: 'workflow',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
};
