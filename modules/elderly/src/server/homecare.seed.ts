/** Demo data of 居家社区养老服务 (not in production). Idempotent: writes nothing once its rows exist. */
import type { Database } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';

export async function seedDemoHomecare(_db: Database, _cipher: FieldCipher): Promise<number> {
  return 0;
}
