import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCalendarDays, addMonths, firstDayOfMonth, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { testEngines, type HttpSession } from '@mz/testing';
import type { AuditActor } from '@mz/http';
import { runPendingJobs } from '@mz/jobs/server';
import { startTestApp, type TestApp } from '../../../../apps/server/src/testing/test-app.ts';
import { onAlertHandled } from './silent.service.ts';
import { createHousehold, createPerson, deliver, entitle, LINGDONG, openDibaoCase, runMonth, type TestPerson } from './verification.testing.ts';

// 静默认证: each month every recipient is re-verified from the current snapshots alone; those who
// pass are recorded as 认证通过, the rest become alerts and their payments are held from the next
// month until the alert is handled.
const today = todayInShanghai();
const month = yearMonthOf(today);
const next = addMonths(month, 1);
const fresh = addCalendarDays(today, -5);
const daysBefore = (n: number) => addCalendarDays(firstDayOfMonth(month), -n);
const ACTOR: AuditActor = { actorId: null, actorName: '预警处置（测试）', actorRegion: '220105003000', ip: null };

describe.each(testEngines())('静默认证 on %s', (engine) => {
  let t: TestApp;
  let county: HttpSession;
  let countyClerk: HttpSession;
  let township: HttpSession;
  let dongsheng: HttpSession;
  // Alive: P (特困) and the 低保 household of Q and R. Dead: X (特困). In custody: Y (特困).
  let P: TestPerson, Q: TestPerson, R: TestPerson, X: TestPerson, Y: TestPerson;
  let run: any;

  const holds = () => t.db.transaction((tx) => tx.rows<{ subject_id: string; from_month: string; source_id: string; released: boolean }>(sql`
    SELECT subject_id, to_char(from_month, 'YYYY-MM') AS from_month, source_id, released_at IS NOT NULL AS released
    FROM payments_hold WHERE source_module = 'verification' ORDER BY held_at`));
  // As the alert workflow calls it: in the township official's scoped transaction (row-level security on).
  const handled = (alert: { id: string }, outcome: Parameters<typeof onAlertHandled>[3], opinion?: string) =>
    t.db.transaction((tx) => onAlertHandled(tx, ACTOR, alert, outcome, opinion), { scope: { actorId: null, regionCode: '220105003000' } });
  const results = async (s: HttpSession, query = '') => {
    const res = await s.get(`/api/v1/verification/silent-results?month=${month}${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    [county, countyClerk, township, dongsheng] = await Promise.all(['demo-county', 'demo-county-clerk', 'demo-township', 'demo-township2'].map((u) => t.login(u)));
    P = await createPerson(township, '认证甲');
    Q = await createPerson(township, '认证乙');
    R = await createPerson(township, '认证丙', '19750303', 'female');
    X = await createPerson(township, '认证丁');
    Y = await createPerson(township, '认证戊');
    const H = await createHousehold(township, [Q, R]);
    await entitle(t.db, 'tekun', { personId: P.id });
    await entitle(t.db, 'dibao', { householdId: H }, undefined, 2);
    await entitle(t.db, 'tekun', { personId: X.id });
    await entitle(t.db, 'tekun', { personId: Y.id });
    await deliver(t.db, countyClerk, 'police_death', fresh, [['身份证号', '死亡日期'], [X.idNo, daysBefore(10)]]);
    await deliver(t.db, countyClerk, 'police_custody', fresh, [['身份证号', '羁押开始日期', '羁押结束日期', '羁押类型'], [Y.idNo, daysBefore(30), '', '服刑']]);
  });
  afterAll(async () => { await t?.close(); });

  it('is started by a county, runs only the silent rules, passes the living and holds the dead and the detained', async () => {
    expect((await township.post('/api/v1/verification/silent-runs', { month })).status).toBe(403);
    const bad = await county.post('/api/v1/verification/silent-runs', { month: '2026-13' });
    expect(bad.status).toBe(400);
    const res = await county.post('/api/v1/verification/silent-runs', { month });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await runPendingJobs(t.db);
    run = (await county.get(`/api/v1/verification/runs/${res.body.runId}`)).body;
    expect(run).toMatchObject({ kind: 'silent', status: 'done', beneficiaries: 5 });
    // Only the silent rule set: no ledger or 主动发现 rule ran.
    expect(run.rules.map((r: any) => r.code).sort()).toEqual(['business_over', 'custody_paid', 'deceased_paid', 'deposit_over', 'income_over', 'property_over', 'vehicle_over']);

    const body = await results(county);
    expect(body.total).toEqual({ passed: 3, failed: 2, held: 2 });
    expect(body.rows).toEqual([{ regionCode: '220105003000', regionName: expect.any(String), passed: 3, failed: 2, held: 2 }]);
    // A village-level breakdown for the township.
    expect((await results(township)).rows.map((r: any) => r.regionCode)).toEqual(['220105003005']);

    const alerts = (await county.get('/api/v1/verification/alerts?pageSize=100')).body.items as any[];
    const dead = alerts.find((a) => a.ruleCode === 'deceased_paid');
    const detained = alerts.find((a) => a.ruleCode === 'custody_paid');
    expect([dead.personId, detained.personId]).toEqual([X.id, Y.id]);
    expect(alerts).toHaveLength(2);

    // Held from next month, one hold per alert; the living hold nothing.
    const h = await holds();
    expect(h.map((x) => [x.subject_id, x.from_month, x.source_id, x.released]).sort()).toEqual([
      [X.id, next, dead.id, false], [Y.id, next, detained.id, false],
    ].sort());
    const audit = await t.db.transaction((tx) => tx.rows<{ action: string; summary: string }>(sql`
      SELECT action, summary FROM audit_log WHERE action IN ('verification.silent_run', 'payments.hold') ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(['payments.hold', 'verification.silent_run']);
    expect(audit[1]!.summary).toContain('认证通过 3 人、未通过 2 人，暂停发放 2 项待遇');
  });

  it('a second run of the month replaces the results and opens no second hold', async () => {
    const res = await county.post('/api/v1/verification/silent-runs', { month });
    await runPendingJobs(t.db);
    expect((await county.get(`/api/v1/verification/runs/${res.body.runId}`)).body).toMatchObject({ status: 'done', alertsNew: 0, alertsSeen: 2 });
    expect((await results(county)).total).toEqual({ passed: 3, failed: 2, held: 2 });
    expect(await holds()).toHaveLength(2);
  });

  it('handling releases the hold: 维持 at once, 需调整 only when the case step is done', async () => {
    const alerts = (await township.get('/api/v1/verification/alerts?pageSize=100')).body.items as any[];
    const dead = alerts.find((a) => a.ruleCode === 'deceased_paid');
    const detained = alerts.find((a) => a.ruleCode === 'custody_paid');
    // 维持: the detention ended before the month after all (the official's finding).
    await township.post(`/api/v1/verification/alerts/${detained.id}/actions/verify`, { version: 1 });
    const kept = await township.post(`/api/v1/verification/alerts/${detained.id}/actions/keep`, { version: 2, opinion: '已取保候审，正常生活' });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    // The alert workflow releases the hold in the same transaction as the 维持 (alert.service.ts calls
    // onAlertHandled); calling it again releases nothing more.
    expect((await holds()).find((x) => x.source_id === detained.id)?.released).toBe(true);
    expect(await handled(kept.body, 'keep', '已取保候审')).toEqual({ released: 0 });

    // 需调整: the hold stays until the case step ends the entitlement.
    await township.post(`/api/v1/verification/alerts/${dead.id}/actions/verify`, { version: 1 });
    const adjusted = await township.post(`/api/v1/verification/alerts/${dead.id}/actions/adjust`, { version: 2, opinion: '死亡，需终止供养' });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(200);
    expect(await handled(adjusted.body, 'adjust')).toEqual({ released: 0 });
    expect((await holds()).find((x) => x.source_id === dead.id)?.released).toBe(false);
    expect((await holds()).map((x) => [x.subject_id, x.released]).sort()).toEqual([[X.id, false], [Y.id, true]].sort());
    expect((await results(county)).total).toEqual({ passed: 3, failed: 2, held: 1 });
    expect(await handled(adjusted.body, 'resolved')).toEqual({ released: 1 });
    expect((await holds()).every((x) => x.released)).toBe(true);
    const released = await t.db.transaction((tx) => tx.rows<{ summary: string }>(sql`SELECT summary FROM audit_log WHERE action = 'payments.hold_release' ORDER BY id`));
    expect(released.map((r) => r.summary)).toEqual([expect.stringContaining('维持待遇'), expect.stringContaining('调整或终止')]);
  });

  it('shows results only within the jurisdiction', async () => {
    expect((await results(dongsheng)).total).toEqual({ passed: 0, failed: 0, held: 0 });
    // A township asking for the county's figures gets nothing beyond its own range.
    expect((await results(township, '&regionCode=220105000000')).rows).toEqual([]);
    expect((await county.get('/api/v1/verification/silent-results?month=bad')).status).toBe(400);
  });
});

// A 低保 household entitlement names the applicant as payee, yet its amount counts every covered
// member: a covered member's death or custody must raise the alert (about the member, with the
// household and the case) and 静默认证 must hold the household's payment.
describe.each(testEngines())('members counted by a paid household on %s', (engine) => {
  let t: TestApp;
  let county: HttpSession;
  let countyClerk: HttpSession;
  let township: HttpSession;
  // KH: decided by case KC covering K1 (applicant), K2 (died; the registry ended the membership)
  // and K3 (in custody); K4 lives there but the case does not count him (he died too).
  // LH: paid with no case: L2 left after the entitlement began and died; L3 left before it and died.
  let K1: TestPerson, K2: TestPerson, K3: TestPerson, K4: TestPerson, L1: TestPerson, L2: TestPerson, L3: TestPerson;
  let KH: string, LH: string, KC: string;

  const holds = () => t.db.transaction((tx) => tx.rows<{ subject_id: string; from_month: string; source_id: string; released: boolean }>(sql`
    SELECT subject_id, to_char(from_month, 'YYYY-MM') AS from_month, source_id, released_at IS NOT NULL AS released
    FROM payments_hold WHERE source_module = 'verification' ORDER BY held_at`));
  const endMembership = (p: TestPerson, on: string, reason: string) => t.db.transaction((tx) => tx.run(sql`
    UPDATE registry_household_member SET valid_to = ${on}::date, ended_reason = ${reason} WHERE person_id = ${p.id}::uuid AND valid_to IS NULL`));

  beforeAll(async () => {
    t = await startTestApp(engine);
    [county, countyClerk, township] = await Promise.all(['demo-county', 'demo-county-clerk', 'demo-township'].map((u) => t.login(u)));
    K1 = await createPerson(township, '户保甲');
    K2 = await createPerson(township, '户保乙', '19420404', 'female');
    K3 = await createPerson(township, '户保丙', '19900909');
    K4 = await createPerson(township, '户保丁', '19950505');
    L1 = await createPerson(township, '户保戊', '19600606', 'female');
    L2 = await createPerson(township, '户保己', '19380808');
    L3 = await createPerson(township, '户保庚', '19390909');
    KH = await createHousehold(township, [K1, K2, K3, K4]);
    LH = await createHousehold(township, [L1, L2, L3]);
    KC = await openDibaoCase(t.db, KH, K1, [K1.id, K2.id, K3.id]);
    // As assistance records it: the household, the applicant as the named person, the case as source.
    await entitle(t.db, 'dibao', { householdId: KH, personId: K1.id }, undefined, 3, KC);
    await entitle(t.db, 'dibao', { householdId: LH }, undefined, 3);
    await endMembership(K2, daysBefore(10), '死亡');
    await endMembership(L2, '2026-02-01', '迁出');
    await endMembership(L3, '2025-06-01', '迁出');
    await deliver(t.db, countyClerk, 'police_death', fresh, [['身份证号', '死亡日期'],
      [K2.idNo, daysBefore(10)], [K4.idNo, daysBefore(12)], [L2.idNo, daysBefore(14)], [L3.idNo, daysBefore(16)]]);
    await deliver(t.db, countyClerk, 'police_custody', fresh, [['身份证号', '羁押开始日期', '羁押结束日期', '羁押类型'], [K3.idNo, daysBefore(30), '', '服刑']]);
  });
  afterAll(async () => { await t?.close(); });

  it('a monitoring run raises the alert about the covered member, with the household, the case and the village', async () => {
    const run = await runMonth(t.db, county, month);
    // K1–K3 (the case's covered persons), L1 and L2 (members since the entitlement began).
    expect(run.beneficiaries).toBe(5);
    const items = (await township.get('/api/v1/verification/alerts?pageSize=100')).body.items as any[];
    const of = (rule: string) => items.filter((a) => a.ruleCode === rule).map((a) => a.personId).sort();
    expect(of('deceased_paid')).toEqual([K2.id, L2.id].sort());
    expect(of('custody_paid')).toEqual([K3.id]);
    const dead = items.find((a) => a.ruleCode === 'deceased_paid' && a.personId === K2.id);
    expect(dead).toMatchObject({ householdId: KH, caseIds: [KC], regionCode: LINGDONG, personName: '户保乙' });
    expect(items.find((a) => a.personId === L2.id)).toMatchObject({ householdId: LH, caseIds: [], regionCode: LINGDONG, programmes: ['dibao'] });
    const detail = await township.get(`/api/v1/verification/alerts/${dead.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.evidence).toMatchObject({ source: 'police_death', date: daysBefore(10), member: '户保乙' });
    const detained = await township.get(`/api/v1/verification/alerts/${items.find((a) => a.ruleCode === 'custody_paid').id}`);
    expect(detained.body.evidence).toMatchObject({ kind: '服刑', member: '户保丙' });
    // A monitoring run holds nothing.
    expect(await holds()).toEqual([]);
  });

  it('静默认证 holds the household\'s payment for a failing member, and handling releases it', async () => {
    const res = await county.post('/api/v1/verification/silent-runs', { month });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await runPendingJobs(t.db);
    const run = (await county.get(`/api/v1/verification/runs/${res.body.runId}`)).body;
    expect(run).toMatchObject({ kind: 'silent', status: 'done', beneficiaries: 5, alertsNew: 0, alertsSeen: 3 });
    const total = (await county.get(`/api/v1/verification/silent-results?month=${month}`)).body.total;
    expect(total).toEqual({ passed: 2, failed: 3, held: 3 });

    const items = (await township.get('/api/v1/verification/alerts?pageSize=100')).body.items as any[];
    const alertOf = (p: TestPerson) => items.find((a) => a.personId === p.id);
    // Each failing member's alert holds the household paid for them, from next month.
    expect((await holds()).map((h) => [h.subject_id, h.from_month, h.source_id, h.released]).sort()).toEqual([
      [KH, next, alertOf(K2).id, false], [KH, next, alertOf(K3).id, false], [LH, next, alertOf(L2).id, false],
    ].sort());

    // 维持 on K3's alert releases its hold; K2's keeps the household held.
    const k3 = alertOf(K3);
    await township.post(`/api/v1/verification/alerts/${k3.id}/actions/verify`, { version: 1 });
    const kept = await township.post(`/api/v1/verification/alerts/${k3.id}/actions/keep`, { version: 2, opinion: '羁押已结束，已回家居住' });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    const after = await holds();
    expect(after.find((h) => h.source_id === k3.id)?.released).toBe(true);
    expect(after.find((h) => h.source_id === alertOf(K2).id)?.released).toBe(false);
    const recalc = await t.db.transaction((tx) => tx.rows<{ subject_id: string }>(sql`SELECT subject_id FROM payments_recalc WHERE subject_id = ${KH}::uuid`));
    expect(recalc.length).toBeGreaterThan(0);
  });
});
