/** HTTP routes of 居家社区养老服务. Thin: parse, open the scope, one service call. */
import type { MzApp, ModuleDeps } from '@mz/http';

export async function homecareRoutes(_app: MzApp, _deps: ModuleDeps): Promise<void> {}
