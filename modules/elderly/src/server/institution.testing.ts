/** Fixtures of the institution suites: registry persons through the registry API, institutions and beds through ours. */
import { expect } from 'vitest';
import { computeIdCheckChar } from '@mz/kernel';
import type { HttpSession } from '@mz/testing';

export const LINGDONG = '220105003005'; // 岭东社区, 荣光街道
export const DONGSHENG = '220105001000'; // 东盛街道

let serial = 0;

/** A valid GB 11643 number born on `birth` (YYYYMMDD), unique within the run. */
export function idNumber(birth: string, sex: 'male' | 'female' = 'female'): string {
  serial += 1;
  const seq = String((serial * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `220105${birth}${seq}`;
  return first17 + computeIdCheckChar(first17);
}

export interface TestPerson { id: string; idNo: string; name: string }

export async function createPerson(clerk: HttpSession, name: string, birth = '19450301', extra: Record<string, unknown> = {}): Promise<TestPerson> {
  const idNo = idNumber(birth);
  const res = await clerk.post('/api/v1/registry/persons', {
    idNumber: idNo, name, hukouRegionCode: LINGDONG, hukouType: 'urban', regionCode: LINGDONG, address: '岭东路 8 号', ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, idNo, name };
}

export async function createInstitution(s: HttpSession, name: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await s.post('/api/v1/elderly/institutions', {
    name, kind: 'care_home', operatorType: 'public', regionCode: LINGDONG, address: '岭东路 66 号', ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Adds beds and returns the institution's beds as the API lists them. */
export async function addBeds(s: HttpSession, institutionId: string, rooms: string, bedNos: string[], nursing = false): Promise<any[]> {
  const res = await s.post(`/api/v1/elderly/institutions/${institutionId}/beds`, { rooms, bedNos, nursing });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (await s.get(`/api/v1/elderly/institutions/${institutionId}/beds`)).body.items;
}

export function checkIn(s: HttpSession, institutionId: string, body: Record<string, unknown>) {
  return s.post(`/api/v1/elderly/institutions/${institutionId}/residents`, { checkedInOn: '2026-01-10', ...body });
}
