/**
 * Fixtures of the home-care suites: the demo county's officials, registry persons and households
 * through the registry API (valid GB 11643 numbers), 低保 entitlements through the payments
 * service contract, valid credit codes, and instants relative to now.
 */
import { expect } from 'vitest';
import type { Database } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { computeCreditCodeCheckChar, computeIdCheckChar } from '@mz/kernel';
import type { HttpSession } from '@mz/testing';
import { findProgramme, recordEntitlement, registerProgramme } from '@mz/payments/server';

export const COUNTY = '220105000000'; // 二道区
export const RONGGUANG = '220105003000'; // 荣光街道
export const LINGDONG = '220105003005'; // 岭东社区
export const DONGSHENG = '220105001000'; // 东盛街道
export const BASE = '/api/v1/elderly/homecare';

let serial = 500 + Math.floor(Math.random() * 400);

export function idNumber(birth: string, sex: 'male' | 'female'): string {
  serial += 1;
  const seq = String((serial * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `220105${birth}${seq}`;
  return first17 + computeIdCheckChar(first17);
}

/** A 民办非企业单位 credit code registered in 二道区 with a valid check character. */
export function creditCode(n: number): string {
  const first17 = `52220105MJ${String(n).padStart(7, '0')}`;
  return first17 + computeCreditCodeCheckChar(first17);
}

export interface TestPerson { id: string; name: string }

export async function createPerson(clerk: HttpSession, name: string, birth: string, sex: 'male' | 'female' = 'male', regionCode = LINGDONG): Promise<TestPerson> {
  const res = await clerk.post('/api/v1/registry/persons', {
    idNumber: idNumber(birth, sex), name, hukouRegionCode: regionCode, hukouType: 'urban', regionCode, address: '岭东路 18 号',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, name };
}

export async function createHousehold(clerk: HttpSession, persons: TestPerson[], regionCode = LINGDONG): Promise<string> {
  const [head, ...rest] = persons;
  const res = await clerk.post('/api/v1/registry/households', {
    regionCode, address: '岭东路 18 号', headPersonId: head!.id, members: rest.map((p) => ({ personId: p.id, relation: '20' })), validFrom: '2020-01-01',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const SYSTEM: AuditActor = { actorId: null, actorName: '社会救助（测试）', actorRegion: COUNTY, ip: null };

/** A current 低保 entitlement of a household, as the assistance module records it on a decision. */
export async function dibaoFor(db: Database, householdId: string): Promise<void> {
  if (!findProgramme('dibao')) {
    registerProgramme({ code: 'dibao', name: '最低生活保障', shortName: '低保', ownerModule: 'assistance', basis: 'household', monthly: true, oneOff: false });
  }
  await db.transaction((tx) => recordEntitlement(tx, SYSTEM, {
    programme: 'dibao', beneficiary: { householdId }, regionCode: LINGDONG, fromMonth: '2026-01', monthlyAmountFen: 60_000, personCount: 2,
    breakdown: { items: [] }, ruleVersion: 'test-1',
    origin: { kind: 'case_decision', sourceModule: 'assistance', sourceId: `hc-${householdId}`, reason: '测试低保' },
  }), { scope: { actorId: null, regionCode: '220000000000' } });
}

/** An instant `minutes` ago, as the browser sends it. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

/** Succeeds with the status, or fails the test showing the problem. */
export async function ok(s: HttpSession, method: 'POST' | 'PATCH', url: string, body: unknown, status = 200) {
  const res = await s.request(method, url, body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}
