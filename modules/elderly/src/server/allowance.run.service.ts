/**
 * 高龄津贴资格名单: a county's monthly eligibility run. Generation is two set-based statements over
 * the registry and the enrolments (who newly reaches a bracket, who changes bracket, who died or
 * moved away); approval applies the list in one transaction — enrolments, their history and the
 * ledger's entitlements — or nothing.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, addMonths, invalid, isDomainError, notFound, regionLevel, subtreeRange, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import {
  ALLOWANCE_PROGRAMME_NAMES, LONGEVITY_RULE_VERSION, RUN_ITEM_KINDS, RUN_ITEM_NAMES, RUN_SCHEME_NAMES, bracketLabel,
  LOW_INCOME_NAMES, type AllowanceProgramme, type LowIncomeBasis, type RunItemKind, type RunScheme,
} from '../domain/allowance.rules.ts';
import { ageForMonthSql, bracketsRelation, latestBirthForAge, lowIncomeSql, lowIncomeUntilSql } from './allowance.sql.ts';
import { approveSubsidyReview, generateSubsidyReview } from './allowance.review.service.ts';
import { requireParams } from './allowance.params.service.ts';
import { endEnrolments, entitle, entitleNew } from './allowance.ledger.ts';

export interface RunView {
  id: string; scheme: RunScheme; schemeName: string; regionCode: string; regionName: string | null; month: string; status: 'draft' | 'approved'; statusName: string;
  paramId: string; proactive: boolean; mode: string; demoParams: boolean; version: number;
  counts: Record<RunItemKind, number>; newMonthlyFen: number;
  createdByName: string | null; generatedAt: string; approvedByName: string | null; approvedAt: string | null;
}

export interface RunItemView {
  personId: string; regionCode: string; regionName: string | null; kind: RunItemKind; kindName: string; personName: string; idMasked: string;
  birthDate: string; age: number | null; bracket: string | null; monthlyFen: number | null; previousFen: number | null; enrolmentId: string | null;
  effectiveMonth: string | null; lastMonth: string | null; lowIncome: LowIncomeBasis | null; deathDate: string | null;
  programme: AllowanceProgramme; programmeName: string; level: number | null; previousLevel: number | null; assessedOn: string | null;
  nextDueOn: string | null; lowIncomeUntil: string | null;
  /** What the approval does, in words an official reads on the list. */
  reason: string;
}

export function requireCounty(actor: Actor, what: string): void {
  if (regionLevel(actor.regionCode) !== 3) {
    throw new DomainError({ code: 'NOT_YOUR_STEP', status: 403, title: `${what}由县级民政部门办理`, detail: '请使用县（区）民政局的账号' });
  }
}

export const runNotFound = () => notFound('名单不存在或不在本辖区');

const EMPTY_COUNTS = (): Record<RunItemKind, number> => Object.fromEntries(RUN_ITEM_KINDS.map((k) => [k, 0])) as Record<RunItemKind, number>;

export async function getRun(tx: Tx, id: string): Promise<RunView> {
  const [r] = await tx.rows<{
    id: string; scheme: RunScheme; region_code: string; region_name: string | null; month: string; status: 'draft' | 'approved'; param_id: string; proactive: boolean;
    mode: string; demo: boolean; version: number; created_by_name: string | null; generated_at: string; approved_by_name: string | null; approved_at: string | null;
  }>(sql`
    SELECT r.id, r.scheme, r.region_code, g.name AS region_name, to_char(r.month, 'YYYY-MM') AS month, r.status, r.param_id, r.proactive, p.mode, p.demo, r.version,
      r.created_by_name, r.generated_at::text, r.approved_by_name, r.approved_at::text
    FROM elderly_allowance_run r JOIN elderly_allowance_param p ON p.id = r.param_id LEFT JOIN region g ON g.code = r.region_code
    WHERE r.id = ${id}::uuid`);
  if (!r) throw runNotFound();
  const counts = EMPTY_COUNTS();
  const byKind = await tx.rows<{ kind: RunItemKind; n: number; fen: string | null }>(sql`
    SELECT kind, count(*)::int AS n, sum(monthly_fen)::text AS fen FROM elderly_allowance_run_item WHERE run_id = ${id}::uuid GROUP BY kind`);
  for (const k of byKind) counts[k.kind] = k.n;
  return {
    id: r.id, scheme: r.scheme, schemeName: RUN_SCHEME_NAMES[r.scheme], regionCode: r.region_code, regionName: r.region_name, month: r.month, status: r.status, statusName: r.status === 'draft' ? '待审批' : '已审批',
    paramId: r.param_id, proactive: r.proactive, mode: r.mode, demoParams: r.demo, version: r.version, counts,
    newMonthlyFen: Number(byKind.find((k) => k.kind === 'new')?.fen ?? 0),
    createdByName: r.created_by_name, generatedAt: r.generated_at, approvedByName: r.approved_by_name, approvedAt: r.approved_at,
  };
}

export async function listRuns(tx: Tx, scopeRegion: string, q: { scheme?: RunScheme; page: number; pageSize: number }): Promise<{ items: RunView[]; total: number }> {
  const { from, to } = subtreeRange(scopeRegion);
  const ids = await tx.rows<{ id: string; total: number }>(sql`
    SELECT id, count(*) OVER ()::int AS total FROM elderly_allowance_run
    WHERE ((region_code >= ${from} AND region_code < ${to}) OR elderly_region_covers(region_code, ${scopeRegion})) ${q.scheme ? sql`AND scheme = ${q.scheme}` : sql``}
    ORDER BY month DESC, region_code LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  const items: RunView[] = [];
  for (const r of ids) items.push(await getRun(tx, r.id));
  return { items, total: ids[0]?.total ?? 0 };
}

/**
 * Generates (or, while a draft, regenerates) the county's list for `month` with the parameters in
 * force for the county then.
 */
export async function generateRun(tx: Tx, who: AuditActor, actor: Actor, month: string, scheme: RunScheme = 'longevity'): Promise<RunView> {
  const listName = RUN_SCHEME_NAMES[scheme];
  requireCounty(actor, listName);
  const county = actor.regionCode;
  const monthStart = `${month}-01`;
  const [latest] = await tx.rows<{ month: string }>(sql`
    SELECT to_char(max(month), 'YYYY-MM') AS month FROM elderly_allowance_run WHERE region_code = ${county} AND scheme = ${scheme} AND status = 'approved'`);
  if (latest?.month && month < latest.month) {
    throw new DomainError({ code: 'MONTH_SEQUENCE', status: 409, title: `不能为已审批月份之前的月份生成${listName}`, detail: `本区最近已审批的是 ${latest.month} 的名单` });
  }
  if (month > addMonths(yearMonthOf(todayInShanghai()), 1)) {
    throw invalid(`只能生成本月或下月及以前月份的${listName}`, [{ path: 'month', message: `最晚为 ${addMonths(yearMonthOf(todayInShanghai()), 1)}` }]);
  }
  const params = await requireParams(tx, county, month);
  const [existing] = await tx.rows<{ id: string; status: string }>(sql`
    SELECT id, status FROM elderly_allowance_run WHERE region_code = ${county} AND scheme = ${scheme} AND month = ${monthStart}::date FOR UPDATE`);
  if (existing?.status === 'approved') {
    throw new DomainError({ code: 'RUN_APPROVED', status: 409, title: `${month} 的${listName}已审批`, detail: '已审批的名单不能重新生成；新情况列入下月名单' });
  }
  let runId: string;
  if (existing) {
    runId = existing.id;
    await tx.run(sql`DELETE FROM elderly_allowance_run_item WHERE run_id = ${runId}::uuid`);
    await tx.run(sql`
      UPDATE elderly_allowance_run SET param_id = ${params.id}::uuid, proactive = ${params.proactive}, created_by = ${who.actorId}::uuid,
        created_by_name = ${who.actorName}, generated_at = now(), version = version + 1
      WHERE id = ${runId}::uuid`);
  } else {
    const [created] = await tx.rows<{ id: string }>(sql`
      INSERT INTO elderly_allowance_run (region_code, scheme, month, param_id, proactive, created_by, created_by_name)
      VALUES (${county}, ${scheme}, ${monthStart}::date, ${params.id}::uuid, ${params.proactive}, ${who.actorId}::uuid, ${who.actorName}) RETURNING id`);
    runId = created!.id;
  }
  if (scheme === 'subsidies') return generateSubsidyReview(tx, who, county, runId, month, params);

  const { from, to } = subtreeRange(county);
  const brackets = bracketsRelation(JSON.stringify(params.brackets));
  const minAge = Math.min(...params.brackets.map((b) => b.fromAge));
  const cutoff = latestBirthForAge(month, minAge, params.startRule);
  const meansTested = params.mode === 'means_tested';
  const newKind: RunItemKind = params.proactive ? 'new' : 'eligible_unapplied';
  const bracketShift = params.startRule === 'next_month' ? 1 : 0;

  // Who reaches a bracket and is not enrolled (nor applying, nor having refused it): enrolled
  // from this month under 主动发放, else listed for an application. Means-tested: 低保/特困 only
  // (others are enrolled on an application with the official's confirmation).
  await tx.run(sql`
    INSERT INTO elderly_allowance_run_item (run_id, person_id, region_code, kind, person_name, id_masked, birth_date, age, from_age, to_age, monthly_fen,
      effective_month, low_income)
    SELECT ${runId}::uuid, c.id, c.region_code, ${newKind}, c.name, c.id_masked, c.birth_date, c.age, b.from_age, b.to_age, b.monthly_fen,
      ${monthStart}::date, c.low_income
    FROM (
      SELECT p.id, p.region_code, p.name, p.id_masked, p.birth_date, ${ageForMonthSql('p', month, params.startRule)} AS age,
        ${lowIncomeSql('p', monthStart)} AS low_income
      FROM registry_person p
      WHERE p.region_code >= ${from} AND p.region_code < ${to} AND p.status = 'alive' AND p.merged_into IS NULL AND p.birth_date <= ${cutoff}::date
        AND NOT EXISTS (SELECT 1 FROM elderly_allowance_enrolment e WHERE e.person_id = p.id AND e.programme = 'longevity'
          AND (e.status = 'active' OR e.stop_reason = 'refused'))
        AND NOT EXISTS (SELECT 1 FROM elderly_allowance_application a WHERE a.person_id = p.id AND a.programme = 'longevity' AND a.status = 'submitted')
    ) c
    JOIN ${brackets} b ON c.age >= b.from_age AND (b.to_age IS NULL OR c.age <= b.to_age)
    WHERE ${!meansTested} OR c.low_income IS NOT NULL`);

  // What changed for those enrolled: death (paid through the death month), gone from the county's
  // registry (moved away or merged: paid through last month), no bracket any more, or a new
  // bracket — from the month the new age was reached, never before the enrolment.
  await tx.run(sql`
    INSERT INTO elderly_allowance_run_item (run_id, person_id, region_code, kind, person_name, id_masked, birth_date, age, from_age, to_age, monthly_fen,
      previous_fen, enrolment_id, effective_month, last_month, death_date, low_income, low_income_until)
    SELECT ${runId}::uuid, x.person_id, x.region_code, x.kind, x.person_name, x.id_masked, x.birth_date, x.age, x.from_age, x.to_age,
      CASE WHEN x.kind = 'bracket_change' THEN x.monthly_fen END, x.previous_fen, x.id,
      CASE WHEN x.kind = 'bracket_change' THEN greatest(x.since_month, x.bracket_start) END,
      CASE WHEN x.kind = 'stop_death' THEN date_trunc('month', x.death_date)::date
           WHEN x.kind = 'stop_moved' OR (x.kind = 'stop_ineligible' AND NOT x.left_low_income) THEN (${monthStart}::date - interval '1 month')::date
           -- No longer 特困/低保 (means-tested): paid through the last month the status held (lowIncomeStopMonth).
           ELSE greatest((x.since_month - interval '1 month')::date, coalesce(x.low_income_until, (${monthStart}::date - interval '1 month')::date)) END,
      x.death_date, x.low_income, CASE WHEN x.left_low_income THEN x.low_income_until END
    FROM (
      SELECT e.id, e.person_id, e.region_code, e.person_name, e.id_masked, e.birth_date, e.since_month, e.monthly_fen AS previous_fen,
        a.age, b.from_age, b.to_age, b.monthly_fen, p.death_date, e.low_income,
        -- Means-tested: enrolled as 特困/低保/低保边缘 and none of them now. (Enrolled on the official's
        -- confirmation of low income, low_income is null: that confirmation is not re-read here.)
        (${meansTested} AND e.low_income IS NOT NULL AND p.id IS NOT NULL AND ${lowIncomeSql('p', monthStart)} IS NULL) AS left_low_income,
        ${lowIncomeUntilSql('p', monthStart)} AS low_income_until,
        (make_date(extract(year FROM e.birth_date)::int + b.from_age, extract(month FROM e.birth_date)::int, 1) + make_interval(months => ${bracketShift}::int))::date AS bracket_start,
        CASE WHEN p.id IS NULL OR p.merged_into IS NOT NULL OR p.region_code < ${from} OR p.region_code >= ${to} THEN 'stop_moved'
             WHEN p.status = 'deceased' THEN 'stop_death'
             WHEN b.from_age IS NULL THEN 'stop_ineligible'
             WHEN ${meansTested} AND e.low_income IS NOT NULL AND ${lowIncomeSql('p', monthStart)} IS NULL THEN 'stop_ineligible'
             WHEN b.monthly_fen <> e.monthly_fen OR b.from_age <> e.from_age THEN 'bracket_change' END AS kind
      FROM elderly_allowance_enrolment e
      LEFT JOIN registry_person p ON p.id = e.person_id
      CROSS JOIN LATERAL (SELECT ${ageForMonthSql('e', month, params.startRule)} AS age) a
      LEFT JOIN ${brackets} b ON a.age >= b.from_age AND (b.to_age IS NULL OR a.age <= b.to_age)
      WHERE e.programme = 'longevity' AND e.status = 'active' AND e.region_code >= ${from} AND e.region_code < ${to}
    ) x
    WHERE x.kind IS NOT NULL`);

  const run = await getRun(tx, runId);
  const c = run.counts;
  await appendAudit(tx, who, {
    action: 'elderly.allowance.run_create', entityType: 'elderly_allowance_run', entityId: runId, regionCode: county,
    summary: `生成 ${month} 高龄津贴资格名单：新增 ${c.new} 人、档次变更 ${c.bracket_change} 人、停发 ${c.stop_death + c.stop_moved + c.stop_ineligible} 人`
      + (c.eligible_unapplied ? `、符合条件待申请 ${c.eligible_unapplied} 人` : ''),
    diff: { month: { before: null, after: month }, paramId: { before: null, after: params.id }, counts: { before: null, after: c } },
  });
  return run;
}

export async function listRunItems(tx: Tx, runId: string, q: { kind?: RunItemKind; programme?: AllowanceProgramme; page: number; pageSize: number }): Promise<{ items: RunItemView[]; total: number }> {
  await getRun(tx, runId);
  const rows = await tx.rows<{
    person_id: string; region_code: string; region_name: string | null; kind: RunItemKind; person_name: string; id_masked: string; birth_date: string;
    age: number | null; from_age: number | null; to_age: number | null; monthly_fen: string | null; previous_fen: string | null; enrolment_id: string | null;
    effective_month: string | null; last_month: string | null; low_income: LowIncomeBasis | null; death_date: string | null; programme: AllowanceProgramme;
    level: number | null; previous_level: number | null; assessed_on: string | null; next_due_on: string | null; low_income_until: string | null; total: number;
  }>(sql`
    SELECT i.person_id, i.region_code, g.name AS region_name, i.kind, i.person_name, i.id_masked, i.birth_date::text, i.age, i.from_age, i.to_age,
      i.monthly_fen, i.previous_fen, i.enrolment_id, to_char(i.effective_month, 'YYYY-MM') AS effective_month, to_char(i.last_month, 'YYYY-MM') AS last_month,
      i.low_income, i.death_date::text, i.programme, i.level, i.previous_level, i.assessed_on::text, i.next_due_on::text,
      to_char(i.low_income_until, 'YYYY-MM') AS low_income_until, count(*) OVER ()::int AS total
    FROM elderly_allowance_run_item i LEFT JOIN region g ON g.code = i.region_code
    WHERE i.run_id = ${runId}::uuid ${q.kind ? sql`AND i.kind = ${q.kind}` : sql``} ${q.programme ? sql`AND i.programme = ${q.programme}` : sql``}
    ORDER BY i.kind, i.programme, i.region_code, i.birth_date, i.person_id
    LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => {
      const item = {
        personId: r.person_id, regionCode: r.region_code, regionName: r.region_name, kind: r.kind, kindName: RUN_ITEM_NAMES[r.kind], personName: r.person_name,
        idMasked: r.id_masked, birthDate: r.birth_date, age: r.age, bracket: r.from_age === null ? null : bracketLabel({ fromAge: r.from_age, toAge: r.to_age }),
        monthlyFen: r.monthly_fen === null ? null : Number(r.monthly_fen), previousFen: r.previous_fen === null ? null : Number(r.previous_fen),
        enrolmentId: r.enrolment_id, effectiveMonth: r.effective_month, lastMonth: r.last_month, lowIncome: r.low_income, deathDate: r.death_date,
        programme: r.programme, programmeName: ALLOWANCE_PROGRAMME_NAMES[r.programme], level: r.level, previousLevel: r.previous_level,
        assessedOn: r.assessed_on, nextDueOn: r.next_due_on, lowIncomeUntil: r.low_income_until,
      };
      return { ...item, reason: runItemReason(item) };
    }),
  };
}

/** The item's reason as the list shows it: what changed, from when, and what approval does. */
export function runItemReason(i: Omit<RunItemView, 'reason'>): string {
  const basis = i.lowIncome ? LOW_INCOME_NAMES[i.lowIncome] : '低保、特困或低保边缘';
  switch (i.kind) {
    case 'stop_death': return `${i.deathDate ?? ''} 死亡，发放至 ${i.lastMonth}`;
    case 'stop_moved': return `已迁出本县或户籍合并，发放至 ${i.lastMonth}`;
    case 'stop_ineligible':
      if (i.programme !== 'longevity' || i.lowIncomeUntil) {
        return i.lowIncomeUntil ? `${i.lowIncomeUntil} 后不再是${basis}，发放至 ${i.lastMonth}` : `本月已不是${basis}，发放至 ${i.lastMonth}`;
      }
      return `不再符合高龄津贴年龄段，发放至 ${i.lastMonth}`;
    case 'level_change': return `${i.assessedOn} 复评，能力等级 ${i.previousLevel} → ${i.level}，${i.effectiveMonth} 起按新标准发放`;
    case 'stop_level': return `${i.assessedOn} 复评为能力等级 ${i.level}，本地参数未对该等级设定${ALLOWANCE_PROGRAMME_NAMES[i.programme]}标准，发放至 ${i.lastMonth}`;
    case 'reassessment_overdue': return `应于 ${i.nextDueOn} 前复评，已逾期；仅作提示，审批不停发，请尽快安排复评`;
    case 'bracket_change': return `年龄达到 ${i.bracket}，${i.effectiveMonth} 起按新档次发放`;
    case 'new': return `达到 ${i.bracket}，${i.effectiveMonth} 起发放`;
    case 'eligible_unapplied': return `达到 ${i.bracket}，须代为申请`;
  }
}

/**
 * The county approves the list: new enrolments, bracket changes and stops in set-based
 * statements, then the ledger — new and stopped enrolments in one set-based call each, bracket
 * changes (which supersede an existing series) one call each — all in this transaction.
 */
export async function approveRun(tx: Tx, who: AuditActor, actor: Actor, runId: string, version: number): Promise<RunView> {
  requireCounty(actor, '审批名单');
  const [run] = await tx.rows<{ id: string; scheme: RunScheme; region_code: string; month: string; status: string; version: number; created_by: string | null; param_id: string }>(sql`
    SELECT id, scheme, region_code, to_char(month, 'YYYY-MM') AS month, status, version, created_by, param_id FROM elderly_allowance_run WHERE id = ${runId}::uuid FOR UPDATE`);
  if (!run || run.region_code !== actor.regionCode) throw runNotFound();
  const listName = RUN_SCHEME_NAMES[run.scheme];
  if (run.status !== 'draft') throw new DomainError({ code: 'ILLEGAL_TRANSITION', status: 409, title: `该${listName}已审批` });
  if (run.version !== version) throw new DomainError({ code: 'VERSION_CONFLICT', status: 409, title: `${listName}已重新生成，请刷新后重试` });
  if (run.created_by && run.created_by === who.actorId) {
    throw new DomainError({ code: 'SEPARATION_OF_DUTIES', status: 403, title: `同一工作人员不能既生成又审批${listName}` });
  }
  if (run.scheme === 'subsidies') {
    await approveSubsidyReview(tx, who, run);
    return getRun(tx, runId);
  }
  const label = `${run.month} 高龄津贴资格名单`;

  const enrolled = await tx.rows<{ id: string; person_id: string; region_code: string; since: string; monthly_fen: string; from_age: number; to_age: number | null; age: number; low_income: string | null; person_name: string; id_masked: string }>(sql`
    WITH ins AS (
      INSERT INTO elderly_allowance_enrolment (programme, person_id, region_code, county_code, person_name, id_masked, birth_date, since_month, monthly_fen,
        from_age, to_age, low_income, param_id, origin, run_id, created_by, created_by_name)
      SELECT 'longevity', i.person_id, i.region_code, ${run.region_code}, i.person_name, i.id_masked, i.birth_date, i.effective_month, i.monthly_fen,
        i.from_age, i.to_age, i.low_income, ${run.param_id}::uuid, 'proactive', ${runId}::uuid, ${who.actorId}::uuid, ${who.actorName}
      FROM elderly_allowance_run_item i WHERE i.run_id = ${runId}::uuid AND i.kind = 'new'
        -- Enrolled meanwhile on an application: that decision stands.
        AND NOT EXISTS (SELECT 1 FROM elderly_allowance_enrolment x WHERE x.person_id = i.person_id AND x.programme = 'longevity' AND x.status = 'active')
      RETURNING id, person_id, region_code, to_char(since_month, 'YYYY-MM') AS since, monthly_fen, from_age, to_age, low_income, person_name, id_masked)
    SELECT ins.*, i.age FROM ins JOIN elderly_allowance_run_item i ON i.run_id = ${runId}::uuid AND i.person_id = ins.person_id`);
  await tx.run(sql`
    UPDATE elderly_allowance_run_item i SET enrolment_id = e.id FROM elderly_allowance_enrolment e
    WHERE i.run_id = ${runId}::uuid AND i.kind = 'new' AND e.run_id = ${runId}::uuid AND e.person_id = i.person_id AND e.programme = 'longevity'`);

  const changed = await tx.rows<{ id: string; person_id: string; region_code: string; effective: string; monthly_fen: string; previous_fen: string; age: number; from_age: number; to_age: number | null }>(sql`
    UPDATE elderly_allowance_enrolment e SET monthly_fen = i.monthly_fen, from_age = i.from_age, to_age = i.to_age, param_id = ${run.param_id}::uuid,
      updated_at = now(), version = e.version + 1
    FROM elderly_allowance_run_item i
    WHERE i.run_id = ${runId}::uuid AND i.kind = 'bracket_change' AND i.enrolment_id = e.id AND e.status = 'active'
    RETURNING e.id, e.person_id, e.region_code, to_char(i.effective_month, 'YYYY-MM') AS effective, i.monthly_fen, i.previous_fen, i.age, i.from_age, i.to_age`);

  const stopped = await tx.rows<{ id: string; last_month: string; kind: RunItemKind; death_date: string | null }>(sql`
    UPDATE elderly_allowance_enrolment e SET status = 'stopped', last_month = i.last_month,
      stop_reason = CASE i.kind WHEN 'stop_death' THEN 'death' WHEN 'stop_moved' THEN 'moved' ELSE 'ineligible' END,
      stop_note = ${label}, stopped_at = now(), stopped_by_name = ${who.actorName}, updated_at = now(), version = e.version + 1
    FROM elderly_allowance_run_item i
    WHERE i.run_id = ${runId}::uuid AND i.kind IN ('stop_death', 'stop_moved', 'stop_ineligible') AND i.enrolment_id = e.id AND e.status = 'active'
    RETURNING e.id, to_char(i.last_month, 'YYYY-MM') AS last_month, i.kind, i.death_date::text`);

  await tx.run(sql`
    INSERT INTO elderly_allowance_event (enrolment_id, region_code, kind, month, monthly_fen, note, by_name)
    SELECT i.enrolment_id, i.region_code,
      CASE WHEN i.kind = 'new' THEN 'enrol' WHEN i.kind = 'bracket_change' THEN 'bracket_change' ELSE 'stop' END,
      coalesce(i.effective_month, (i.last_month + interval '1 month')::date), i.monthly_fen,
      CASE i.kind WHEN 'new' THEN '主动发放' WHEN 'bracket_change' THEN '年龄达到新档次' WHEN 'stop_death' THEN '死亡停发'
        WHEN 'stop_moved' THEN '迁出本辖区停发' ELSE '不再符合条件停发' END || '（' || ${label} || '）',
      ${who.actorName}
    FROM elderly_allowance_run_item i
    WHERE i.run_id = ${runId}::uuid AND i.kind IN ('new', 'bracket_change', 'stop_death', 'stop_moved', 'stop_ineligible') AND i.enrolment_id IS NOT NULL`);

  // The ledger: the new enrolments' series opened in one set-based call (a province's first run
  // enrols hundreds of thousands)…
  await naming(enrolled, () => entitleNew(tx, who, enrolled.map((e) => ({
    enrolmentId: e.id, programme: 'longevity', personId: e.person_id, regionCode: e.region_code, fromMonth: e.since, monthlyFen: Number(e.monthly_fen),
    breakdown: { age: e.age, bracket: bracketLabel({ fromAge: e.from_age, toAge: e.to_age }), paramId: run.param_id, runId, lowIncome: e.low_income },
    ruleVersion: LONGEVITY_RULE_VERSION, kind: 'case_decision', reason: `高龄津贴主动发放（${label}）`,
  }))));
  // …a bracket change supersedes its existing series from the month it takes effect, which only
  // the single call does (those reaching a new bracket in one month are few)…
  for (const e of changed) {
    await entitle(tx, who, {
      enrolmentId: e.id, programme: 'longevity', personId: e.person_id, regionCode: e.region_code, fromMonth: e.effective, monthlyFen: Number(e.monthly_fen),
      breakdown: { age: e.age, bracket: bracketLabel({ fromAge: e.from_age, toAge: e.to_age }), previousFen: Number(e.previous_fen), paramId: run.param_id, runId },
      ruleVersion: LONGEVITY_RULE_VERSION, kind: 'adjustment', reason: `高龄津贴档次变更：${bracketLabel({ fromAge: e.from_age, toAge: e.to_age })}（${label}）`,
    });
  }
  // …and the stops ended in one set-based call.
  const stopText: Record<string, string> = { stop_death: '死亡', stop_moved: '迁出本辖区', stop_ineligible: '不再符合条件' };
  await endEnrolments(tx, who, stopped.map((e) => ({
    enrolmentId: e.id, lastMonth: e.last_month, reason: `高龄津贴停发：${stopText[e.kind] ?? ''}${e.death_date ? `（${e.death_date} 死亡）` : ''}（${label}）`,
  })));

  await tx.run(sql`
    UPDATE elderly_allowance_run SET status = 'approved', approved_by = ${who.actorId}::uuid, approved_by_name = ${who.actorName}, approved_at = now(),
      version = version + 1 WHERE id = ${runId}::uuid`);
  await appendAudit(tx, who, {
    action: 'elderly.allowance.run_approve', entityType: 'elderly_allowance_run', entityId: runId, regionCode: run.region_code,
    summary: `审批${label}：新增 ${enrolled.length} 人、档次变更 ${changed.length} 人、停发 ${stopped.length} 人`,
    diff: { status: { before: 'draft', after: 'approved' }, enrolled: { before: null, after: enrolled.length }, changed: { before: null, after: changed.length }, stopped: { before: null, after: stopped.length } },
  });
  return getRun(tx, runId);
}

/**
 * A ledger refusal names the person: one overlapping 高龄津贴 (someone still enrolled by the county
 * they came from) must be findable in a list of hundreds of thousands. The batch refusal names the
 * input by its index (`errors[0].path` starts with it, docs/api/payments-contract.md).
 */
async function naming<T>(people: { person_name: string; id_masked: string }[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const person = isDomainError(err) && err.code === 'ENTITLEMENT_OVERLAP' ? people[Number(err.errors?.[0]?.path.split('.')[0])] : undefined;
    if (isDomainError(err) && person) {
      throw new DomainError({
        code: err.code, status: err.status, title: `${person.person_name}（${person.id_masked}）已有高龄津贴待遇，名单未能审批`,
        detail: `${err.detail ?? ''}。可能仍由迁出地发放：请迁出地停发后重新生成并审批名单`,
      });
    }
    throw err;
  }
}
