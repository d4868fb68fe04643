import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { PAYMENTS_AUDIT_ACTIONS, PAYMENTS_PERMISSIONS } from '../domain/index.ts';
import { paymentsRoutes } from './payments.routes.ts';

// The service contract programme modules call (docs/api/payments-contract.md): they declare their
// programme, and record what their decisions entitle, inside their own transaction.
export { registerProgramme, listProgrammes, findProgramme } from './programmes.ts';
export { recordEntitlement, endEntitlement, recordOneOffGrant } from './entitlement.service.ts';
export { recordEntitlements, endEntitlements } from './entitlement-bulk.service.ts';
export { paymentHistory } from './history.service.ts';
export { holdPayments, releaseHold, type HoldInput, type ReleaseInput } from './hold.service.ts';
export { generateRegularRoll } from './roll.generate.ts';
export { exportBankFile } from './bank-file.ts';

export const paymentsModule: ServerModule = {
  name: 'payments',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  permissions: { ...PAYMENTS_PERMISSIONS },
  auditActions: { ...PAYMENTS_AUDIT_ACTIONS },
  routes: paymentsRoutes,
};
