import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { addCalendarDays, nextMonthOf, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { runPendingJobs } from '@mz/jobs/server';
import { seedDemoAssistanceParams } from '@mz/assistance/server';
import { startTestApp, type TestApp } from '../apps/server/src/testing/test-app.ts';
import { createHousehold, createPerson, deliver, entitle, idNumber, openDibaoCase, runMonth, type TestPerson } from '../modules/verification/src/server/verification.testing.ts';
import { browserAvailable, launchChromium } from './browser.ts';
import { act, button, pick, signInAs } from './case-journey.ts';

// Acceptance of 核对监测 in the browser (issue 6): 二道区's clerk uploads a 公安死亡 delivery naming a
// person whose household is paid 低保 this month (and one malformed row, shown with its reason),
// runs the month's monitoring, and 荣光街道 sees the alert, verifies it (核实) and records 需调整
// linked to the household's 低保 case, whose page the alert then links to — and the case page shows
// the alert to act on (its closing by the case's 停保 is covered in case-link.http.test.ts).

describe.skipIf(!browserAvailable())('核对监测 journey (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];
  const today = todayInShanghai();
  const month = yearMonthOf(today);
  let dead: TestPerson;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp('pglite', {}, { serveWeb: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await seedDemoAssistanceParams(t.db);
    const township = await t.login('demo-township');
    // A 低保 household of two in 岭东社区 with its open case; its head died ten days ago.
    dead = await createPerson(township, '核对旅甲', '19380412');
    const spouse = await createPerson(township, '核对旅乙', '19400505', 'female');
    const householdId = await createHousehold(township, [dead, spouse]);
    await entitle(t.db, 'dibao', { householdId }, undefined, 2);
    caseId = await openDibaoCase(t.db, householdId, dead, [dead.id, spouse.id], { authorizationSigned: true, pledgeSigned: true, hukouType: 'urban' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a death delivery is uploaded and checked, monitoring raises the alert, and the township verifies it and links the case to adjust', async () => {
    const signIn = (username: string) => signInAs(browser, base, username, errors);

    // ── the county clerk uploads the 公安死亡 delivery: one good row, one with a wrong check character ──
    const clerk = await signIn('demo-county-clerk');
    await clerk.goto(`${base}/verification/sources`);
    const row = clerk.getByRole('row').filter({ hasText: '公安死亡人员信息' });
    await row.getByRole('button', { name: /上传数据/ }).click();
    const upload = clerk.getByRole('dialog').filter({ hasText: '上传「公安死亡人员信息」' });
    await upload.waitFor();
    await upload.getByLabel('数据截止日期').fill(addCalendarDays(today, -1));
    const good = idNumber('19500101');
    const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const csv = `身份证号,姓名,死亡日期\r\n${dead.idNo},${dead.name},${addCalendarDays(today, -10)}\r\n${bad},某某,${addCalendarDays(today, -3)}\r\n`;
    await upload.locator('input[type=file]').setInputFiles({ name: '公安死亡.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const result = clerk.getByTestId('snapshot-result');
    await result.waitFor();
    await runPendingJobs(t.db);
    // The dialog follows the job: the delivery becomes the current version, the bad row is listed with its reason.
    await result.getByText('当前版本').waitFor({ timeout: 15_000 });
    const rejected = result.getByRole('row').filter({ hasText: '身份证号校验位错误' });
    await rejected.waitFor();
    expect(await rejected.innerText()).toContain('3');
    expect(await rejected.innerText()).not.toContain(bad);
    await clerk.getByRole('dialog').locator('.ant-modal-footer').getByRole('button').click();

    // ── the clerk runs the month's monitoring; rules without data say so ──
    await clerk.goto(`${base}/verification/runs`);
    await clerk.getByLabel('比对月份').fill(month);
    await clerk.getByRole('button', { name: /发起监测比对/ }).click();
    await clerk.getByText('监测比对已开始').first().waitFor();
    await runPendingJobs(t.db);
    const runRow = clerk.locator('tbody tr.ant-table-row').first();
    await runRow.getByText('已完成').waitFor({ timeout: 15_000 });
    expect(await runRow.innerText()).toContain(month);
    await runRow.locator('.ant-table-row-expand-icon').click();
    const outcomes = clerk.locator('.ant-table-expanded-row');
    await outcomes.getByRole('row').filter({ hasText: '死亡人员仍在享受待遇' }).getByText('已运行').waitFor();
    expect(await outcomes.innerText()).toMatch(/未导入|尚未|没有/);

    // ── the township sees the alert, opens it, 核实 then 需调整 linked to the 低保 case ──
    const township = await signIn('demo-township');
    await township.goto(`${base}/verification/alerts`);
    const alertRow = township.locator('tbody tr.ant-table-row').filter({ hasText: dead.name });
    await alertRow.waitFor();
    expect(await alertRow.innerText()).toContain('死亡人员仍在享受待遇');
    expect(await alertRow.innerText()).toContain('待核实');
    await alertRow.getByRole('link', { name: '死亡人员仍在享受待遇' }).click();
    await township.waitForURL(/\/verification\/alerts\/[0-9a-f-]{36}$/);
    const evidence = township.getByTestId('evidence');
    await evidence.waitFor();
    expect(await evidence.innerText()).toContain('公安死亡人员信息');
    expect(await evidence.innerText()).toContain(addCalendarDays(today, -10));

    await township.getByRole('button', { name: button('核实') }).click();
    const verify = township.getByRole('dialog').filter({ hasText: '核实：预警' });
    await verify.waitFor();
    await verify.getByRole('textbox').fill('经入户核实，户主已于上旬去世');
    await verify.getByRole('button', { name: button('核实') }).click();
    await township.getByText('已核实').first().waitFor();
    await verify.waitFor({ state: 'hidden' });

    await township.getByRole('button', { name: button('需调整') }).click();
    const adjust = township.getByRole('dialog').filter({ hasText: '需调整：预警' });
    await adjust.waitFor();
    await adjust.getByRole('textbox').fill('户主死亡，家庭保障人数减为1人，请办理调整');
    await adjust.getByRole('button', { name: button('需调整') }).click();
    await township.getByText('已记录需调整').first().waitFor();
    const linked = township.getByTestId('linked-case');
    await linked.waitFor();
    expect(await linked.getAttribute('href')).toBe(`/assistance/cases/${caseId}`);
    expect(await township.getByText('待调整待遇').count()).toBeGreaterThan(0);
    // The handling history names both steps.
    expect(await township.locator('.ant-timeline').innerText()).toContain('户主死亡，家庭保障人数减为1人');

    // The statistics count it under its rule, with its outcome.
    await township.goto(`${base}/verification/stats`);
    const ruleRow = township.locator('tbody tr.ant-table-row').filter({ hasText: '死亡人员仍在享受待遇' });
    await ruleRow.waitFor();
    expect((await ruleRow.locator('td').allInnerTexts()).map((x) => x.trim())).toEqual(['死亡人员仍在享受待遇', '1', '0', '0', '0', '0', '1', '0']);

    expect(errors).toEqual([]);
  });

  it('the case shows the alert to adjust, with its rule, evidence and the way back to the alert', async () => {
    const county = await signInAs(browser, base, 'demo-county', errors);
    await county.goto(`${base}/assistance/cases/${caseId}`);
    const notice = county.getByTestId('case-notice');
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain('死亡人员仍在享受待遇');
    expect(text).toContain(`${dead.name}：公安死亡人员信息`);
    expect(text).toContain('户主死亡，家庭保障人数减为1人');
    expect(await notice.getByRole('link').getAttribute('href')).toMatch(/^\/verification\/alerts\/[0-9a-f-]{36}$/);
    expect(await county.getByTestId('case-notices').innerText()).toContain('核对监测发现 1 条须调整待遇的预警');
    expect(errors).toEqual([]);
  });

  it('the township verifies the case\'s household and reads the printable report', async () => {
    const township = await signInAs(browser, base, 'demo-township', errors);
    await township.goto(`${base}/verification/requests?caseId=${caseId}`);
    await township.getByText('该案件尚未发起核对').waitFor();
    await township.getByRole('button', { name: /发起核对/ }).click();
    const dialog = township.getByRole('dialog').filter({ hasText: '发起家庭经济状况核对' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByLabel('救助案件编号').inputValue()).toBe(caseId);
    await dialog.getByRole('button', { name: button('核对') }).click();
    await township.waitForURL(/\/verification\/requests\/[0-9a-f-]{36}$/);
    const report = township.getByTestId('verification-report');
    await report.waitFor();
    // The head's death record is a hit; the death, and the sources never delivered, call for a manual check.
    expect(await township.getByTestId('conclusion').innerText()).toBe('需人工核实');
    expect(await report.innerText()).toContain(`${dead.name} 有死亡或火化记录（${addCalendarDays(today, -10)}）`);
    const hit = report.getByRole('row').filter({ hasText: '公安死亡人员信息' }).filter({ hasText: dead.name });
    expect(await hit.innerText()).toContain(addCalendarDays(today, -10));
    expect(await report.innerText()).toContain('城市低保标准');
    expect(await township.getByRole('button', { name: /打印/ }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

// The other half of the journey (issue 6, "from an alert to a terminated case"): a 低保 household
// taken to payment through the workflow (its 申请信息核对 answered by a report), a death alert on
// the head handled as 需调整, and the county's 停保 on the case page, which closes the alert.
describe.skipIf(!browserAvailable())('核对预警 → 救助案件停保 (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];
  const today = todayInShanghai();
  let head: TestPerson;
  let caseId: string;
  let alertId: string;

  beforeAll(async () => {
    t = await startTestApp('pglite', {}, { serveWeb: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await seedDemoAssistanceParams(t.db);
    const [village, township, leader, county, clerk] = await Promise.all(
      ['demo-village', 'demo-township', 'demo-township-leader', 'demo-county', 'demo-county-clerk'].map((u) => t.login(u)));
    head = await createPerson(township, '停保旅甲', '19450301');
    const spouse = await createPerson(township, '停保旅乙', '19470707', 'female');
    const householdId = await createHousehold(township, [head, spouse]);
    const filed = await village.post('/api/v1/assistance/cases', {
      programme: 'dibao', householdId, applicantPersonId: head.id, applicationDate: today, authorizationSigned: true, pledgeSigned: true, hukouType: 'urban',
      incomes: [], deductions: [], property: { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 }, categories: [],
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    caseId = filed.body.id;
    const step = async (s: typeof village, action: string, body: Record<string, unknown> = {}) => {
      const v = (await s.get(`/api/v1/assistance/cases/${caseId}`)).body.version;
      const res = await s.post(`/api/v1/assistance/cases/${caseId}/actions/${action}`, { version: v, ...body });
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body;
    };
    await step(township, 'accept');
    await step(township, 'start_investigation');
    await step(village, 'record_home_visit', { data: { visitedOn: today, investigators: ['王调查', '李调查'], householdMemberPresent: '户主', findings: '与申报一致' } });
    const requested = await step(township, 'request_verification', { data: {} });
    await step(township, 'record_verification', { data: { verificationRequestId: requested.timeline.at(-1).data.report.requestId, result: 'consistent', findings: '入户核实无存款车辆' } });
    await step(leader, 'preliminary_review', { opinion: '符合低保条件', data: { recommendation: 'approve' } });
    await step(township, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await t.db.transaction((tx) => tx.run(sql`
      UPDATE workflow_case SET events = jsonb_set(events, '{publicity_started}', to_jsonb(${new Date(Date.now() - 21 * 86_400_000).toISOString()}::text)) WHERE id = ${caseId}::uuid`));
    await step(township, 'end_publicity');
    await step(county, 'approve', { opinion: '同意', data: {} });
    // The head died three days ago; the next month's monitoring finds it (the benefit is paid from then).
    await deliver(t.db, clerk, 'police_death', addCalendarDays(today, -3), [['身份证号', '死亡日期'], [head.idNo, addCalendarDays(today, -3)]]);
    await runMonth(t.db, county, nextMonthOf(today));
    const alerts = (await township.get('/api/v1/verification/alerts?rule=deceased_paid')).body.items as any[];
    const alert = alerts.find((a) => a.personId === head.id);
    alertId = alert.id;
    const verified = await township.post(`/api/v1/verification/alerts/${alertId}/actions/verify`, { version: alert.version, opinion: '入户核实，属实' });
    const adjusted = await township.post(`/api/v1/verification/alerts/${alertId}/actions/adjust`, { version: verified.body.version, opinion: '户主死亡，请停保后由配偶重新申请' });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(200);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the county decides 停保 on the case page, and the alert is closed with the outcome', async () => {
    const county = await signInAs(browser, base, 'demo-county', errors);
    await county.goto(`${base}/assistance/cases/${caseId}`);
    const notice = county.getByTestId('case-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('死亡人员仍在享受待遇');
    expect(await county.getByTestId('verification-report').innerText()).toContain('需人工核实');
    await act(county, '停保', async (dialog) => {
      await pick(county, 'action_terminate_data_cause', '保障对象死亡');
      await dialog.getByLabel('停保书面理由').fill('户主已死亡');
      await dialog.getByLabel('办理意见').fill('户主死亡，停保');
    });
    await county.getByText('已由第').first().waitFor();
    expect(await county.getByTestId('case-notice').innerText()).toMatch(/已由第 \d+ 步「停保」处置/);
    expect(await county.getByTestId('case-notices').innerText()).not.toContain('须调整待遇的预警');
    const [row] = await t.db.transaction((tx) => tx.rows<{ status: string; closed_outcome: string }>(sql`
      SELECT status, closed_outcome FROM verification_alert WHERE id = ${alertId}::uuid`));
    expect(row).toEqual({ status: 'closed', closed_outcome: '已终止待遇' });
    expect(errors).toEqual([]);
  });
});
