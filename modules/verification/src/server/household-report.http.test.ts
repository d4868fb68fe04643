import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCalendarDays, addWorkingDays, todayInShanghai } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import { seedDemoAssistanceParams } from '@mz/assistance/server';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { createHousehold, createPerson, deliver, openDibaoCase, type TestPerson } from './verification.testing.ts';

const today = todayInShanghai();
const fresh = addCalendarDays(today, -5);
const stale = addCalendarDays(today, -60);
const AUTHORISED = { authorizationSigned: true, pledgeSigned: true, hukouType: 'urban' };

describe.each(testEngines())('household verification reports over HTTP on %s', (engine) => {
  let t: TestApp;
  let countyClerk: HttpSession; // 二道区 经办: imports deliveries
  let township: HttpSession; // 荣光街道: the case's township
  let dongsheng: HttpSession; // another township of the county
  let P1: TestPerson, P2: TestPerson, Q: TestPerson;
  let caseId: string, unsignedCaseId: string;

  const request = async (s: HttpSession, id = caseId) => {
    const res = await s.post('/api/v1/verification/requests', { caseId: id });
    return res;
  };
  const check = (report: any, key: string) => report.checks.find((c: any) => c.key === key);

  beforeAll(async () => {
    t = await startTestApp(engine);
    await seedDemoAssistanceParams(t.db); // 长春市: 城市低保 820 元; 吉林省: 人均存款 2 万, 1 车 5 万, 1 套房, 0 个市场主体
    [countyClerk, township, dongsheng] = await Promise.all(['demo-county-clerk', 'demo-township', 'demo-township2'].map((u) => t.login(u)));
    P1 = await createPerson(township, '报告甲', '19700101');
    P2 = await createPerson(township, '报告乙', '19720303', 'female');
    Q = await createPerson(township, '报告丙', '19800808');
    const H = await createHousehold(township, [P1, P2]);
    caseId = await openDibaoCase(t.db, H, P1, [P1.id, P2.id], AUTHORISED);
    const HQ = await createHousehold(township, [Q]);
    unsignedCaseId = await openDibaoCase(t.db, HQ, Q, [Q.id]);
  });
  afterAll(async () => t?.close());

  it('refuses a case without the recorded 授权核对 and a case outside the jurisdiction', async () => {
    const unsigned = await request(township, unsignedCaseId);
    expect(unsigned.status).toBe(422);
    expect(unsigned.body.title).toBe('该申请未记录授权核对书，不能发起家庭经济状况核对');
    const outside = await request(dongsheng);
    expect(outside.status).toBe(404);
    expect(outside.body.title).toBe('救助案件不存在或不在本辖区');
  });

  it('covers every member, sums what the departments report, and concludes against the local limits', async () => {
    // Only some sources delivered: income judged from 人社, business registrations never delivered.
    await deliver(t.db, countyClerk, 'hrss', fresh, [['身份证号', '所属月份', '收入类型', '月收入金额'],
      [P1.idNo, fresh, '工资', '600'], [P2.idNo, fresh, '养老金', '400.50'], [Q.idNo, fresh, '工资', '9000']]);
    await deliver(t.db, countyClerk, 'bank', fresh, [['身份证号', '查询日期', '存款余额', '开户行'],
      [P1.idNo, fresh, '12000', '中国工商银行'], [P2.idNo, fresh, '18000', '中国农业银行']]);
    await deliver(t.db, countyClerk, 'vehicle', fresh, [['身份证号', '登记日期', '车辆类型', '号牌号码', '估值'],
      [P1.idNo, '2020-05-01', '小型汽车', '吉A12345', '30000'], [P2.idNo, '2021-05-01', '摩托车', '吉A5678', '3000']]);
    await deliver(t.db, countyClerk, 'real_estate', fresh, [['身份证号', '登记日期', '用途', '建筑面积'], [P1.idNo, '2010-01-01', '住宅', '62.5']]);
    // A stale 殡葬 delivery naming 乙 is not read.
    await deliver(t.db, countyClerk, 'cremation', stale, [['身份证号', '火化日期'], [P2.idNo, addCalendarDays(stale, -1)]]);

    const res = await request(township);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const r = res.body;
    expect(r).toMatchObject({ caseId, applicantName: '报告甲', members: 2, status: 'reported', requestedOn: today, dueOn: addWorkingDays(today, 3) });
    expect(r.report.members.map((m: any) => [m.name, m.incomeFen, m.depositsFen, m.deceasedOn])).toEqual([['报告甲', 60_000, 1_200_000, null], ['报告乙', 40_050, 1_800_000, null]]);
    expect(r.report.totals).toMatchObject({ members: 2, incomeFen: 100_050, depositsFen: 3_000_000, vehicles: 1, vehicleValueFen: 3_000_000, dwellings: 1, businesses: 0 });
    // Each hit with its source and date; the neighbour's wage is not among them.
    expect(r.report.hits).toHaveLength(7);
    expect(r.report.hits.find((h: any) => h.source === 'vehicle' && h.name === '报告甲')).toMatchObject({ sourceName: '机动车登记信息', eventDate: '2020-05-01', ref: '吉A***45', version: 1 });
    expect(r.report.limits).toMatchObject({ standardFen: 82_000, financialPerCapitaFen: 2_000_000, vehicleCount: 1, houseCount: 1, businessCount: 0 });
    expect(check(r.report, 'income').result).toBe('pass');
    expect(check(r.report, 'businesses')).toMatchObject({ result: 'unknown', note: '未取得有效的市场主体登记数据' });
    expect(r.report.sources.find((s: any) => s.code === 'cremation')).toMatchObject({ status: 'stale', hits: 0 });
    expect(r.conclusion).toBe('manual');
    expect(r.conclusionName).toBe('需人工核实');

    // 市场监管 delivered (nothing about this household): every check passes → 符合.
    await deliver(t.db, countyClerk, 'market', fresh, [['身份证号', '成立日期', '主体类型'], [Q.idNo, '2019-01-01', '个体工商户']]);
    const second = await request(township);
    expect(second.body.conclusion, JSON.stringify(second.body.report.reasons)).toBe('eligible');
    expect(second.body.report.reasons).toEqual(['各项收入和财产均未超过当地标准']);

    // A newer bank delivery replaces the previous one: 乙 now holds 30,000 → 42,000 > 2 × 20,000 → 不符合.
    await deliver(t.db, countyClerk, 'bank', today, [['身份证号', '查询日期', '存款余额', '开户行'],
      [P1.idNo, today, '12000', '中国工商银行'], [P2.idNo, today, '30000', '中国农业银行']]);
    const third = await request(township);
    expect(third.body.report.totals.depositsFen).toBe(4_200_000);
    expect(check(third.body.report, 'deposits').result).toBe('fail');
    expect(third.body.conclusion).toBe('ineligible');
    expect(third.body.report.reasons[0]).toContain('家庭存款');

    // An earlier report keeps what it said.
    const first = await township.get(`/api/v1/verification/requests/${r.id}`);
    expect(first.body.conclusion).toBe('manual');
    expect(first.body.report.totals.depositsFen).toBe(3_000_000);
  });

  it('lists a case\'s requests in scope, hides them from other townships, and audits requests and every look', async () => {
    const list = await township.get(`/api/v1/verification/requests?caseId=${caseId}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((i: any) => i.conclusionName)).toEqual(['不符合', '符合', '需人工核实']);
    const other = await dongsheng.get(`/api/v1/verification/requests?caseId=${caseId}`);
    expect(other.body.total).toBe(0);
    const hidden = await dongsheng.get(`/api/v1/verification/requests/${list.body.items[0].id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.title).toBe('核对请求不存在或不在本辖区');
    const audit = await t.db.transaction((tx) => tx.rows<{ action: string; summary: string }>(sql`
      SELECT action, summary FROM audit_log WHERE action IN ('verification.request', 'verification.report_view') ORDER BY id`));
    expect(audit.filter((a) => a.action === 'verification.request')).toHaveLength(3);
    expect(audit.find((a) => a.action === 'verification.request')!.summary).toMatch(/核对 2 人，命中 7 条，使用数据快照 4 个，结论：需人工核实/);
    expect(audit.filter((a) => a.action === 'verification.report_view')).toHaveLength(1);
  });
});
