import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { jobsRoutes } from './jobs.routes.ts';

export * from './jobs.service.ts';
export type { JobView, JobStatus } from '../domain/index.ts';

export const jobsModule: ServerModule = {
  name: 'jobs',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  routes: jobsRoutes,
};
