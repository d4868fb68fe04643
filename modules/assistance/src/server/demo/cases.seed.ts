/**
 * Demo cases for a newcomer's first walk through 社会救助: a few applications of the demo
 * population in 荣光街道, taken through the real services by the demo officials, and left where
 * the next official can act. Statutory waiting periods cannot pass during a demo, so a 公示
 * started here is dated three weeks back — only its event stamp, nothing else (decisions keep
 * their real times). Never runs in production; does nothing once any case exists.
 */
import { sql } from 'drizzle-orm';
import { textArray, type Database, type Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { todayInShanghai } from '@mz/kernel';
import { loadUserActor } from '@mz/iam/server';
import type { ApplicationInput } from '../../domain/index.ts';
import { fileApplication } from '../application.service.ts';
import { takeAction } from '../case-action.service.ts';

const VILLAGE = '220105003005'; // 岭东社区
const PROPERTY_NONE = { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 };

interface Official { actor: Actor; who: AuditActor }

async function official(db: Database, username: string): Promise<Official> {
  const actor = await db.transaction(async (tx) => {
    const [row] = await tx.rows<{ id: string }>(sql`SELECT id FROM iam_user WHERE username = ${username}`);
    return row ? loadUserActor(tx, row.id) : null;
  });
  if (!actor) throw new Error(`演示账号 ${username} 不存在，无法生成演示案件`);
  return { actor, who: { actorId: actor.id, actorName: actor.name, actorRegion: actor.regionCode, ip: null } };
}

/** Runs `fn` as the official, inside their jurisdiction (row-level security applies). */
function as<T>(db: Database, o: Official, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn, { scope: { actorId: o.actor.id, regionCode: o.actor.regionCode } });
}

interface DemoHousehold { householdId: string; headId: string; memberIds: string[] }

/** Households of 岭东社区 with living members only, no open case; the oldest-headed first. */
async function households(db: Database, count: number): Promise<DemoHousehold[]> {
  const rows = await db.transaction((tx) => tx.rows<{ household_id: string; head_id: string; member_ids: string[] }>(sql`
    SELECT h.id AS household_id, h.head_person_id AS head_id, array_agg(m.person_id ORDER BY m.person_id) AS member_ids
    FROM registry_household h
    JOIN registry_household_member m ON m.household_id = h.id AND m.valid_to IS NULL
    JOIN registry_person p ON p.id = m.person_id
    WHERE h.region_code = ${VILLAGE} AND h.dissolved_on IS NULL
    GROUP BY h.id, h.head_person_id
    HAVING bool_and(p.status = 'alive') AND count(*) BETWEEN 2 AND 4
    ORDER BY h.id LIMIT ${count}`));
  return rows.map((r) => ({ householdId: r.household_id, headId: r.head_id, memberIds: r.member_ids }));
}

/** The oldest living person of 岭东社区 (aged 60 or more) outside the households already used: a 特困 candidate. */
async function elder(db: Database, usedHouseholds: readonly string[]): Promise<string | null> {
  const [row] = await db.transaction((tx) => tx.rows<{ id: string }>(sql`
    SELECT p.id FROM registry_person p
    WHERE p.region_code = ${VILLAGE} AND p.status = 'alive' AND p.birth_date <= (current_date - interval '60 years')
      AND NOT EXISTS (SELECT 1 FROM registry_household_member m
        WHERE m.person_id = p.id AND m.valid_to IS NULL AND m.household_id = ANY (${textArray(usedHouseholds)}::uuid[]))
    ORDER BY p.birth_date, p.id LIMIT 1`));
  return row?.id ?? null;
}

export interface DemoCasesResult { created: number }

export async function seedDemoAssistanceCases(db: Database, now = new Date()): Promise<DemoCasesResult> {
  const [{ n }] = await db.transaction((tx) => tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM assistance_case`)) as [{ n: number }];
  if (n > 0) return { created: 0 };
  const [village, township, leader] = await Promise.all(['demo-village', 'demo-township', 'demo-township-leader'].map((u) => official(db, u)));
  const today = todayInShanghai(now);
  const [ready, fresh, grant] = await households(db, 3);
  if (!ready || !fresh || !grant) return { created: 0 };

  const dibao = (h: DemoHousehold, wageFen: number): ApplicationInput => ({
    programme: 'dibao', householdId: h.householdId, applicantPersonId: h.headId, applicationDate: today,
    authorizationSigned: true, pledgeSigned: true, hukouType: 'urban',
    incomes: [{ personId: h.headId, kind: 'wage', monthlyFen: wageFen }], deductions: [], property: PROPERTY_NONE, categories: [],
  } as unknown as ApplicationInput);
  let created = 0;
  const act = async (o: Official, id: string, version: number, action: string, body: { opinion?: string; data?: unknown } = {}) =>
    (await as(db, o, (tx) => takeAction(tx, o.actor, o.who, id, action, { version, ...body } as never, now))).version;

  // 1. 低保, 公示 run out: the township reports it to the county (公示期满报送), the county confirms.
  const a = await as(db, village, (tx) => fileApplication(tx, village.actor, village.who, dibao(ready, 90_000), now));
  created++;
  let v = await act(township, a.id, a.version, 'accept');
  v = await act(township, a.id, v, 'start_investigation');
  v = await act(village, a.id, v, 'record_home_visit', {
    data: { visitedOn: today, investigators: ['岭东社区协理员', '荣光街道经办员'], householdMemberPresent: '户主', findings: '家中陈设简陋，收入来源与申报一致' },
  });
  v = await act(township, a.id, v, 'request_verification', { data: {} });
  v = await act(township, a.id, v, 'record_verification', { data: { checkedOn: today, result: 'consistent', findings: '核对结果与申报相符' } });
  v = await act(leader, a.id, v, 'preliminary_review', { opinion: '经入户调查和信息核对，符合低保条件', data: { recommendation: 'approve' } });
  await act(township, a.id, v, 'start_publicity', { data: { place: '岭东社区公示栏' } });
  await backdatePublicity(db, a.id, now);

  // 2. 低保, just filed: the township accepts it (or asks for missing materials).
  await as(db, village, (tx) => fileApplication(tx, village.actor, village.who, dibao(fresh, 60_000), now));
  created++;

  // 3. 临时救助 (急难型), just filed at the township: within its quota, so the township approves.
  await as(db, township, (tx) => fileApplication(tx, township.actor, township.who, {
    programme: 'linshi', householdId: grant.householdId, applicantPersonId: grant.headId, applicationDate: today,
    authorizationSigned: true, pledgeSigned: true, type: 'emergency', incidentRegionCode: VILLAGE, incidentDate: today,
    description: '家中突发火灾，衣物被褥烧毁，急需基本生活救助', requestedFen: 150_000, advance: false,
  } as unknown as ApplicationInput, now));
  created++;

  // 4. 特困, 公示 run out: reported to the county, which draws its spot check and confirms.
  const person = await elder(db, [ready.householdId, fresh.householdId, grant.householdId]);
  if (person) {
    const t = await as(db, township, (tx) => fileApplication(tx, township.actor, township.who, {
      programme: 'tekun', personId: person, applicantPersonId: person, applicationDate: today, authorizationSigned: true, pledgeSigned: true,
      careMode: 'dispersed', selfCare: { eat: true, dress: true, bed: true, toilet: true, walk: true, bath: false },
      obligors: [], incomes: [], property: PROPERTY_NONE,
    } as unknown as ApplicationInput, now));
    created++;
    let w = await act(township, t.id, t.version, 'accept');
    w = await act(township, t.id, w, 'start_investigation');
    w = await act(township, t.id, w, 'record_home_visit', {
      data: { visitedOn: today, investigators: ['荣光街道经办员', '岭东社区协理员'], householdMemberPresent: '本人', findings: '独居，无子女，无固定收入' },
    });
    w = await act(township, t.id, w, 'request_verification', { data: {} });
    w = await act(township, t.id, w, 'record_verification', { data: { checkedOn: today, result: 'consistent', findings: '核对结果与申报相符' } });
    w = await act(township, t.id, w, 'assess_self_care', {
      data: { assessedOn: today, assessor: '荣光街道评估小组', items: { eat: true, dress: true, bed: true, toilet: true, walk: true, bath: false } },
    });
    w = await act(leader, t.id, w, 'preliminary_review', { opinion: '符合特困人员认定条件', data: { recommendation: 'approve' } });
    await act(township, t.id, w, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await backdatePublicity(db, t.id, now);
  }
  return { created };
}

/** Only the 公示 start moves back (three weeks: past seven days whatever the holidays). */
async function backdatePublicity(db: Database, caseId: string, now: Date): Promise<void> {
  const at = new Date(now.getTime() - 21 * 86_400_000).toISOString();
  await db.transaction((tx) => tx.run(sql`
    UPDATE workflow_case SET events = jsonb_set(events, '{publicity_started}', to_jsonb(${at}::text)) WHERE id = ${caseId}::uuid`));
}
