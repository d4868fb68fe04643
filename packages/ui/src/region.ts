/** Region vocabulary shared by every page (统计用区划代码, 12 digits). */

export type RegionLevel = 1 | 2 | 3 | 4 | 5;

export interface RegionRef {
  code: string;
  name: string;
  level: RegionLevel;
}

export interface RegionNode extends RegionRef {
  hasChildren: boolean;
}

export interface RegionDetail extends RegionNode {
  parentCode: string | null;
  /** Ancestors, root first, excluding the region itself. */
  path: RegionRef[];
}

export const REGION_LEVEL_NAMES: Record<RegionLevel, string> = {
  1: '省级',
  2: '市级',
  3: '县级',
  4: '乡镇/街道',
  5: '村/社区',
};

export function regionLevelName(level: number): string {
  return REGION_LEVEL_NAMES[level as RegionLevel] ?? `第${level}级`;
}

/** Significant digits of a region code per level: 省 2, 市 4, 县 6, 乡 9, 村 12. */
const PREFIX_LENGTH: Record<RegionLevel, number> = { 1: 2, 2: 4, 3: 6, 4: 9, 5: 12 };

export function jurisdictionPrefix(code: string, level: number): string {
  return code.slice(0, PREFIX_LENGTH[level as RegionLevel] ?? code.length);
}

export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && /^\d{12}$/.test(value);
}

/** True when `code` lies inside the jurisdiction rooted at `root` (itself included). */
export function isWithin(code: string, root: { code: string; level: number }): boolean {
  return code.startsWith(jurisdictionPrefix(root.code, root.level));
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
