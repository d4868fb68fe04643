import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { textArray } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { invalid, notFound, forbidden, conflict, isWithin, subtreeRange } from '@mz/kernel';
import { appendAudit, escapeLike } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import { regionExists } from '@mz/regions/server';
import { passwordProblems, USERNAME_PATTERN, USERNAME_RULE, type UserRow } from '../domain/index.ts';

export type { UserRow };
import { hashPassword } from './password.ts';


export interface UserFilter { regionCode?: string; keyword?: string; status?: 'active' | 'disabled'; page: number; pageSize: number }

const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);

const SELECT_USER = sql`
  SELECT u.id, u.username, u.display_name, u.region_code, r.name AS region_name, u.status, u.locked_until, u.last_login_at, u.created_at,
    coalesce((SELECT array_agg(ur.role_code ORDER BY ur.role_code) FROM iam_user_role ur WHERE ur.user_id = u.id), '{}') AS roles
  FROM iam_user u JOIN region r ON r.code = u.region_code`;

function toRow(r: any): UserRow {
  return {
    id: r.id, username: r.username, displayName: r.display_name, regionCode: r.region_code, regionName: r.region_name,
    roles: r.roles, status: r.status, lockedUntil: iso(r.locked_until), lastLoginAt: iso(r.last_login_at), createdAt: iso(r.created_at)!,
  };
}

/** Users in the actor's subtree (repository filter by code range; row-level security backs it up). */
export async function listUsers(tx: Tx, actor: Actor, f: UserFilter): Promise<{ items: UserRow[]; total: number }> {
  const scope = subtreeRange(actor.regionCode);
  const within = f.regionCode ? subtreeRange(f.regionCode) : scope;
  const where = sql.join([
    sql`u.region_code >= ${scope.from} AND u.region_code < ${scope.to}`,
    sql`u.region_code >= ${within.from} AND u.region_code < ${within.to}`,
    f.keyword ? sql`(u.username ILIKE ${'%' + escapeLike(f.keyword) + '%'} OR u.display_name ILIKE ${'%' + escapeLike(f.keyword) + '%'})` : undefined,
    f.status ? sql`u.status = ${f.status}` : undefined,
  ].filter((c) => c !== undefined), sql` AND `);
  const [{ total }] = await tx.rows<{ total: string }>(sql`SELECT count(*)::text AS total FROM iam_user u WHERE ${where}`);
  const rows = await tx.rows(sql`${SELECT_USER} WHERE ${where} ORDER BY u.region_code, u.username LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items: rows.map(toRow), total: Number(total) };
}

export async function getUser(tx: Tx, actor: Actor, id: string): Promise<UserRow> {
  const scope = subtreeRange(actor.regionCode);
  const [row] = await tx.rows(sql`${SELECT_USER} WHERE u.id = ${id} AND u.region_code >= ${scope.from} AND u.region_code < ${scope.to}`);
  // Out of scope looks exactly like missing: no hint that the account exists elsewhere.
  if (!row) throw notFound('用户不存在', '本辖区内没有该用户');
  return toRow(row);
}

async function checkRegion(tx: Tx, actor: Actor, regionCode: string) {
  if (!isWithin(regionCode, actor.regionCode)) {
    throw invalid('所属区划超出管辖范围', [{ path: 'regionCode', message: '只能把用户设在本人管辖区划之内' }]);
  }
  if (!(await regionExists(tx, regionCode))) throw invalid('区划不存在', [{ path: 'regionCode', message: '没有这个区划代码' }]);
}

async function checkRoles(tx: Tx, roles: string[]) {
  if (roles.length === 0) throw invalid('请至少选择一个角色', [{ path: 'roles', message: '请至少选择一个角色' }]);
  const known = await tx.rows<{ code: string }>(sql`SELECT code FROM iam_role WHERE code IN ${roles}`);
  const unknown = roles.filter((r) => !known.some((k) => k.code === r));
  if (unknown.length) throw invalid('角色不存在', [{ path: 'roles', message: `没有这些角色：${unknown.join('、')}` }]);
}

function checkPassword(password: string, username: string) {
  const problems = passwordProblems(password, username);
  if (problems.length) throw invalid('密码不符合要求', [{ path: 'password', message: problems.join('；') }]);
}

export interface NewUser { username: string; displayName: string; regionCode: string; roles: string[]; password: string }

export async function createUser(tx: Tx, actor: Actor, who: AuditActor, input: NewUser): Promise<UserRow> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) throw invalid('用户名格式不正确', [{ path: 'username', message: USERNAME_RULE }]);
  checkPassword(input.password, username);
  await checkRegion(tx, actor, input.regionCode);
  const roles = [...new Set(input.roles)].sort();
  await checkRoles(tx, roles);
  // Usernames are unique across the deployment; the check runs as a system query because the
  // clash may be with an account outside this administrator's jurisdiction.
  const [{ taken }] = await tx.rows<{ taken: boolean }>(sql`SELECT iam_user_username_taken(${username}) AS taken`);
  if (taken) throw conflict('用户名已被使用', `用户名 ${username} 已存在，请换一个`);
  const [created] = await tx.rows<{ id: string }>(sql`
    INSERT INTO iam_user (username, display_name, region_code, password_hash, created_by)
    VALUES (${username}, ${input.displayName.trim()}, ${input.regionCode}, ${await hashPassword(input.password)}, ${actor.kind === 'user' ? actor.id : null})
    RETURNING id`);
  await tx.run(sql`INSERT INTO iam_user_role (user_id, role_code) SELECT ${created!.id}::uuid, unnest(${textArray(roles)})`);
  const row = await getUser(tx, actor, created!.id);
  await appendAudit(tx, who, {
    action: 'user.create', entityType: 'user', entityId: row.id, regionCode: row.regionCode, summary: `新建用户 ${row.username}（${row.displayName}）`,
    diff: diffFields(null, { username: row.username, displayName: row.displayName, regionCode: row.regionCode, roles: row.roles }),
  });
  return row;
}

export interface UserChanges { displayName?: string; regionCode?: string; roles?: string[]; status?: 'active' | 'disabled' }

export async function updateUser(tx: Tx, actor: Actor, who: AuditActor, id: string, changes: UserChanges): Promise<UserRow> {
  const before = await getUser(tx, actor, id);
  if (actor.kind === 'user' && actor.id === id && (changes.roles || changes.status || changes.regionCode)) {
    throw forbidden('不能修改本人的角色、状态或区划', '请由上级或其他管理员操作，以免误把自己锁在系统外');
  }
  if (changes.regionCode) await checkRegion(tx, actor, changes.regionCode);
  const roles = changes.roles ? [...new Set(changes.roles)].sort() : undefined;
  if (roles) await checkRoles(tx, roles);
  await tx.run(sql`UPDATE iam_user SET
      display_name = coalesce(${changes.displayName?.trim() ?? null}, display_name),
      region_code = coalesce(${changes.regionCode ?? null}, region_code),
      status = coalesce(${changes.status ?? null}, status),
      updated_at = now()
    WHERE id = ${id}`);
  if (roles) {
    await tx.run(sql`DELETE FROM iam_user_role WHERE user_id = ${id}`);
    await tx.run(sql`INSERT INTO iam_user_role (user_id, role_code) SELECT ${id}::uuid, unnest(${textArray(roles)})`);
  }
  // A disabled account's open sessions end now, not at their idle timeout.
  if (changes.status === 'disabled') await revokeSessions(tx, id);
  const after = await getUser(tx, actor, id);
  const pick = (u: UserRow) => ({ displayName: u.displayName, regionCode: u.regionCode, roles: u.roles, status: u.status });
  const diff = diffFields(pick(before), pick(after));
  if (diff) {
    await appendAudit(tx, who, { action: 'user.update', entityType: 'user', entityId: id, regionCode: after.regionCode, summary: `修改用户 ${after.username}`, diff });
  }
  return after;
}

export async function resetPassword(tx: Tx, actor: Actor, who: AuditActor, id: string, password: string): Promise<void> {
  const user = await getUser(tx, actor, id);
  checkPassword(password, user.username);
  await tx.run(sql`UPDATE iam_user SET password_hash = ${await hashPassword(password)}, password_changed_at = now(), failed_logins = 0, updated_at = now() WHERE id = ${id}`);
  await revokeSessions(tx, id);
  await appendAudit(tx, who, { action: 'user.reset_password', entityType: 'user', entityId: id, regionCode: user.regionCode, summary: `重置用户 ${user.username} 的密码`, diff: { password: { before: '***', after: '***' } } });
}

export async function unlockUser(tx: Tx, actor: Actor, who: AuditActor, id: string): Promise<void> {
  const user = await getUser(tx, actor, id);
  await tx.run(sql`UPDATE iam_user SET locked_until = NULL, failed_logins = 0, updated_at = now() WHERE id = ${id}`);
  await appendAudit(tx, who, { action: 'user.unlock', entityType: 'user', entityId: id, regionCode: user.regionCode, summary: `解除用户 ${user.username} 的锁定` });
}

async function revokeSessions(tx: Tx, userId: string) {
  await tx.run(sql`SELECT iam_revoke_sessions(${userId}::uuid)`);
}
