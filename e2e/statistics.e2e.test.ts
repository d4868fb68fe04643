import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../apps/server/src/testing/test-app.ts';
import { refreshMonth } from '@mz/statistics/server';
import { assistanceCase, household, LINGDONG, monthly, person } from '../modules/statistics/src/server/statistics.testing.ts';
import { browserAvailable, launchChromium } from './browser.ts';
import { signInAs } from './case-journey.ts';

// Acceptance of 统计与监测 in the browser (issue 8): the province official opens the dashboard,
// drills from 吉林省 through 长春市, 二道区 and 荣光街道 to 岭东社区 by clicking child regions (the URL
// carries the region, so Back returns a level), and opens the households behind 低保户数.

describe.skipIf(!browserAvailable())('统计监测 journey (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp('pglite', {}, { serveWeb: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const township = await t.login('demo-township');
    for (const [name, persons, hukou] of [['统计甲', 3, 'urban'], ['统计乙', 2, 'rural']] as const) {
      const members = [];
      for (let i = 0; i < persons; i++) members.push(await person(township, `${name}${i + 1}`, LINGDONG));
      const h = await household(township, members, LINGDONG);
      const c = await assistanceCase(t.db, { programme: 'dibao', applicant: members[0]!, householdId: h, regionCode: LINGDONG, application: { hukouType: hukou } });
      await monthly(t.db, { programme: 'dibao', beneficiary: { householdId: h }, regionCode: LINGDONG, fromMonth: '2026-02', amountFen: 50_000, personCount: persons, standardFen: 70_000, sourceId: c });
    }
    for (const m of ['2026-02', '2026-03']) await refreshMonth(t.db, m, { actorId: null, actorName: '测试', actorRegion: null, ip: null });
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('drills from the province to a community and opens the records behind a number', async () => {
    const page = await signInAs(browser, base, 'demo-province', errors);
    await page.goto(`${base}/statistics/dashboard?month=2026-03`);
    await page.getByText('吉林省 · 2026-03').waitFor();
    await page.getByRole('img', { name: '低保户数趋势图' }).waitFor();

    for (const [child, heading] of [['长春市', '长春市 · 2026-03'], ['二道区', '二道区 · 2026-03'], ['荣光街道', '荣光街道 · 2026-03'], ['岭东社区', '岭东社区 · 2026-03']]) {
      await page.locator('.ant-table').getByRole('link', { name: child, exact: true }).click();
      await page.getByText(heading).waitFor();
    }
    expect(page.url()).toContain(`region=${LINGDONG}`);
    await page.getByText('没有下级区划').first().waitFor();
    await page.goBack();
    await page.getByText('荣光街道 · 2026-03').waitFor();
    await page.goForward();
    await page.getByText('岭东社区 · 2026-03').waitFor();

    await page.getByRole('link', { name: '低保户数明细' }).click();
    await page.getByText('岭东社区 2026-03「低保户数」明细').waitFor();
    await page.getByText('低保家庭，共 2 条').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toMatch(/2201\*+0000/);
    expect(errors).toEqual([]);
  });
});
