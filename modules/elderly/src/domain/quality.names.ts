/** 等级评定、检查与指标: the permission and audit codes this part checks and writes. */
export const QUALITY_PERMISSIONS: Record<string, string> = {};

export const QUALITY_AUDIT_ACTIONS: Record<string, string> = {};
