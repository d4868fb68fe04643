import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { REGISTRY_AUDIT_ACTIONS, REGISTRY_PERMISSIONS } from '../domain/index.ts';
import { registryRoutes } from './registry.routes.ts';
import { exportRoutes, importRoutes, registerImportJob } from './import/index.ts';
import { duplicateRoutes } from './duplicates/index.ts';

export * from './person.service.ts';
export * from './household.service.ts';

export const registryModule: ServerModule = {
  name: 'registry',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  permissions: REGISTRY_PERMISSIONS,
  auditActions: REGISTRY_AUDIT_ACTIONS,
  routes: async (app, deps) => {
    // Imports run as background jobs; the handler needs the cipher to seal ID numbers.
    registerImportJob(deps.cipher);
    await registryRoutes(app, deps);
    await importRoutes(app, deps);
    await exportRoutes(app, deps);
    await duplicateRoutes(app, deps);
  },
};
export { seedPopulation, seedDemoPopulation } from './generator/index.ts';
