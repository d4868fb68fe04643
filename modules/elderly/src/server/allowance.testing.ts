/**
 * Fixtures of the allowance suites: registry persons with chosen birth dates (valid GB 11643
 * numbers), 特困 entitlements through the payments service, and a stand-in for the assessment
 * part's `elderly_current_assessment` so the subsidies are tested on levels the test chooses.
 */
import { expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { computeIdCheckChar } from '@mz/kernel';
import type { HttpSession } from '@mz/testing';
import { recordEntitlement } from '@mz/payments/server';

export const COUNTY = '220105000000'; // 二道区
export const RONGGUANG = '220105003000'; // 荣光街道
export const LINGDONG = '220105003005'; // 岭东社区
export const DONGSHENG_VILLAGE = '220105001002'; // a community of 东盛街道
export const NANGUAN_VILLAGE = '220102001001'; // a community of 南关区

let serial = 500 + Math.floor(Math.random() * 400);

export function idNumber(birth: string, sex: 'male' | 'female'): string {
  serial += 1;
  const seq = String((serial * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `220105${birth.replaceAll('-', '')}${seq}`;
  return first17 + computeIdCheckChar(first17);
}

export interface TestPerson { id: string; name: string; birth: string; idNo: string }

/** A person born on `birth` (YYYY-MM-DD), registered by the clerk in `regionCode`. */
export async function createPerson(clerk: HttpSession, name: string, birth: string, regionCode = LINGDONG, sex: 'male' | 'female' = 'female'): Promise<TestPerson> {
  const idNo = idNumber(birth, sex);
  const res = await clerk.post('/api/v1/registry/persons', {
    idNumber: idNo, name, hukouRegionCode: regionCode, hukouType: 'urban', regionCode, address: '岭东路 8 号',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, name, birth, idNo };
}

/** The registry's 死亡 record, as a clerk enters it. */
export async function recordDeath(clerk: HttpSession, person: TestPerson, deathDate: string): Promise<void> {
  const current = await clerk.get(`/api/v1/registry/persons/${person.id}`);
  expect(current.status).toBe(200);
  const res = await clerk.patch(`/api/v1/registry/persons/${person.id}`, { status: 'deceased', deathDate, version: current.body.version });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const SYSTEM: AuditActor = { actorId: null, actorName: '社会救助（测试）', actorRegion: COUNTY, ip: null };

/** A 特困 entitlement from `fromMonth`, as assistance records it on approval. */
export async function entitleTekun(db: Database, personId: string, fromMonth: string): Promise<void> {
  await db.transaction((tx) => recordEntitlement(tx, SYSTEM, {
    programme: 'tekun', beneficiary: { personId }, regionCode: LINGDONG, fromMonth, monthlyAmountFen: 90_000, personCount: 1,
    breakdown: { items: [] }, ruleVersion: 'test-1',
    origin: { kind: 'case_decision', sourceModule: 'assistance', sourceId: `atest-${personId}`, reason: '测试特困供养' },
  }), { scope: { actorId: null, regionCode: '220000000000' } });
}

/**
 * Replaces whatever provides `elderly_current_assessment` in this test database (one clone per
 * file) with a plain table of the same contract, which the test fills as the assessment part's
 * completed assessments would.
 */
export async function standInAssessments(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(sql`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'elderly_current_assessment' AND relkind = 'v') THEN
          EXECUTE 'DROP VIEW elderly_current_assessment CASCADE';
        ELSIF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'elderly_current_assessment' AND relkind IN ('r', 'm')) THEN
          EXECUTE 'DROP TABLE elderly_current_assessment CASCADE';
        END IF;
      END $$`);
    await tx.run(sql`
      CREATE TABLE elderly_current_assessment (person_id uuid PRIMARY KEY, assessment_id uuid NOT NULL DEFAULT gen_random_uuid(),
        final_level smallint NOT NULL, assessed_on date NOT NULL, next_due_on date)`);
    await tx.run(sql`GRANT SELECT ON elderly_current_assessment TO mz_app`);
  });
}

export async function setAssessment(db: Database, personId: string, level: number, assessedOn: string, nextDueOn: string): Promise<void> {
  await db.transaction((tx) => tx.run(sql`
    INSERT INTO elderly_current_assessment (person_id, final_level, assessed_on, next_due_on) VALUES (${personId}::uuid, ${level}, ${assessedOn}::date, ${nextDueOn}::date)
    ON CONFLICT (person_id) DO UPDATE SET assessment_id = gen_random_uuid(), final_level = EXCLUDED.final_level, assessed_on = EXCLUDED.assessed_on,
      next_due_on = EXCLUDED.next_due_on`));
}

/** A department's file uploaded to verification (multipart), as its import page sends it. */
export async function uploadSource(s: HttpSession, sourceCode: string, asOf: string, rows: string[][]) {
  const boundary = `----mza${randomBytes(8).toString('hex')}`;
  const text = rows.map((r) => r.join(',')).join('\n') + '\n';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${sourceCode}.csv"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(text), Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return s.request('POST', `/api/v1/verification/sources/${sourceCode}/snapshots?asOf=${asOf}`, payload, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}
