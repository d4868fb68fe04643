import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import { addCalendarDays, todayInShanghai } from '@mz/kernel';
import { startTestApp, TEST_CIPHER, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { seedDemoQuality } from './quality.seed.ts';

describe.each(testEngines())('demo quality data on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(engine); });
  afterAll(async () => { await t?.close(); });

  it('does nothing before the institution part has seeded its homes', async () => {
    expect(await seedDemoQuality(t.db, TEST_CIPHER)).toBe(0);
  });

  it('rates the two homes, inspects them with one overdue finding, and then writes nothing', async () => {
    await t.db.transaction((tx) => tx.run(sql`
      INSERT INTO elderly_institution (name, kind, operator_type, region_code, address) VALUES
        ('二道区社会福利院', 'care_home', 'public', '220105003005', '岭东路 66 号'), ('二道区颐康养护中心', 'care_home', 'public_private', '220105001000', '东盛大街 1288 号')`));
    expect(await seedDemoQuality(t.db, TEST_CIPHER)).toBe(4);
    const today = todayInShanghai();
    const grades = await t.db.transaction((tx) => tx.rows<{ name: string; grade: number; graded_on: string }>(sql`
      SELECT name, grade, graded_on::text FROM elderly_institution ORDER BY name`));
    // 福利院 100/112/130/520 = 862, every part ≥ 80 % → 四级; 颐康 80/85/100/400 = 665, parts ≥ 65 % → 三级.
    expect(grades).toEqual([
      { name: '二道区社会福利院', grade: 4, graded_on: addCalendarDays(today, -45) },
      { name: '二道区颐康养护中心', grade: 3, graded_on: addCalendarDays(today, -30) },
    ]);
    const findings = await t.db.transaction((tx) => tx.rows<{ item_code: string; status: string; deadline: string }>(sql`
      SELECT item_code, status, deadline::text FROM elderly_quality_finding ORDER BY item_code`));
    const found = addCalendarDays(today, -20);
    expect(findings).toEqual([
      { item_code: 'F-03', status: 'open', deadline: addCalendarDays(found, 7) }, // overdue by 13 days
      { item_code: 'F-05', status: 'rectified', deadline: addCalendarDays(found, 30) },
      { item_code: 'S-07', status: 'open', deadline: addCalendarDays(found, 30) },
    ]);
    const approver = await t.login('demo-county');
    const open = await approver.get('/api/v1/elderly/findings/by-institution');
    expect(open.body.items).toEqual([expect.objectContaining({ institutionName: '二道区社会福利院', open: 2, awaitingVerification: 1, overdue: 1 })]);
    const rating = (await approver.get('/api/v1/elderly/ratings?status=confirmed')).body.items;
    expect(rating).toHaveLength(2);
    const detail = await approver.get(`/api/v1/elderly/ratings/${rating[0].id}`);
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'confirm']);
    expect(await seedDemoQuality(t.db, TEST_CIPHER)).toBe(0);
  });
});
