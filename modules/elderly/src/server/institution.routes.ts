/** HTTP routes of 机构与床位. Thin: parse, open the scope, one service call. */
import type { MzApp, ModuleDeps } from '@mz/http';

export async function institutionRoutes(_app: MzApp, _deps: ModuleDeps): Promise<void> {}
