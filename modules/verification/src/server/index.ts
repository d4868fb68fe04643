import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { VERIFICATION_AUDIT_ACTIONS, VERIFICATION_PERMISSIONS } from '../domain/index.ts';
import { ensureCatalogue } from './catalogue.service.ts';
import { registerRunJob } from './monitor.service.ts';
import { registerImportJob } from './snapshot.import.ts';
import { verificationRoutes } from './verification.routes.ts';
import { registerWithAssistance } from './case-link.service.ts';

// 申请信息核对 answered by a household report, and 需调整 alerts closed by the case's decision:
// registered with assistance at import, as assistance may not import this module.
registerWithAssistance();

// The service contract (docs/api/verification-contract.md): imports and runs as functions for the
// CLI and benchmarks; alerts for the assistance hand-off to come.
export { ensureCatalogue, listSources, listRules, updateRule, updateSource } from './catalogue.service.ts';
export { importSnapshot, purgeExpired, queueSnapshotImport, IMPORT_JOB_KIND, type Importer, type ImportOutcome } from './snapshot.import.ts';
export { runMonitor, queueRun, listRuns, RUN_JOB_KIND, type Runner, type RunOutcome, type RunKind } from './monitor.service.ts';
export { onAlertHandled, silentResults, type AlertOutcome, type SilentOutcome } from './silent.service.ts';
export { listAlerts, alertStats, getAlert, actOnAlert } from './alert.service.ts';
export { CLOSURE_OUTCOMES, evidenceSummary } from './case-link.service.ts';
export { createVerificationRequest, getVerificationRequest, listVerificationRequests, type Requester, type RequestView, type RequestDetail } from './household-report.service.ts';
export { readSourceFile, type SourceRow } from './source-file.ts';
export { writeSampleDeliveries, sampleCsv, type SampleOptions } from './samples.ts';

export const verificationModule: ServerModule = {
  name: 'verification',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  permissions: { ...VERIFICATION_PERMISSIONS },
  auditActions: { ...VERIFICATION_AUDIT_ACTIONS },
  routes: async (app, deps) => {
    // The catalogue's rows (new sources and rules with their defaults) before any request reads them.
    await ensureCatalogue(deps.db);
    registerImportJob(deps.cipher);
    registerRunJob();
    await verificationRoutes(app, deps);
  },
};
