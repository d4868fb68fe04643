import { defineConfig } from 'vitest/config';

// One runner for every tier. Tier is in the file suffix:
//   *.test.ts      pure            *.db.test.ts   database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set)
//   *.http.test.ts HTTP via inject *.e2e.test.ts  browser journeys (playwright-core + Debian chromium)
export default defineConfig({
  test: {
    include: ['{apps,packages,modules,e2e,bench,scripts}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['apps/server/src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
