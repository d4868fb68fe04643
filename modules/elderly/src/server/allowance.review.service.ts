/**
 * 养老补贴复核名单: the county's monthly review of 养老服务补贴 and 护理补贴 enrolments, on the 高龄津贴
 * run's tables (scheme 'subsidies'). Generation is one set-based statement over the enrolments:
 * who died or moved away, who is no longer 特困/低保/低保边缘 (stopped after the last month they
 * were), whose current assessment has another level (the new amount from the month after the
 * reassessment; a level the parameters do not cover stops it), and whose reassessment is overdue
 * (flagged only: approval changes nothing for them). The county's approver — never the clerk who
 * generated it — applies it in one transaction: enrolments, history, and the ledger (stops through
 * payments' set-based endEntitlements, level changes through recordEntitlement, which supersedes
 * the series from the month the change takes effect and so yields 补发/追回 for months in rolls).
 */
import { sql } from 'drizzle-orm';
import { textArray, type Tx } from '@mz/db';
import type { AuditActor } from '@mz/http';
import { subtreeRange, todayInShanghai } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { ALLOWANCE_PROGRAMME_NAMES, SUBSIDY_RULE_VERSION, type AllowanceProgramme, type RunItemKind } from '../domain/allowance.rules.ts';
import type { ParamsView } from './allowance.params.service.ts';
import { ageForMonthSql, levelsRelation, lowIncomeSql, lowIncomeUntilSql } from './allowance.sql.ts';
import { endEnrolments, entitle } from './allowance.ledger.ts';
import { getRun, type RunView } from './allowance.run.service.ts';

/** Fills the (empty) draft `runId` with the county's subsidy review for `month`, and audits it. */
export async function generateSubsidyReview(tx: Tx, who: AuditActor, county: string, runId: string, month: string, params: ParamsView): Promise<RunView> {
  const monthStart = `${month}-01`;
  const today = todayInShanghai();
  const { from, to } = subtreeRange(county);
  const levels = levelsRelation(JSON.stringify(params.serviceLevels), JSON.stringify(params.careLevels));
  // One row per active subsidy enrolment whose basis changed, the first reason that applies in
  // this order: moved away (or merged), death, no longer low-income, reassessed level, overdue.
  await tx.run(sql`
    INSERT INTO elderly_allowance_run_item (run_id, programme, person_id, region_code, kind, person_name, id_masked, birth_date, age, monthly_fen,
      previous_fen, enrolment_id, effective_month, last_month, low_income, death_date, level, previous_level, assessment_id, assessed_on, next_due_on,
      low_income_until)
    SELECT ${runId}::uuid, x.programme, x.person_id, x.region_code, x.kind, x.person_name, x.id_masked, x.birth_date, x.age,
      CASE WHEN x.kind = 'level_change' THEN x.level_fen END, x.previous_fen, x.id,
      CASE WHEN x.kind = 'level_change' THEN x.level_from END,
      CASE x.kind
        WHEN 'stop_moved' THEN (${monthStart}::date - interval '1 month')::date
        WHEN 'stop_death' THEN greatest((x.since_month - interval '1 month')::date, date_trunc('month', x.death_date)::date)
        -- lowIncomeStopMonth(): the last month the status held, else last month; never before the month before the enrolment.
        WHEN 'stop_ineligible' THEN greatest((x.since_month - interval '1 month')::date, coalesce(x.low_income_until, (${monthStart}::date - interval '1 month')::date))
        -- levelChangeMonths(): paid at the old level through the reassessment's month.
        WHEN 'stop_level' THEN (x.level_from - interval '1 month')::date END,
      x.low_income, x.death_date,
      CASE WHEN x.kind IN ('level_change', 'stop_level', 'reassessment_overdue') THEN x.final_level END, x.level,
      CASE WHEN x.kind IN ('level_change', 'stop_level', 'reassessment_overdue') THEN x.assessment_id END,
      CASE WHEN x.kind IN ('level_change', 'stop_level', 'reassessment_overdue') THEN x.assessed_on END,
      x.next_due_on, CASE WHEN x.kind = 'stop_ineligible' THEN x.low_income_until END
    FROM (
      SELECT y.*,
        CASE WHEN y.moved THEN 'stop_moved'
             WHEN y.status = 'deceased' THEN 'stop_death'
             WHEN y.now_low_income IS NULL THEN 'stop_ineligible'
             WHEN y.final_level IS NOT NULL AND y.final_level <> y.level THEN CASE WHEN coalesce(y.level_fen, 0) > 0 THEN 'level_change' ELSE 'stop_level' END
             WHEN y.next_due_on < ${today}::date THEN 'reassessment_overdue' END AS kind
      FROM (
        SELECT e.id, e.programme, e.person_id, e.region_code, e.person_name, e.id_masked, e.birth_date, e.since_month, e.monthly_fen AS previous_fen,
          e.level, e.low_income, a.age, p.status, p.death_date,
          (p.id IS NULL OR p.merged_into IS NOT NULL OR p.region_code < ${from} OR p.region_code >= ${to}) AS moved,
          CASE WHEN p.id IS NOT NULL THEN ${lowIncomeSql('p', monthStart)} END AS now_low_income,
          CASE WHEN p.id IS NOT NULL THEN ${lowIncomeUntilSql('p', monthStart)} END AS low_income_until,
          ca.final_level, ca.assessment_id, ca.assessed_on, ca.next_due_on, l.monthly_fen AS level_fen,
          greatest(e.since_month, (date_trunc('month', ca.assessed_on) + interval '1 month')::date) AS level_from
        FROM elderly_allowance_enrolment e
        LEFT JOIN registry_person p ON p.id = e.person_id
        CROSS JOIN LATERAL (SELECT ${ageForMonthSql('e', month, 'birthday_month')} AS age) a
        LEFT JOIN elderly_current_assessment ca ON ca.person_id = e.person_id
        LEFT JOIN ${levels} l ON l.programme = e.programme AND l.level = ca.final_level
        WHERE e.programme IN ('elderly_service', 'elderly_care') AND e.status = 'active' AND e.region_code >= ${from} AND e.region_code < ${to}
      ) y
    ) x
    WHERE x.kind IS NOT NULL`);

  const run = await getRun(tx, runId);
  const c = run.counts;
  await appendAudit(tx, who, {
    action: 'elderly.allowance.run_create', entityType: 'elderly_allowance_run', entityId: runId, regionCode: county,
    summary: `生成 ${month} 养老补贴复核名单：停发 ${c.stop_death + c.stop_moved + c.stop_ineligible + c.stop_level} 人次、按新评估等级调整 ${c.level_change} 人次、`
      + `逾期未复评 ${c.reassessment_overdue} 人次（仅提示）`,
    diff: { month: { before: null, after: month }, scheme: { before: null, after: 'subsidies' }, paramId: { before: null, after: params.id }, counts: { before: null, after: c } },
  });
  return run;
}

const STOP_TEXT: Record<string, string> = {
  stop_death: '死亡停发', stop_moved: '迁出本辖区停发', stop_ineligible: '不再是低保、特困人员或低保边缘家庭成员停发', stop_level: '复评等级不享受停发',
};

/** Applies a subsidy review (already checked: the county's draft, current version, another official). */
export async function approveSubsidyReview(tx: Tx, who: AuditActor, run: { id: string; region_code: string; month: string; param_id: string }): Promise<void> {
  const runId = run.id;
  const label = `${run.month} 养老补贴复核名单`;

  const changed = await tx.rows<{
    id: string; programme: AllowanceProgramme; person_id: string; region_code: string; effective: string; monthly_fen: string; previous_fen: string;
    level: number; previous_level: number; assessment_id: string; assessed_on: string;
  }>(sql`
    UPDATE elderly_allowance_enrolment e SET level = i.level, assessment_id = i.assessment_id, monthly_fen = i.monthly_fen, param_id = ${run.param_id}::uuid,
      updated_at = now(), version = e.version + 1
    FROM elderly_allowance_run_item i
    WHERE i.run_id = ${runId}::uuid AND i.kind = 'level_change' AND i.enrolment_id = e.id AND e.status = 'active'
    RETURNING e.id, e.programme, e.person_id, e.region_code, to_char(i.effective_month, 'YYYY-MM') AS effective, i.monthly_fen, i.previous_fen,
      i.level, i.previous_level, i.assessment_id, i.assessed_on::text`);

  const stopped = await tx.rows<{ id: string; programme: AllowanceProgramme; last_month: string; kind: RunItemKind; death_date: string | null; level: number | null }>(sql`
    UPDATE elderly_allowance_enrolment e SET status = 'stopped', last_month = i.last_month,
      stop_reason = CASE i.kind WHEN 'stop_death' THEN 'death' WHEN 'stop_moved' THEN 'moved' ELSE 'ineligible' END,
      stop_note = CASE i.kind WHEN 'stop_ineligible' THEN '不再是低保、特困人员或低保边缘家庭成员' WHEN 'stop_level' THEN '复评能力等级 ' || i.level || ' 不享受'
        WHEN 'stop_death' THEN '死亡' ELSE '迁出本辖区' END || '（' || ${label} || '）',
      stopped_at = now(), stopped_by_name = ${who.actorName}, updated_at = now(), version = e.version + 1
    FROM elderly_allowance_run_item i
    WHERE i.run_id = ${runId}::uuid AND i.kind IN ('stop_death', 'stop_moved', 'stop_ineligible', 'stop_level') AND i.enrolment_id = e.id AND e.status = 'active'
    RETURNING e.id, e.programme, to_char(i.last_month, 'YYYY-MM') AS last_month, i.kind, i.death_date::text, i.level`);

  // History, for the enrolments this approval actually changed (one still active when approved).
  const touched = [...changed.map((c) => c.id), ...stopped.map((s) => s.id)];
  if (touched.length) {
    await tx.run(sql`
      INSERT INTO elderly_allowance_event (enrolment_id, region_code, kind, month, monthly_fen, note, by_name)
      SELECT i.enrolment_id, i.region_code, CASE WHEN i.kind = 'level_change' THEN 'level_change' ELSE 'stop' END,
        coalesce(i.effective_month, (i.last_month + interval '1 month')::date), i.monthly_fen,
        CASE i.kind WHEN 'level_change' THEN '复评等级 ' || i.previous_level || ' → ' || i.level || '（评估日期 ' || i.assessed_on::text || '）'
          WHEN 'stop_death' THEN '死亡停发' WHEN 'stop_moved' THEN '迁出本辖区停发'
          WHEN 'stop_ineligible' THEN '不再是低保、特困人员或低保边缘家庭成员停发'
          ELSE '复评能力等级 ' || i.level || ' 不享受，停发' END || '（' || ${label} || '）',
        ${who.actorName}
      FROM elderly_allowance_run_item i
      WHERE i.run_id = ${runId}::uuid AND i.enrolment_id::text = ANY(${textArray(touched)})
        AND i.kind IN ('level_change', 'stop_death', 'stop_moved', 'stop_ineligible', 'stop_level')`);
  }

  // The ledger: a level change supersedes its series from the month it takes effect, which only
  // the single call does (a county's reassessments in a month are few)…
  for (const e of changed) {
    const note = `复评等级 ${e.previous_level} → ${e.level}（评估日期 ${e.assessed_on}）`;
    await entitle(tx, who, {
      enrolmentId: e.id, programme: e.programme, personId: e.person_id, regionCode: e.region_code, fromMonth: e.effective, monthlyFen: Number(e.monthly_fen),
      breakdown: { level: e.level, previousLevel: e.previous_level, previousFen: Number(e.previous_fen), assessmentId: e.assessment_id, assessedOn: e.assessed_on, paramId: run.param_id, runId },
      ruleVersion: SUBSIDY_RULE_VERSION, kind: 'adjustment', reason: `${ALLOWANCE_PROGRAMME_NAMES[e.programme]}按评估等级调整：${note}（${label}）`,
    });
  }
  // …and the stops end in one set-based call.
  await endEnrolments(tx, who, stopped.map((e) => ({
    enrolmentId: e.id, lastMonth: e.last_month,
    reason: `${ALLOWANCE_PROGRAMME_NAMES[e.programme]}停发：${STOP_TEXT[e.kind] ?? ''}${e.death_date ? `（${e.death_date} 死亡）` : ''}（${label}）`,
  })));

  await tx.run(sql`
    UPDATE elderly_allowance_run SET status = 'approved', approved_by = ${who.actorId}::uuid, approved_by_name = ${who.actorName}, approved_at = now(),
      version = version + 1 WHERE id = ${runId}::uuid`);
  const overdue = await tx.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM elderly_allowance_run_item WHERE run_id = ${runId}::uuid AND kind = 'reassessment_overdue'`);
  await appendAudit(tx, who, {
    action: 'elderly.allowance.run_approve', entityType: 'elderly_allowance_run', entityId: runId, regionCode: run.region_code,
    summary: `审批${label}：按新评估等级调整 ${changed.length} 人次、停发 ${stopped.length} 人次，逾期未复评 ${overdue[0]?.n ?? 0} 人次仅提示`,
    diff: {
      status: { before: 'draft', after: 'approved' }, changed: { before: null, after: changed.length }, stopped: { before: null, after: stopped.length },
      enrolmentIds: { before: null, after: touched },
    },
  });
}
