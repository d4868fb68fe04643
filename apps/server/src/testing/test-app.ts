import { inject } from 'vitest';
import { cloneTemplate, HttpSession, TEST_PASSWORD } from '@mz/testing';
import type { Database, Engine } from '@mz/db';
import type { MzApp, PlatformConfig } from '@mz/http';
import { buildApp } from '../app.ts';
import { FieldCipher } from '@mz/crypto';

/** Tests share one fixed master key, so templates seeded with encrypted data stay readable. */
export const TEST_CIPHER = new FieldCipher(Buffer.alloc(32, 7));

export const TEST_PLATFORM: PlatformConfig = {
  production: false, sessionIdleMinutes: 30, sessionMaxHours: 12, secureCookies: false, deploymentRegion: '220000000000',
};

/** A fresh database cloned from the migrated, seeded template of this engine. */
export function testDatabase(engine: Engine): Promise<Database> {
  return cloneTemplate(engine, inject('mzTemplates'));
}

export interface TestApp {
  app: MzApp;
  db: Database;
  login(username: string, password?: string): Promise<HttpSession>;
  anonymous(): HttpSession;
  close(): Promise<void>;
}

/**
 * Requests a browser-serving test app has not answered yet: a failed journey prints the old ones
 * (e2e/setup.ts), so a step that waited in vain shows whether the server was still working on it.
 */
const inFlight = new Map<number, { method: string; url: string; since: number; aborted?: boolean }>();
let requestSeq = 0;

export function pendingRequests(olderThanMs = 5_000): string[] {
  const now = Date.now();
  return [...inFlight.values()].filter((r) => now - r.since >= olderThanMs)
    .map((r) => `${r.method} ${r.url}（已等待 ${((now - r.since) / 1000).toFixed(1)} 秒${r.aborted ? '，浏览器已取消' : ''}）`);
}

export async function startTestApp(engine: Engine, platform: Partial<PlatformConfig> = {}, options: { serveWeb?: boolean } = {}): Promise<TestApp> {
  const db = await testDatabase(engine);
  const app = await buildApp({ db, platform: { ...TEST_PLATFORM, ...platform }, cipher: TEST_CIPHER, serveWeb: options.serveWeb });
  if (options.serveWeb) {
    const seqOf = new WeakMap<object, number>();
    app.addHook('onRequest', async (request) => {
      const id = ++requestSeq;
      seqOf.set(request, id);
      inFlight.set(id, { method: request.method, url: request.url, since: Date.now() });
    });
    app.addHook('onResponse', async (request) => { inFlight.delete(seqOf.get(request) ?? -1); });
    // A request the browser gave up on may still hold a transaction: kept, marked, until it answers.
    app.addHook('onRequestAbort', async (request) => { const r = inFlight.get(seqOf.get(request) ?? -1); if (r) r.aborted = true; });
  }
  await app.ready();
  return {
    app, db,
    login: (username, password = TEST_PASSWORD) => HttpSession.login(app, username, password),
    anonymous: () => HttpSession.anonymous(app),
    close: async () => { await app.close(); await db.close(); },
  };
}
