import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { TEST_PASSWORD } from '@mz/testing';
import { startTestApp, type TestApp } from '../apps/server/src/testing/test-app.ts';
import { browserAvailable, launchChromium } from './browser.ts';

describe.skipIf(!browserAvailable())('web shell journey (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp('pglite', {}, { serveWeb: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a township clerk logs in, sees the shell and their jurisdiction, and logs out', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login/);
    await page.fill('#username', 'demo-township');
    await page.fill('#password', TEST_PASSWORD);
    await page.keyboard.press('Enter'); // clerks submit with Enter
    await page.getByTestId('current-user').waitFor();
    expect(await page.getByTestId('current-user').innerText()).toContain('荣光街道经办员');
    const jurisdiction = await page.getByTestId('jurisdiction').innerText();
    for (const name of ['吉林省', '长春市', '二道区', '荣光街道']) expect(jurisdiction).toContain(name);
    // The 工作台 lists the street's communities from the live region tree.
    await page.getByText('岭东社区').first().waitFor();
    await page.screenshot({ path: '.tmp/e2e-shell.png', fullPage: true });
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    expect((await page.context().cookies()).find((c) => c.name === 'mz_session')).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('a wrong password shows the server\'s Chinese message at the form', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#username', 'demo-village');
    await page.fill('#password', 'Wrong-pass-1');
    await page.keyboard.press('Enter');
    await page.getByText('用户名或密码错误').first().waitFor();
  });

  it('a province administrator creates a township clerk and finds the action in the audit log', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#username', 'demo-province');
    await page.fill('#password', TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('current-user').waitFor();
    // Drill down to 荣光街道: the new user's region defaults to the region being viewed.
    await page.goto(`${base}/system/users?region=220105003000`);
    await page.getByText('demo-township', { exact: true }).waitFor();
    await page.getByRole('button', { name: /新增用户/ }).click();
    await page.fill('#user_username', 'rongguang-clerk2');
    await page.fill('#user_displayName', '荣光街道经办员二');
    await page.click('#user_roles');
    await page.locator('.ant-select-item-option', { hasText: /^经办$/ }).click();
    await page.keyboard.press('Escape');
    await page.fill('#user_password', 'weak');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('密码至少 8 位').first().waitFor(); // policy message at the field, nothing saved
    await page.fill('#user_password', 'Rongguang-2026');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('cell', { name: 'rongguang-clerk2' }).waitFor();
    await page.goto(`${base}/system/audit`);
    await page.getByText('新建用户 rongguang-clerk2（荣光街道经办员二）').waitFor();
    await page.screenshot({ path: '.tmp/e2e-audit.png', fullPage: true });
  });

  it('a township clerk registers a person, finds them by pinyin initials and opens the audited full record', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#username', 'demo-township');
    await page.fill('#password', TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('current-user').waitFor();
    await page.goto(`${base}/registry/persons/new`);
    await page.fill('#person_idNumber', '220105198001010012'); // wrong check digit first
    await page.fill('#person_name', '欧阳晓东');
    await page.getByText('身份证号校验位错误，应为1').first().waitFor();
    await page.fill('#person_idNumber', '220105198001010011');
    await page.keyboard.press('Tab');
    await page.locator('a', { hasText: '外省户籍？输入区划代码' }).click();
    await page.getByPlaceholder('12 位区划代码，如 110105000000').fill('220105003005');
    await page.click('#person_hukouType');
    await page.locator('.ant-select-item-option', { hasText: /^城镇$/ }).click();
    await page.fill('#person_phone', '13812345678');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已登记 欧阳晓东').waitFor();
    await page.goto(`${base}/registry/persons?q=oyxd`);
    await page.getByRole('cell', { name: '2201**********0011' }).waitFor();
    await page.getByText('欧阳晓东').first().click();
    await page.getByText('138****5678').first().waitFor();
    await page.getByRole('button', { name: /查看完整信息/ }).click();
    await page.getByRole('button', { name: /^查\s*看$/ }).click();
    await page.getByText('13812345678').first().waitFor();
    await page.screenshot({ path: '.tmp/e2e-person.png', fullPage: true });
    const audit = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`SELECT summary FROM audit_log WHERE action = 'person.view_full'`));
    expect(audit.map((a) => a.summary)).toContain('查看人员完整信息：欧阳晓东（2201**********0011）');
  });
});
