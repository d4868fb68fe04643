/** Pages of 高龄津贴与养老补贴: menu entries and routes, composed in index.tsx. */
import type { MenuEntry, ModuleRoute } from '@mz/ui';

export const ALLOWANCE_MENU: MenuEntry[] = [];
export const ALLOWANCE_ROUTES: ModuleRoute[] = [];
