/**
 * Fixtures of the payments suites: the demo county's officials for each step (demo-county-clerk,
 * demo-county-reviewer, demo-county) and a neighbouring county's, registry persons and households
 * through the registry API (valid GB 11643 numbers, bank accounts), test programmes, and
 * entitlements recorded through the service the programme modules call.
 */
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { computeIdCheckChar } from '@mz/kernel';
import type { HttpSession } from '@mz/testing';
import { startTestApp, type TestApp } from '../../../../../apps/server/src/testing/test-app.ts';
import { findProgramme, registerProgramme } from '../programmes.ts';
import { endEntitlement, recordEntitlement, recordOneOffGrant } from '../entitlement.service.ts';
import type { EndEntitlementInput, EntitlementInput, GrantInput } from '../../domain/index.ts';

export const COUNTY = '220105000000'; // 二道区
export const RONGGUANG = '220105003000'; // 荣光街道
export const LINGDONG = '220105003005'; // 岭东社区, 荣光街道
export const NEIGHBOUR_COUNTY = '220102000000'; // 南关区

/** Test programmes, so these suites do not depend on which module declares the real ones. */
export function registerTestProgrammes(): void {
  if (findProgramme('t_dibao')) return;
  registerProgramme({ code: 't_dibao', name: '最低生活保障（测试）', shortName: '低保', ownerModule: 'assistance', basis: 'household', monthly: true, oneOff: false });
  registerProgramme({ code: 't_tekun', name: '特困人员救助供养（测试）', shortName: '特困', ownerModule: 'assistance', basis: 'person', monthly: true, oneOff: false });
  registerProgramme({ code: 't_linshi', name: '临时救助（测试）', shortName: '临时救助', ownerModule: 'assistance', basis: 'person', monthly: false, oneOff: true });
}

let serial = 300 + Math.floor(Math.random() * 300);

export function idNumber(birth: string, sex: 'male' | 'female' = 'male'): string {
  serial += 1;
  const seq = String((serial * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `220105${birth}${seq}`;
  return first17 + computeIdCheckChar(first17);
}

let accountSerial = 1000;
export const newAccount = () => `6217${String(Date.now()).slice(-6)}${String(accountSerial++).padStart(6, '0')}`;

export interface TestPerson { id: string; account: string | null; name: string }

export async function createPerson(clerk: HttpSession, p: { name: string; birth: string; sex?: 'male' | 'female'; regionCode?: string; account?: string | null }): Promise<TestPerson> {
  const region = p.regionCode ?? LINGDONG;
  const account = p.account === undefined ? newAccount() : p.account;
  const res = await clerk.post('/api/v1/registry/persons', {
    idNumber: idNumber(p.birth, p.sex), name: p.name, hukouRegionCode: region, hukouType: 'urban', regionCode: region, address: '岭东路 8 号',
    ...(account ? { bankName: '吉林银行长春分行', bankAccount: account, bankHolder: p.name } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, account, name: p.name };
}

export async function createHousehold(clerk: HttpSession, persons: TestPerson[], regionCode = LINGDONG): Promise<string> {
  const [head, ...rest] = persons;
  const res = await clerk.post('/api/v1/registry/households', {
    regionCode, address: '岭东路 8 号', headPersonId: head!.id, members: rest.map((p, i) => ({ personId: p.id, relation: i === 0 ? '10' : '20' })),
    validFrom: '2020-01-01',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** A household of `n` persons in 岭东社区 (head first). */
export async function family(clerk: HttpSession, label: string, n = 2, regionCode = LINGDONG) {
  const persons: TestPerson[] = [];
  for (let i = 0; i < n; i++) persons.push(await createPerson(clerk, { name: `${label}${'甲乙丙丁'[i]}`, birth: `19${60 + i}0${i + 1}1${i}`, sex: i % 2 ? 'female' : 'male', regionCode }));
  const householdId = await createHousehold(clerk, persons, regionCode);
  return { householdId, persons, head: persons[0]! };
}

export interface PaymentsWorld {
  t: TestApp;
  clerk: HttpSession; // demo-county-clerk: 二道区 经办（生成、导出）
  reviewer: HttpSession; // demo-county-reviewer: 二道区 复核
  approver: HttpSession; // demo-county: 二道区 审批
  township: HttpSession; // demo-township: 荣光街道 clerk + reviewer (registry data entry)
  dongsheng: HttpSession; // demo-township2: 东盛街道
  neighbour: HttpSession; // 南关区 clerk + reviewer + approver
  city: HttpSession; // demo-city: 长春市 read-only
}

const PASSWORD = 'Pay-Test-Passw0rd!';

async function createUser(admin: HttpSession, t: TestApp, username: string, displayName: string, regionCode: string, roles: string[]): Promise<HttpSession> {
  const res = await admin.post('/api/v1/users', { username, displayName, regionCode, roles, password: PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return t.login(username, PASSWORD);
}

export async function paymentsWorld(engine: 'pglite' | 'postgres'): Promise<PaymentsWorld> {
  registerTestProgrammes();
  const t = await startTestApp(engine);
  const admin = await t.login('demo-province');
  const neighbour = await createUser(admin, t, 'pay-neighbour', '南关区民政局经办员', NEIGHBOUR_COUNTY, ['clerk', 'reviewer', 'approver']);
  // The demo county's three 资金发放 officials: the suites act as the demo does.
  const [clerk, reviewer, approver, township, dongsheng, city] = await Promise.all(
    ['demo-county-clerk', 'demo-county-reviewer', 'demo-county', 'demo-township', 'demo-township2', 'demo-city'].map((u) => t.login(u)),
  );
  return { t, clerk, reviewer, approver, township, dongsheng, neighbour, city };
}

export const SYSTEM_ACTOR: AuditActor = { actorId: null, actorName: '社会救助（测试）', actorRegion: COUNTY, ip: null };

/** A transaction as the county's application role would run it (row-level security on). */
export function asCounty<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn, { scope: { actorId: null, regionCode: COUNTY } });
}

let caseNo = 0;
export const newCaseId = () => `case-${Date.now().toString(36)}-${++caseNo}`;

export function dibao(householdId: string, fromMonth: string, amount: number, extra: Partial<EntitlementInput> = {}, source = newCaseId()): EntitlementInput {
  return {
    programme: 't_dibao', beneficiary: { householdId }, regionCode: LINGDONG, fromMonth, monthlyAmountFen: amount, personCount: 2,
    breakdown: { items: [{ code: 'gap', label: '补差', amountFen: amount }] }, ruleVersion: 'dibao-2026.1',
    origin: { kind: 'case_decision', sourceModule: 'assistance', sourceId: source, reason: '低保审核确认' }, ...extra,
  };
}

export const record = (db: Database, e: EntitlementInput) => asCounty(db, (tx) => recordEntitlement(tx, SYSTEM_ACTOR, e));
export const end = (db: Database, e: EndEntitlementInput) => asCounty(db, (tx) => endEntitlement(tx, SYSTEM_ACTOR, e));
export const grant = (db: Database, g: GrantInput) => asCounty(db, (tx) => recordOneOffGrant(tx, SYSTEM_ACTOR, g));

/** POST and insist on the status. */
export async function ok(session: HttpSession, url: string, body: unknown = {}, status = 200) {
  const res = await session.post(url, body);
  expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

/** Generate, review and approve a regular roll; returns the approved roll. */
export async function approvedRoll(w: PaymentsWorld, programme: string, month: string) {
  let roll = await ok(w.clerk, '/api/v1/payments/rolls', { programme, month }, 201);
  roll = await ok(w.reviewer, `/api/v1/payments/rolls/${roll.id}/actions/review`, { version: roll.version });
  return ok(w.approver, `/api/v1/payments/rolls/${roll.id}/actions/approve`, { version: roll.version });
}

/** Export as CSV and return the parsed rows keyed by header. */
export async function exportCsv(session: HttpSession, rollId: string, profileCode = 'standard') {
  const res = await session.post(`/api/v1/payments/rolls/${rollId}/export`, { profileCode, format: 'csv' });
  expect(res.status, String(res.body).slice(0, 500)).toBe(200);
  const text = String(res.body).replace(/^\uFEFF/, '');
  const [header, ...lines] = text.trim().split('\r\n');
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v]))) as Record<string, string>[];
}

/** A return file (standard layout) answering each exported row; `fail` maps 序号 → reason. */
export function returnCsv(rows: Record<string, string>[], fail: Record<string, string> = {}, tamper: (r: string[][]) => string[][] = (r) => r): string {
  const body = tamper(rows.map((r) => [r['序号']!, r['账号']!, r['金额']!, fail[r['序号']!] ? '失败' : '成功', fail[r['序号']!] ?? '']));
  return ['序号,账号,金额,处理结果,失败原因', ...body.map((r) => r.join(','))].join('\r\n') + '\r\n';
}

/** Uploads a return file as multipart/form-data through inject(). */
export async function uploadReturn(session: HttpSession, rollId: string, fileName: string, content: string | Buffer) {
  const boundary = '----mzpaytest' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return session.request('POST', `/api/v1/payments/rolls/${rollId}/returns`, payload, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

export async function countRows(db: Database, table: string, where = 'true'): Promise<number> {
  const [r] = await db.transaction((tx) => tx.rows<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)));
  return r!.n;
}
