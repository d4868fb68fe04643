import type { ServerModule } from '@mz/http';
import { regionsModule } from '@mz/regions/server';
import { iamModule } from '@mz/iam/server';
import { auditModule } from '@mz/audit/server';
import { jobsModule } from '@mz/jobs/server';
import { registryModule } from '@mz/registry/server';
import { workflowModule } from '@mz/workflow/server';
import { assistanceModule } from '@mz/assistance/server';
import { paymentsModule } from '@mz/payments/server';
import { verificationModule } from '@mz/verification/server';
import { elderlyModule } from '@mz/elderly/server';
import { statisticsModule } from '@mz/statistics/server';

/**
 * The enabled modules, in dependency order. Business modules join this list as they land; the
 * platform three are always on.
 */
export const MODULES: readonly ServerModule[] = [regionsModule, iamModule, auditModule, jobsModule, registryModule, workflowModule, assistanceModule, paymentsModule, verificationModule, elderlyModule, statisticsModule];
