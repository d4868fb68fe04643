/** Pages of 老年人能力评估: menu entries and routes, composed in index.tsx. */
import type { MenuEntry, ModuleRoute } from '@mz/ui';

export const ASSESSMENT_MENU: MenuEntry[] = [];
export const ASSESSMENT_ROUTES: ModuleRoute[] = [];
