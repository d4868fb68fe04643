import { regionLevel, type RegionLevel } from '@mz/kernel';
import type { Level } from './definition.ts';

/** Top to bottom; the index + 1 is the kernel's numeric region level. */
export const WORKFLOW_LEVELS: readonly Level[] = ['province', 'city', 'county', 'township', 'village'];

/** How refusals name a level ("「审核确认」应由县级工作人员办理"). */
export const LEVEL_LABELS: Readonly<Record<Level, string>> = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡镇（街道）',
  village: '村（社区）',
};

const BY_DEPTH: Readonly<Record<RegionLevel, Level>> = { 1: 'province', 2: 'city', 3: 'county', 4: 'township', 5: 'village' };

/**
 * The level an official acts at is the depth of their home region: a 街道 clerk (220105003000) is
 * 'township' even when the case sits in one of its 社区. Throws the kernel's 422 on a malformed code.
 */
export function levelOf(regionCode12: string): Level {
  return BY_DEPTH[regionLevel(regionCode12)];
}

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (WORKFLOW_LEVELS as readonly string[]).includes(value);
}

/**
 * Chinese names of the preset roles (iam_role), so a refusal can say which role a step needs.
 * A definition may name other roles; they are shown by code.
 */
export const ROLE_NAMES: Readonly<Record<string, string>> = {
  clerk: '经办',
  reviewer: '审核',
  approver: '审批',
  admin: '管理员',
  auditor: '查询',
};

export function roleName(code: string): string {
  return ROLE_NAMES[code] ?? code;
}
