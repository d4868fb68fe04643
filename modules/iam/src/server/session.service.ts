import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import type { Actor, AuditActor, PlatformConfig } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { LOCK_MINUTES, MAX_FAILED_LOGINS } from '../domain/index.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { randomToken, tokenHash } from './secrets.ts';

export type LoginOutcome =
  | { ok: true; sessionToken: string; csrfToken: string; userId: string }
  | { ok: false; reason: 'invalid' | 'disabled' }
  | { ok: false; reason: 'locked'; until: Date };

interface UserRow { id: string; display_name: string; region_code: string; password_hash: string; status: string; failed_logins: number; locked_until: string | null }

/**
 * Checks a password and opens a session. Runs as a system transaction (no actor yet) and always
 * commits: a failed attempt's counter, lock and audit entry must survive the refusal.
 */
export async function login(db: Database, config: PlatformConfig, input: { username: string; password: string; ip: string; userAgent?: string }): Promise<LoginOutcome> {
  const username = input.username.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [user] = await tx.rows<UserRow>(sql`
      SELECT id, display_name, region_code, password_hash, status, failed_logins, locked_until
      FROM iam_user WHERE username = ${username} FOR UPDATE`);
    const who = (u?: UserRow): AuditActor => ({ actorId: u?.id ?? null, actorName: u ? u.display_name : username.slice(0, 32), actorRegion: u?.region_code ?? config.deploymentRegion, ip: input.ip });

    if (!user) {
      await verifyPassword(await decoyHash(), input.password);
      await appendAudit(tx, who(), { action: 'auth.login_failed', summary: `登录失败：用户名 ${username.slice(0, 32)} 不存在` });
      return { ok: false, reason: 'invalid' };
    }
    if (user.locked_until && new Date(user.locked_until) > new Date()) {
      await appendAudit(tx, who(user), { action: 'auth.login_failed', entityType: 'user', entityId: user.id, summary: '登录失败：账号处于锁定期' });
      return { ok: false, reason: 'locked', until: new Date(user.locked_until) };
    }
    const passwordOk = await verifyPassword(user.password_hash, input.password);
    if (!passwordOk) {
      const failures = user.failed_logins + 1;
      if (failures >= MAX_FAILED_LOGINS) {
        const [row] = await tx.rows<{ locked_until: string }>(sql`
          UPDATE iam_user SET failed_logins = 0, locked_until = now() + make_interval(mins => ${LOCK_MINUTES})
          WHERE id = ${user.id} RETURNING locked_until`);
        await appendAudit(tx, who(user), { action: 'auth.locked', entityType: 'user', entityId: user.id, summary: `连续 ${MAX_FAILED_LOGINS} 次密码错误，账号锁定 ${LOCK_MINUTES} 分钟` });
        return { ok: false, reason: 'locked', until: new Date(row!.locked_until) };
      }
      await tx.run(sql`UPDATE iam_user SET failed_logins = ${failures} WHERE id = ${user.id}`);
      await appendAudit(tx, who(user), { action: 'auth.login_failed', entityType: 'user', entityId: user.id, summary: `登录失败：密码错误（连续第 ${failures} 次）` });
      return { ok: false, reason: 'invalid' };
    }
    if (user.status !== 'active') {
      await appendAudit(tx, who(user), { action: 'auth.login_failed', entityType: 'user', entityId: user.id, summary: '登录失败：账号已停用' });
      return { ok: false, reason: 'disabled' };
    }
    const sessionToken = randomToken();
    const csrfToken = randomToken();
    await tx.run(sql`UPDATE iam_user SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = ${user.id}`);
    await tx.run(sql`INSERT INTO iam_session (token_hash, user_id, csrf_token, ip, user_agent)
      VALUES (${tokenHash(sessionToken)}, ${user.id}, ${csrfToken}, ${input.ip}, ${input.userAgent?.slice(0, 200) ?? null})`);
    await appendAudit(tx, who(user), { action: 'auth.login', entityType: 'user', entityId: user.id, summary: '登录成功' });
    return { ok: true, sessionToken, csrfToken, userId: user.id };
  });
}

export async function logout(db: Database, sessionToken: string, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const n = await tx.run(sql`UPDATE iam_session SET revoked_at = now() WHERE token_hash = ${tokenHash(sessionToken)} AND revoked_at IS NULL`);
    if (n > 0) await appendAudit(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.actorId ?? undefined, summary: '退出登录' });
  });
}

/**
 * The actor behind a session cookie or an API token, or null. A session ends after
 * `sessionIdleMinutes` without a request, and after `sessionMaxHours` in any case.
 */
export async function resolveActor(db: Database, config: PlatformConfig, creds: { cookie?: string; bearer?: string }): Promise<Actor | null> {
  if (!creds.cookie && !creds.bearer) return null;
  return db.transaction(async (tx) => {
    if (creds.bearer) return resolveToken(tx, creds.bearer);
    // One statement on every request: the session, its user and their roles and permissions.
    const [row] = await tx.rows<ActorRow & { csrf_token: string; touch: boolean }>(sql`
      SELECT ${ACTOR_COLUMNS}, s.csrf_token, s.last_seen_at < now() - interval '1 minute' AS touch
      FROM iam_session s JOIN iam_user u ON u.id = s.user_id
      WHERE s.token_hash = ${tokenHash(creds.cookie!)} AND s.revoked_at IS NULL AND u.status = 'active'
        AND s.last_seen_at > now() - make_interval(mins => ${config.sessionIdleMinutes})
        AND s.created_at > now() - make_interval(hours => ${config.sessionMaxHours})`);
    if (!row) return null;
    // Sliding expiry; written at most once a minute so reads do not each cost a write.
    if (row.touch) await tx.run(sql`UPDATE iam_session SET last_seen_at = now() WHERE token_hash = ${tokenHash(creds.cookie!)}`);
    return toActor(row, row.csrf_token);
  });
}

interface ActorRow { id: string; username: string; display_name: string; region_code: string; roles: string[] | null; permissions: string[] | null }

/** A user's identity, roles and the union of their roles' permissions, from `u` (iam_user). */
const ACTOR_COLUMNS = sql`u.id, u.username, u.display_name, u.region_code,
  (SELECT array_agg(ur.role_code ORDER BY ur.role_code) FROM iam_user_role ur WHERE ur.user_id = u.id) AS roles,
  (SELECT array_agg(DISTINCT p) FROM iam_user_role ur JOIN iam_role r ON r.code = ur.role_code, unnest(r.permissions) p
    WHERE ur.user_id = u.id) AS permissions`;

function toActor(u: ActorRow, csrfToken?: string): Actor {
  return {
    kind: 'user', id: u.id, name: u.display_name, username: u.username, regionCode: u.region_code,
    roles: u.roles ?? [], permissions: new Set(u.permissions ?? []), csrfToken,
  };
}

export async function loadUserActor(tx: Tx, userId: string, csrfToken?: string): Promise<Actor | null> {
  const [u] = await tx.rows<ActorRow>(sql`SELECT ${ACTOR_COLUMNS} FROM iam_user u WHERE u.id = ${userId}`);
  return u ? toActor(u, csrfToken) : null;
}

async function resolveToken(tx: Tx, bearer: string): Promise<Actor | null> {
  const [t] = await tx.rows<{ id: string; name: string; region_code: string; permissions: string[] }>(sql`
    UPDATE iam_api_token SET last_used_at = now()
    WHERE token_hash = ${tokenHash(bearer)} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
    RETURNING id, name, region_code, permissions`);
  if (!t) return null;
  return { kind: 'token', id: t.id, name: t.name, regionCode: t.region_code, roles: [], permissions: new Set(t.permissions) };
}
