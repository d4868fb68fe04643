export * from './audit-diff.ts';
export type { AuditRow, AuditQuery } from './audit-row.ts';

/** Audit action codes the platform writes, with the names the audit viewer shows. */
export const PLATFORM_AUDIT_ACTIONS: Record<string, string> = {
  'auth.login': '登录成功',
  'auth.login_failed': '登录失败',
  'auth.locked': '账号因多次登录失败被锁定',
  'auth.logout': '退出登录',
  'auth.password_changed': '修改本人密码',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.reset_password': '重置用户密码',
  'user.unlock': '解除用户锁定',
  'token.create': '创建接口令牌',
  'token.revoke': '吊销接口令牌',
  'audit.verify': '校验审计日志链',
};
