/**
 * A small known world for the statistics suites (month 2026-03, 二道区): 低保, 特困 and 临时救助
 * benefits in two villages of two townships, an approved 低保 roll, and monitoring alerts — with
 * every expected value computed by hand in the suite.
 */
import { expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { computeIdCheckChar } from '@mz/kernel';
import type { HttpSession } from '@mz/testing';
import { recordEntitlement, recordOneOffGrant } from '@mz/payments/server';

export const PROVINCE = '220000000000';
export const CITY = '220100000000'; // 长春市
export const COUNTY = '220105000000'; // 二道区
export const RONGGUANG = '220105003000'; // 荣光街道
export const LINGDONG = '220105003005'; // 岭东社区, 荣光街道
export const DONGSHENG = '220105001000'; // 东盛街道
export const GONGPING = '220105001002'; // 公平社区, 东盛街道

let serial = 100 + Math.floor(Math.random() * 400);
let account = 5000;

export interface Person { id: string; name: string }

export async function person(clerk: HttpSession, name: string, regionCode: string, birth = '19650315'): Promise<Person> {
  serial += 1;
  const first17 = `220105${birth}${String(serial % 1000).padStart(3, '0')}`;
  const res = await clerk.post('/api/v1/registry/persons', {
    idNumber: first17 + computeIdCheckChar(first17), name, hukouRegionCode: regionCode, hukouType: 'urban', regionCode, address: '测试路 1 号',
    bankName: '吉林银行长春分行', bankAccount: `6217${String(Date.now()).slice(-6)}${String(account++).padStart(6, '0')}`, bankHolder: name,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, name };
}

export async function household(clerk: HttpSession, members: Person[], regionCode: string): Promise<string> {
  const [head, ...rest] = members;
  const res = await clerk.post('/api/v1/registry/households', {
    regionCode, address: '测试路 1 号', headPersonId: head!.id, members: rest.map((p, i) => ({ personId: p.id, relation: i === 0 ? '10' : '20' })),
    validFrom: '2020-01-01',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const SYSTEM: AuditActor = { actorId: null, actorName: '社会救助（测试）', actorRegion: COUNTY, ip: null };
const asProvince = { scope: { actorId: null, regionCode: PROVINCE } };

/**
 * An assistance case as the deciding record of a benefit (the engine's row in 'applied', then the
 * business row — what the assistance guard lets a test write); returns its id, the ledger's source.
 */
export async function assistanceCase(db: Database, c: {
  programme: 'dibao' | 'tekun' | 'linshi'; applicant: Person; householdId?: string; regionCode: string; application?: Record<string, unknown>;
  careMode?: 'centralized' | 'dispersed'; linshiType?: 'emergency' | 'expenditure';
}): Promise<string> {
  return db.transaction(async (tx) => {
    const [w] = await tx.rows<{ id: string }>(sql`
      INSERT INTO workflow_case (definition, definition_version, case_no, subject_kind, subject_id, region_code, state)
      VALUES (${`assistance.${c.programme}`}, 1, ${`ST-${randomBytes(5).toString('hex')}`}, ${c.householdId ? 'household' : 'person'},
        ${c.householdId ?? c.applicant.id}::uuid, ${c.regionCode}, 'applied') RETURNING id`);
    await tx.run(sql`
      INSERT INTO assistance_case (id, programme, household_id, applicant_person_id, person_id, region_code, applicant_name, applicant_id_masked,
        application, care_mode, linshi_type)
      VALUES (${w!.id}::uuid, ${c.programme}, ${c.householdId ?? null}::uuid, ${c.applicant.id}::uuid,
        ${c.programme === 'dibao' ? null : c.applicant.id}::uuid, ${c.regionCode}, ${c.applicant.name}, '2201**********0000',
        ${JSON.stringify(c.application ?? {})}::jsonb, ${c.careMode ?? null}, ${c.linshiType ?? null})`);
    return w!.id;
  });
}

export async function monthly(db: Database, e: {
  programme: 'dibao' | 'tekun'; beneficiary: { personId?: string; householdId?: string }; regionCode: string; fromMonth: string;
  amountFen: number; personCount?: number; standardFen?: number; sourceId?: string;
}): Promise<void> {
  await db.transaction((tx) => recordEntitlement(tx, SYSTEM, {
    programme: e.programme, beneficiary: e.beneficiary, regionCode: e.regionCode, fromMonth: e.fromMonth, monthlyAmountFen: e.amountFen,
    personCount: e.personCount ?? 1, breakdown: { items: [], ...(e.standardFen ? { standardFen: e.standardFen } : {}) }, ruleVersion: 'stat-test-1',
    origin: { kind: 'case_decision', sourceModule: 'assistance', sourceId: e.sourceId ?? `stat-${randomBytes(4).toString('hex')}`, reason: '统计测试待遇' },
  }), asProvince);
}

export async function linshiGrant(db: Database, personId: string, regionCode: string, month: string, amountFen: number, sourceId: string): Promise<void> {
  await db.transaction((tx) => recordOneOffGrant(tx, SYSTEM, {
    programme: 'linshi', beneficiary: { personId }, personCount: 1, regionCode, month, amountFen, breakdown: { items: [] }, ruleVersion: 'stat-test-1',
    origin: { kind: 'one_off', sourceModule: 'assistance', sourceId, reason: '统计测试临时救助' },
  }), asProvince);
}

/** A monitoring alert as a run writes it, optionally handled (维持) at an instant: system work, as the owner. */
export async function alert(db: Database, a: { person: Person; regionCode: string; raisedOn: string; keptAt?: string }): Promise<string> {
  return db.transaction(async (tx) => {
    const run = randomBytes(16).toString('hex').replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5');
    const [r] = await tx.rows<{ id: string }>(sql`
      INSERT INTO verification_alert (rule_code, subject_key, person_id, person_name, id_masked, region_code, severity, handling_level, basis, evidence,
        status, raised_on, due_on, first_run_id, last_run_id, handled_at)
      VALUES ('deceased_paid', ${a.person.id}::uuid, ${a.person.id}::uuid, ${a.person.name}, '2201**********0000', ${a.regionCode}, 'high', 4, 'test', '{}'::jsonb,
        ${a.keptAt ? 'kept' : 'open'}, ${a.raisedOn}::date, (${a.raisedOn}::date + 15), ${run}::uuid, ${run}::uuid, ${a.keptAt ?? null}::timestamptz)
      RETURNING id`);
    if (a.keptAt) {
      await tx.run(sql`INSERT INTO verification_alert_event (alert_id, region_code, action, from_status, to_status, opinion, at)
        VALUES (${r!.id}::uuid, ${a.regionCode}, 'keep', 'open', 'kept', '核实无误', ${a.keptAt}::timestamptz)`);
    }
    return r!.id;
  });
}

export async function ok(session: HttpSession, url: string, body: unknown = {}, status = 200) {
  const res = await session.post(url, body);
  expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}
