import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { textArray } from '@mz/db';
import { appendAudit } from '@mz/audit/server';
import { DEMO_ACCOUNTS, passwordProblems } from '../domain/index.ts';
import { hashPassword } from './password.ts';

/**
 * Creates the demo accounts that are missing (never in production). Existing accounts, and any
 * password someone changed, are left as they are, so a second start keeps the data.
 */
export async function seedDemoAccounts(db: Database, password: string): Promise<string[]> {
  const problems = passwordProblems(password);
  if (problems.length) throw new Error(`MZ_DEMO_PASSWORD 不符合密码策略：${problems.join('；')}`);
  const existing = await db.transaction((tx) => tx.rows<{ username: string }>(sql`SELECT username FROM iam_user WHERE username IN ${DEMO_ACCOUNTS.map((a) => a.username)}`));
  const missing = DEMO_ACCOUNTS.filter((a) => !existing.some((e) => e.username === a.username));
  if (missing.length === 0) return [];
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    for (const a of missing) {
      const [u] = await tx.rows<{ id: string }>(sql`
        INSERT INTO iam_user (username, display_name, region_code, password_hash)
        VALUES (${a.username}, ${a.displayName}, ${a.regionCode}, ${hash}) RETURNING id`);
      await tx.run(sql`INSERT INTO iam_user_role (user_id, role_code) SELECT ${u!.id}::uuid, unnest(${textArray(a.roles)})`);
      await appendAudit(tx, { actorId: null, actorName: '系统初始化', actorRegion: a.regionCode, ip: null }, {
        action: 'user.create', entityType: 'user', entityId: u!.id, regionCode: a.regionCode, summary: `创建演示账号 ${a.username}（${a.displayName}）`,
      });
    }
  });
  return missing.map((a) => a.username);
}
