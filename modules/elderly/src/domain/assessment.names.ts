/** 老年人能力评估: the permission and audit codes this part checks and writes. */
export const ASSESSMENT_PERMISSIONS: Record<string, string> = {};

export const ASSESSMENT_AUDIT_ACTIONS: Record<string, string> = {};
