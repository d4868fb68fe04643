import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyReply, type FastifyBaseLogger } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { z } from 'zod';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { DomainError } from '@mz/kernel';
import type { Database, Tx } from '@mz/db';
import type { Actor, ActorResolver } from './actor.ts';
import { toProblem } from './problem.ts';

z.config(z.locales.zhCN());

export const SESSION_COOKIE = 'mz_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every route registered, for the jurisdiction matrix test and the route inventory. */
    registeredRoutes: { method: string; url: string }[];
  }
}

export type MzApp = FastifyInstance<any, any, any, FastifyBaseLogger, ZodTypeProvider>;

export interface HttpAppOptions {
  db: Database;
  version: string;
  resolveActor: ActorResolver;
  logger?: boolean | object;
  /** Behind a reverse proxy, trust its X-Forwarded-For for the audit log's IP. */
  trustProxy?: boolean;
  /** Secure cookies (HTTPS deployments). */
  secureCookies?: boolean;
}

export async function createHttpApp(options: HttpAppOptions): Promise<MzApp> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 2 * 1024 * 1024,
    // Request ids appear in logs and in 500 responses so an official can quote one to support.
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('registeredRoutes', [] as { method: string; url: string }[]);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.registeredRoutes.push({ method, url: route.url });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: '民政综合业务信息平台 API', version: options.version },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const auth = request.headers.authorization;
    request.actor = await options.resolveActor({
      cookie: request.cookies[SESSION_COOKIE],
      bearer: auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined,
      ip: request.ip,
    });
  });
  // CSRF: a cookie is sent by the browser on its own, so a state-changing request must also prove
  // it comes from our page by echoing the session's token. Bearer tokens are not ambient.
  app.addHook('preHandler', async (request) => {
    const actor = request.actor;
    if (!actor || actor.kind !== 'user' || SAFE_METHODS.has(request.method)) return;
    if (request.headers['x-csrf-token'] !== actor.csrfToken) {
      throw new DomainError({ code: 'CSRF', status: 403, title: '请求校验失败', detail: '缺少或错误的 x-csrf-token，请刷新页面后重试' });
    }
  });

  app.setErrorHandler((err, request, reply) => {
    const { problem, unexpected } = toProblem(err);
    if (unexpected) request.log.error({ err }, 'unexpected error');
    if (unexpected) problem.detail = `${problem.detail}（请求编号 ${request.id}）`;
    return reply.code(problem.status).type('application/problem+json').send(problem);
  });
  return app;
}

/** 404 in the problem shape for API paths; other paths are left to the caller (web app fallback). */
export function sendNotFound(reply: FastifyReply, path: string) {
  return reply.code(404).type('application/problem+json').send({
    type: 'urn:minzheng:problem:not_found', title: '接口不存在', status: 404, code: 'NOT_FOUND', detail: `没有 ${path} 这个接口`,
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError({ code: 'AUTH_REQUIRED', status: 401, title: '请先登录' });
  return request.actor;
}

/** preHandler: the caller must be signed in and hold every named permission. */
export function authorize(...permissions: string[]) {
  return async (request: FastifyRequest) => {
    const actor = requireActor(request);
    const missing = permissions.filter((p) => !actor.permissions.has(p));
    if (missing.length) {
      throw new DomainError({ code: 'FORBIDDEN', status: 403, title: '没有权限', detail: `缺少权限：${missing.join('、')}` });
    }
  };
}

/** What the audit log records about who did something. */
export interface AuditActor {
  actorId: string | null;
  actorName: string | null;
  actorRegion: string | null;
  ip: string | null;
}

export function auditActorOf(request: FastifyRequest): AuditActor {
  const a = request.actor;
  return { actorId: a?.kind === 'user' ? a.id : null, actorName: a ? (a.kind === 'token' ? `接口令牌:${a.name}` : a.name) : null, actorRegion: a?.regionCode ?? null, ip: request.ip };
}

/**
 * Runs work in one transaction as the restricted role, scoped to the actor's jurisdiction: the
 * repository filters by region, and row-level security refuses whatever slips past.
 */
export function inScope<T>(db: Database, request: FastifyRequest, fn: (tx: Tx, actor: Actor) => Promise<T>): Promise<T> {
  const actor = requireActor(request);
  return db.transaction((tx) => fn(tx, actor), { scope: { actorId: actor.kind === 'user' ? actor.id : null, regionCode: actor.regionCode } });
}
