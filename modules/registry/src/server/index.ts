import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { REGISTRY_AUDIT_ACTIONS, REGISTRY_PERMISSIONS } from '../domain/index.ts';
import { registryRoutes } from './registry.routes.ts';

export * from './person.service.ts';
export * from './household.service.ts';

export const registryModule: ServerModule = {
  name: 'registry',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  permissions: REGISTRY_PERMISSIONS,
  auditActions: REGISTRY_AUDIT_ACTIONS,
  routes: async (app, deps) => {
    await registryRoutes(app, deps);
  },
};
