/**
 * Demo cases for a newcomer's first walk through 社会救助: a few applications of the demo
 * population in 荣光街道, taken through the real services by the demo officials, and left where
 * the next official can act. Statutory waiting periods cannot pass during a demo, so a 公示
 * started here is dated three weeks back — only its event stamp, nothing else (decisions keep
 * their real times). Never runs in production; does nothing once any case exists.
 *
 * Beside them, cases already decided, so that 资金发放 has something to pay from the first start:
 * two 低保 households and one 特困 person confirmed by the county last month (a benefit starts the
 * month after its decision, so this month's roll pays them — the whole procedure of these cases
 * runs at an instant of last month, which their timeline shows), and one 临时救助 approved today
 * whose grant waits for this month's roll. Their payees hold bank accounts in the registry.
 */
import { sql } from 'drizzle-orm';
import { textArray, type Database, type Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { firstDayOfMonth, subtreeRange, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { loadUserActor } from '@mz/iam/server';
import type { ApplicationInput } from '../../domain/index.ts';
import { fileApplication } from '../application.service.ts';
import { takeAction } from '../case-action.service.ts';
import { investigationVerifier } from '../case-links.ts';

const VILLAGE = '220105003005'; // 岭东社区
const TOWNSHIP_RANGE = subtreeRange('220105003000'); // 荣光街道
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

interface DemoHousehold { householdId: string; headId: string; memberIds: string[]; regionCode?: string }

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

/**
 * Households of 荣光街道 (岭东社区 first) to be paid: living members only, not yet used, and a
 * member with a bank account — the applicant, who receives the benefit (`headId` here).
 */
async function payableHouseholds(db: Database, count: number, exclude: readonly string[]): Promise<DemoHousehold[]> {
  const rows = await db.transaction((tx) => tx.rows<{ household_id: string; payee_id: string; member_ids: string[]; region_code: string }>(sql`
    SELECT h.id AS household_id, h.region_code,
      (array_agg(p.id ORDER BY (p.id = h.head_person_id) DESC, p.birth_date) FILTER (WHERE p.bank_account_cipher IS NOT NULL))[1] AS payee_id,
      array_agg(m.person_id ORDER BY m.person_id) AS member_ids
    FROM registry_household h
    JOIN registry_household_member m ON m.household_id = h.id AND m.valid_to IS NULL
    JOIN registry_person p ON p.id = m.person_id
    WHERE h.region_code >= ${TOWNSHIP_RANGE.from} AND h.region_code < ${TOWNSHIP_RANGE.to} AND h.dissolved_on IS NULL
      AND NOT (h.id = ANY (${textArray(exclude)}::uuid[]))
    GROUP BY h.id, h.region_code
    HAVING bool_and(p.status = 'alive') AND count(*) BETWEEN 2 AND 4 AND bool_or(p.bank_account_cipher IS NOT NULL)
    ORDER BY (h.region_code = ${VILLAGE}) DESC, h.id LIMIT ${count}`));
  return rows.map((r) => ({ householdId: r.household_id, headId: r.payee_id, memberIds: r.member_ids, regionCode: r.region_code }));
}

/**
 * The oldest living person of 岭东社区 (aged 60 or more) outside the households and persons
 * already used: a 特困 candidate. One to be paid holds a bank account, and may live elsewhere in
 * 荣光街道 when 岭东社区 has none.
 */
async function elder(db: Database, usedHouseholds: readonly string[], opts: { payable?: boolean; exclude?: readonly string[] } = {}): Promise<string | null> {
  const [row] = await db.transaction((tx) => tx.rows<{ id: string }>(sql`
    SELECT p.id FROM registry_person p
    WHERE (p.region_code = ${VILLAGE} OR (${!!opts.payable}::boolean AND p.region_code >= ${TOWNSHIP_RANGE.from} AND p.region_code < ${TOWNSHIP_RANGE.to}))
      AND p.status = 'alive' AND p.birth_date <= (current_date - interval '60 years')
      AND NOT (p.id = ANY (${textArray(opts.exclude ?? [])}::uuid[]))
      AND (${!opts.payable}::boolean OR p.bank_account_cipher IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM registry_household_member m
        WHERE m.person_id = p.id AND m.valid_to IS NULL AND m.household_id = ANY (${textArray(usedHouseholds)}::uuid[]))
    ORDER BY (p.region_code = ${VILLAGE}) DESC, p.birth_date, p.id LIMIT 1`));
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
  // 申请信息核对 answered by a household verification report when verification is deployed (its
  // verifier registered); the demo's declared figures stand, so the result recorded is 相符.
  const verifier = investigationVerifier();
  const report = verifier ? await verifier.request(db, { ...township.who, regionCode: township.actor.regionCode }, a.id).catch(() => null) : null;
  v = (await as(db, township, (tx) => takeAction(tx, township.actor, township.who, a.id, 'request_verification', { version: v, data: {} }, now, report ? { report } : {}))).version;
  v = await act(township, a.id, v, 'record_verification', {
    data: report
      ? { verificationRequestId: report.requestId, result: 'consistent', findings: '入户调查核实，与申报相符' }
      : { checkedOn: today, result: 'consistent', findings: '核对结果与申报相符' },
  });
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

  const [head, county] = await Promise.all(['demo-township-head', 'demo-county'].map((u) => official(db, u)));
  created += await decidedCases(db, now, { village, township, leader, head, county }, [ready.householdId, fresh.householdId, grant.householdId], person ? [person] : []);
  return { created };
}

type Officials = Record<'village' | 'township' | 'leader' | 'head' | 'county', Official>;

/**
 * An instant of last month (noon, twenty days before this month's first day): 低保 and 特困
 * decided then are paid from this month (低保办法第二十一条, 特困办法第十七条: from the month after
 * the decision), so this month's roll has them to pay.
 */
export function lastMonthInstant(now: Date): Date {
  const first = firstDayOfMonth(yearMonthOf(todayInShanghai(now)));
  return new Date(Date.parse(`${first}T12:00:00+08:00`) - 20 * 86_400_000);
}

/**
 * 5–8: the decided cases 资金发放 pays — two 低保 households and one 特困 person confirmed by the
 * county last month, one 临时救助 approved by the township today (its grant waits for this
 * month's 临时救助 roll). Each goes through every step of its procedure with the demo officials.
 */
async function decidedCases(db: Database, now: Date, o: Officials, usedHouseholds: string[], usedPersons: string[]): Promise<number> {
  const past = lastMonthInstant(now);
  const pastDay = todayInShanghai(past);
  const today = todayInShanghai(now);
  const step = async (who: Official, id: string, version: number, action: string, body: { opinion?: string; data?: unknown } = {}, at = past) =>
    (await as(db, who, (tx) => takeAction(tx, who.actor, who.who, id, action, { version, ...body } as never, at))).version;
  const visit = (on: string, present: string, findings: string) => ({
    data: { visitedOn: on, investigators: ['岭东社区协理员', '荣光街道经办员'], householdMemberPresent: present, findings },
  });
  const verified = (on: string) => ({ data: { checkedOn: on, result: 'consistent', findings: '核对结果与申报相符' } });
  let created = 0;

  const paid = await payableHouseholds(db, 3, usedHouseholds);
  for (const [i, h] of paid.slice(0, 2).entries()) {
    const c = await as(db, o.township, (tx) => fileApplication(tx, o.township.actor, o.township.who, {
      programme: 'dibao', householdId: h.householdId, applicantPersonId: h.headId, applicationDate: pastDay,
      authorizationSigned: true, pledgeSigned: true, hukouType: 'urban',
      incomes: [{ personId: h.headId, kind: 'wage', monthlyFen: 40_000 + 20_000 * i }], deductions: [], property: PROPERTY_NONE, categories: [],
    } as unknown as ApplicationInput, past));
    created++;
    let v = await step(o.township, c.id, c.version, 'accept');
    v = await step(o.township, c.id, v, 'start_investigation');
    v = await step(o.township, c.id, v, 'record_home_visit', visit(pastDay, '申请人', '家中陈设简陋，收入来源与申报一致'));
    v = await step(o.township, c.id, v, 'request_verification', { data: {} });
    v = await step(o.township, c.id, v, 'record_verification', verified(pastDay));
    v = await step(o.leader, c.id, v, 'preliminary_review', { opinion: '经入户调查和信息核对，符合低保条件', data: { recommendation: 'approve' } });
    v = await step(o.township, c.id, v, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await backdatePublicity(db, c.id, past);
    v = await step(o.township, c.id, v, 'end_publicity');
    await step(o.county, c.id, v, 'approve', { opinion: '经审核，同意纳入最低生活保障', data: {} });
  }

  const elderId = await elder(db, [...usedHouseholds, ...paid.map((h) => h.householdId)], { payable: true, exclude: usedPersons });
  if (elderId) {
    const selfCare = { eat: true, dress: true, bed: true, toilet: true, walk: false, bath: false };
    const c = await as(db, o.township, (tx) => fileApplication(tx, o.township.actor, o.township.who, {
      programme: 'tekun', personId: elderId, applicantPersonId: elderId, applicationDate: pastDay, authorizationSigned: true, pledgeSigned: true,
      careMode: 'dispersed', selfCare, obligors: [], incomes: [], property: PROPERTY_NONE,
    } as unknown as ApplicationInput, past));
    created++;
    let v = await step(o.township, c.id, c.version, 'accept');
    v = await step(o.township, c.id, v, 'start_investigation');
    v = await step(o.township, c.id, v, 'record_home_visit', visit(pastDay, '本人', '独居，无法定赡养人，无固定收入'));
    v = await step(o.township, c.id, v, 'request_verification', { data: {} });
    v = await step(o.township, c.id, v, 'record_verification', verified(pastDay));
    v = await step(o.township, c.id, v, 'assess_self_care', { data: { assessedOn: pastDay, assessor: '荣光街道评估小组', items: selfCare } });
    v = await step(o.leader, c.id, v, 'preliminary_review', { opinion: '符合特困人员认定条件', data: { recommendation: 'approve' } });
    v = await step(o.township, c.id, v, 'start_publicity', { data: { place: '岭东社区公示栏' } });
    await backdatePublicity(db, c.id, past);
    v = await step(o.township, c.id, v, 'end_publicity');
    await step(o.county, c.id, v, 'approve', { opinion: '同意认定为特困人员，分散供养', data: {} });
  }

  const grantee = paid[2];
  if (grantee) {
    const c = await as(db, o.township, (tx) => fileApplication(tx, o.township.actor, o.township.who, {
      programme: 'linshi', householdId: grantee.householdId, applicantPersonId: grantee.headId, applicationDate: today,
      authorizationSigned: true, pledgeSigned: true, type: 'expenditure', incidentRegionCode: grantee.regionCode ?? VILLAGE, incidentDate: today,
      description: '家庭成员突发重病住院，医疗费用支出较大，基本生活出现困难', requestedFen: 120_000, advance: false,
    } as unknown as ApplicationInput, now));
    created++;
    let v = await step(o.township, c.id, c.version, 'accept', {}, now);
    v = await step(o.township, c.id, v, 'start_investigation', {}, now);
    v = await step(o.township, c.id, v, 'record_home_visit', visit(today, '申请人', '住院票据与申报一致，家庭无其他收入来源'), now);
    v = await step(o.township, c.id, v, 'record_economics', { data: { assessedNeedFen: 120_000, findings: '核实医疗费用支出属实' } }, now);
    v = await step(o.leader, c.id, v, 'township_review', { opinion: '情况属实，同意救助', data: { recommendation: 'approve', proposedAmountFen: 120_000 } }, now);
    v = await step(o.township, c.id, v, 'start_publicity', { data: { place: '岭东社区公示栏' } }, now);
    await backdatePublicity(db, c.id, now);
    v = await step(o.township, c.id, v, 'end_publicity', {}, now);
    await step(o.head, c.id, v, 'approve', { opinion: '同意救助1200元', data: {} }, now);
  }
  return created;
}

/** Only the 公示 start moves back (three weeks: past seven days whatever the holidays). */
async function backdatePublicity(db: Database, caseId: string, now: Date): Promise<void> {
  const at = new Date(now.getTime() - 21 * 86_400_000).toISOString();
  await db.transaction((tx) => tx.run(sql`
    UPDATE workflow_case SET events = jsonb_set(events, '{publicity_started}', to_jsonb(${at}::text)) WHERE id = ${caseId}::uuid`));
}
