import type { Engine } from '@mz/db';

/** Database suites run on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** The test seed's password for every demo account (not the documented demo default on purpose). */
export const TEST_PASSWORD = 'Test-Passw0rd!';
