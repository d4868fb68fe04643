import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { computeIdCheckChar } from '@mz/kernel';
import { startTestApp, type TestApp } from '../apps/server/src/testing/test-app.ts';
import { browserAvailable, launchChromium } from './browser.ts';
import { completeAssessment } from './elderly-journey.ts';
import { button, signInAs } from './case-journey.ts';

// 老年人能力评估 in the browser: 荣光街道's clerk creates an assessment for a 78-year-old, answers the
// 26 items (the preview shows the total and, with a dementia diagnosis, the raised level), names the
// two assessors and completes it; 二道区's approver opens it, gets the report PDF and voids it.

describe.skipIf(!browserAvailable())('能力评估 journey', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];

  const signIn = (username: string) => signInAs(browser, base, username, errors);

  beforeAll(async () => {
    t = await startTestApp('pglite', {}, { serveWeb: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const township = await t.login('demo-township');
    const first17 = `220105194803150${String(Math.floor(Math.random() * 90) + 10)}`.slice(0, 17);
    const res = await township.post('/api/v1/registry/persons', {
      idNumber: first17 + computeIdCheckChar(first17), name: '旅程评估', hukouRegionCode: '220105003005', hukouType: 'urban', regionCode: '220105003005', address: '岭东路 8 号',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => { await browser?.close(); await t?.close(); });

  it('the township assesses, the county sees it, prints and voids', async () => {
    const clerk = await signIn('demo-township');
    await clerk.goto(`${base}/elderly/assessments`);
    await clerk.getByRole('button', { name: /新建评估/ }).click();
    await clerk.click('#personId');
    await clerk.keyboard.type('旅程');
    await clerk.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '旅程评估' }).first().click();
    await clerk.getByRole('button', { name: button('开始评估') }).click();
    await clerk.getByTestId('assessment-preview').waitFor();
    // Answer every item: the first option (full marks), then 进食 "主要依靠他人协助" and 意识水平 清醒.
    const groups = clerk.locator('[data-testid^="item-"]');
    const n = await groups.count();
    expect(n).toBe(26);
    for (let i = 0; i < n; i++) await groups.nth(i).locator('input[type=radio]').first().check();
    await clerk.getByTestId('item-B1.1').getByText('1分 主要依靠他人协助、自身能给予配合').click();
    await expect.poll(() => clerk.getByTestId('assessment-preview').innerText()).toContain('87');
    await clerk.getByRole('button', { name: /添加诊断/ }).click();
    await clerk.getByPlaceholder('编码，如 F03').fill('F03');
    await expect.poll(() => clerk.getByTestId('preview-final-level').innerText()).toContain('2级');
    expect(await completeAssessment(clerk)).toContain('2级');
    const url = clerk.url();

    const county = await signIn('demo-county');
    await county.goto(url);
    await county.getByTestId('final-level').waitFor();
    const pdf = await county.request.get(`${base}/api/v1/elderly/assessments/${url.split('/').pop()}/report.pdf`);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await county.getByRole('button', { name: /作\s*废/ }).click();
    const dialog = county.getByRole('dialog').filter({ hasText: '作废评估' });
    await dialog.locator('textarea').fill('测试作废');
    await dialog.getByRole('button', { name: button('作废') }).click();
    await county.getByText('已作废').first().waitFor();
    // 复评: the person arrives pre-chosen with the reason 常规评估; a new draft opens.
    const listed = await (await clerk.request.get(`${base}/api/v1/elderly/assessments?q=${encodeURIComponent('旅程评估')}`)).json();
    await clerk.goto(`${base}/elderly/assessments/new?personId=${listed.items[0].personId}&reason=routine`);
    await clerk.locator('.ant-select-content, .ant-select-selection-item').filter({ hasText: '旅程评估' }).first().waitFor();
    await clerk.getByRole('button', { name: button('开始评估') }).click();
    await clerk.getByTestId('assessment-preview').waitFor();
    expect(errors).toEqual([]);
  }, 600_000); // the journey's own bound, as the others have: each step already waits up to 90 s
});
