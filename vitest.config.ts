import { defineConfig } from 'vitest/config';

// One runner for every tier. Tier is in the file suffix:
//   *.test.ts      pure            *.db.test.ts   database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set)
//   *.http.test.ts HTTP via inject *.e2e.test.ts  browser journeys (playwright-core + Debian chromium)
// The browser journeys run as a second group, after every other suite: on a two-CPU machine a
// journey sharing the CPUs with database suites waited minutes for single steps.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['apps/server/src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'suites', include: ['{apps,packages,modules,bench,scripts}/**/*.test.{ts,tsx}'], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'browser', include: ['e2e/**/*.test.ts'], setupFiles: ['e2e/setup.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
