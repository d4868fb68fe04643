import { fileURLToPath } from 'node:url';
import type { ServerModule } from '@mz/http';
import { STATISTICS_AUDIT_ACTIONS, STATISTICS_PERMISSIONS } from '../domain/index.ts';
import { registerBuiltinIndicators } from './sources/builtin.ts';
import { registerRefreshJob } from './refresh.service.ts';
import { statisticsRoutes } from './statistics.routes.ts';

// 社会救助, 资金发放 and 核对监测 indicators, registered at import like every module's (elderly next).
registerBuiltinIndicators();

// The service contract (docs/api/statistics-contract.md): how a module declares its indicators, the
// refresh and check for the CLI, jobs and benchmarks.
export { registerIndicators, listIndicators, findIndicator, findSource, RECORD_COLUMNS, type FactSource, type MonthWindow } from './fact-source.ts';
export { spendingSource } from './sources/payments.source.ts';
export { refreshMonth, checkMonth, queueRefresh, queueDueRefresh, refreshDue, seedDemoStatistics, monthWindow, REFRESH_JOB_KIND, type RefreshOutcome, type CheckOutcome, type Difference } from './refresh.service.ts';
export { rollupSelect } from './rollup.query.ts';
export { dashboard } from './dashboard.service.ts';

/** 统计与监测: indicator catalogue, five-level values, dashboards with drill-down, report forms. */
export const statisticsModule: ServerModule = {
  name: 'statistics',
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  permissions: { ...STATISTICS_PERMISSIONS },
  auditActions: { ...STATISTICS_AUDIT_ACTIONS },
  routes: async (app, deps) => {
    registerRefreshJob();
    await statisticsRoutes(app, deps);
  },
};
