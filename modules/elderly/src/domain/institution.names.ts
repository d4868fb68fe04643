/** 机构与床位: the permission and audit codes this part checks and writes. */
export const INSTITUTION_PERMISSIONS: Record<string, string> = {};

export const INSTITUTION_AUDIT_ACTIONS: Record<string, string> = {};
