import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { ELDERLY_AUDIT_ACTIONS, ELDERLY_PERMISSIONS } from '../domain/index.ts';
import { allowanceRoutes } from './allowance.routes.ts';
import { assessmentRoutes } from './assessment.routes.ts';
import { homecareRoutes } from './homecare.routes.ts';
import { institutionRoutes } from './institution.routes.ts';
import { qualityRoutes } from './quality.routes.ts';
import './statistics.registration.ts'; // 养老服务 indicators registered with statistics at import

export { seedDemoElderly } from './demo-seed.ts';
export { currentAssessment, type CurrentAssessment } from './assessment.service.ts';
export { institutionScopeFor, scopeCondition, institutionInScope } from './institution.scope.ts';

/** 养老服务: institutions and beds, quality, ability assessment, allowances, home and community care. */
export const elderlyModule: ServerModule = {
  name: 'elderly',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  permissions: { ...ELDERLY_PERMISSIONS },
  auditActions: { ...ELDERLY_AUDIT_ACTIONS },
  routes: async (app, deps) => {
    await institutionRoutes(app, deps);
    await qualityRoutes(app, deps);
    await assessmentRoutes(app, deps);
    await allowanceRoutes(app, deps);
    await homecareRoutes(app, deps);
  },
};
