// Test harness for the import/export HTTP suites: the full server app once the routes are wired
// into apps/server, and until then an app with just what these suites need.
import { fileURLToPath } from 'node:url';
import { HttpSession, TEST_PASSWORD } from '@mz/testing';
import { createHttpApp, type ModuleDeps } from '@mz/http';
import { loadMigrations, migrate, type Database, type Engine } from '@mz/db';
import { iamModule, resolveActor } from '@mz/iam/server';
import { jobsModule } from '@mz/jobs/server';
import { startTestApp, testDatabase, TEST_CIPHER, TEST_PLATFORM, type TestApp } from '../../../../../../apps/server/src/testing/test-app.ts';
import { exportRoutes, importRoutes } from '../index.ts';

const MIGRATIONS = [
  fileURLToPath(new URL('../../migrations', import.meta.url)),
  fileURLToPath(new URL('../../../../../jobs/src/server/migrations', import.meta.url)),
];

/** The registry and jobs migrations on top of the platform template (a no-op once they are wired in). */
export async function importTestDatabase(engine: Engine): Promise<Database> {
  const db = await testDatabase(engine);
  await migrate(db, loadMigrations(MIGRATIONS));
  return db;
}

export async function startImportTestApp(engine: Engine): Promise<TestApp> {
  const wired = await startTestApp(engine);
  if (wired.app.registeredRoutes.some((r) => r.url === '/api/v1/registry/imports')) {
    await migrate(wired.db, loadMigrations(MIGRATIONS)); // in case the jobs module is not in MODULES yet
    return wired;
  }
  await wired.close();

  const db = await importTestDatabase(engine);
  const app = await createHttpApp({ db, version: 'test', resolveActor: (creds) => resolveActor(db, TEST_PLATFORM, creds) });
  const deps: ModuleDeps = { db, config: TEST_PLATFORM, cipher: TEST_CIPHER, catalog: { permissions: {}, auditActions: {} } };
  await iamModule.routes!(app, deps);
  await jobsModule.routes!(app, deps);
  await importRoutes(app, deps);
  await exportRoutes(app, deps);
  await app.ready();
  return {
    app, db,
    login: (username, password = TEST_PASSWORD) => HttpSession.login(app, username, password),
    anonymous: () => HttpSession.anonymous(app),
    close: async () => { await app.close(); await db.close(); },
  };
}
