/** Pages of 居家社区养老服务: menu entries and routes, composed in index.tsx. */
import type { MenuEntry, ModuleRoute } from '@mz/ui';

export const HOMECARE_MENU: MenuEntry[] = [];
export const HOMECARE_ROUTES: ModuleRoute[] = [];
