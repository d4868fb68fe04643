import type { RegionLevel } from './region-code.ts';

/** A region as every layer passes it around: the server returns it, pages show it. */
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
  /** Ancestors, province first, not including the region itself. */
  path: RegionRef[];
}
