import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCalendarDays, nextMonthOf, todayInShanghai } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { registerInvestigationVerifier, seedDemoAssistanceParams, type InvestigationVerifier } from '@mz/assistance/server';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { createHousehold, createPerson, deliver, runMonth, type TestPerson } from './verification.testing.ts';
import { registerWithAssistance } from './case-link.service.ts';

// Issue 6, both directions between 核对监测 and the assistance workflow: 申请信息核对 answered by a
// household verification report, and a 需调整 alert carried to the case and closed by its 停保.

const today = todayInShanghai();
const fresh = addCalendarDays(today, -3);
const PROPERTY_NONE = { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 };
const HOME_VISIT = { visitedOn: today, investigators: ['王调查', '李调查'], householdMemberPresent: '户主', findings: '家中陈设简陋，收入来源与申报一致' };

describe.each(testEngines())('verification ↔ assistance workflow over HTTP on %s', (engine) => {
  let t: TestApp;
  let village: HttpSession, township: HttpSession, leader: HttpSession, county: HttpSession, countyClerk: HttpSession;
  let P1: TestPerson, P2: TestPerson, Q: TestPerson;
  let caseP = '', caseQ = '';
  let page: any;

  async function act(s: HttpSession, id: string, version: number, action: string, body: Record<string, unknown> = {}, status = 200) {
    const res = await s.post(`/api/v1/assistance/cases/${id}/actions/${action}`, { version, ...body });
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  }
  async function file(householdId: string, applicant: TestPerson) {
    const res = await village.post('/api/v1/assistance/cases', {
      programme: 'dibao', householdId, applicantPersonId: applicant.id, applicationDate: today, authorizationSigned: true, pledgeSigned: true,
      hukouType: 'urban', incomes: [], deductions: [], property: PROPERTY_NONE, categories: [],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    let c = await act(township, res.body.id, 1, 'accept');
    c = await act(township, c.id, c.version, 'start_investigation');
    return act(village, c.id, c.version, 'record_home_visit', { data: HOME_VISIT });
  }
  const alertRow = async (id: string) => (await t.db.transaction((tx) => tx.rows<any>(sql`
    SELECT status, closed_outcome, closed_case_action, closed_case_seq, linked_case_id FROM verification_alert WHERE id = ${id}::uuid`)))[0];

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedDemoAssistanceParams(t.db); // 长春市 城市低保 820 元
    [village, township, leader, county, countyClerk] = await Promise.all(
      ['demo-village', 'demo-township', 'demo-township-leader', 'demo-county', 'demo-county-clerk'].map((u) => t.login(u)));
    P1 = await createPerson(township, '联动甲', '19700101');
    P2 = await createPerson(township, '联动乙', '19720303', 'female');
    Q = await createPerson(township, '联动丙', '19800808');
    // 人社: 甲 earns 600 元 (under 820 × 2), 丙 9,000 元 (over 820).
    await deliver(t.db, countyClerk, 'hrss', fresh, [['身份证号', '所属月份', '收入类型', '月收入金额'], [P1.idNo, fresh, '工资', '600'], [Q.idNo, fresh, '工资', '9000']]);
    caseP = (await file(await createHousehold(township, [P1, P2]), P1)).id;
    caseQ = (await file(await createHousehold(township, [Q]), Q)).id;
  });
  afterAll(async () => { await t?.close(); });

  it('answers 申请信息核对 with a report, and records the result from it', async () => {
    let q = (await t.db.transaction((tx) => tx.rows<{ version: number }>(sql`SELECT version FROM workflow_case WHERE id = ${caseQ}::uuid`)))[0]!;
    const requested = await act(township, caseQ, q.version, 'request_verification', { data: {} });
    const step = requested.timeline.at(-1);
    expect(step.action).toBe('request_verification');
    expect(step.data.report).toMatchObject({ conclusion: 'ineligible', conclusionName: '不符合', requestNo: expect.any(Number), requestedOn: today });
    expect(step.data.report.reasons.join('')).toContain('收入');
    // The report is the verification module's, listed under the case.
    const listed = await township.get(`/api/v1/verification/requests?caseId=${caseQ}`);
    expect(listed.body.items.map((r: any) => r.id)).toEqual([step.data.report.requestId]);

    // 录入核对结果 from the report: date, 与申报不符 and the findings come from it; the page's own note is kept.
    const recorded = await act(township, caseQ, requested.version, 'record_verification', { data: { verificationRequestId: step.data.report.requestId, findings: '已告知申请人' } });
    expect(recorded.timeline.at(-1).data).toMatchObject({ verificationRequestId: step.data.report.requestId, checkedOn: today, result: 'inconsistent' });
    expect(recorded.timeline.at(-1).data.findings).toMatch(/^家庭经济状况核对报告第 \d+ 号（.+）结论：不符合。.*已告知申请人$/);

    // A report of another case is refused.
    const p = (await t.db.transaction((tx) => tx.rows<{ version: number }>(sql`SELECT version FROM workflow_case WHERE id = ${caseP}::uuid`)))[0]!;
    const stale = await township.post(`/api/v1/assistance/cases/${caseP}/actions/record_verification`, { version: p.version + 5, data: { verificationRequestId: step.data.report.requestId } });
    expect(stale.status).toBe(409);
    const other = await township.post(`/api/v1/assistance/cases/${caseP}/actions/record_verification`, { version: p.version, data: { verificationRequestId: step.data.report.requestId } });
    expect(other.status).toBe(422);
    expect(other.body.title).toBe('核对报告不存在或不属于本案');
  });

  it('asks for the official\'s result when the report says 需人工核实, and takes the case to payment', async () => {
    let p = (await t.db.transaction((tx) => tx.rows<{ version: number }>(sql`SELECT version FROM workflow_case WHERE id = ${caseP}::uuid`)))[0]!;
    const requested = await act(township, caseP, p.version, 'request_verification', { data: {} });
    const report = requested.timeline.at(-1).data.report;
    expect(report.conclusion).toBe('manual'); // 存款、车辆 … never delivered
    const missing = await township.post(`/api/v1/assistance/cases/${caseP}/actions/record_verification`, { version: requested.version, data: { verificationRequestId: report.requestId } });
    expect(missing.status).toBe(422);
    expect(missing.body.title).toBe('核对报告结论为「需人工核实」，请录入人工核实后的核对结果');
    const forged = await township.post(`/api/v1/assistance/cases/${caseP}/actions/record_verification`, {
      version: requested.version, data: { verificationRequestId: '00000000-0000-4000-8000-000000000000', result: 'consistent' },
    });
    expect(forged.status).toBe(422);
    expect(forged.body.title).toBe('核对报告不存在或不属于本案');
    let c = await act(township, caseP, requested.version, 'record_verification', { data: { verificationRequestId: report.requestId, result: 'consistent', findings: '入户核实存款、车辆均无' } });
    expect(c.timeline.at(-1).data).toMatchObject({ result: 'consistent', checkedOn: today });
    c = await act(leader, caseP, c.version, 'preliminary_review', { opinion: '符合低保条件', data: { recommendation: 'approve' } });
    c = await act(township, caseP, c.version, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await t.db.transaction((tx) => tx.run(sql`UPDATE workflow_case SET events = jsonb_set(events, '{publicity_started}', to_jsonb(${new Date(Date.now() - 21 * 86_400_000).toISOString()}::text)) WHERE id = ${caseP}::uuid`));
    c = await act(township, caseP, c.version, 'end_publicity');
    page = await act(county, caseP, c.version, 'approve', { opinion: '同意', data: {} });
    expect(page.state).toBe('in_payment');
  });

  it('refuses the step when the report cannot be made, leaving the case as it was', async () => {
    const failing: InvestigationVerifier = {
      request: async () => { throw new Error('核对库不可用'); },
      find: async () => null,
    };
    registerInvestigationVerifier(failing);
    try {
      const v = (await t.db.transaction((tx) => tx.rows<{ version: number }>(sql`SELECT version FROM workflow_case WHERE id = ${caseQ}::uuid`)))[0]!;
      const res = await township.post(`/api/v1/assistance/cases/${caseQ}/actions/request_verification`, { version: v.version, data: {} });
      expect(res.status).toBe(503);
      expect(res.body.title).toBe('家庭经济状况核对暂时无法完成，「申请信息核对」未办理');
      const after = (await t.db.transaction((tx) => tx.rows<{ version: number }>(sql`SELECT version FROM workflow_case WHERE id = ${caseQ}::uuid`)))[0]!;
      expect(after.version).toBe(v.version);
      // Without a verifier (a deployment without verification) the step is recorded, the result entered by hand.
      registerInvestigationVerifier(null);
      const plain = await act(township, caseQ, v.version, 'request_verification', { data: {} });
      expect(plain.timeline.at(-1).data.report).toBeUndefined();
      await act(township, caseQ, plain.version, 'record_verification', { data: { checkedOn: today, result: 'inconsistent', findings: '人工核对：收入超过标准' } });
    } finally {
      registerWithAssistance();
    }
  });

  it('carries a 需调整 alert to the case, and closes it with the case\'s 停保; a 维持 alert is not touched', async () => {
    // 公安: 甲 (the head the 低保 is paid to) died; 羁押: 甲 held (kept after checking: released the same day).
    const deaths = await deliver(t.db, countyClerk, 'police_death', fresh, [['身份证号', '死亡日期'], [P1.idNo, fresh]]);
    expect(deaths, JSON.stringify(deaths)).toMatchObject({ accepted: 1 });
    await deliver(t.db, countyClerk, 'police_custody', fresh, [['身份证号', '羁押开始日期', '羁押结束日期', '羁押类型'], [P1.idNo, fresh, '', '行政拘留']]);
    const month = nextMonthOf(today).slice(0, 7);
    const run = await runMonth(t.db, county, month);
    const list = (await township.get('/api/v1/verification/alerts?pageSize=100')).body.items as any[];
    const death = list.find((a) => a.ruleCode === 'deceased_paid' && a.personId === P1.id);
    const custody = list.find((a) => a.ruleCode === 'custody_paid' && a.personId === P1.id);
    expect(list.map((a) => [a.ruleCode, a.personName, a.status]), JSON.stringify(run)).toContainEqual(['deceased_paid', '联动甲', 'open']);
    expect(death).toMatchObject({ status: 'open', caseIds: [caseP] });
    expect(custody).toMatchObject({ status: 'open', caseIds: [caseP] });

    let d = (await township.post(`/api/v1/verification/alerts/${death.id}/actions/verify`, { version: death.version, opinion: '入户核实，属实' })).body;
    d = await township.post(`/api/v1/verification/alerts/${death.id}/actions/adjust`, { version: d.version, opinion: '成员死亡，建议停保重新申请' });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body).toMatchObject({ status: 'adjust', linkedCaseId: caseP });
    let k = (await township.post(`/api/v1/verification/alerts/${custody.id}/actions/verify`, { version: custody.version })).body;
    k = await township.post(`/api/v1/verification/alerts/${custody.id}/actions/keep`, { version: k.version, opinion: '当日释放，不影响待遇' });
    expect(k.body.status).toBe('kept');

    // The case shows it: flag and notice with rule, evidence and link.
    let c = (await county.get(`/api/v1/assistance/cases/${caseP}`)).body;
    expect(c.flags).toContain('external_notice');
    expect(c.notices).toEqual([expect.objectContaining({
      source: 'verification.alert', refId: death.id, title: '死亡人员仍在享受待遇', open: true, link: `/verification/alerts/${death.id}`,
      opinion: '成员死亡，建议停保重新申请',
    })]);
    expect(c.notices[0].summary).toBe(`联动甲：公安死亡人员信息，数据截止 ${fresh}，日期 ${fresh}。处置建议：核实死亡情况；属实的按规定停发或调整待遇，死亡后多发的资金予以追回`);
    // The listed flag finds it.
    const flagged = (await county.get('/api/v1/assistance/cases?flag=external_notice&pageSize=100')).body;
    expect((flagged.items ?? flagged).map((x: any) => x.id)).toContain(caseP);

    expect(await alertRow(death.id)).toMatchObject({ status: 'adjust' });

    c = (await county.get(`/api/v1/assistance/cases/${caseP}`)).body;
    c = await act(county, caseP, c.version, 'terminate', {
      opinion: '保障对象家庭成员死亡，停保', data: { cause: 'death', reasons: '家庭成员已死亡', familyHeardOn: today, familyStatement: '无异议', stopMonth: nextMonthOf(today) },
    });
    expect(c.state).toBe('terminated');
    expect(c.flags).not.toContain('external_notice');
    expect(c.notices[0]).toMatchObject({ open: false, closedActionName: '停保', closedSeq: c.timeline.at(-1).seq });

    expect(await alertRow(death.id)).toMatchObject({ status: 'closed', closed_outcome: '已终止待遇', closed_case_action: 'terminate', closed_case_seq: c.timeline.at(-1).seq });
    expect(await alertRow(custody.id)).toMatchObject({ status: 'kept', closed_outcome: null });
    const events = await t.db.transaction((tx) => tx.rows<any>(sql`
      SELECT action, from_status, to_status, case_id, case_step, opinion FROM verification_alert_event WHERE alert_id = ${death.id}::uuid ORDER BY id`));
    expect(events.map((e) => e.action)).toEqual(['verify', 'adjust', 'close']);
    expect(events[2]).toMatchObject({ from_status: 'adjust', to_status: 'closed', case_id: caseP, case_step: `${c.caseNo} 第 ${c.timeline.at(-1).seq} 步「停保」` });
    expect(events[2].opinion).toContain('已终止待遇');
    const audit = await t.db.transaction((tx) => tx.rows<{ action: string; summary: string }>(sql`
      SELECT action, summary FROM audit_log WHERE entity_id = ${death.id} ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['verification.alert_action']));
    expect(audit.at(-1)!.summary).toContain(`由${c.caseNo} 第 ${c.timeline.at(-1).seq} 步「停保」处置：已终止待遇`);
    const caseAudit = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`
      SELECT summary FROM audit_log WHERE entity_id = ${caseP} AND action = 'assistance.case_action' ORDER BY id DESC LIMIT 1`));
    expect(caseAudit[0]!.summary).toContain('停保');
  });
});
