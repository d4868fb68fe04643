import type { Database } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import type { MzApp } from './app.ts';

/** What every business module hands the server's composition root. */
export interface ServerModule {
  name: string;
  /** Folder of this module's `NNNN_name.sql` migrations (one global sequence across modules). */
  migrations?: string;
  /** Permission codes this module checks, with Chinese names for the role pages. */
  permissions?: Record<string, string>;
  /** Audit action codes this module writes, with Chinese names for the audit viewer. */
  auditActions?: Record<string, string>;
  routes?: (app: MzApp, deps: ModuleDeps) => Promise<void> | void;
}

export interface ModuleDeps {
  db: Database;
  config: PlatformConfig;
  /** Encryption at rest and keyed hashes for personal fields. */
  cipher: FieldCipher;
  /** Everything the enabled modules declared, merged: role pages and the audit viewer list them. */
  catalog: { permissions: Record<string, string>; auditActions: Record<string, string> };
}

export interface PlatformConfig {
  production: boolean;
  sessionIdleMinutes: number;
  /** Hard cap on a session's life, however active. */
  sessionMaxHours: number;
  secureCookies: boolean;
  /** 12-digit root of this deployment (the province): where entries with no other region belong. */
  deploymentRegion: string;
}
