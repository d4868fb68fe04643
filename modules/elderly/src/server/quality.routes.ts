/** HTTP routes of 等级评定、检查与指标. Thin: parse, open the scope, one service call. */
import type { MzApp, ModuleDeps } from '@mz/http';

export async function qualityRoutes(_app: MzApp, _deps: ModuleDeps): Promise<void> {}
