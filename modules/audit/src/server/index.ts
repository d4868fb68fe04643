import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { PLATFORM_AUDIT_ACTIONS } from '../domain/index.ts';
import { auditRoutes } from './audit.routes.ts';

export * from './audit.service.ts';

export const auditModule: ServerModule = {
  name: 'audit',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  permissions: { 'audit.read': '查看审计日志' },
  auditActions: PLATFORM_AUDIT_ACTIONS,
  routes: auditRoutes,
};
