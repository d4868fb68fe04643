export * from './database.ts';
export * from './scope.ts';
export * from './migrate.ts';
export * from './sql-error.ts';
export { openPglite, PgliteDatabase, type PgliteOptions } from './pglite-engine.ts';
export { openPostgres, PostgresDatabase, type PostgresOptions } from './postgres-engine.ts';
export { lockDataDir } from './data-dir-lock.ts';
export { PLATFORM_MIGRATIONS } from './paths.ts';
export { openDatabase, type DatabaseConfig } from './open.ts';
