import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatFen, todayInShanghai } from '@mz/kernel';
import { seedDemoAssistanceParams } from '@mz/assistance/server';
import type { HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../apps/server/src/testing/test-app.ts';
import { createHousehold, createPerson, letPublicityPass } from '../modules/assistance/src/server/assistance.testing.ts';
import { browserAvailable, launchChromium } from './browser.ts';
import { act, button, pick, signInAs } from './case-journey.ts';

// The acceptance journey of 低保: a village clerk files the application with a live trial
// calculation, the township accepts and investigates, a second township official gives 初审, the
// township publicises, and the county confirms — each official in their own browser session. The
// seven days of 公示 cannot pass in a test: the suite moves the 公示 start eight days back with the
// assistance suites' own fixture (letPublicityPass), which touches only the engine's event stamp.

const VILLAGE = '220105003005'; // 岭东社区


describe.skipIf(!browserAvailable())('社会救助 journey (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let township: HttpSession;
  const family = { head: { id: '', masked: '' }, spouse: { id: '' }, child: { id: '' }, householdId: '' };
  const errors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp('pglite', {}, { serveWeb: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    // The demo seed: 长春市 sets the urban 低保 standard the calculation uses.
    await seedDemoAssistanceParams(t.db);
    // A 岭东社区 family of three, registered through the registry API.
    township = await t.login('demo-township');
    family.head = await createPerson(township, { name: '孙立国', birth: '19680412', regionCode: VILLAGE });
    family.spouse = await createPerson(township, { name: '周淑华', birth: '19700923', sex: 'female', regionCode: VILLAGE });
    family.child = await createPerson(township, { name: '孙晓雨', birth: '20120605', sex: 'female', regionCode: VILLAGE });
    family.householdId = (await createHousehold(township, [family.head, family.spouse, family.child], VILLAGE)).id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = (username: string) => signInAs(browser, base, username, errors);

  async function openCase(page: Page, caseId: string) {
    await page.goto(`${base}/assistance/cases/${caseId}`);
    await page.getByTestId('case-no').waitFor();
  }

  const state = (page: Page) => page.getByTestId('case-state').innerText();

  it('files, investigates, reviews, publicises and confirms a 低保 case; the confirmed amount is the calculated one', async () => {
    // ── 岭东社区 clerk files the application ──
    const village = await signIn('demo-village');
    await village.goto(`${base}/assistance/cases/new?programme=dibao`);
    await pick(village, 'application_householdId', '孙立国', '孙立国');
    await village.getByRole('cell', { name: '孙晓雨' }).waitFor(); // the household's members are listed
    await village.getByRole('button', { name: /添加收入/ }).click();
    await pick(village, 'application_incomes_0_kind', '工资性收入');
    await village.fill('#application_incomes_0_monthlyFen', '1200');
    await village.getByRole('button', { name: /添加收入/ }).click();
    await pick(village, 'application_incomes_1_personId', '周淑华');
    await pick(village, 'application_incomes_1_kind', '离退休金');
    await village.fill('#application_incomes_1_monthlyFen', '450.50');
    await village.check('#application_authorizationSigned');
    await village.check('#application_pledgeSigned');

    // The trial calculation answers for what the form holds now.
    const panel = village.getByTestId('calculation-panel');
    await panel.getByTestId('breakdown-amount').waitFor();
    await panel.getByText('工资性收入（计入）').waitFor();
    const calculated = await township.post('/api/v1/assistance/calculate', {
      programme: 'dibao',
      regionCode: VILLAGE,
      month: todayInShanghai().slice(0, 7), // the form's application date defaults to today in Beijing
      household: {
        hukouType: 'urban',
        members: [family.head, family.spouse, family.child].map((p) => ({ personId: p.id })),
        incomes: [
          { personId: family.head.id, kind: 'wage', monthlyFen: 120_000 },
          { personId: family.spouse.id, kind: 'pension', monthlyFen: 45_050 },
        ],
        deductions: [],
        property: { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 0, businessCount: 0 },
        categories: [],
      },
    });
    expect(calculated.status, JSON.stringify(calculated.body)).toBe(200);
    expect(calculated.body.eligible).toBe(true);
    const amount = formatFen(calculated.body.amountFen);
    await expect.poll(() => panel.getByTestId('breakdown-amount').innerText()).toBe(amount);
    await village.screenshot({ path: '.tmp/e2e-assistance-apply.png', fullPage: true });

    await village.getByRole('button', { name: button('提交申请') }).click();
    await village.waitForURL(/\/assistance\/cases\/[0-9a-f-]{36}$/);
    const caseId = village.url().split('/').pop()!;
    await village.getByTestId('case-no').waitFor();
    expect(await state(village)).toContain('已申请');
    expect(await village.getByTestId('case-amount').innerText()).toBe(amount);

    // ── 荣光街道 clerk accepts and investigates ──
    const clerk = await signIn('demo-township');
    await clerk.goto(`${base}/assistance/queue`);
    await clerk.getByRole('link', { name: await village.getByTestId('case-no').innerText() }).click();
    await clerk.getByTestId('case-no').waitFor();
    await act(clerk, '受理');
    await act(clerk, '启动调查');
    await act(clerk, '入户调查记录', async (dialog) => {
      await dialog.locator('#action_record_home_visit_data_investigators').click();
      for (const name of ['王调查', '李调查']) {
        await clerk.keyboard.type(name);
        await clerk.keyboard.press('Enter');
      }
      await dialog.locator('#action_record_home_visit_data_findings').fill('家中陈设简陋，夫妻二人收入与申报一致，女儿在读初中。');
    });
    await act(clerk, '申请信息核对');
    await act(clerk, '录入核对结果', async (dialog) => {
      await dialog.getByText('与申报相符').click();
      await dialog.locator('#action_record_verification_data_findings').fill('户籍、社保、不动产、车辆、存款核对与申报相符');
    });
    // Economics start from the application's figures; the clerk confirms them.
    await act(clerk, '录入家庭经济状况', async (dialog) => {
      await expect.poll(() => dialog.locator('#action_record_economics_data_incomes_0_monthlyFen').inputValue()).toBe('1200.00');
    });
    // The timeline shows who investigated.
    await clerk.getByTestId('timeline').getByText('王调查、李调查').waitFor();
    expect(await state(clerk)).toContain('调查中');

    // ── a second township official gives 初审 (the clerk who accepted may not) ──
    const leader = await signIn('demo-township-leader');
    await openCase(leader, caseId);
    await act(leader, '初审', async (dialog) => {
      await dialog.locator('#action_preliminary_review_opinion').fill('经入户调查和信息核对，家庭人均收入低于低保标准，同意纳入低保。');
    });
    expect(await state(leader)).toContain('初审完成');

    // ── the township publicises; seven days later it reports to the county ──
    await clerk.reload();
    await clerk.getByTestId('case-no').waitFor();
    await act(clerk, '开始公示');
    expect(await state(clerk)).toContain('公示中');
    await letPublicityPass(t.db, caseId);
    await clerk.reload();
    await clerk.getByTestId('case-no').waitFor();
    await act(clerk, '公示期满报送');
    expect(await state(clerk)).toContain('待审核确认');

    // ── 二道区 confirms at the calculated amount ──
    const county = await signIn('demo-county');
    await county.goto(`${base}/assistance/queue`);
    await county.getByText(await clerk.getByTestId('case-no').innerText()).waitFor();
    await openCase(county, caseId);
    await act(county, '确认同意', async (dialog) => {
      expect(await dialog.getByTestId('approve-amount').innerText()).toBe(amount);
    });
    await county.getByTestId('case-state').getByText('保障中').waitFor();
    expect(await county.getByTestId('case-amount').innerText()).toBe(amount);
    await county.getByText('确认同意的次月起发放').or(county.getByText('发放起始月份')).first().waitFor();
    await county.screenshot({ path: '.tmp/e2e-assistance-confirmed.png', fullPage: true });

    // The API agrees with the page.
    const detail = await township.get(`/api/v1/assistance/cases/${caseId}`);
    expect(detail.body.amountFen).toBe(calculated.body.amountFen);
    expect(detail.body.state).toBe('in_payment');
    expect(errors).toEqual([]);
  }, 300_000);

  it('a second official acting on a stale page is told to refresh', async () => {
    // A household of its own: the first family's case is still open.
    const alone = await createPerson(township, { name: '何春燕', birth: '19590317', sex: 'female', regionCode: VILLAGE });
    const household = await createHousehold(township, [alone], VILLAGE);
    const page = await signIn('demo-township');
    const filed = await township.post('/api/v1/assistance/cases', {
      programme: 'dibao', householdId: household.id, applicantPersonId: alone.id,
      applicationDate: todayInShanghai(),
      authorizationSigned: true, pledgeSigned: true, hukouType: 'urban',
      incomes: [], deductions: [], categories: [],
      property: { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 0, businessCount: 0 },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    await openCase(page, filed.body.id);
    // Someone else accepts the case after this page was loaded.
    const other = await township.post(`/api/v1/assistance/cases/${filed.body.id}/actions/accept`, { version: filed.body.version });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    await page.getByTestId('case-actions').getByRole('button', { name: button('受理') }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '受理' });
    await dialog.getByRole('button', { name: button('受理') }).click();
    await dialog.getByText('该案件已被他人办理，请刷新后重试').waitFor();
    await dialog.getByRole('button', { name: /刷\s*新/ }).click();
    await page.getByTestId('case-state').getByText('已受理').waitFor();
  }, 300_000);
});
