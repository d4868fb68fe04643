/**
 * Fixtures of the verification suites: persons and households through the registry API (valid
 * GB 11643 numbers the test keeps, to write the departments' files), entitlements through the
 * payments service contract, delivery uploads and open assistance cases.
 */
import { expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { computeIdCheckChar } from '@mz/kernel';
import type { HttpSession } from '@mz/testing';
import { recordEntitlement } from '@mz/payments/server';
import { runPendingJobs } from '@mz/jobs/server';

export const COUNTY = '220105000000'; // 二道区
export const RONGGUANG = '220105003000'; // 荣光街道
export const LINGDONG = '220105003005'; // 岭东社区
export const NANGUAN_VILLAGE = '220102001001'; // a village of 南关区

let serial = Math.floor(Math.random() * 400);

export function idNumber(birth: string, sex: 'male' | 'female' = 'male'): string {
  serial += 1;
  const seq = String((serial * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `220105${birth}${seq}`;
  return first17 + computeIdCheckChar(first17);
}

export interface TestPerson { id: string; idNo: string; name: string }

export async function createPerson(clerk: HttpSession, name: string, birth = '19700101', sex: 'male' | 'female' = 'male'): Promise<TestPerson> {
  const idNo = idNumber(birth, sex);
  const res = await clerk.post('/api/v1/registry/persons', {
    idNumber: idNo, name, hukouRegionCode: LINGDONG, hukouType: 'urban', regionCode: LINGDONG, address: '岭东路 8 号',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, idNo, name };
}

export async function createHousehold(clerk: HttpSession, persons: TestPerson[]): Promise<string> {
  const [head, ...rest] = persons;
  const res = await clerk.post('/api/v1/registry/households', {
    regionCode: LINGDONG, address: '岭东路 8 号', headPersonId: head!.id, members: rest.map((p, i) => ({ personId: p.id, relation: i === 0 ? '10' : '20' })),
    validFrom: '2020-01-01',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const SYSTEM: AuditActor = { actorId: null, actorName: '社会救助（测试）', actorRegion: COUNTY, ip: null };
let source = 0;

/**
 * A monthly entitlement from 2026-01, recorded as a programme module would (province scope: any
 * region). `caseId`: the assistance case that decided it (its source, as assistance records it),
 * else a made-up source that names no case.
 */
export async function entitle(db: Database, programme: string, beneficiary: { personId?: string; householdId?: string }, regionCode = LINGDONG, personCount = 1,
  caseId?: string): Promise<string> {
  const r = await db.transaction((tx) => recordEntitlement(tx, SYSTEM, {
    programme, beneficiary, regionCode, fromMonth: '2026-01', monthlyAmountFen: 50_000, personCount,
    breakdown: { items: [] }, ruleVersion: 'test-1',
    origin: { kind: 'case_decision', sourceModule: 'assistance', sourceId: caseId ?? `vtest-${Date.now()}-${++source}`, reason: '测试待遇' },
  }), { scope: { actorId: null, regionCode: '220000000000' } });
  return r.entitlementId;
}

/**
 * An open 低保 case covering the given persons: the engine's row in 'applied' (version 1, no
 * decision — what the assistance guard lets a business row join), then the case itself.
 */
export async function openDibaoCase(db: Database, householdId: string, applicant: TestPerson, covered: string[], application: Record<string, unknown> = {}): Promise<string> {
  return db.transaction(async (tx) => {
    const [w] = await tx.rows<{ id: string }>(sql`
      INSERT INTO workflow_case (definition, definition_version, case_no, subject_kind, subject_id, region_code, state)
      VALUES ('assistance.dibao', 1, ${`VT-${randomBytes(5).toString('hex')}`}, 'household', ${householdId}::uuid, ${LINGDONG}, 'applied') RETURNING id`);
    await tx.run(sql`
      INSERT INTO assistance_case (id, programme, household_id, applicant_person_id, region_code, applicant_name, applicant_id_masked, application, covered_person_ids)
      VALUES (${w!.id}::uuid, 'dibao', ${householdId}::uuid, ${applicant.id}::uuid, ${LINGDONG}, ${applicant.name}, '2201**********0000', ${JSON.stringify(application)}::jsonb,
        ${`{${covered.join(',')}}`}::uuid[])`);
    return w!.id;
  });
}

function multipart(fileName: string, data: Buffer) {
  const boundary = `----mzv${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(s: HttpSession, sourceCode: string, asOf: string, fileName: string, rows: string[][]) {
  const text = rows.map((r) => r.join(',')).join('\n') + '\n';
  const { payload, headers } = multipart(fileName, Buffer.from(text));
  return s.request('POST', `/api/v1/verification/sources/${sourceCode}/snapshots?asOf=${asOf}`, payload, { headers });
}

/** Uploads, runs the import job, and returns the snapshot as its detail route shows it. */
export async function deliver(db: Database, s: HttpSession, sourceCode: string, asOf: string, rows: string[][]) {
  const res = await upload(s, sourceCode, asOf, `${sourceCode}.csv`, rows);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await runPendingJobs(db);
  const snap = await s.get(`/api/v1/verification/snapshots/${res.body.snapshotId}`);
  expect(snap.status).toBe(200);
  return snap.body;
}

export async function runMonth(db: Database, s: HttpSession, month: string) {
  const res = await s.post('/api/v1/verification/runs', { month });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await runPendingJobs(db);
  const run = await s.get(`/api/v1/verification/runs/${res.body.runId}`);
  expect(run.status).toBe(200);
  expect(run.body.status, JSON.stringify(run.body)).toBe('done');
  return run.body;
}
