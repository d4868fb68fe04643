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

export async function startTestApp(engine: Engine, platform: Partial<PlatformConfig> = {}, options: { serveWeb?: boolean } = {}): Promise<TestApp> {
  const db = await testDatabase(engine);
  const app = await buildApp({ db, platform: { ...TEST_PLATFORM, ...platform }, cipher: TEST_CIPHER, serveWeb: options.serveWeb });
  await app.ready();
  return {
    app, db,
    login: (username, password = TEST_PASSWORD) => HttpSession.login(app, username, password),
    anonymous: () => HttpSession.anonymous(app),
    close: async () => { await app.close(); await db.close(); },
  };
}
