/**
 * The demo jurisdiction's elderly-care data, after the demo population and accounts: institutions
 * and beds first (residents need them), then assessments, allowances and home care.
 */
import type { FieldCipher } from '@mz/crypto';
import type { Database } from '@mz/db';
import { seedDemoAllowances } from './allowance.seed.ts';
import { seedDemoAssessments } from './assessment.seed.ts';
import { seedDemoHomecare } from './homecare.seed.ts';
import { seedDemoInstitutions } from './institution.seed.ts';
import { seedDemoQuality } from './quality.seed.ts';

export async function seedDemoElderly(db: Database, cipher: FieldCipher): Promise<number> {
  let rows = 0;
  rows += await seedDemoInstitutions(db, cipher);
  rows += await seedDemoAssessments(db, cipher);
  rows += await seedDemoQuality(db, cipher);
  rows += await seedDemoAllowances(db, cipher);
  rows += await seedDemoHomecare(db, cipher);
  return rows;
}
