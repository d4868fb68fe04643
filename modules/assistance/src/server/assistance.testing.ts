/**
 * Fixtures of the assistance HTTP suites: registry persons and households created through the
 * registry API (valid GB 11643 numbers), the demo policy parameters, and the few moves a test must
 * make behind the API — letting a 公示 period pass, or putting an event in the past — which touch
 * only the engine's event stamps, never a state or a decision.
 */
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import { computeIdCheckChar } from '@mz/kernel';
import type { HttpSession } from '@mz/testing';
import { seedDemoAssistanceParams } from './demo/params.seed.ts';

let serial = 100;

/** A valid 18-character ID number with the 二道区 address code; `birth` is YYYYMMDD. */
export function idNumber(birth: string, sex: 'male' | 'female' = 'male'): string {
  serial += 1;
  // GB 11643: the sequence's last digit is odd for men, even for women.
  const seq = String(((serial * 2) + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `220105${birth}${seq}`;
  return first17 + computeIdCheckChar(first17);
}

export interface PersonSpec {
  name: string;
  birth: string;
  sex?: 'male' | 'female';
  regionCode?: string;
  hukouType?: 'urban' | 'rural';
  extra?: Record<string, unknown>;
}

export async function createPerson(clerk: HttpSession, p: PersonSpec): Promise<{ id: string; idNumber: string; masked: string }> {
  const number = idNumber(p.birth, p.sex);
  const region = p.regionCode ?? '220105003005';
  const res = await clerk.post('/api/v1/registry/persons', {
    idNumber: number, name: p.name, hukouRegionCode: region, hukouType: p.hukouType ?? 'urban', regionCode: region, address: '岭东路 12 号', ...p.extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, idNumber: number, masked: res.body.idNumberMasked };
}

/** A household whose first person is the head; the others join as 配偶 / 子女. */
export async function createHousehold(clerk: HttpSession, persons: { id: string }[], regionCode = '220105003005'): Promise<{ id: string; memberIds: string[] }> {
  const [head, ...rest] = persons;
  const res = await clerk.post('/api/v1/registry/households', {
    regionCode, address: '岭东路 12 号', headPersonId: head!.id,
    members: rest.map((p, i) => ({ personId: p.id, relation: i === 0 ? '10' : '20' })), validFrom: '2020-01-01',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, memberIds: persons.map((p) => p.id) };
}

export async function seedParams(db: Database): Promise<void> {
  expect(await seedDemoAssistanceParams(db)).toBeGreaterThan(0);
}

/** Sets an event of a case to an earlier instant (as the owner: no API writes event stamps). */
export async function backdateEvent(db: Database, caseId: string, event: string, at: string): Promise<void> {
  await db.transaction((tx) => tx.run(sql`
    UPDATE workflow_case SET events = jsonb_set(events, ${`{${event}}`}::text[], to_jsonb(${at}::text)) WHERE id = ${caseId}::uuid`));
}

/**
 * The 公示 started three weeks ago, so its seven days have run whatever the calendar (a period
 * ending on a rest day runs on to the next working day, 民法典第二百零三条).
 */
export async function letPublicityPass(db: Database, caseId: string, event = 'publicity_started'): Promise<void> {
  await backdateEvent(db, caseId, event, new Date(Date.now() - 21 * 86_400_000).toISOString());
}

export const PROPERTY_NONE = { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 };

export const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export const homeVisit = () => ({
  visitedOn: today(), investigators: ['王调查', '李调查'], householdMemberPresent: '户主', findings: '家中陈设简陋，收入来源与申报一致',
});
export const verification = () => ({ checkedOn: today(), result: 'consistent', findings: '核对结果与申报相符' });

/** Takes an action and insists on the status; returns the case page. */
export async function act(session: HttpSession, caseId: string, version: number, action: string, body: Record<string, unknown> = {}, status = 200) {
  const res = await session.post(`/api/v1/assistance/cases/${caseId}/actions/${action}`, { version, ...body });
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

let accountSerial = 0;
/** A registry bank account (the payments rolls pay to it; export refuses a payee without one). */
export function bankAccount(name: string): Record<string, string> {
  accountSerial += 1;
  const account = `6217${String(Date.now()).slice(-7)}${String(accountSerial).padStart(5, '0')}`;
  return { bankName: '吉林银行长春二道支行', bankAccount: account, bankHolder: name };
}

/**
 * The county's payment officials (二道区): a clerk who generates and exports rolls, a reviewer; the
 * demo county approver approves them. Created through the users API by the province admin.
 */
export async function countyPaymentOfficials(t: { login: (u: string, p?: string) => Promise<HttpSession> }): Promise<{ clerk: HttpSession; reviewer: HttpSession }> {
  const admin = await t.login('demo-province');
  const password = 'Erdao-Pay-2026';
  const sessions: HttpSession[] = [];
  for (const [username, displayName, role] of [['as-pay-clerk', '二道区资金发放经办员', 'clerk'], ['as-pay-reviewer', '二道区资金发放复核员', 'reviewer']] as const) {
    const res = await admin.post('/api/v1/users', { username, displayName, regionCode: '220105000000', roles: [role], password });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    sessions.push(await t.login(username, password));
  }
  return { clerk: sessions[0]!, reviewer: sessions[1]! };
}

/** The ledger's record of a case: its current rows, or with `current: false` every version of its series. */
export async function entitlementsOf(session: HttpSession, caseId: string, current?: boolean): Promise<any[]> {
  const res = await session.get(`/api/v1/payments/entitlements?sourceModule=assistance&sourceId=${caseId}&pageSize=100${current === undefined ? '' : `&current=${current}`}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}

/** Every line of a roll. */
export async function rollLines(session: HttpSession, rollId: string): Promise<any[]> {
  const res = await session.get(`/api/v1/payments/rolls/${rollId}/lines?pageSize=200`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}
