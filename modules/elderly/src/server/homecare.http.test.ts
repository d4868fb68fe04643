import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEngines } from '@mz/testing';
import type { HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { BASE, COUNTY, LINGDONG, createHousehold, createPerson, creditCode, dibaoFor, minutesAgo, ok, type TestPerson } from './homecare.testing.ts';

// 居家养老服务 end to end through the API: providers and catalogue kept by the county, elders
// enrolled on what the data supports, orders through every state (skips refused in Chinese),
// the month budget paying what it can and the rest marked 自费, the monthly settlement equal to
// the orders (hand-computed), the time bank never below zero, jurisdiction and audit.

describe.each(testEngines())('居家养老服务 on %s', (engine) => {
  let t: TestApp;
  let countyClerk: HttpSession; // 二道区经办: providers, catalogue, standards, enrolment
  let county: HttpSession; // 二道区审批: settlement
  let township: HttpSession; // 荣光街道经办: orders, time bank
  let dongsheng: HttpSession; // 东盛街道: another township of the county
  let A: TestPerson; // 82, lives alone: 80岁以上空巢
  let B: TestPerson; // 70, 低保 household with a younger member: 困难老人
  let young: TestPerson; // B's son, 45
  let V: TestPerson; // volunteer
  let D: TestPerson; // 70, lives alone, assessed 重度受损 raised by a dementia diagnosis: 失能 + 失智 (not 80+, so not 空巢)
  let providerP1: any;
  let providerP2: any;
  let benA: any;
  let benB: any;
  const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const audits = async (action: string) => Number((await t.db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`)))[0]!.n);
  const act = (s: HttpSession, id: string, action: string, body: Record<string, unknown>) => s.post(`${BASE}/orders/${id}/actions/${action}`, body);

  beforeAll(async () => {
    t = await startTestApp(engine);
    [countyClerk, county, township, dongsheng] = await Promise.all(['demo-county-clerk', 'demo-county', 'demo-township', 'demo-township2'].map((u) => t.login(u)));
    A = await createPerson(township, '金秀英', '19440310', 'female');
    await createHousehold(township, [A]);
    B = await createPerson(township, '钱德顺', '19560405', 'male');
    young = await createPerson(township, '钱小军', '19810101', 'male');
    const hB = await createHousehold(township, [B, young]);
    await dibaoFor(t.db, hB);
    V = await createPerson(township, '孙志愿', '19620808', 'male');
    D = await createPerson(township, '周桂兰', '19560607', 'female');
    await createHousehold(township, [D]);
    // A completed assessment as the assessment part writes it: 60 points (中度), raised to 3 by F03 痴呆.
    await t.db.transaction((tx) => tx.run(sql`
      INSERT INTO elderly_assessment (person_id, region_code, person_name, id_masked, assessed_on, dimension_scores, total_score, preliminary_level, final_level,
        change_reasons, status, next_due_on, completed_at)
      VALUES (${D.id}::uuid, ${LINGDONG}, '周桂兰', '2201**********0000', current_date - 30, '[]'::jsonb, 60, 2, 3,
        '[{"rule": "dementia", "text": "F03 未特指的痴呆：等级提高一级"}]'::jsonb, 'completed', current_date + 335, now())`));
  });
  afterAll(async () => { await t?.close(); });

  it('keeps providers at the county, validating the credit code with the kernel', async () => {
    const body = {
      name: '二道区颐康居家养老服务中心', creditCode: creditCode(1), contactName: '王经理', contactPhone: '0431-84561234',
      serviceRegions: ['220105003000'], contractFrom: '2026-01-01', contractTo: '2027-12-31',
    };
    const bad = await countyClerk.post(`${BASE}/providers`, { ...body, creditCode: creditCode(1).slice(0, 17) + (creditCode(1).endsWith('0') ? '1' : '0') });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'creditCode', message: '统一社会信用代码校验码不正确，请核对是否录入有误' });
    const fromTownship = await township.post(`${BASE}/providers`, body);
    expect(fromTownship.status).toBe(403); // the township clerk holds the permission, but providers are the county's
    expect(fromTownship.body.title).toBe('服务商登记由县级民政部门办理');
    const outside = await countyClerk.post(`${BASE}/providers`, { ...body, serviceRegions: ['220102001000'] });
    expect(outside.status).toBe(422);
    providerP1 = await ok(countyClerk, 'POST', `${BASE}/providers`, body, 201);
    providerP2 = await ok(countyClerk, 'POST', `${BASE}/providers`, { ...body, name: '二道区康乐助老服务社', creditCode: creditCode(2) }, 201);
    expect((await countyClerk.post(`${BASE}/providers`, body)).status).toBe(409);
    // The township sees its county's providers (it dispatches to them).
    const seen = await township.get(`${BASE}/providers`);
    expect(seen.body.items.map((p: any) => p.name).sort()).toEqual(['二道区康乐助老服务社', '二道区颐康居家养老服务中心']);
    expect(await audits('elderly.homecare.provider_save')).toBe(2);

    await ok(countyClerk, 'POST', `${BASE}/catalogue`, { code: 'MEAL-01', name: '上门送餐', category: 'meal', unit: 'visit', priceFen: 1500, effectiveFrom: '2026-01-01' }, 201);
    await ok(countyClerk, 'POST', `${BASE}/catalogue`, { code: 'CLEAN-01', name: '居室保洁', category: 'cleaning', unit: 'hour', priceFen: 3000, effectiveFrom: '2026-01-01' }, 201);
    const tooEarly = await countyClerk.post(`${BASE}/catalogue`, { code: 'MEAL-01', name: '上门送餐', category: 'meal', unit: 'visit', priceFen: 1600, effectiveFrom: '2025-12-01' });
    expect(tooEarly.status).toBe(422);
    for (const [group, fen] of [['empty_nest_80', 20_000], ['low_income', 20_000], ['shidu', 30_000]] as const) {
      await ok(countyClerk, 'POST', `${BASE}/budget-params`, { regionCode: COUNTY, group, monthlyBudgetFen: fen, fromMonth: '2026-01' }, 201);
    }
  });

  it('suggests the elders the data supports and enrols them on it (失独 declared with a reason)', async () => {
    const suggestions = (await countyClerk.get(`${BASE}/beneficiaries/suggestions?pageSize=200`)).body;
    const byId = new Map(suggestions.items.map((s: any) => [s.personId, s]));
    expect((byId.get(A.id) as any)?.groups).toEqual(['empty_nest_80']);
    expect((byId.get(B.id) as any)?.groups).toEqual(['low_income']); // 低保 household; not 空巢 (son is 45) nor 80+
    expect(byId.has(young.id)).toBe(false);
    expect((byId.get(A.id) as any)?.suggestedBudgetFen).toBe(20_000);
    expect(byId.get(D.id)).toMatchObject({ groups: ['disabled', 'dementia'], assessmentLevel: 3, suggestedBudgetFen: null }); // no standard set for either
    const strict = (await countyClerk.get(`${BASE}/beneficiaries/suggestions?pageSize=200&minLevel=4`)).body.items;
    expect(strict.find((s: any) => s.personId === D.id)?.groups).toEqual(['dementia']); // 失能 from level 4 only: D is only 失智
    const noStandard = await countyClerk.post(`${BASE}/beneficiaries`, { personId: D.id, groups: ['disabled', 'dementia'] }); // data-backed: no reason needed
    expect(noStandard.status).toBe(422);
    expect(noStandard.body.title).toBe('本地区尚未设定这些类别的月预算标准');

    const unsupported = await countyClerk.post(`${BASE}/beneficiaries`, { personId: B.id, groups: ['empty_nest_80'] });
    expect(unsupported.status).toBe(422);
    expect(unsupported.body.errors[0].message).toContain('数据不支持：80岁以上空巢老人');
    const noReason = await countyClerk.post(`${BASE}/beneficiaries`, { personId: B.id, groups: ['low_income', 'shidu'] });
    expect(noReason.status).toBe(422);
    expect(noReason.body.title).toBe('失独、失智须说明认定依据');
    const tooYoung = await countyClerk.post(`${BASE}/beneficiaries`, { personId: young.id, groups: ['shidu'], declaredReason: '独生子女死亡证明' });
    expect(tooYoung.status).toBe(422);

    benA = await ok(countyClerk, 'POST', `${BASE}/beneficiaries`, { personId: A.id, groups: ['empty_nest_80'] }, 201);
    expect(benA).toMatchObject({ monthlyBudgetFen: 20_000, remainingFen: 20_000, groupNames: ['80岁以上空巢老人'] });
    benB = await ok(countyClerk, 'POST', `${BASE}/beneficiaries`, { personId: B.id, groups: ['low_income', 'shidu'], declaredReason: '独生子女死亡证明（2019年）' }, 201);
    expect(benB.monthlyBudgetFen).toBe(30_000); // the highest of the groups' standards
    expect((await countyClerk.post(`${BASE}/beneficiaries`, { personId: A.id, groups: ['empty_nest_80'] })).status).toBe(409);
    const audit = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`SELECT summary FROM audit_log WHERE action = 'elderly.homecare.enrol' AND entity_id = ${benB.id}`));
    expect(audit[0]!.summary).toContain('声明失独老人，依据：独生子女死亡证明（2019年）');
  });

  let order1: any;
  it('moves an order through every state; a skipped step is a Chinese 409', async () => {
    order1 = await ok(township, 'POST', `${BASE}/orders`, { beneficiaryId: benA.id, itemCode: 'MEAL-01', quantity: 2, plannedOn: today, demand: '午餐送餐' }, 201);
    expect(order1).toMatchObject({ state: 'registered', availableActions: [{ key: 'dispatch', name: '派单' }, { key: 'cancel', name: '取消' }], warning: null });

    const skip = await act(township, order1.id, 'finish', { version: 1, endedAt: minutesAgo(1) });
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ title: '工单当前状态「已登记」不能办理「完成服务」', detail: '当前应办理「派单」' });
    expect((await act(township, order1.id, 'dispatch', { version: 1, workerName: '李阿姨' })).status).toBe(422);
    let o = await ok(township, 'POST', `${BASE}/orders/${order1.id}/actions/dispatch`, { version: 1, providerId: providerP1.id, workerName: '李阿姨' });
    expect(o.state).toBe('dispatched');
    expect((await act(township, order1.id, 'visit', { version: o.version, rating: 5 })).body.title).toBe('工单当前状态「已派单」不能办理「回访评价」');
    o = await ok(township, 'POST', `${BASE}/orders/${order1.id}/actions/start`, { version: o.version, startedAt: minutesAgo(60) });
    expect((await act(township, order1.id, 'cancel', { version: o.version, reason: '老人外出' })).status).toBe(409);
    const backwards = await act(township, order1.id, 'finish', { version: o.version, endedAt: minutesAgo(61) });
    expect(backwards.status).toBe(422);
    expect(backwards.body.title).toBe('服务结束时间应晚于开始时间');
    o = await ok(township, 'POST', `${BASE}/orders/${order1.id}/actions/finish`, { version: o.version, endedAt: minutesAgo(30) });
    expect(o).toMatchObject({ state: 'served', amountFen: 3000, budgetFen: 3000, selfPayFen: 0, minutes: 30 });
    const low = await act(township, order1.id, 'visit', { version: o.version, rating: 2 });
    expect(low.status).toBe(422); // a low rating needs the elder's complaint recorded
    o = await ok(township, 'POST', `${BASE}/orders/${order1.id}/actions/visit`, { version: o.version, rating: 5, comment: '饭菜可口' });
    expect(o.state).toBe('visited');
    expect(o.events.map((e: any) => e.action)).toEqual(['register', 'dispatch', 'start', 'finish', 'visit']);
    expect(o.availableActions).toEqual([]);
    // A stale version is refused; the database refuses a skip even to the owner.
    expect((await act(township, order1.id, 'visit', { version: 1, rating: 5 })).status).toBe(409);
    await expect(t.db.transaction((tx) => tx.run(sql`UPDATE elderly_homecare_order SET state = 'registered' WHERE id = ${order1.id}::uuid`))).rejects.toThrow(/工单状态不能从 visited 变为 registered/);

    const cancelled = await ok(township, 'POST', `${BASE}/orders`, { beneficiaryId: benA.id, itemCode: 'MEAL-01', quantity: 1, plannedOn: today }, 201);
    expect((await act(township, cancelled.id, 'cancel', { version: 1 })).status).toBe(422);
    expect((await ok(township, 'POST', `${BASE}/orders/${cancelled.id}/actions/cancel`, { version: 1, reason: '老人住院' })).state).toBe('cancelled');
    expect(await audits('elderly.homecare.order_action')).toBe(5);
  });

  async function serve(itemCode: string, provider: any, minutes: number, quantity?: number) {
    const reg = await ok(township, 'POST', `${BASE}/orders`, { beneficiaryId: benA.id, itemCode, quantity, plannedOn: today }, 201);
    let o = await ok(township, 'POST', `${BASE}/orders/${reg.id}/actions/dispatch`, { version: reg.version, providerId: provider.id, workerName: '张师傅' });
    o = await ok(township, 'POST', `${BASE}/orders/${reg.id}/actions/start`, { version: o.version, startedAt: minutesAgo(minutes + 5) });
    o = await ok(township, 'POST', `${BASE}/orders/${reg.id}/actions/finish`, { version: o.version, endedAt: minutesAgo(5) });
    o = await ok(township, 'POST', `${BASE}/orders/${reg.id}/actions/visit`, { version: o.version, rating: 4 });
    return { reg, o };
  }

  it('pays from the month budget until it is used up and marks the excess 自费', async () => {
    // ¥200 budget, ¥30 spent. 5 hours of cleaning at ¥30/h = ¥150 → all from the budget (¥20 left).
    const { o: cleaning } = await serve('CLEAN-01', providerP1, 300);
    expect(cleaning).toMatchObject({ amountFen: 15_000, budgetFen: 15_000, selfPayFen: 0, budget: { budgetFen: 20_000, spentFen: 18_000, remainingFen: 2_000 } });
    // 2 meals = ¥30 with ¥20 left: registration warns, the budget pays ¥20 and ¥10 is 自费.
    const { reg, o: meals } = await serve('MEAL-01', providerP2, 20, 2);
    expect(reg.warning).toBe('预计金额 30.00 元超过本月剩余预算 20.00 元，超出部分由老人自费');
    expect(meals).toMatchObject({ amountFen: 3_000, budgetFen: 2_000, selfPayFen: 1_000, budget: { remainingFen: 0 } });
    const list = (await township.get(`${BASE}/beneficiaries?status=current&pageSize=50`)).body;
    expect(list.items.find((b: any) => b.id === benA.id)).toMatchObject({ monthlyBudgetFen: 20_000, spentFen: 20_000, remainingFen: 0 });
    // The database itself never lets the month's budget pay more than the budget.
    await expect(t.db.transaction((tx) => tx.run(sql`UPDATE elderly_homecare_budget_month SET spent_fen = spent_fen + 1 WHERE beneficiary_id = ${benA.id}::uuid`))).rejects.toThrow();
  });

  it('settles the month per provider with totals equal to the orders, locking them', async () => {
    expect((await township.post(`${BASE}/settlements`, { month })).status).toBe(403);
    const preview = (await county.get(`${BASE}/settlements?month=${month}`)).body.pending;
    expect(preview.map((p: any) => [p.providerName, p.orderCount, p.amountFen]).sort()).toEqual([['二道区康乐助老服务社', 1, 3_000], ['二道区颐康居家养老服务中心', 2, 18_000]]);
    const res = await ok(county, 'POST', `${BASE}/settlements`, { month }, 201);
    // Hand-computed: P1 = meals ¥30 (order 1) + cleaning ¥150, all budget; P2 = meals ¥30, ¥20 budget + ¥10 自费.
    expect(res.items.map((s: any) => [s.providerName, s.batchNo, s.orderCount, s.amountFen, s.budgetFen, s.selfPayFen]).sort()).toEqual([
      ['二道区康乐助老服务社', 1, 1, 3_000, 2_000, 1_000],
      ['二道区颐康居家养老服务中心', 1, 2, 18_000, 18_000, 0],
    ]);
    const p1 = res.items.find((s: any) => s.providerId === providerP1.id);
    const detail = (await county.get(`${BASE}/settlements/${p1.id}`)).body;
    expect(detail.orders.map((o: any) => o.amountFen).reduce((a: number, b: number) => a + b, 0)).toBe(p1.amountFen);
    expect(detail.orders.every((o: any) => o.state === 'settled')).toBe(true);
    const settled = (await township.get(`${BASE}/orders/${order1.id}`)).body;
    expect(settled).toMatchObject({ state: 'settled', settlementId: expect.any(String) });
    expect(settled.events.at(-1)).toMatchObject({ action: 'settle', toState: 'settled' });
    // Nothing left to settle; a settled order cannot change, not even by the owner.
    const again = await county.post(`${BASE}/settlements`, { month });
    expect(again.status).toBe(409);
    expect(again.body.title).toBe(`${month} 没有待结算的工单`);
    await expect(t.db.transaction((tx) => tx.run(sql`UPDATE elderly_homecare_order SET rating = 1 WHERE id = ${order1.id}::uuid`))).rejects.toThrow(/工单已结算/);
    expect(await audits('elderly.homecare.settle')).toBe(2);

    const file = await county.get(`${BASE}/settlements/export.xlsx?month=${month}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(String(file.headers['content-disposition'])).toContain(encodeURIComponent(`居家养老服务结算-${month}.xlsx`));
    expect(await audits('elderly.homecare.settlement_export')).toBe(1);
  });

  it('keeps the time bank from going below zero, even for two redemptions at once', async () => {
    const entry = (personId: string, hours: number, extra: Record<string, unknown> = {}) => ({ personId, serviceDate: today, hours, description: '陪同就医', ...extra });
    expect((await township.post(`${BASE}/timebank/credit`, entry(V.id, 25, { counterpartPersonId: A.id }))).status).toBe(422);
    expect((await township.post(`${BASE}/timebank/credit`, entry(V.id, 1.25, { counterpartPersonId: A.id }))).body.title).toBe('服务时长以半小时为单位');
    expect(await ok(township, 'POST', `${BASE}/timebank/credit`, entry(V.id, 2, { counterpartPersonId: A.id }), 201)).toEqual({ balanceMinutes: 120 });
    expect(await ok(township, 'POST', `${BASE}/timebank/redeem`, entry(V.id, 1.5), 201)).toEqual({ balanceMinutes: 30 });
    const over = await township.post(`${BASE}/timebank/redeem`, entry(V.id, 1));
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ title: '时间银行余额不足', detail: '可兑换 0.5 小时，本次申请 1 小时' });

    await ok(township, 'POST', `${BASE}/timebank/credit`, entry(V.id, 2, { counterpartPersonId: B.id }), 201); // 150 minutes
    const both = await Promise.all([township.post(`${BASE}/timebank/redeem`, entry(V.id, 1.5)), township.post(`${BASE}/timebank/redeem`, entry(V.id, 1.5))]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const accounts = (await township.get(`${BASE}/timebank/accounts`)).body.items;
    expect(accounts.find((a: any) => a.personId === V.id)).toMatchObject({ balanceMinutes: 60, creditedMinutes: 240, redeemedMinutes: 180 });
    const ledger = (await township.get(`${BASE}/timebank/accounts/${V.id}/entries`)).body.items;
    expect(ledger.map((e: any) => [e.kind, e.minutes, e.balanceAfterMinutes])).toEqual([['redeem', 90, 60], ['credit', 120, 150], ['redeem', 90, 30], ['credit', 120, 120]]);
    // The ledger is append-only and the balance cannot go negative, whatever the writer.
    await expect(t.db.transaction((tx) => tx.run(sql`UPDATE elderly_timebank_entry SET minutes = 1 WHERE person_id = ${V.id}::uuid`))).rejects.toThrow(/只能追加/);
    await expect(t.db.transaction((tx) => tx.run(sql`UPDATE elderly_timebank_account SET balance_minutes = -30, redeemed_minutes = redeemed_minutes + 90 WHERE person_id = ${V.id}::uuid`))).rejects.toThrow();
    expect(await audits('elderly.homecare.timebank_redeem')).toBe(2);
  });

  it('splits the budget once when two orders of one elder finish at the same moment', async () => {
    // B: ¥300 budget. Two cleanings of 400 minutes at ¥30/h = ¥200 each, finished concurrently.
    const started: any[] = [];
    for (let i = 0; i < 2; i++) {
      const reg = await ok(township, 'POST', `${BASE}/orders`, { beneficiaryId: benB.id, itemCode: 'CLEAN-01', plannedOn: today }, 201);
      const d = await ok(township, 'POST', `${BASE}/orders/${reg.id}/actions/dispatch`, { version: reg.version, providerId: providerP1.id, workerName: '王师傅' });
      started.push(await ok(township, 'POST', `${BASE}/orders/${reg.id}/actions/start`, { version: d.version, startedAt: minutesAgo(405) }));
    }
    const endedAt = minutesAgo(5);
    const done = await Promise.all(started.map((o) => township.post(`${BASE}/orders/${o.id}/actions/finish`, { version: o.version, endedAt })));
    expect(done.map((r) => r.status)).toEqual([200, 200]);
    const splits = done.map((r) => [r.body.amountFen, r.body.budgetFen, r.body.selfPayFen]).sort();
    expect(splits).toEqual([[20_000, 10_000, 10_000], [20_000, 20_000, 0]]);
    expect((await township.get(`${BASE}/beneficiaries/${benB.id}`)).body).toMatchObject({ spentFen: 30_000, remainingFen: 0 });
  });

  it('keeps providers, prices and enrolments under control', async () => {
    // A suspended provider gets no orders.
    const p2 = (await countyClerk.get(`${BASE}/providers/${providerP2.id}`)).body;
    const suspended = await ok(countyClerk, 'PATCH', `${BASE}/providers/${p2.id}`, { version: p2.version, status: 'suspended' });
    expect(suspended).toMatchObject({ status: 'suspended', statusName: '暂停派单', version: p2.version + 1 });
    const reg = await ok(township, 'POST', `${BASE}/orders`, { beneficiaryId: benB.id, itemCode: 'MEAL-01', quantity: 1, plannedOn: today }, 201);
    const refused = await act(township, reg.id, 'dispatch', { version: reg.version, providerId: p2.id, workerName: '赵师傅' });
    expect(refused.status).toBe(422);
    expect(refused.body.title).toBe('服务商暂停派单，不能派单');
    expect((await countyClerk.patch(`${BASE}/providers/${p2.id}`, { version: p2.version, status: 'active' })).status).toBe(409); // stale version
    // A new price applies from its date; an order keeps the price it was registered with.
    const tomorrow = new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await ok(countyClerk, 'POST', `${BASE}/catalogue`, { code: 'MEAL-01', name: '上门送餐', category: 'meal', unit: 'visit', priceFen: 1600, effectiveFrom: tomorrow }, 201);
    const later = await ok(township, 'POST', `${BASE}/orders`, { beneficiaryId: benB.id, itemCode: 'MEAL-01', quantity: 1, plannedOn: tomorrow }, 201);
    expect([reg.priceFen, later.priceFen]).toEqual([1500, 1600]);
    const history = (await township.get(`${BASE}/catalogue?history=true`)).body.items.filter((c: any) => c.code === 'MEAL-01');
    expect(history.map((c: any) => [c.priceFen, c.effectiveTo === null])).toEqual([[1600, true], [1500, false]]);
    // An elder with open orders cannot be stopped; once they are closed, they can.
    const stop = { version: benB.version, reason: '入住养老机构' };
    const blocked = await countyClerk.post(`${BASE}/beneficiaries/${benB.id}/stop`, stop);
    expect(blocked.status).toBe(409);
    expect(blocked.body.title).toBe('该服务对象还有未完成的服务工单');
    for (const o of [reg, later]) await ok(township, 'POST', `${BASE}/orders/${o.id}/actions/cancel`, { version: o.version, reason: '老人入住养老机构' });
    const stopped = await ok(countyClerk, 'POST', `${BASE}/beneficiaries/${benB.id}/stop`, stop);
    expect(stopped).toMatchObject({ stopReason: '入住养老机构', remainingFen: 0 });
    expect((await township.post(`${BASE}/orders`, { beneficiaryId: benB.id, itemCode: 'MEAL-01', quantity: 1, plannedOn: today })).status).toBe(422);
    expect(await audits('elderly.homecare.stop')).toBe(1);
  });

  it('shows nothing of 荣光街道 to 东盛街道, and the database refuses it too', async () => {
    expect((await dongsheng.get(`${BASE}/orders/${order1.id}`)).status).toBe(404);
    expect((await dongsheng.get(`${BASE}/beneficiaries/${benA.id}`)).status).toBe(404);
    expect((await dongsheng.get(`${BASE}/orders`)).body).toMatchObject({ items: [], total: 0 });
    expect((await dongsheng.get(`${BASE}/timebank/accounts`)).body.items).toEqual([]);
    expect((await dongsheng.post(`${BASE}/orders`, { beneficiaryId: benA.id, itemCode: 'MEAL-01', quantity: 1, plannedOn: today })).status).toBe(404);
    expect((await dongsheng.post(`${BASE}/timebank/redeem`, { personId: V.id, serviceDate: today, hours: 0.5, description: '陪同就医' })).status).toBe(422);
    const seen = await t.db.transaction((tx) => tx.rows(sql`SELECT id FROM elderly_homecare_order`), { scope: { actorId: null, regionCode: '220105001000' } });
    expect(seen).toEqual([]);
    const own = await t.db.transaction((tx) => tx.rows(sql`SELECT id FROM elderly_homecare_order`), { scope: { actorId: null, regionCode: LINGDONG } });
    expect(own.length).toBe(8); // A's four, B's four
  });
});
