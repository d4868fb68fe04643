/** Demo data of 机构与床位 (not in production). Idempotent: writes nothing once its rows exist. */
import type { Database } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';

export async function seedDemoInstitutions(_db: Database, _cipher: FieldCipher): Promise<number> {
  return 0;
}
