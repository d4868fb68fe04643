/** 居家社区养老服务: the permission and audit codes this part checks and writes. */
export const HOMECARE_PERMISSIONS: Record<string, string> = {};

export const HOMECARE_AUDIT_ACTIONS: Record<string, string> = {};
