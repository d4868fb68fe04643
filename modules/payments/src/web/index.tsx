import type { WebModule } from '@mz/ui';

/** 资金发放 pages are built from docs/api/payments-contract.md; until then the module adds nothing. */
export const paymentsWebModule: WebModule = { key: 'payments', menu: [], routes: [] };
