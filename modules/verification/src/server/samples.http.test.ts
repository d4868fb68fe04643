import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, TEST_CIPHER, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { writeSampleDeliveries } from './samples.ts';
import { createPerson, deliver, LINGDONG } from './verification.testing.ts';

// The demo's sample deliveries: one file per source about the registered population (and some
// strangers), every row valid under the documented layouts, deterministic for a seed.
describe.each(testEngines())('sample deliveries on %s', (engine) => {
  let t: TestApp;
  let clerk: HttpSession;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    clerk = await t.login('demo-county-clerk');
    const township = await t.login('demo-township');
    for (let i = 0; i < 40; i++) await createPerson(township, `样本${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${i}`, `19${50 + i}0${1 + (i % 9)}1${i % 9}`);
    dir = await mkdtemp(join(tmpdir(), 'mz-verification-samples-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes a file per source that imports without a rejected row, the same for the same seed', async () => {
    const written = await writeSampleDeliveries(t.db, TEST_CIPHER, { within: LINGDONG, outDir: dir, seed: 7, asOf: '2026-11-01' });
    expect(written.persons).toBe(40);
    expect(written.files).toHaveLength(14);
    const again = await writeSampleDeliveries(t.db, TEST_CIPHER, { within: LINGDONG, outDir: join(dir, 'again'), seed: 7, asOf: '2026-11-01' });
    for (const [i, f] of written.files.entries()) {
      expect(await readFile(again.files[i]!.file, 'utf8')).toBe(await readFile(f.file, 'utf8'));
      const text = (await readFile(f.file, 'utf8')).replace('\ufeff', '');
      const rows = text.trim().split('\n').map((l) => l.split(','));
      const snap = await deliver(t.db, clerk, f.source, '2026-11-01', rows);
      expect(snap, f.source).toMatchObject({ status: 'current', total: f.rows, accepted: f.rows, rejected: 0 });
    }
  });
});
