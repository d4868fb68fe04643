import { auditWebModule } from '@mz/audit/web';
import { iamWebModule } from '@mz/iam/web';
import { regionsWebModule } from '@mz/regions/web';
import { registryWebModule } from '@mz/registry/web';
import { assistanceWebModule } from '@mz/assistance/web';
import { paymentsWebModule } from '@mz/payments/web';
import { verificationWebModule } from '@mz/verification/web';
import { elderlyWebModule } from '@mz/elderly/web';
import { statisticsWebModule } from '@mz/statistics/web';
import type { WebModule } from '@mz/ui';
import { workbenchModule } from './workbench/workbench.module.tsx';

/**
 * The modules enabled in this deployment, in menu order. Each contributes menu entries and routes;
 * the shell shows only what the signed-in user's permissions allow.
 */
export const modules: WebModule[] = [workbenchModule, regionsWebModule, registryWebModule, assistanceWebModule, paymentsWebModule, verificationWebModule, elderlyWebModule, statisticsWebModule, iamWebModule, auditWebModule];
