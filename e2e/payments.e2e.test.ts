import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fenToYuanString, todayInShanghai } from '@mz/kernel';
import type { HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../apps/server/src/testing/test-app.ts';
import { findProgramme, registerProgramme } from '../modules/payments/src/server/programmes.ts';
import { asCounty, createHousehold, createPerson, LINGDONG, newAccount, newCaseId, SYSTEM_ACTOR, type TestPerson } from '../modules/payments/src/server/testing/payments.fixtures.ts';
import { recordEntitlement } from '../modules/payments/src/server/entitlement.service.ts';
import { browserAvailable, launchChromium } from './browser.ts';
import { button, signInAs } from './case-journey.ts';

// Acceptance of 资金发放 in the browser (issue 5): 二道区 pays a month of 低保 end to end. The clerk
// (demo-county-clerk) generates the roll, the reviewer (demo-county-reviewer) reviews it, the
// county's approver (demo-county) approves it; the clerk exports the bank file, imports the bank's
// return with one failed transfer, and after the payee's account is corrected in the registry
// generates the reissue batch holding exactly that one line, which is paid in turn; the approver then
// reconciles both rolls. A return file whose amount was changed is rejected with its line-by-line
// report and changes nothing.

const FAMILIES = [
  { name: '周', members: 2, amountFen: 81_000 },
  { name: '钱', members: 1, amountFen: 52_000 },
  { name: '陈', members: 3, amountFen: 97_500 },
];

/** The 低保 programme: the assistance module's when it declares it, else declared here the same way. */
function dibaoProgramme(): string {
  if (!findProgramme('dibao')) {
    registerProgramme({ code: 'dibao', name: '最低生活保障', shortName: '低保', ownerModule: 'assistance', basis: 'household', monthly: true, oneOff: false });
  }
  return 'dibao';
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

function returnFile(rows: Record<string, string>[], fail: Record<string, string>, amount: (r: Record<string, string>) => string = (r) => r['金额']!): string {
  const body = rows.map((r) => [r['序号'], r['账号'], amount(r), fail[r['序号']!] ? '失败' : '成功', fail[r['序号']!] ?? ''].join(','));
  return `${['序号,账号,金额,处理结果,失败原因', ...body].join('\r\n')}\r\n`;
}

describe.skipIf(!browserAvailable())('资金发放 journey (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let township: HttpSession; // 荣光街道 clerk over the API: registry data entry and the account correction
  let county: HttpSession; // cross-checks over the API
  const errors: string[] = [];
  const month = todayInShanghai().slice(0, 7);
  const heads: TestPerson[] = [];

  beforeAll(async () => {
    t = await startTestApp('pglite', {}, { serveWeb: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    township = await t.login('demo-township');
    county = await t.login('demo-county-clerk');
    const programme = dibaoProgramme();
    // Households with bank accounts in 岭东社区, and the 低保 each was granted (as the assistance decision records it).
    for (const f of FAMILIES) {
      const persons: TestPerson[] = [];
      for (let i = 0; i < f.members; i++) persons.push(await createPerson(township, { name: `${f.name}${'建秀明'[i]}${'国英华'[i]}`, birth: `19${58 + i}0${i + 2}1${i}` }));
      const householdId = await createHousehold(township, persons);
      heads.push(persons[0]!);
      await asCounty(t.db, (tx) => recordEntitlement(tx, SYSTEM_ACTOR, {
        programme, beneficiary: { householdId, personId: persons[0]!.id }, personCount: f.members, regionCode: LINGDONG, fromMonth: month,
        monthlyAmountFen: f.amountFen, breakdown: { items: [{ code: 'gap', label: '保障标准与家庭人均收入差额', amountFen: f.amountFen }] },
        ruleVersion: 'dibao-2026.1', origin: { kind: 'case_decision', sourceModule: 'assistance', sourceId: newCaseId(), reason: '低保审核确认' },
      }));
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = (username: string) => signInAs(browser, base, username, errors);
  const stateOf = (page: Page) => page.getByTestId('roll-state').innerText();

  async function openRoll(page: Page, id: string) {
    await page.goto(`${base}/payments/rolls/${id}`);
    await page.getByTestId('roll-state').waitFor();
  }

  /** Clicks a roll step, fills its dialog if asked, confirms, and waits for the confirmation. */
  async function step(page: Page, name: string) {
    await page.getByTestId('roll-actions').getByRole('button', { name: button(name) }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: name });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: button(name) }).click();
    await page.getByText(`已办理「${name}」`).first().waitFor();
    await dialog.waitFor({ state: 'hidden' });
  }

  async function uploadReturn(page: Page, fileName: string, content: string) {
    await page.getByTestId('roll-actions').getByRole('button', { name: /导入银行回盘/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '导入银行回盘' });
    await dialog.waitFor();
    await dialog.locator('input[type=file]').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
    return dialog;
  }

  it('the county generates, reviews, approves and exports the month\'s 低保 roll, imports the return with one failure and reissues it', async () => {
    const total = FAMILIES.reduce((s, f) => s + f.amountFen, 0);

    // ── the clerk generates the roll; the month defaults to the first of the sequence ──
    const clerk = await signIn('demo-county-clerk');
    await clerk.goto(`${base}/payments/rolls`);
    await clerk.getByRole('button', { name: /生成发放表/ }).click();
    const dialog = clerk.getByRole('dialog').filter({ hasText: '生成发放表' });
    await clerk.click('#generate_programme');
    await clerk.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '最低生活保障' }).first().click();
    await expect.poll(() => clerk.locator('#generate_month').inputValue()).toBe(month);
    await dialog.getByRole('button', { name: button('生成') }).click();
    await clerk.waitForURL(/\/payments\/rolls\/[0-9a-f-]{36}$/);
    const rollId = clerk.url().split('/').pop()!;
    await clerk.getByTestId('roll-state').getByText('草稿').waitFor();
    expect(await clerk.getByTestId('roll-amount').innerText()).toBe(`¥${(total / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(await clerk.getByTestId('roll-lines').innerText()).toBe('3');
    // The control totals reach the village, with the whole roll's figures.
    const village = clerk.getByTestId('totals-tree').getByRole('row').filter({ hasText: '岭东社区' });
    await village.waitFor();
    expect(await village.innerText()).toContain('3');
    expect(await village.innerText()).toContain(fenToYuanString(total).replace(/\B(?=(\d{3})+(?!\d))/, ','));
    // Every line names the decision it pays and the rule version of its amount.
    await clerk.getByRole('tab', { name: /发放明细/ }).click();
    const lineRows = clerk.getByTestId('roll-lines-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => lineRows.count()).toBe(3);
    const firstLine = lineRows.first();
    expect(await firstLine.getByRole('link', { name: '救助案件' }).getAttribute('href')).toMatch(/^\/assistance\/cases\/case-/);
    expect(await firstLine.innerText()).toContain('dibao-2026.1');
    // A clerk does not review what they generated.
    expect(await clerk.getByTestId('roll-actions').getByRole('button', { name: button('复核通过') }).count()).toBe(0);

    // ── the reviewer reviews, the county's approver approves ──
    const reviewer = await signIn('demo-county-reviewer');
    await openRoll(reviewer, rollId);
    await step(reviewer, '复核通过');
    await expect.poll(() => stateOf(reviewer)).toContain('已复核');
    const approver = await signIn('demo-county');
    await openRoll(approver, rollId);
    await step(approver, '审批通过');
    await expect.poll(() => stateOf(approver)).toContain('已审批');

    // ── the clerk exports the bank file (CSV, 通用格式) ──
    await openRoll(clerk, rollId);
    await clerk.getByTestId('roll-actions').getByRole('button', { name: /导出银行代发文件/ }).click();
    const exportDialog = clerk.getByRole('dialog').filter({ hasText: '导出银行代发文件' });
    await exportDialog.waitFor();
    const [download] = await Promise.all([clerk.waitForEvent('download'), exportDialog.getByRole('button', { name: button('导出') }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const rows = parseCsv(await readFile((await download.path())!, 'utf8'));
    expect(rows).toHaveLength(3);
    expect(rows.reduce((s, r) => s + Math.round(Number(r['金额']) * 100), 0)).toBe(total);
    for (const h of heads) expect(rows.some((r) => r['账号'] === h.account)).toBe(true);
    await clerk.getByTestId('roll-state').getByText('已导出').waitFor();

    // ── a return file with a changed amount is rejected line by line and changes nothing ──
    const tampered = rows[1]!['序号']!;
    let upload = await uploadReturn(clerk, 'return-wrong.csv', returnFile(rows, {}, (r) => (r['序号'] === tampered ? (Number(r['金额']) + 1).toFixed(2) : r['金额']!)));
    const report = upload.getByTestId('return-report');
    await report.waitFor();
    const problem = report.getByRole('row').filter({ hasText: '金额' });
    expect(await problem.count()).toBe(1);
    expect(await problem.innerText()).toContain(tampered);
    const [reportFile] = await Promise.all([clerk.waitForEvent('download'), report.getByRole('button', { name: /下载报告（Excel）/ }).click()]);
    expect(reportFile.suggestedFilename()).toMatch(/\.xlsx$/);
    await upload.getByRole('button', { name: '关 闭' }).click();
    await clerk.reload();
    await clerk.getByTestId('roll-state').getByText('已导出').waitFor();
    expect((await county.get(`/api/v1/payments/rolls/${rollId}`)).body).toMatchObject({ state: 'exported', paidFen: null });

    // ── the real return: one transfer failed, the account was closed ──
    const failed = rows.find((r) => r['账号'] === heads[1]!.account)!;
    upload = await uploadReturn(clerk, 'return.csv', returnFile(rows, { [failed['序号']!]: '账户已销户' }));
    await clerk.getByText(/回盘已导入：成功 2 笔/).waitFor();
    await upload.waitFor({ state: 'hidden' });
    await clerk.getByTestId('roll-state').getByText('银行已回盘').waitFor();
    await expect.poll(() => clerk.getByTestId('roll-transfers').innerText()).toContain('失败 1');
    expect(await clerk.getByTestId('roll-failed').innerText()).toContain(fenToYuanString(Number(failed['金额']!.replace('.', ''))));

    // ── the payee's account is corrected in the registry, then the clerk generates the reissue batch ──
    const person = (await township.get(`/api/v1/registry/persons/${heads[1]!.id}`)).body;
    const fixed = await township.patch(`/api/v1/registry/persons/${heads[1]!.id}`, { version: person.version, bankName: '吉林银行长春分行', bankAccount: newAccount(), bankHolder: person.name });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    await clerk.reload();
    await clerk.getByTestId('roll-actions').getByRole('button', { name: button('生成重发批次') }).click();
    const reissueDialog = clerk.getByRole('dialog').filter({ hasText: '生成重发批次' });
    await reissueDialog.getByRole('button', { name: button('生成重发批次') }).click();
    await clerk.waitForURL((url) => /\/payments\/rolls\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(rollId));
    await clerk.getByTestId('roll-state').getByText('草稿').waitFor();
    await expect.poll(() => clerk.getByTestId('roll-lines').innerText()).toBe('1');
    const reissueId = clerk.url().split('/').pop()!;
    const reissue = (await county.get(`/api/v1/payments/rolls/${reissueId}`)).body;
    expect(reissue).toMatchObject({ kind: 'reissue', reissueOfRollId: rollId, lineCount: 1, amountFen: Math.round(Number(failed['金额']) * 100) });
    const lines = (await county.get(`/api/v1/payments/rolls/${reissueId}/lines`)).body.items;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'reissue', payeeName: heads[1]!.name });
    // The paid transfers of the original roll are untouched.
    const original = (await county.get(`/api/v1/payments/rolls/${rollId}/transfers`)).body.items;
    expect(original.filter((x: { status: string }) => x.status === 'paid')).toHaveLength(2);
    expect(original.find((x: { status: string }) => x.status === 'failed')).toMatchObject({ failureReason: '账户已销户', reissuedInRollId: reissueId });
    // A reissue batch is not regenerated (the server refuses it): the server does not offer it, and
    // the page shows only what the server offers.
    expect(reissue.availableActions.map((a: { key: string }) => a.key)).not.toContain('regenerate');
    expect(await clerk.getByTestId('roll-actions').getByRole('button', { name: button('重新生成') }).count()).toBe(0);

    // ── the reissue batch goes the same way and reaches the corrected account; then both rolls are reconciled ──
    await openRoll(reviewer, reissueId);
    await step(reviewer, '复核通过');
    await openRoll(approver, reissueId);
    await step(approver, '审批通过');
    await openRoll(clerk, reissueId);
    await clerk.getByTestId('roll-actions').getByRole('button', { name: /导出银行代发文件/ }).click();
    const again = clerk.getByRole('dialog').filter({ hasText: '导出银行代发文件' });
    const [second] = await Promise.all([clerk.waitForEvent('download'), again.getByRole('button', { name: button('导出') }).click()]);
    const reissueRows = parseCsv(await readFile((await second.path())!, 'utf8'));
    const corrected = (await township.get(`/api/v1/registry/persons/${heads[1]!.id}`)).body;
    expect(reissueRows).toHaveLength(1);
    expect(reissueRows[0]).toMatchObject({ 金额: failed['金额'], 户名: corrected.bankHolder ?? heads[1]!.name });
    expect(reissueRows[0]!['账号']).not.toBe(heads[1]!.account);
    await clerk.getByTestId('roll-state').getByText('已导出').waitFor();
    await uploadReturn(clerk, 'return-r1.csv', returnFile(reissueRows, {}));
    await clerk.getByText(/回盘已导入：成功 1 笔/).waitFor();
    for (const id of [reissueId, rollId]) {
      await openRoll(approver, id);
      await step(approver, '对账完成');
      await expect.poll(() => stateOf(approver)).toContain('已对账');
    }
    // The month's report agrees with the rolls, drilled down from the county to the village.
    await approver.goto(`${base}/payments/reports?month=${month}`);
    const townshipRow = approver.getByTestId('spending-table').getByRole('row').filter({ hasText: '荣光街道' });
    await townshipRow.waitFor();
    expect(await townshipRow.innerText()).toContain(fenToYuanString(total).replace(/\B(?=(\d{3})+(?!\d))/, ','));
    await townshipRow.getByText('荣光街道').click();
    await approver.getByTestId('spending-table').getByRole('row').filter({ hasText: '岭东社区' }).waitFor();
    await openRoll(approver, rollId);
    const [sheet] = await Promise.all([approver.waitForEvent('download'), approver.getByRole('button', { name: /导出发放表 Excel/ }).click()]);
    expect(sheet.suggestedFilename()).toMatch(/\.xlsx$/);
    expect((await county.get(`/api/v1/payments/rolls/${rollId}`)).body).toMatchObject({ state: 'reconciled', paidFen: total - Math.round(Number(failed['金额']) * 100) });
    expect(errors).toEqual([]);
  }, 300_000);
});
