import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { invalid } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { passwordProblems } from '../domain/index.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { tokenHash } from './secrets.ts';

/** Changing one's own password needs the old one; every other session of the user ends. */
export async function changeOwnPassword(db: Database, actor: Actor, who: AuditActor, oldPassword: string, newPassword: string, currentSession?: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [u] = await tx.rows<{ username: string; password_hash: string; region_code: string }>(sql`SELECT username, password_hash, region_code FROM iam_user WHERE id = ${actor.id}`);
    if (!u || !(await verifyPassword(u.password_hash, oldPassword))) throw invalid('原密码不正确', [{ path: 'oldPassword', message: '原密码不正确' }]);
    const problems = passwordProblems(newPassword, u.username);
    if (oldPassword === newPassword) problems.push('新密码不能与原密码相同');
    if (problems.length) throw invalid('新密码不符合要求', [{ path: 'newPassword', message: problems.join('；') }]);
    await tx.run(sql`UPDATE iam_user SET password_hash = ${await hashPassword(newPassword)}, password_changed_at = now(), updated_at = now() WHERE id = ${actor.id}`);
    await tx.run(sql`UPDATE iam_session SET revoked_at = now() WHERE user_id = ${actor.id} AND revoked_at IS NULL AND token_hash <> ${currentSession ? tokenHash(currentSession) : ''}`);
    await appendAudit(tx, who, { action: 'auth.password_changed', entityType: 'user', entityId: actor.id, regionCode: u.region_code, summary: '修改本人密码', diff: { password: { before: '***', after: '***' } } });
  });
}
