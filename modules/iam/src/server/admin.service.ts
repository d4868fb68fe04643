import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { normalizeRegionCode } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { DEFAULT_DEMO_PASSWORD, passwordProblems, USERNAME_PATTERN, USERNAME_RULE } from '../domain/index.ts';
import { hashPassword } from './password.ts';

/**
 * The first administrator of a production deployment (CLI only; production seeds no accounts).
 * Refuses the documented demo password and anything below the password policy.
 */
export async function createAdministrator(db: Database, input: { username: string; displayName: string; regionCode: string; password: string }): Promise<string> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) throw new Error(USERNAME_RULE);
  if (input.password === DEFAULT_DEMO_PASSWORD) throw new Error('不能使用公开的演示密码');
  const problems = passwordProblems(input.password, username);
  if (problems.length) throw new Error(problems.join('；'));
  const regionCode = normalizeRegionCode(input.regionCode);
  return db.transaction(async (tx) => {
    const [region] = await tx.rows(sql`SELECT 1 FROM region WHERE code = ${regionCode}`);
    if (!region) throw new Error(`区划 ${regionCode} 不存在（区划数据是否已加载？）`);
    const [exists] = await tx.rows(sql`SELECT 1 FROM iam_user WHERE username = ${username}`);
    if (exists) throw new Error(`用户名 ${username} 已存在`);
    const [u] = await tx.rows<{ id: string }>(sql`
      INSERT INTO iam_user (username, display_name, region_code, password_hash)
      VALUES (${username}, ${input.displayName}, ${regionCode}, ${await hashPassword(input.password)}) RETURNING id`);
    await tx.run(sql`INSERT INTO iam_user_role (user_id, role_code) VALUES (${u!.id}, 'admin'), (${u!.id}, 'auditor')`);
    await appendAudit(tx, { actorId: null, actorName: '命令行', actorRegion: regionCode, ip: null }, {
      action: 'user.create', entityType: 'user', entityId: u!.id, regionCode, summary: `命令行创建管理员 ${username}`,
    });
    return u!.id;
  });
}
