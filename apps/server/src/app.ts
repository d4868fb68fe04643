import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import fastifyStatic from '@fastify/static';
import { createHttpApp, sendNotFound, type MzApp, type PlatformConfig } from '@mz/http';
import type { Database } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import { resolveActor } from '@mz/iam/server';
import { MODULES } from './modules.ts';

export const VERSION = '0.1.0';
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface BuildOptions {
  db: Database;
  platform: PlatformConfig;
  cipher: FieldCipher;
  logger?: boolean | object;
  trustProxy?: boolean;
  /** Serve the built web app (production/start); tests of the API leave it off. */
  serveWeb?: boolean;
}

export async function buildApp(options: BuildOptions): Promise<MzApp> {
  const { db, platform } = options;
  const app = await createHttpApp({
    db, version: VERSION, logger: options.logger, trustProxy: options.trustProxy, secureCookies: platform.secureCookies,
    resolveActor: (creds) => resolveActor(db, platform, creds),
  });
  const catalog = {
    permissions: Object.assign({}, ...MODULES.map((m) => m.permissions ?? {})),
    auditActions: Object.assign({}, ...MODULES.map((m) => m.auditActions ?? {})),
  };

  app.get('/api/health', {
    schema: { tags: ['平台'], summary: '健康检查', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string() }) } },
  }, async () => {
    await db.transaction((tx) => tx.script('SELECT 1'));
    return { status: 'ok' as const, database: db.engine, version: VERSION };
  });

  for (const m of MODULES) await m.routes?.(app, { db, config: platform, catalog, cipher: options.cipher });

  const serveWeb = options.serveWeb && existsSync(WEB_DIST);
  if (serveWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    if (path.startsWith('/api/') || !serveWeb || request.method !== 'GET') return sendNotFound(reply, path);
    // Client-side routes (/system/users …) all load the single page.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
