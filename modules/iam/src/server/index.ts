import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { BUSINESS_PERMISSIONS, IAM_PERMISSIONS } from '../domain/index.ts';
import { iamRoutes } from './iam.routes.ts';

export { login, logout, resolveActor, loadUserActor } from './session.service.ts';
export { seedDemoAccounts } from './demo-seed.ts';
export { createAdministrator } from './admin.service.ts';
export { hashPassword, verifyPassword } from './password.ts';

export const iamModule: ServerModule = {
  name: 'iam',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  permissions: { ...IAM_PERMISSIONS, ...BUSINESS_PERMISSIONS },
  routes: iamRoutes,
};
