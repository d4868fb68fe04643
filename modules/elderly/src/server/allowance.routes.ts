/** HTTP routes of 高龄津贴与养老补贴. Thin: parse, open the scope, one service call. */
import type { MzApp, ModuleDeps } from '@mz/http';

export async function allowanceRoutes(_app: MzApp, _deps: ModuleDeps): Promise<void> {}
