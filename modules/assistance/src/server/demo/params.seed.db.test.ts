import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import type { Database } from '@mz/db';
import { testDatabase } from '../../../../../apps/server/src/testing/test-app.ts';
import { missingParams, resolveParams, type ParamRow } from '../../domain/index.ts';
import { DEMO_ASSISTANCE_PARAMS, seedDemoAssistanceParams } from './params.seed.ts';

describe.each(testEngines())('seedDemoAssistanceParams (%s)', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase(engine);
  });
  afterAll(() => db?.close());

  const count = async () => (await db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM assistance_policy_param`)))[0]!.n;
  const loadRows = () =>
    db.transaction((tx) =>
      tx.rows<ParamRow>(sql`
        SELECT id, region_code AS "regionCode", key, value, effective_from::text AS "effectiveFrom", created_at::text AS "createdAt", note
        FROM assistance_policy_param`),
    );

  it('leaves a table alone that already holds an official row', async () => {
    await db.transaction((tx) => tx.run(sql`
      INSERT INTO assistance_policy_param (region_code, key, value, effective_from, note)
      VALUES ('220000000000', 'dibao.standard.urban', '77000'::jsonb, '2025-01-01', '省厅录入')`));
    expect(await seedDemoAssistanceParams(db)).toBe(0);
    expect(await count()).toBe(1);
    // The owner clears it again so the next test starts from an empty table.
    await db.transaction((tx) => tx.run(sql`DELETE FROM assistance_policy_param`));
  });

  it('inserts the demo rows once: a second run adds nothing', async () => {
    expect(await seedDemoAssistanceParams(db)).toBe(DEMO_ASSISTANCE_PARAMS.length);
    expect(await seedDemoAssistanceParams(db)).toBe(0);
    expect(await count()).toBe(DEMO_ASSISTANCE_PARAMS.length);
    const notes = (await loadRows()).map((r) => r.note ?? '');
    expect(notes.every((note) => note.includes('演示数据'))).toBe(true);
  });

  it('a 二道区 village resolves the 二道区 override, the 长春 standard and the provincial rest', async () => {
    const rows = await loadRows();
    const params = resolveParams(rows, '220105003005', '2026-03-01');
    expect(params.values['dibao.supplement.severe_disability.ratio']).toMatchObject({ value: '0.35', regionCode: '220105000000', inherited: true, source: 'row' });
    expect(params.values['linshi.townshipQuota.fixed']).toMatchObject({ value: 300_000, regionCode: '220105000000' });
    expect(params.values['dibao.standard.urban']).toMatchObject({ value: 82_000, regionCode: '220100000000', effectiveFrom: '2026-01-01' });
    expect(params.values['dibao.standard.rural']).toMatchObject({ value: 61_000, regionCode: '220100000000' });
    expect(params.values['tekun.basic.ratio']).toMatchObject({ value: '1.3', regionCode: '220000000000' });
    expect(params.values['tekun.care.previousYearMinimumWage']).toMatchObject({ value: 212_000, regionCode: '220000000000' });
    expect(params.values['dibao.confirmingLevel']).toMatchObject({ value: 'county', source: 'row' });
    // Every key a calculation cannot do without is set: a fresh demo can process cases at once.
    expect(missingParams(params)).toEqual([]);
    // The cited row id is a real row.
    expect(rows.map((r) => r.id)).toContain(params.values['dibao.standard.urban']!.id);
  });

  it('keeps history: earlier dates resolve the older rows, before 二道区 raised its supplement', () =>
    loadRows().then((rows) => {
      const params = resolveParams(rows, '220105003005', '2025-06-30');
      expect(params.values['dibao.standard.urban']).toMatchObject({ value: 79_000, effectiveFrom: '2025-01-01' });
      expect(params.values['dibao.supplement.severe_disability.ratio']).toMatchObject({ value: '0.3', regionCode: '220000000000' });
      expect(params.values['linshi.townshipQuota.fixed']!.source).toBe('unset');
      expect(params.values['linshi.townshipQuota.ratio']).toMatchObject({ value: '4', regionCode: '220000000000' });
    }));

  it('outside 长春市 the provincial guidance standard applies', async () => {
    // 吉林市船营区 (220204): same province, another city without its own standard in the demo.
    const params = resolveParams(await loadRows(), '220204000000', '2026-03-01');
    expect(params.values['dibao.standard.urban']).toMatchObject({ value: 75_000, regionCode: '220000000000' });
    expect(params.values['dibao.supplement.severe_disability.ratio']).toMatchObject({ value: '0.3' });
  });
});
