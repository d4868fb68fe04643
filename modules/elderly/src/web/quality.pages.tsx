/** Pages of 等级评定、检查与指标: menu entries and routes, composed in index.tsx. */
import type { MenuEntry, ModuleRoute } from '@mz/ui';

export const QUALITY_MENU: MenuEntry[] = [];
export const QUALITY_ROUTES: ModuleRoute[] = [];
