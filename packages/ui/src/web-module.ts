import { createContext, useContext, type ComponentType, type ReactNode } from 'react';

/** One left-menu entry contributed by a module. */
export interface MenuEntry {
  label: string;
  path: string;
  icon?: ReactNode;
  /** Shown only to users holding this permission. */
  permission?: string;
  /** Entries with the same group are shown under one sub-menu (e.g. 系统管理). */
  group?: string;
  /** Lower first; default 100. */
  order?: number;
}

export interface ModuleRoute {
  /** Absolute path, e.g. `/system/users`. */
  path: string;
  element: ReactNode;
  permission?: string;
}

/** What every business module's `src/web/index.tsx` exports. */
export interface WebModule {
  key: string;
  menu: MenuEntry[];
  routes: ModuleRoute[];
  /**
   * Panels this module adds to the registry's person page (e.g. payments: the person's payment
   * history). The registry cannot import the modules built on it, so the shell collects these and
   * hands them down through PersonPanelsContext. A panel hides itself from users without its
   * permission.
   */
  personPanels?: ComponentType<{ personId: string }>[];
}

/** The person-page panels of every enabled module, provided by the shell. */
export const PersonPanelsContext = createContext<readonly ComponentType<{ personId: string }>[]>([]);

export function usePersonPanels(): readonly ComponentType<{ personId: string }>[] {
  return useContext(PersonPanelsContext);
}

export type MenuNode =
  | { kind: 'item'; entry: MenuEntry }
  | { kind: 'group'; label: string; icon?: ReactNode; children: MenuEntry[] };

/** Known group icons are supplied by the shell; here only structure and permissions. */
export function buildMenu(modules: readonly WebModule[], can: (permission?: string) => boolean): MenuNode[] {
  const entries = modules
    .flatMap((m) => m.menu)
    .filter((e) => can(e.permission))
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.order ?? 100) - (b.entry.order ?? 100) || a.index - b.index)
    .map((x) => x.entry);

  const nodes: MenuNode[] = [];
  const groups = new Map<string, Extract<MenuNode, { kind: 'group' }>>();
  for (const entry of entries) {
    if (!entry.group) {
      nodes.push({ kind: 'item', entry });
      continue;
    }
    let group = groups.get(entry.group);
    if (!group) {
      group = { kind: 'group', label: entry.group, children: [] };
      groups.set(entry.group, group);
      nodes.push(group);
    }
    group.children.push(entry);
  }
  return nodes;
}

/** The menu path that best matches the current location (longest prefix). */
export function selectedMenuPath(pathname: string, entries: readonly MenuEntry[]): string | undefined {
  let best: string | undefined;
  for (const { path } of entries) {
    const matches = path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);
    if (matches && (!best || path.length > best.length)) best = path;
  }
  return best;
}
