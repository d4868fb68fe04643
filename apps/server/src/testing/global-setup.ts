import type { TestProject } from 'vitest/node';
import { buildTemplates, testEngines, TEST_PASSWORD } from '@mz/testing';
import { migrate } from '@mz/db';
import { ensureRegions } from '@mz/regions/server';
import { seedDemoAccounts } from '@mz/iam/server';
import { allMigrations } from '../bootstrap.ts';

// Test databases hold the real migrations, the 吉林省 (22) part of the region tree — enough for
// the demo jurisdiction and a neighbour, at a fraction of the national load — and the demo accounts.
export const TEST_REGIONS = '22';
const SEED_VERSION = 'demo-accounts-v5';

export default async function setup(project: TestProject) {
  const migrations = allMigrations();
  const fingerprint = [...migrations.map((m) => `${m.seq}:${m.checksum}`), TEST_REGIONS, SEED_VERSION].join('|');
  const refs = await buildTemplates(testEngines(), fingerprint, async (db) => {
    await migrate(db, migrations);
    await ensureRegions(db, { within: TEST_REGIONS });
    await seedDemoAccounts(db, TEST_PASSWORD);
  });
  project.provide('mzTemplates', refs);
}

declare module 'vitest' {
  export interface ProvidedContext {
    mzTemplates: import('@mz/testing').TemplateRefs;
  }
}
