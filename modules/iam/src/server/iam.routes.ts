import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { DomainError, isValidRegionCode, normalizeRegionCode, unauthorized } from '@mz/kernel';
import { auditActorOf, authorize, inScope, requireActor, SESSION_COOKIE, type MzApp, type ModuleDeps } from '@mz/http';
import { getRegion } from '@mz/regions/server';
import { login, logout, loadUserActor } from './session.service.ts';
import { createUser, listUsers, resetPassword, unlockUser, updateUser } from './user.service.ts';
import { createToken, listTokens, revokeToken } from './token.service.ts';
import { changeOwnPassword } from './own-password.service.ts';

const regionCode = z.string().refine(isValidRegionCode, '区划代码应为 2、4、6、9 或 12 位数字').transform(normalizeRegionCode);
const regionRef = z.object({ code: z.string(), name: z.string(), level: z.number() });
const me = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), regionCode: z.string(), regionName: z.string(), regionLevel: z.number(),
  regionPath: z.array(regionRef), roles: z.array(z.string()), roleNames: z.array(z.string()), permissions: z.array(z.string()),
});
const session = z.object({ user: me, csrfToken: z.string() });
const userRow = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), regionCode: z.string(), regionName: z.string(), roles: z.array(z.string()),
  status: z.enum(['active', 'disabled']), lockedUntil: z.string().nullable(), lastLoginAt: z.string().nullable(), createdAt: z.string(),
});
const tokenRow = z.object({
  id: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string(), permissions: z.array(z.string()), createdAt: z.string(),
  expiresAt: z.string().nullable(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable(), createdBy: z.string().nullable(),
});
const idParam = z.object({ id: z.uuid('用户编号格式不正确') });
const displayName = z.string().trim().min(1, '请填写姓名').max(50, '姓名不超过 50 个字');
const password = z.string().min(1, '请填写密码').max(128, '密码不超过 128 位');
const roles = z.array(z.string().max(32)).max(10, '角色过多');

export function iamRoutes(app: MzApp, { db, config, catalog }: ModuleDeps) {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.secureCookies };

  async function describeMe(actorId: string, csrfToken: string) {
    return db.transaction(async (tx) => {
      const actor = await loadUserActor(tx, actorId, csrfToken);
      if (!actor) throw unauthorized();
      const region = await getRegion(tx, actor.regionCode);
      const roleRows = await tx.rows<{ code: string; name: string }>(sql`SELECT code, name FROM iam_role WHERE code IN ${actor.roles.length ? actor.roles : ['']} ORDER BY code`);
      return {
        user: {
          id: actor.id, username: actor.username!, displayName: actor.name, regionCode: actor.regionCode, regionName: region.name, regionLevel: region.level,
          regionPath: [...region.path, { code: region.code, name: region.name, level: region.level }],
          roles: [...actor.roles], roleNames: roleRows.map((r) => r.name), permissions: [...actor.permissions].sort(),
        },
        csrfToken,
      };
    });
  }

  app.post('/api/v1/auth/login', {
    schema: {
      tags: ['认证'], summary: '登录（设置会话 Cookie，返回 CSRF 令牌）',
      body: z.object({ username: z.string().trim().min(1, '请填写用户名').max(64), password }),
      response: { 200: session },
    },
    // Login is the one unsafe request made before any session exists, so CSRF cannot apply;
    // SameSite=Strict keeps other sites from riding an existing cookie.
  }, async (request, reply) => {
    const outcome = await login(db, config, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] });
    if (!outcome.ok) {
      if (outcome.reason === 'locked') {
        const until = outcome.until.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });
        throw new DomainError({ code: 'AUTH_LOCKED', status: 423, title: '账号已锁定', detail: `连续多次密码错误，账号已锁定，请于 ${until} 后重试，或联系管理员解锁` });
      }
      if (outcome.reason === 'disabled') throw new DomainError({ code: 'AUTH_DISABLED', status: 403, title: '账号已停用', detail: '请联系管理员' });
      throw new DomainError({ code: 'AUTH_INVALID', status: 401, title: '用户名或密码错误' });
    }
    reply.setCookie(SESSION_COOKIE, outcome.sessionToken, cookieOptions);
    return describeMe(outcome.userId, outcome.csrfToken);
  });

  app.post('/api/v1/auth/logout', { schema: { tags: ['认证'], summary: '退出登录' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token && request.actor?.kind === 'user') await logout(db, token, auditActorOf(request));
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/me', { schema: { tags: ['认证'], summary: '当前用户与 CSRF 令牌', response: { 200: session } } }, async (request) => {
    const actor = requireActor(request);
    if (actor.kind !== 'user') throw new DomainError({ code: 'NOT_A_USER', status: 400, title: '接口令牌没有用户信息' });
    return describeMe(actor.id, actor.csrfToken!);
  });

  app.post('/api/v1/auth/password', {
    schema: { tags: ['认证'], summary: '修改本人密码', body: z.object({ oldPassword: password, newPassword: password }) },
  }, async (request, reply) => {
    const actor = requireActor(request);
    if (actor.kind !== 'user') throw new DomainError({ code: 'NOT_A_USER', status: 400, title: '接口令牌不能修改密码' });
    await changeOwnPassword(db, actor, auditActorOf(request), request.body.oldPassword, request.body.newPassword, request.cookies[SESSION_COOKIE]);
    return reply.code(204).send();
  });

  app.get('/api/v1/permissions', {
    schema: { tags: ['用户与角色'], summary: '权限清单', response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) }) } },
  }, async (request) => {
    requireActor(request);
    return { items: Object.entries(catalog.permissions).map(([code, name]) => ({ code, name })) };
  });

  app.get('/api/v1/roles', {
    schema: { tags: ['用户与角色'], summary: '预置角色及其权限', response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), description: z.string(), permissions: z.array(z.string()) })) }) } },
    preHandler: authorize('user.read'),
  }, async (request) => inScope(db, request, async (tx) => ({
    items: await tx.rows<any>(sql`SELECT code, name, description, permissions FROM iam_role ORDER BY preset DESC, code`),
  })));

  app.get('/api/v1/users', {
    schema: {
      tags: ['用户与角色'], summary: '用户列表（本辖区）',
      querystring: z.object({
        regionCode: regionCode.optional(), keyword: z.string().trim().max(50).optional(), status: z.enum(['active', 'disabled']).optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20),
      }),
      response: { 200: z.object({ items: z.array(userRow), total: z.number() }) },
    },
    preHandler: authorize('user.read'),
  }, async (request) => inScope(db, request, (tx, actor) => listUsers(tx, actor, request.query)));

  app.post('/api/v1/users', {
    schema: {
      tags: ['用户与角色'], summary: '新建用户',
      body: z.object({ username: z.string().trim().min(1, '请填写用户名').max(32), displayName, regionCode, roles, password }),
      response: { 201: userRow },
    },
    preHandler: authorize('user.manage'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => createUser(tx, actor, auditActorOf(request), request.body))));

  app.patch('/api/v1/users/:id', {
    schema: {
      tags: ['用户与角色'], summary: '修改用户', params: idParam,
      body: z.object({ displayName: displayName.optional(), regionCode: regionCode.optional(), roles: roles.optional(), status: z.enum(['active', 'disabled']).optional() })
        .refine((b) => Object.keys(b).length > 0, '没有要修改的内容'),
      response: { 200: userRow },
    },
    preHandler: authorize('user.manage'),
  }, async (request) => inScope(db, request, (tx, actor) => updateUser(tx, actor, auditActorOf(request), request.params.id, request.body)));

  app.post('/api/v1/users/:id/reset-password', {
    schema: { tags: ['用户与角色'], summary: '重置用户密码', params: idParam, body: z.object({ password }) },
    preHandler: authorize('user.manage'),
  }, async (request, reply) => {
    await inScope(db, request, (tx, actor) => resetPassword(tx, actor, auditActorOf(request), request.params.id, request.body.password));
    return reply.code(204).send();
  });

  app.post('/api/v1/users/:id/unlock', {
    schema: { tags: ['用户与角色'], summary: '解除登录锁定', params: idParam },
    preHandler: authorize('user.manage'),
  }, async (request, reply) => {
    await inScope(db, request, (tx, actor) => unlockUser(tx, actor, auditActorOf(request), request.params.id));
    return reply.code(204).send();
  });

  app.get('/api/v1/api-tokens', {
    schema: { tags: ['接口令牌'], summary: '接口令牌列表（本辖区）', response: { 200: z.object({ items: z.array(tokenRow) }) } },
    preHandler: authorize('token.manage'),
  }, async (request) => inScope(db, request, async (tx, actor) => ({ items: await listTokens(tx, actor) })));

  app.post('/api/v1/api-tokens', {
    schema: {
      tags: ['接口令牌'], summary: '创建接口令牌（令牌只显示这一次）',
      body: z.object({
        name: z.string().trim().min(1, '请填写令牌名称').max(50), regionCode, permissions: z.array(z.string().max(64)).max(50),
        expiresAt: z.iso.datetime({ offset: true, message: '到期时间格式不正确' }).or(z.iso.date('到期日期格式不正确')).optional(),
      }),
      response: { 201: z.object({ token: z.string(), item: tokenRow }) },
    },
    preHandler: authorize('token.manage'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => createToken(tx, actor, auditActorOf(request), request.body))));

  app.delete('/api/v1/api-tokens/:id', {
    schema: { tags: ['接口令牌'], summary: '吊销接口令牌', params: z.object({ id: z.uuid('令牌编号格式不正确') }) },
    preHandler: authorize('token.manage'),
  }, async (request, reply) => {
    await inScope(db, request, (tx, actor) => revokeToken(tx, actor, auditActorOf(request), request.params.id));
    return reply.code(204).send();
  });
}

