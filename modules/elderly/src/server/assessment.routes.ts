/** HTTP routes of 老年人能力评估. Thin: parse, open the scope, one service call. */
import type { MzApp, ModuleDeps } from '@mz/http';

export async function assessmentRoutes(_app: MzApp, _deps: ModuleDeps): Promise<void> {}
