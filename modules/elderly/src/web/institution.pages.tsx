/** Pages of 机构与床位: menu entries and routes, composed in index.tsx. */
import type { MenuEntry, ModuleRoute } from '@mz/ui';

export const INSTITUTION_MENU: MenuEntry[] = [];
export const INSTITUTION_ROUTES: ModuleRoute[] = [];
