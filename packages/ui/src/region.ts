/** Region helpers for pages; the vocabulary itself (types, levels, containment) is the kernel's. */
import { isWithin as within, LEVEL_NAMES, type RegionDetail, type RegionLevel, type RegionRef } from '@mz/kernel';

export type { RegionLevel, RegionRef, RegionNode, RegionDetail } from '@mz/kernel';

export function regionLevelName(level: number): string {
  return LEVEL_NAMES[level as RegionLevel] ?? `第${level}级`;
}

export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && /^\d{12}$/.test(value);
}

/** True when `code` lies inside the jurisdiction rooted at `root` (itself included). */
export function isWithin(code: string, root: { code: string }): boolean {
  return isRegionCode(code) && within(code, root.code);
}

/** Full path of a region, root first, self last. */
export function fullPath(region: RegionDetail): RegionRef[] {
  return [...region.path, { code: region.code, name: region.name, level: region.level }];
}

export function pathLabel(path: RegionRef[], separator = ' / '): string {
  return path.map((r) => r.name).join(separator);
}

/** The region to view: the URL's, when valid and inside the user's jurisdiction; else home. */
export function resolveViewRegion(param: string | null | undefined, home: { code: string; level: number }): string {
  return param && isRegionCode(param) && isWithin(param, home) ? param : home.code;
}
