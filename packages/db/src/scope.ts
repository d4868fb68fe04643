import { sql } from 'drizzle-orm';
import { subtreeRange } from '@mz/kernel';
import type { DbScope, Tx } from './database.ts';

/** The non-owner role request transactions run as, so row-level security applies to them. */
export const APP_ROLE = 'mz_app';

/**
 * Switches the open transaction to the application role and publishes the actor's jurisdiction
 * for the row-level-security policies (`mz.region_from` ≤ region_code < `mz.region_to`).
 * SET LOCAL and set_config(..., true) end with the transaction, so nothing leaks to the next one.
 */
export async function applyScope(tx: Tx, scope: DbScope): Promise<void> {
  const range = subtreeRange(scope.regionCode);
  await tx.run(sql.raw(`SET LOCAL ROLE ${APP_ROLE}`));
  await tx.run(sql`SELECT set_config('mz.actor_id', ${scope.actorId ?? ''}, true),
    set_config('mz.region_from', ${range.from}, true), set_config('mz.region_to', ${range.to}, true)`);
}
