import type { WebModule } from '@mz/ui';

export const assistanceWebModule: WebModule = { key: 'assistance', menu: [], routes: [] };
