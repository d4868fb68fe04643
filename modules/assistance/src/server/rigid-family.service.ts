/**
 * 刚性支出困难家庭 (刚性支出困难家庭认定办法, 2025; rules §1.11): the county's register.
 *
 * The township accepts the application and investigates; the county decides within 30 working
 * days of 受理 (45 in special cases, 第八条) — here, by entering the household's 12-month income,
 * rigid spending and property, on which `assessRigidFamily` decides, never the official's say-so.
 * A household already in 低保, 特困 or 低保边缘 is not this category (第四条). A recognition stands
 * for `dibao.rigid.validityMonths` (at most 12, 第十条) and ends earlier with a reason.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import {
  addCalendarDays, addMonthsToDate, conflict, DomainError, forbidden, invalid, isWithin, notFound, subtreeRange, todayInShanghai,
  type IsoDate,
} from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { getHousehold } from '@mz/registry/server';
import type { HukouType } from '@mz/registry';
import { levelOf } from '@mz/workflow';
import {
  assessRigidFamily, requireParam, rigidDecisionDue, yuan,
  type RigidAssessment, type RigidExclusion, type RigidFamilyEndInput, type RigidFamilyInput, type RigidFamilySummary,
} from '../domain/index.ts';
import { activeEdgeFamily } from './edge-family.service.ts';
import { paramsFor } from './params.service.ts';

export interface RigidFamilyQuery {
  regionCode?: string;
  active?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

interface Row {
  id: string;
  household_id: string;
  region_code: string;
  region_name: string;
  head_name: string;
  head_id_masked: string;
  household_size: number;
  hukou_type: HukouType;
  applied_on: string;
  recognised_on: string;
  decision_due_on: string;
  annual_income_fen: string;
  spending_fen: string;
  spending_share: string;
  valid_until: string;
  ended_on: string | null;
  ended_reason: string | null;
  recognised_by_name: string | null;
  active: boolean;
  total?: string;
}

const ACTIVE = (today: IsoDate) => sql`(e.ended_on IS NULL AND e.valid_until >= ${today}::date)`;
const COLUMNS = (today: IsoDate) => sql`e.id, e.household_id, e.region_code, r.name AS region_name, e.head_name, e.head_id_masked, e.household_size,
  e.hukou_type, e.applied_on::text AS applied_on, e.recognised_on::text AS recognised_on, e.decision_due_on::text AS decision_due_on,
  e.annual_income_fen::text AS annual_income_fen, e.spending_fen::text AS spending_fen, e.spending_share, e.valid_until::text AS valid_until,
  e.ended_on::text AS ended_on, e.ended_reason, e.recognised_by_name, ${ACTIVE(today)} AS active`;
const FROM = sql`assistance_rigid_family e JOIN region r ON r.code = e.region_code`;

function toSummary(r: Row): RigidFamilySummary {
  return {
    id: r.id, householdId: r.household_id, regionCode: r.region_code, regionName: r.region_name, headName: r.head_name, headIdMasked: r.head_id_masked,
    householdSize: Number(r.household_size), hukouType: r.hukou_type, appliedOn: r.applied_on, recognisedOn: r.recognised_on,
    decisionDueOn: r.decision_due_on, decidedLate: r.recognised_on > r.decision_due_on, annualIncomeFen: Number(r.annual_income_fen),
    spendingFen: Number(r.spending_fen), spendingShare: r.spending_share, validUntil: r.valid_until, endedOn: r.ended_on, endedReason: r.ended_reason,
    active: r.active, recognisedByName: r.recognised_by_name,
  };
}

async function findRecognition(tx: Tx, actor: Actor, id: string, today: IsoDate): Promise<RigidFamilySummary | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const { from, to } = subtreeRange(actor.regionCode);
  const [row] = await tx.rows<Row>(sql`SELECT ${COLUMNS(today)} FROM ${FROM} WHERE e.id = ${id}::uuid AND e.region_code >= ${from} AND e.region_code < ${to}`);
  return row ? toSummary(row) : null;
}

/** 第八条: the county 民政 department recognises; its reviewers and approvers act for it. */
function countyOfficial(actor: Actor): boolean {
  return levelOf(actor.regionCode) === 'county' && actor.roles.some((r) => r === 'reviewer' || r === 'approver');
}

/** What already rules the household out (第四条): 低保 (a case open or in payment), 特困 (a member in support), 低保边缘. */
async function exclusions(tx: Tx, householdId: string, memberIds: string[], today: IsoDate): Promise<{ kind: RigidExclusion; ref: string }[]> {
  const found: { kind: RigidExclusion; ref: string }[] = [];
  const cases = await tx.rows<{ programme: 'dibao' | 'tekun'; case_no: string; state: string }>(sql`
    SELECT a.programme, w.case_no, w.state FROM assistance_case a JOIN workflow_case w ON w.id = a.id
    WHERE w.closed_at IS NULL AND (
      (a.programme = 'dibao' AND a.household_id = ${householdId}::uuid)
      OR (a.programme = 'tekun' AND w.state = 'in_support' AND a.person_id IN ${memberIds.length ? memberIds : ['00000000-0000-0000-0000-000000000000']}))
    ORDER BY w.case_no`);
  for (const c of cases) found.push({ kind: c.programme, ref: `案件 ${c.case_no}` });
  const edge = await activeEdgeFamily(tx, householdId, today);
  if (edge) found.push({ kind: 'edge', ref: `认定有效期至 ${edge.validUntil}` });
  return found;
}

export async function recogniseRigidFamily(
  tx: Tx, actor: Actor, who: AuditActor, input: RigidFamilyInput, now = new Date(),
): Promise<RigidFamilySummary & { assessment: RigidAssessment }> {
  if (!countyOfficial(actor)) throw forbidden('刚性支出困难家庭由县级民政部门认定（刚性支出困难家庭认定办法第八条）');
  const today = todayInShanghai(now);
  const on = input.recognisedOn ?? today;
  const dateErrors = [];
  if (on > today) dateErrors.push({ path: 'recognisedOn', message: '认定日期不能晚于今天' });
  if (input.appliedOn > on) dateErrors.push({ path: 'appliedOn', message: '受理日期不能晚于认定日期' });
  if (dateErrors.length) throw invalid('日期不正确', dateErrors);
  const household = await getHousehold(tx, actor, input.householdId);
  if (household.dissolvedOn) throw invalid('家庭已撤销', [{ path: 'householdId', message: '该家庭已撤销（分户或合户），请选择现在的家庭' }]);
  const members = household.members.map((m) => m.person).filter((p) => p.status === 'alive');
  if (members.length === 0) throw invalid('家庭没有成员', [{ path: 'householdId', message: '该家庭没有在世的在册成员，不能认定' }]);

  const params = await paramsFor(tx, household.regionCode, on);
  const assessment = assessRigidFamily({
    hukouType: input.hukouType, householdSize: members.length, annualIncomeFen: input.annualIncomeFen,
    spending: input.spending, property: input.property, excludedBy: await exclusions(tx, household.id, members.map((m) => m.id), today),
  }, params);
  if (!assessment.eligible) {
    throw new DomainError({ code: 'NOT_RIGID_FAMILY', status: 409, title: '不符合刚性支出困难家庭条件', detail: assessment.reasons.join('；') });
  }

  const months = requireParam(params, 'dibao.rigid.validityMonths', 'months').value;
  const limitDays = requireParam(params, 'dibao.rigid.decisionWorkingDays', 'days').value;
  const validUntil = addCalendarDays(addMonthsToDate(on, months), -1);
  const { dueOn, estimated } = rigidDecisionDue(input.appliedOn, limitDays);
  const head = household.head ?? members[0]!;
  // A recognition in force is superseded by the new one (one per household).
  await tx.run(sql`
    UPDATE assistance_rigid_family SET ended_on = greatest(${on}::date, recognised_on), ended_reason = '重新认定',
      ended_by = ${actor.kind === 'user' ? actor.id : null}::uuid, ended_by_name = ${actor.name}
    WHERE household_id = ${household.id}::uuid AND ended_on IS NULL`);
  const application = { annualIncomeFen: input.annualIncomeFen, spending: input.spending, property: input.property, members: members.map((m) => m.id) };
  const [{ id }] = await tx.rows<{ id: string }>(sql`
    INSERT INTO assistance_rigid_family (household_id, region_code, head_name, head_id_masked, household_size, hukou_type, applied_on, recognised_on,
      decision_due_on, annual_income_fen, spending_fen, spending_share, assessment, application, valid_until, note, recognised_by, recognised_by_name)
    VALUES (${household.id}::uuid, ${household.regionCode}, ${head.name}, ${head.idNumberMasked}, ${members.length}, ${input.hukouType},
      ${input.appliedOn}::date, ${on}::date, ${dueOn}::date, ${input.annualIncomeFen}, ${assessment.spendingFen}, ${assessment.spendingShare},
      ${JSON.stringify(assessment)}::jsonb, ${JSON.stringify(application)}::jsonb, ${validUntil}::date, ${input.note ?? null},
      ${actor.kind === 'user' ? actor.id : null}::uuid, ${actor.name})
    RETURNING id`);
  await appendAudit(tx, who, {
    action: 'assistance.rigid_family_recognise', entityType: 'assistance_rigid_family', entityId: id, regionCode: household.regionCode,
    summary: `认定刚性支出困难家庭：户主 ${head.name}（${head.idNumberMasked}），${members.length} 人，12个月收入 ${yuan(input.annualIncomeFen)}，`
      + `刚性支出 ${yuan(assessment.spendingFen)}，有效期至 ${validUntil}${on > dueOn ? `；超过认定时限（应于 ${dueOn} 前认定）` : ''}`
      + (estimated ? '（认定时限按周一至周五估算：节假日安排表尚未覆盖该年）' : ''),
    diff: {
      householdId: { before: null, after: household.id }, recognisedOn: { before: null, after: on }, validUntil: { before: null, after: validUntil },
      annualIncomeFen: { before: null, after: input.annualIncomeFen }, spendingFen: { before: null, after: assessment.spendingFen },
    },
  });
  return { ...(await findRecognition(tx, actor, id, today))!, assessment };
}

export async function listRigidFamilies(tx: Tx, actor: Actor, query: RigidFamilyQuery, now = new Date()): Promise<{ items: RigidFamilySummary[]; total: number }> {
  if (query.regionCode && !isWithin(query.regionCode, actor.regionCode)) return { items: [], total: 0 };
  const today = todayInShanghai(now);
  const { from, to } = subtreeRange(query.regionCode ?? actor.regionCode);
  const like = query.q ? '%' + query.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%' : null;
  const where = sql.join([
    sql`e.region_code >= ${from} AND e.region_code < ${to}`,
    query.active === true ? ACTIVE(today) : query.active === false ? sql`NOT ${ACTIVE(today)}` : undefined,
    like ? sql`e.head_name LIKE ${like}` : undefined,
  ].filter((c) => c !== undefined), sql` AND `);
  const rows = await tx.rows<Row>(sql`SELECT ${COLUMNS(today)}, count(*) OVER ()::text AS total FROM ${FROM} WHERE ${where}
    ORDER BY e.recognised_on DESC, e.created_at DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`);
  const total = rows.length > 0 || query.page === 1 ? Number(rows[0]?.total ?? 0)
    : Number((await tx.rows<{ total: string }>(sql`SELECT count(*)::text AS total FROM ${FROM} WHERE ${where}`))[0]!.total);
  return { items: rows.map(toSummary), total };
}

export async function endRigidFamily(tx: Tx, actor: Actor, who: AuditActor, id: string, input: RigidFamilyEndInput, now = new Date()): Promise<RigidFamilySummary> {
  if (!countyOfficial(actor)) throw forbidden('刚性支出困难家庭认定由县级民政部门终止');
  const today = todayInShanghai(now);
  const current = await findRecognition(tx, actor, id, today);
  if (!current) throw notFound('认定不存在', '本辖区内没有该刚性支出困难家庭认定');
  if (current.endedOn) throw conflict('该认定已终止', `已于 ${current.endedOn} 终止：${current.endedReason}`);
  const errors = [];
  if (input.endedOn > today) errors.push({ path: 'endedOn', message: '终止日期不能晚于今天' });
  if (input.endedOn < current.recognisedOn) errors.push({ path: 'endedOn', message: `终止日期不能早于认定日期 ${current.recognisedOn}` });
  if (errors.length) throw invalid('终止日期不正确', errors);
  await tx.run(sql`
    UPDATE assistance_rigid_family SET ended_on = ${input.endedOn}::date, ended_reason = ${input.reason},
      ended_by = ${actor.kind === 'user' ? actor.id : null}::uuid, ended_by_name = ${actor.name}
    WHERE id = ${id}::uuid AND ended_on IS NULL`);
  await appendAudit(tx, who, {
    action: 'assistance.rigid_family_end', entityType: 'assistance_rigid_family', entityId: id, regionCode: current.regionCode,
    summary: `终止刚性支出困难家庭认定：户主 ${current.headName}（${current.headIdMasked}），${input.reason}`,
    diff: { endedOn: { before: null, after: input.endedOn }, endedReason: { before: null, after: input.reason } },
  });
  return (await findRecognition(tx, actor, id, today))!;
}
