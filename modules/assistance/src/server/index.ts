import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { ASSISTANCE_AUDIT_ACTIONS, ASSISTANCE_PERMISSIONS } from '../domain/index.ts';
import { assistanceRoutes } from './assistance.routes.ts';
import { NEAR_KIN_AUDIT_ACTIONS, nearKinRoutes } from './near-kin/index.ts';
import { registerAssistanceProgrammes } from './payments-handoff.ts';

// 低保, 特困 and 临时救助 pay through the payments ledger; decisions record what they entitle
// (payments-handoff.ts), and the monthly rolls pay it.
registerAssistanceProgrammes();

// The service contract other modules may call (payments will read approved cases through it).
export { fileApplication } from './application.service.ts';
export { takeAction, type ActionBody } from './case-action.service.ts';
export { getCaseDetail, listCases, caseQueue } from './case-query.service.ts';
export { paramsFor, loadParamRows } from './params.service.ts';
// What modules depending on assistance plug into a case (verification: reports and alerts).
export {
  attachCaseNotice, onCaseDecision, registerInvestigationVerifier, BENEFIT_DECISIONS, NOTICE_FLAG,
  type CaseDecisionEvent, type CaseDecisionListener, type InvestigationVerifier, type NoticeInput,
} from './case-links.ts';
export { seedDemoAssistanceParams } from './demo/params.seed.ts';
export { seedDemoAssistanceCases } from './demo/cases.seed.ts';

export const assistanceModule: ServerModule = {
  name: 'assistance',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  permissions: { ...ASSISTANCE_PERMISSIONS },
  auditActions: { ...ASSISTANCE_AUDIT_ACTIONS, ...NEAR_KIN_AUDIT_ACTIONS },
  routes: async (app, deps) => {
    await assistanceRoutes(app, deps);
    await nearKinRoutes(app, deps);
  },
};
