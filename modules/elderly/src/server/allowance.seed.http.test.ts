import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addMonths, parseYearMonth, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { startTestApp, TEST_CIPHER, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { seedDemoAllowances } from './allowance.seed.ts';
import { createPerson, type TestPerson } from './allowance.testing.ts';

// The demo seed: demo parameters for 吉林省/长春市/二道区, marked as such, and the current month's
// list of the demo county approved, so its aged 80+ are enrolled and the next roll pays them.
const M = yearMonthOf(todayInShanghai());
const born = (age: number) => {
  const { year, month } = parseYearMonth(M);
  return `${year - age}-${String(month).padStart(2, '0')}-01`;
};

describe.each(testEngines())('高龄津贴 demo seed on %s', (engine) => {
  let t: TestApp;
  let township: HttpSession;
  let county: HttpSession;
  let old: TestPerson, older: TestPerson, young: TestPerson;

  beforeAll(async () => {
    t = await startTestApp(engine);
    [township, county] = await Promise.all(['demo-township', 'demo-county'].map((u) => t.login(u)));
    old = await createPerson(township, '演示甲', born(80));
    older = await createPerson(township, '演示乙', born(93));
    young = await createPerson(township, '演示丙', born(79));
  });
  afterAll(async () => { await t?.close(); });

  it('writes demo parameters and this month\'s enrolments once, and the page says they are demo values', async () => {
    expect(await seedDemoAllowances(t.db, TEST_CIPHER)).toBe(3 + 1 + 2);
    expect(await seedDemoAllowances(t.db, TEST_CIPHER)).toBe(0);

    const params = (await township.get('/api/v1/elderly/allowance-params')).body;
    expect(params.items.map((p: any) => [p.regionCode, p.demo, p.note])).toEqual([
      ['220000000000', true, '演示参数，非官方标准'], ['220100000000', true, '演示参数，非官方标准'], ['220105000000', true, '演示参数，非官方标准'],
    ]);
    expect(params.effective).toMatchObject({ regionCode: '220105000000', proactive: true, mode: 'universal' });

    const enrolled = (await county.get('/api/v1/elderly/allowance-enrolments?programme=longevity')).body.items;
    expect(Object.fromEntries(enrolled.map((e: any) => [e.personId, [e.sinceMonth, e.monthlyFen, e.originName]]))).toEqual({
      [old.id]: [M, 10_000, '主动发放'], [older.id]: [M, 50_000, '主动发放'],
    });
    expect(enrolled.map((e: any) => e.personId)).not.toContain(young.id);
    const runs = (await county.get('/api/v1/elderly/allowance-runs')).body.items;
    expect(runs).toEqual([expect.objectContaining({ month: M, status: 'approved', demoParams: true })]);

    // The next roll pays them.
    const clerk = await t.login('demo-county-clerk');
    const roll = await clerk.post('/api/v1/payments/rolls', { programme: 'longevity', month: addMonths(M, 1) });
    expect(roll.status, JSON.stringify(roll.body)).toBe(201);
    const lines = (await clerk.get(`/api/v1/payments/rolls/${roll.body.id}/lines?kind=regular`)).body.items;
    expect(lines.map((l: any) => [l.personId, l.amountFen]).sort()).toEqual([[old.id, 10_000], [older.id, 50_000]].sort());
    const [audit] = await t.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'elderly.allowance.run_approve'`));
    expect(audit!.n).toBe(1);
  });
});
