import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';

/** The case engine's tables (workflow_case, workflow_decision); no routes of its own. */
export const workflowModule: ServerModule = {
  name: 'workflow',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
};
