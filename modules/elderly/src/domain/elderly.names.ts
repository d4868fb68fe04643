import { ALLOWANCE_AUDIT_ACTIONS, ALLOWANCE_PERMISSIONS } from './allowance.names.ts';
import { ASSESSMENT_AUDIT_ACTIONS, ASSESSMENT_PERMISSIONS } from './assessment.names.ts';
import { HOMECARE_AUDIT_ACTIONS, HOMECARE_PERMISSIONS } from './homecare.names.ts';
import { INSTITUTION_AUDIT_ACTIONS, INSTITUTION_PERMISSIONS } from './institution.names.ts';
import { QUALITY_AUDIT_ACTIONS, QUALITY_PERMISSIONS } from './quality.names.ts';

/** Every permission of 养老服务; each part declares its own in `<part>.names.ts`. */
export const ELDERLY_PERMISSIONS: Record<string, string> = {
  'elderly.read': '查看养老服务数据（机构、床位、评估、津贴、居家服务）',
  ...INSTITUTION_PERMISSIONS, ...QUALITY_PERMISSIONS, ...ASSESSMENT_PERMISSIONS, ...ALLOWANCE_PERMISSIONS, ...HOMECARE_PERMISSIONS,
};

export const ELDERLY_AUDIT_ACTIONS: Record<string, string> = {
  ...INSTITUTION_AUDIT_ACTIONS, ...QUALITY_AUDIT_ACTIONS, ...ASSESSMENT_AUDIT_ACTIONS, ...ALLOWANCE_AUDIT_ACTIONS, ...HOMECARE_AUDIT_ACTIONS,
};
