/** 高龄津贴与养老补贴: the permission and audit codes this part checks and writes. */
export const ALLOWANCE_PERMISSIONS: Record<string, string> = {};

export const ALLOWANCE_AUDIT_ACTIONS: Record<string, string> = {};
