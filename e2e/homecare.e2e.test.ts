import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { todayInShanghai, yearMonthOf } from '@mz/kernel';
import { startTestApp, type TestApp } from '../apps/server/src/testing/test-app.ts';
import { BASE, COUNTY, RONGGUANG, createHousehold, createPerson, creditCode, ok } from '../modules/elderly/src/server/homecare.testing.ts';
import { browserAvailable, launchChromium } from './browser.ts';
import { button, motionSettled, openDialog, pick, signInAs, submitUntil } from './case-journey.ts';

// Issue 7, 居家养老: a home-care order handled end to end in the browser by the right roles.
// 二道区's clerk (demo-county-clerk) enrols an 85-year-old of 岭东社区 who lives alone, picked from
// 符合条件待纳入, at the county's 80岁以上空巢 standard of ¥200.00 a month; 荣光街道 (demo-township)
// registers a need of 2 × 上门助浴 at ¥45.00 for her, dispatches it, records the start and the end,
// and the return visit; the timeline shows every step and her month's budget drops by ¥90.00 to
// ¥110.00. 二道区's approver (demo-county) settles the month: the provider's batch is 1 order,
// ¥90.00, and the exported workbook's total row says the same.
//
// The provider, the catalogue item and the budget standard are the county's organisation data,
// set up over the API as the providers page would (the journey is the order, not the catalogue).

const THIS_MONTH = yearMonthOf(todayInShanghai());
const YEAR = THIS_MONTH.slice(0, 4);
const ELDER = '居家旅程';
const PROVIDER = '旅程居家养老服务中心';
const WORKER = '刘护理';
const ITEM = { code: 'LC-ZY-01', name: '旅程上门助浴', category: 'bathing', unit: 'visit', priceFen: 4_500 } as const;
const QUANTITY = 2;
const BUDGET_FEN = 20_000; // 80岁以上空巢, 二道区
const AMOUNT_FEN = ITEM.priceFen * QUANTITY; // 按次: price × quantity, all within the month's budget
const REMAINING_FEN = BUDGET_FEN - AMOUNT_FEN;
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

describe.skipIf(!browserAvailable())('居家养老 journey: enrolment, order, settlement (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let providerCreditCode: string;
  const errors: string[] = [];

  /** Officials sign in with Beijing-time browsers (计划服务日期 defaults to their local day); console errors count. */
  const signIn = (username: string) => signInAs(browser, base, username, errors, { beijingTime: true, consoleErrors: true });

  beforeAll(async () => {
    t = await startTestApp('pglite', {}, { serveWeb: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const [township, countyClerk] = await Promise.all(['demo-township', 'demo-county-clerk'].map((u) => t.login(u)));
    // An 85-year-old of 岭东社区 in a one-person household: the data supports 80岁以上空巢.
    const elder = await createPerson(township, ELDER, `${Number(YEAR) - 85}0101`, 'female');
    await createHousehold(township, [elder]);
    providerCreditCode = creditCode(4321);
    await ok(countyClerk, 'POST', `${BASE}/providers`, {
      name: PROVIDER, creditCode: providerCreditCode, contactName: '陈经理', contactPhone: '0431-84560000',
      serviceRegions: [RONGGUANG], contractFrom: `${YEAR}-01-01`, contractTo: `${Number(YEAR) + 1}-12-31`,
    }, 201);
    await ok(countyClerk, 'POST', `${BASE}/catalogue`, { ...ITEM, effectiveFrom: `${YEAR}-01-01` }, 201);
    await ok(countyClerk, 'POST', `${BASE}/budget-params`, { regionCode: COUNTY, group: 'empty_nest_80', monthlyBudgetFen: BUDGET_FEN, fromMonth: `${YEAR}-01` }, 201);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => { await browser?.close(); await t?.close(); });

  const cells = async (row: Locator) => (await row.locator('td').allInnerTexts()).map((x) => x.trim());

  /** Takes an order step: its button, its dialog (filled by `fill`), its confirmation, the dialog closed. */
  async function orderStep(page: Page, name: string, done: string, fill?: (dialog: Locator) => Promise<void>) {
    const dialog = page.getByRole('dialog').filter({ hasText: `${name}：工单` });
    await openDialog(page.getByTestId('order-actions').getByRole('button', { name: button(name) }), dialog);
    await motionSettled(page);
    if (fill) await fill(dialog);
    await submitUntil(page, dialog.getByRole('button', { name: button(name) }), page.getByText(done));
    await dialog.waitFor({ state: 'hidden' });
  }

  it('the county enrols her, the township takes her order from need to return visit, the county settles and exports the month', async () => {
    // ── 二道区经办: 符合条件待纳入 lists her with the data's group and the standard's budget; 纳入 ──
    const clerk = await signIn('demo-county-clerk');
    await clerk.goto(`${base}/elderly/homecare/beneficiaries`);
    await clerk.getByRole('tab', { name: '符合条件待纳入' }).click();
    const suggestion = clerk.locator('.ant-table-row').filter({ hasText: ELDER });
    await suggestion.waitFor();
    expect(await suggestion.innerText()).toContain('80岁以上空巢老人');
    expect(await suggestion.innerText()).toContain(yuan(BUDGET_FEN));
    expect(await suggestion.innerText()).toContain('85');
    await suggestion.getByText('纳入', { exact: true }).click();
    const enrol = clerk.getByRole('dialog').filter({ hasText: `纳入服务对象：${ELDER}` });
    await enrol.waitFor();
    expect(await enrol.innerText()).toContain('80岁以上空巢老人'); // the data's group, chosen already
    await enrol.getByRole('button', { name: button('确定') }).click();
    await enrol.waitFor({ state: 'hidden' });
    await clerk.getByRole('tab', { name: '服务对象', exact: true }).click();
    const enrolled = clerk.locator('.ant-table-row').filter({ hasText: ELDER });
    await enrolled.waitFor();
    // 姓名 身份证号 年龄 所在地 类别 月预算 本月已用 本月剩余 纳入日期 状态
    const enrolledCells = await cells(enrolled);
    expect(enrolledCells.slice(4, 10)).toEqual(['80岁以上空巢老人', yuan(BUDGET_FEN), yuan(0), yuan(BUDGET_FEN), todayInShanghai(), '服务中']);
    expect(enrolledCells[1]).toContain('*'); // the ID number is masked in the list

    // ── 荣光街道经办: 登记需求 from 居家服务对象, 2 × 旅程上门助浴 ──
    const township = await signIn('demo-township');
    await township.goto(`${base}/elderly/homecare/beneficiaries`);
    const mine = township.locator('.ant-table-row').filter({ hasText: ELDER });
    await mine.waitFor();
    await mine.getByText('登记需求', { exact: true }).click();
    const need = township.getByRole('dialog').filter({ hasText: `登记服务需求：${ELDER}` });
    await need.waitFor();
    expect(await need.innerText()).toContain(`本月预算 ${yuan(BUDGET_FEN)}，已用 ${yuan(0)}，剩余 ${yuan(BUDGET_FEN)}`);
    await pick(township, 'order_itemCode', `${ITEM.name}（${yuan(ITEM.priceFen)}/次）`);
    await township.locator('#order_quantity').fill(String(QUANTITY));
    await township.locator('#order_demand').fill('每周两次上门助浴');
    await need.getByRole('button', { name: button('确定') }).click();
    await township.waitForURL(/\/elderly\/homecare\/orders\/[0-9a-f-]{36}$/);
    await township.getByText('已登记工单').first().waitFor();
    const orderUrl = township.url();
    const details = township.locator('.ant-descriptions');
    await details.getByText('已登记').waitFor();
    expect(await details.innerText()).toContain(`${yuan(ITEM.priceFen)}/次`);

    // 派单 to the provider, with the worker's name.
    await orderStep(township, '派单', '已派单', async (dialog) => {
      await pick(township, 'order-dispatch_providerId', PROVIDER);
      await dialog.locator('#order-dispatch_workerName').fill(WORKER);
    });
    await details.getByText('已派单').waitFor();
    expect(await details.innerText()).toContain(WORKER);

    // 开始服务 45 minutes ago (not before this month in Beijing: the budget month is the start's),
    // typed in the browser's own time zone as the picker shows it.
    const monthStart = Date.parse(`${THIS_MONTH}-01T00:00:00+08:00`);
    const startMs = Math.min(Math.max(Date.now() - 45 * 60_000, monthStart + 60_000), Date.now());
    const startText = await township.evaluate((ms) => {
      const d = new Date(ms);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
    }, startMs);
    await orderStep(township, '开始服务', '已记录开始服务', async (dialog) => {
      const input = dialog.locator('#order-start_startedAt');
      await input.click();
      await input.fill(startText);
      // The panel's own 确定 takes the typed time (Enter would also submit the dialog's form).
      await township.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
      await expect.poll(() => input.inputValue(), { timeout: 30_000 }).toBe(startText);
    });
    await details.getByText('服务中').first().waitFor();
    expect(await details.innerText()).toContain(startText);

    // 完成服务 now (after the start), the two visits given.
    await orderStep(township, '完成服务', '已完成服务并计算金额', async (dialog) => {
      expect(await dialog.locator('#order-finish_quantity').inputValue()).toBe(String(QUANTITY));
    });
    await details.getByText('已服务').waitFor();
    const served = await details.innerText();
    expect(served).toContain(yuan(AMOUNT_FEN));
    expect(served).toContain(`${THIS_MONTH} 预算`);
    expect(served).toContain(`${yuan(BUDGET_FEN)}，已用 ${yuan(AMOUNT_FEN)}，剩余 ${yuan(REMAINING_FEN)}`);

    // 回访评价: four stars and a comment.
    await orderStep(township, '回访评价', '已记录回访评价', async (dialog) => {
      await dialog.locator('.ant-rate-star').nth(3).click();
      await dialog.locator('#order-visit_comment').fill('助浴细致，老人满意');
    });
    await details.getByText('已回访').waitFor();
    expect(await details.innerText()).toContain('助浴细致，老人满意');
    expect(await township.getByTestId('order-actions').getByRole('button').count()).toBe(0); // nothing left but the settlement

    // The timeline names every step, in order, with what each recorded.
    const timeline = township.locator('.ant-timeline');
    const steps = (await timeline.locator('.ant-timeline-item').allInnerTexts()).map((s) => s.trim());
    expect(steps.map((s) => s.split(/\s/)[0])).toEqual(['登记需求', '派单', '开始服务', '完成服务', '回访评价']);
    expect(steps[0]).toContain('每周两次上门助浴');
    expect(steps[1]).toContain(`派给 ${PROVIDER}，服务人员 ${WORKER}`);
    expect(steps[3]).toMatch(new RegExp(`完成服务，\\d+ 分钟，${QUANTITY} 次；金额 ${(AMOUNT_FEN / 100).toFixed(2)} 元（预算支付 ${(AMOUNT_FEN / 100).toFixed(2)} 元，自费 0\\.00 元）`));
    expect(steps[4]).toContain('回访评价 4 分');

    // Her month's budget, on 居家服务对象: ¥90.00 used, ¥110.00 left.
    await township.goto(`${base}/elderly/homecare/beneficiaries`);
    const after = township.locator('.ant-table-row').filter({ hasText: ELDER });
    await after.getByText(yuan(REMAINING_FEN)).waitFor();
    expect((await cells(after)).slice(5, 8)).toEqual([yuan(BUDGET_FEN), yuan(AMOUNT_FEN), yuan(REMAINING_FEN)]);

    // ── 二道区审批: 生成月度结算 for this month; the provider's batch is the one order ──
    const county = await signIn('demo-county');
    await county.goto(`${base}/elderly/homecare/settlements`);
    await county.getByText(`${THIS_MONTH} 待结算（已回访评价）`).waitFor();
    const pending = county.locator('.ant-table-row').filter({ hasText: PROVIDER });
    await pending.waitFor();
    expect(await cells(pending)).toEqual([PROVIDER, '1', yuan(AMOUNT_FEN), yuan(AMOUNT_FEN), yuan(0)]);
    await county.getByRole('button', { name: /生成月度结算/ }).click();
    await submitUntil(county, county.locator('.ant-popover:visible').getByRole('button', { name: button('生成') }), county.getByText('已生成 1 个服务商的结算单'));
    await county.getByText('没有待结算的工单').waitFor();
    const batch = county.locator('.ant-table-row').filter({ hasText: providerCreditCode });
    await batch.waitFor();
    // 服务商 统一社会信用代码 批次 工单数 服务金额 预算支付 自费 结算人 …
    expect((await cells(batch)).slice(0, 7)).toEqual([PROVIDER, providerCreditCode, '1', '1', yuan(AMOUNT_FEN), yuan(AMOUNT_FEN), yuan(0)]);
    expect(await county.locator('.ant-table-summary').innerText()).toContain(yuan(AMOUNT_FEN));

    // 导出结算表: an .xlsx whose 结算汇总 total row and 工单明细 hold the order.
    const [download] = await Promise.all([
      county.waitForEvent('download'),
      county.getByRole('button', { name: /导出结算表/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`居家养老服务结算-${THIS_MONTH}.xlsx`);
    const file = await readFile((await download.path())!);
    expect(file.length).toBeGreaterThan(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('结算汇总')!;
    const rows: unknown[][] = [];
    summary.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[1]!.slice(0, 8)).toEqual([PROVIDER, providerCreditCode, THIS_MONTH, 1, 1, AMOUNT_FEN / 100, AMOUNT_FEN / 100, 0]);
    const total = rows.find((r) => r[0] === '合计')!;
    expect(total.slice(4, 8)).toEqual([1, AMOUNT_FEN / 100, AMOUNT_FEN / 100, 0]);
    const detail: unknown[][] = [];
    wb.getWorksheet('工单明细')!.eachRow((row) => detail.push((row.values as unknown[]).slice(1)));
    expect(detail).toHaveLength(2);
    expect(detail[1]![3]).toBe(ELDER);
    expect(String(detail[1]![4])).toContain('*'); // the ID number is masked
    expect(detail[1]!.slice(11, 14)).toEqual([AMOUNT_FEN / 100, AMOUNT_FEN / 100, 0]);

    // The order is now locked as 已结算.
    await township.goto(orderUrl);
    await details.getByText('已结算').waitFor();

    expect(errors).toEqual([]);
  }, 600_000);
});
