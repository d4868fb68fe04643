import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addWorkingDays, formatFen, todayInShanghai } from '@mz/kernel';
import { seedDemoAssistanceParams } from '@mz/assistance/server';
import type { HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../apps/server/src/testing/test-app.ts';
import { createPerson, letPublicityPass } from '../modules/assistance/src/server/assistance.testing.ts';
import { browserAvailable, launchChromium } from './browser.ts';
import { act, button, pick, signInAs } from './case-journey.ts';

// Acceptance of 特困供养 and 临时救助 in the browser: each case is carried from the intake page to
// its decision by the demo officials whose level and role the step belongs to, each in a browser
// session of their own. Demo parameters (二道区): 城市低保标准 820 元; 临时救助 township quota
// 3000 元 (the figure the refusals quote), 急难 cap 6 × 820 元; 特困 basic living 1.3 × the
// standard plus care by tier. The 特困 amount is not written into the test: it is whatever
// POST /assistance/calculate gives for the same inputs, so the journey fails only when page,
// calculator and decision disagree.

const VILLAGE = '220105003005'; // 岭东社区, 荣光街道
const WEEKDAYS = '日一二三四五六';


/** A due date as the clocks table prints it: 2026年11月27日（星期五）. */
function dueText(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日（星期${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}）`;
}

describe.skipIf(!browserAvailable())('特困供养 and 临时救助 journeys (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let api: HttpSession; // the 荣光街道 clerk over the API: setup and cross-checks only
  const errors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp('pglite', {}, { serveWeb: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await seedDemoAssistanceParams(t.db);
    api = await t.login('demo-township');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = (username: string) => signInAs(browser, base, username, errors);

  /** Reloads the case page: another official has acted since it was drawn. */
  async function reload(page: Page) {
    await page.reload();
    await page.getByTestId('case-no').waitFor();
  }

  async function openFromQueue(page: Page, caseNo: string) {
    await page.goto(`${base}/assistance/queue`);
    await page.getByRole('link', { name: caseNo }).click();
    await page.getByTestId('case-no').waitFor();
  }

  const stateOf = (page: Page) => page.getByTestId('case-state').innerText();

  async function submitApplication(page: Page): Promise<{ id: string; caseNo: string }> {
    await page.check('#application_authorizationSigned');
    await page.check('#application_pledgeSigned');
    await page.getByRole('button', { name: button('提交申请') }).click();
    await page.waitForURL(/\/assistance\/cases\/[0-9a-f-]{36}$/);
    await page.getByTestId('case-no').waitFor();
    return { id: page.url().split('/').pop()!, caseNo: await page.getByTestId('case-no').innerText() };
  }

  /** The 打印决定书 link is enabled and the PDF it points at is served to the signed-in official. */
  async function expectNoticePdf(page: Page) {
    const link = page.getByRole('link', { name: /打印决定书/ });
    await expect.poll(() => link.getAttribute('aria-disabled')).not.toBe('true');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/\/notice\.pdf$/);
    const pdf = await page.request.get(new URL(href!, base).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
  }

  it('临时救助 with 先行救助: filed, granted within the township quota, paid, paperwork completed within 5 working days', async () => {
    await createPerson(api, { name: '邵雪梅', birth: '19830714', sex: 'female', regionCode: VILLAGE });

    // ── 荣光街道 clerk files an 急难 application for a person alone ──
    const clerk = await signIn('demo-township');
    await clerk.goto(`${base}/assistance/cases/new?programme=linshi`);
    await clerk.getByText('以个人申请').click();
    await pick(clerk, 'application_personId', '邵雪梅', '邵雪梅');
    await clerk.fill('#application_incidentDate', todayInShanghai());
    await clerk.keyboard.press('Enter');
    await clerk.click('#application_incidentRegionCode');
    const cascade = clerk.locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item');
    await cascade.filter({ hasText: '荣光街道' }).click();
    await cascade.filter({ hasText: '岭东社区' }).click();
    await clerk.fill('#application_description', '租住房屋夜间失火，衣物被褥和家用电器全部烧毁，暂无安身之处。');
    await clerk.click('#application_advance');

    // Above the township quota 先行救助 is not possible: the trial says so in the server's words
    // and sends the case to the county.
    const panel = clerk.getByTestId('calculation-panel');
    await clerk.fill('#application_requestedFen', '5000');
    await panel.getByText('核定金额超过乡镇（街道）审批额度，不能先行救助，按一般程序报县级审批').waitFor();
    await panel.getByText('县级审批', { exact: true }).waitFor();

    // 1500 元 is within the quota: the township approves and may pay first.
    await clerk.fill('#application_requestedFen', '1500');
    await panel.getByText('乡镇（街道）审批', { exact: true }).waitFor();
    await expect.poll(() => panel.getByTestId('breakdown-amount').innerText()).toBe(formatFen(150_000));
    await expect.poll(() => panel.getByText('不能先行救助').count()).toBe(0);

    const filed = await submitApplication(clerk);
    expect(filed.caseNo).toMatch(/^LS-220105-\d{4}-\d{6}$/);
    expect(await stateOf(clerk)).toContain('已申请');
    expect(await clerk.getByTestId('case-amount').innerText()).toBe(formatFen(150_000));
    await clerk.getByText('申请先行救助：先行发放，事后补办手续').waitFor();
    // The breakdown names who approves and the quota that decides it.
    const breakdown = clerk.getByTestId('breakdown');
    const quotaRow = breakdown.getByRole('row').filter({ hasText: '乡镇（街道）审批额度' });
    expect(await quotaRow.innerText()).toContain(formatFen(300_000));
    expect(await quotaRow.innerText()).toContain('未超过额度，由乡镇（街道）审批');
    const settings = (await api.get(`/api/v1/assistance/cases/${filed.id}`)).body.settings;
    expect(settings).toMatchObject({ approvalLevel: 'township', townshipQuotaFen: 300_000, paperworkWorkingDays: 5 });

    await act(clerk, '受理');
    expect(await stateOf(clerk)).toContain('已受理');
    // Granting is the approver's decision, not the clerk's.
    expect(await clerk.getByTestId('case-actions').getByRole('button', { name: button('先行救助') }).count()).toBe(0);

    // ── 荣光街道 head grants the advance; more than the quota is refused by the server ──
    const head = await signIn('demo-township-head');
    await openFromQueue(head, filed.caseNo);
    await act(head, '先行救助', async (dialog) => {
      await expect.poll(() => dialog.locator('#action_advance_grant_data_amountFen').inputValue()).toBe('1500.00');
      await dialog.locator('#action_advance_grant_data_amountFen').fill('5000');
      await dialog.locator('#action_advance_grant_opinion').fill('家中失火无处安身，情况紧急，先行救助。');
      await dialog.getByRole('button', { name: button('先行救助') }).click();
      await dialog.getByRole('alert').getByText('先行救助金额不能超过乡镇（街道）审批额度 3000.00 元').waitFor();
      await dialog.locator('#action_advance_grant_data_amountFen').fill('1500');
    });
    expect(await stateOf(head)).toContain('先行救助已批准');
    // The decision is signed by the township's approving official, with the amount granted.
    const granted = head.getByTestId('timeline').locator('.ant-timeline-item').filter({ hasText: '先行救助' }).last();
    expect(await granted.innerText()).toContain('荣光街道分管主任');
    expect(await granted.innerText()).toContain(formatFen(150_000));

    // ── the clerk pays; the paperwork clock starts: 5 working days on the holiday calendar ──
    await reload(clerk);
    await act(clerk, '先行发放', async (dialog) => {
      await expect.poll(() => dialog.locator('#action_pay_advance_data_amountFen').inputValue()).toBe('1500.00');
    });
    expect(await stateOf(clerk)).toContain('待补办手续');
    // Counted from the day of payment in Beijing (today, unless the payment fell just before midnight).
    const paid = (await api.get(`/api/v1/assistance/cases/${filed.id}`)).body;
    const paidOn = todayInShanghai(new Date(paid.timeline.at(-1).at));
    const due = addWorkingDays(paidOn, 5);
    expect(paid.nextDue).toMatchObject({ key: 'paperwork', due });
    const clock = clerk.getByTestId('clocks').getByRole('row').filter({ hasText: '先行救助补办手续' });
    await expect.poll(() => clock.innerText()).toContain('5个工作日');
    expect(await clock.innerText()).toContain(dueText(due));
    expect(await clock.innerText()).toContain('计时中');

    await act(clerk, '补办审批手续', async (dialog) => {
      await dialog.locator('#action_complete_paperwork_data_explanation').fill('经入户核实，火灾损失属实，补充说明情况并补齐审批材料。');
      await dialog.locator('#action_complete_paperwork_opinion').fill('已补办审批手续');
    });
    await clerk.getByTestId('case-state').getByText('已发放').waitFor();
    await expect.poll(() => clock.innerText()).toContain('按时办结');
    await expectNoticePdf(clerk);

    const done = (await api.get(`/api/v1/assistance/cases/${filed.id}`)).body;
    expect(done).toMatchObject({ state: 'paid', amountFen: 150_000, advancePaidFen: 150_000 });
    expect(done.timeline.map((d: { action: string }) => d.action)).toEqual(['accept', 'advance_grant', 'pay_advance', 'complete_paperwork']);
    expect(errors).toEqual([]);
  }, 300_000);

  it('特困: filed with obligor and self-care, investigated, reviewed, publicised, spot-checked and confirmed at the calculated amount', async () => {
    const elder = await createPerson(api, { name: '韩桂芝', birth: '19460518', sex: 'female', regionCode: VILLAGE });
    const registered = (await api.get(`/api/v1/registry/persons/${elder.id}`)).body;
    expect(registered.age).toBeGreaterThanOrEqual(60);

    // ── 荣光街道 clerk files; the page works out the care tier as the items are ticked off ──
    const clerk = await signIn('demo-township');
    await clerk.goto(`${base}/assistance/cases/new?programme=tekun`);
    await pick(clerk, 'application_personId', '韩桂芝', '韩桂芝');
    await clerk.getByText(`韩桂芝，${registered.age}岁`).waitFor();
    const tier = clerk.getByTestId('care-tier');
    await expect.poll(() => tier.innerText()).toContain('全自理');
    await clerk.uncheck('#application_selfCare_dress');
    await expect.poll(() => tier.innerText()).toContain('半护理');
    for (const item of ['bed', 'toilet', 'bath']) await clerk.uncheck(`#application_selfCare_${item}`);
    await expect.poll(() => tier.innerText()).toContain('全护理');

    await clerk.getByRole('button', { name: /添加义务人/ }).click();
    await clerk.fill('#application_obligors_0_name', '韩志刚');
    await clerk.fill('#application_obligors_0_relation', '子女');
    await clerk.keyboard.press('Escape');
    await pick(clerk, 'application_obligors_0_circumstance', '60周岁以上的最低生活保障对象');
    await clerk.check('#application_obligors_0_authorizationSigned'); // 特困办法第十条

    // The same inputs through the calculator: 基本生活标准 plus the 全护理 care standard.
    const selfCare = { eat: true, dress: false, bed: false, toilet: false, walk: true, bath: false };
    const calculated = await api.post('/api/v1/assistance/calculate', {
      programme: 'tekun',
      regionCode: VILLAGE,
      month: todayInShanghai().slice(0, 7),
      household: {
        hukouType: 'urban', age: registered.age, disability: null, careMode: 'dispersed', selfCare,
        obligors: [{ name: '韩志刚', relation: '子女', circumstance: 'dibao_elderly' }],
        incomes: [],
        property: { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 0, businessCount: 0 },
      },
    });
    expect(calculated.status, JSON.stringify(calculated.body)).toBe(200);
    expect(calculated.body).toMatchObject({ eligible: true, careTier: 'full' });
    const line = (code: string) => calculated.body.items.find((i: { code: string }) => i.code === code);
    expect(line('care').label).toBe('照料护理标准（分散供养，全护理）');
    expect(line('basic').amountFen + line('care').amountFen).toBe(calculated.body.amountFen);
    const amount = formatFen(calculated.body.amountFen);
    const panel = clerk.getByTestId('calculation-panel');
    await expect.poll(() => panel.getByTestId('breakdown-amount').innerText()).toBe(amount);

    const filed = await submitApplication(clerk);
    expect(filed.caseNo).toMatch(/^TK-220105-\d{4}-\d{6}$/);
    expect(await stateOf(clerk)).toContain('已申请');
    expect(await clerk.getByTestId('case-amount').innerText()).toBe(amount);

    // ── the clerk accepts, investigates and assesses self-care ──
    await act(clerk, '受理');
    await act(clerk, '启动调查');
    await act(clerk, '入户调查记录', async (dialog) => {
      await dialog.locator('#action_record_home_visit_data_investigators').click();
      for (const name of ['王调查', '李调查']) {
        await clerk.keyboard.type(name);
        await clerk.keyboard.press('Enter');
      }
      await dialog.locator('#action_record_home_visit_data_findings').fill('独居，行动不便，穿衣、上下床、如厕、洗澡需人协助；其子为低保对象，无力赡养。');
    });
    await act(clerk, '申请信息核对');
    await act(clerk, '录入核对结果', async (dialog) => {
      await dialog.getByText('与申报相符').click();
      await dialog.locator('#action_record_verification_data_findings').fill('户籍、社保、不动产、车辆、存款核对与申报相符');
    });
    await act(clerk, '生活自理能力评估', async (dialog) => {
      // The assessment starts from the items on the application.
      await dialog.getByText('全护理').waitFor();
      await dialog.locator('#action_assess_self_care_data_assessor').fill('荣光街道评估小组');
    });
    await clerk.getByTestId('timeline').getByText('王调查、李调查').waitFor();
    expect(await stateOf(clerk)).toContain('调查中');

    // ── 初审 by a second township official ──
    const leader = await signIn('demo-township-leader');
    await openFromQueue(leader, filed.caseNo);
    await act(leader, '初审', async (dialog) => {
      await dialog.locator('#action_preliminary_review_opinion').fill('无劳动能力、无生活来源，义务人无履行能力，符合特困人员认定条件。');
    });
    expect(await stateOf(leader)).toContain('初审完成');

    // ── 公示, and after seven days the report to the county ──
    await reload(clerk);
    await act(clerk, '开始公示');
    expect(await stateOf(clerk)).toContain('公示中');
    await letPublicityPass(t.db, filed.id);
    await reload(clerk);
    await act(clerk, '公示期满报送');
    expect(await stateOf(clerk)).toContain('待审核确认');

    // ── 二道区 draws its spot check: the only pending 特困 case, and ⌈1 × 30%⌉ = 1, so it is drawn ──
    const county = await signIn('demo-county');
    await county.goto(`${base}/assistance/overdue`);
    await county.getByRole('button', { name: /特困抽查/ }).click();
    await county.getByRole('dialog').filter({ hasText: '随机抽取' }).getByRole('button', { name: button('抽取') }).click();
    const drawn = county.getByRole('dialog').filter({ hasText: '抽查结果' });
    await drawn.getByText('从 1 件待审核确认的特困案件中抽取 1 件').waitFor();
    await drawn.getByRole('link', { name: '查看被抽查的案件' }).click();
    await county.getByRole('link', { name: filed.caseNo }).click();
    await county.getByTestId('case-no').waitFor();
    await county.getByText('本案被抽中县级抽查').waitFor();

    await act(county, '县级抽查', async (dialog) => {
      await dialog.locator('#action_spot_check_data_investigators').click();
      for (const name of ['县民政局张', '县民政局刘']) {
        await county.keyboard.type(name);
        await county.keyboard.press('Enter');
      }
      // Typing in the findings closes the names' dropdown, which would cover the conclusion.
      await dialog.locator('#action_spot_check_data_findings').fill('入户核查，自理能力与评估一致，与初审意见相符。');
      await dialog.getByText('与初审意见相符', { exact: true }).click();
    });
    await act(county, '确认同意', async (dialog) => {
      expect(await dialog.getByTestId('approve-amount').innerText()).toBe(amount);
    });
    await county.getByTestId('case-state').getByText('供养中').waitFor();
    expect(await county.getByTestId('case-amount').innerText()).toBe(amount);
    await expectNoticePdf(county);

    const decided = (await api.get(`/api/v1/assistance/cases/${filed.id}`)).body;
    expect(decided).toMatchObject({ state: 'in_support', amountFen: calculated.body.amountFen, tier: 'full', flags: ['spot_check'] });
    expect(errors).toEqual([]);
  }, 300_000);
});
