import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { regionRoutes } from './regions.routes.ts';

export * from './regions.service.ts';
export * from './regions.loader.ts';
export * from './regions.tables.ts';

export const regionsModule: ServerModule = {
  name: 'regions',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  permissions: { 'region.read': '查看区划' },
  routes: regionRoutes,
};
