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
import { DomainError, forbidden, invalid, todayInShanghai, type IsoDate } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import { levelOf } from '@mz/workflow';
import {
  assessRigidFamily, recognitionValidUntil, requireParam, rigidDecisionDue, yuan,
  type RecognitionEndInput, type RecognitionQuery, type RigidAssessment, type RigidExclusion, type RigidFamilyInput, type RigidFamilySummary,
} from '../domain/index.ts';
import { activeEdgeFamily } from './edge-family.service.ts';
import {
  actorUserId, currentHousehold, endRecognition, findRecognition, listRecognitions, supersedeRecognition,
  type RecognitionRegister, type RecognitionRow,
} from './family-register.repository.ts';
import { paramsFor } from './params.service.ts';

interface Row extends RecognitionRow {
  applied_on: string;
  decision_due_on: string;
  annual_income_fen: string;
  spending_fen: string;
  spending_share: string;
}

const REGISTER: RecognitionRegister<Row, RigidFamilySummary> = {
  table: sql`assistance_rigid_family`,
  columns: sql`e.applied_on::text AS applied_on, e.decision_due_on::text AS decision_due_on, e.annual_income_fen::text AS annual_income_fen,
    e.spending_fen::text AS spending_fen, e.spending_share`,
  toSummary: (r, shared) => ({
    ...shared, appliedOn: r.applied_on, decisionDueOn: r.decision_due_on, decidedLate: r.recognised_on > r.decision_due_on,
    annualIncomeFen: Number(r.annual_income_fen), spendingFen: Number(r.spending_fen), spendingShare: r.spending_share,
  }),
  name: '刚性支出困难家庭',
  entityType: 'assistance_rigid_family',
  endAction: 'assistance.rigid_family_end',
};

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
  const household = await currentHousehold(tx, actor, input.householdId);
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
  const validUntil = recognitionValidUntil(on, months);
  const { dueOn, estimated } = rigidDecisionDue(input.appliedOn, limitDays);
  const head = household.head ?? members[0]!;
  await supersedeRecognition(tx, actor, REGISTER, household.id, on);
  const application = { annualIncomeFen: input.annualIncomeFen, spending: input.spending, property: input.property, members: members.map((m) => m.id) };
  const [{ id }] = await tx.rows<{ id: string }>(sql`
    INSERT INTO assistance_rigid_family (household_id, region_code, head_name, head_id_masked, household_size, hukou_type, applied_on, recognised_on,
      decision_due_on, annual_income_fen, spending_fen, spending_share, assessment, application, valid_until, note, recognised_by, recognised_by_name)
    VALUES (${household.id}::uuid, ${household.regionCode}, ${head.name}, ${head.idNumberMasked}, ${members.length}, ${input.hukouType},
      ${input.appliedOn}::date, ${on}::date, ${dueOn}::date, ${input.annualIncomeFen}, ${assessment.spendingFen}, ${assessment.spendingShare},
      ${JSON.stringify(assessment)}::jsonb, ${JSON.stringify(application)}::jsonb, ${validUntil}::date, ${input.note ?? null},
      ${actorUserId(actor)}::uuid, ${actor.name})
    RETURNING id`);
  await appendAudit(tx, who, {
    action: 'assistance.rigid_family_recognise', entityType: 'assistance_rigid_family', entityId: id, regionCode: household.regionCode,
    summary: `认定刚性支出困难家庭：户主 ${head.name}（${head.idNumberMasked}），${members.length} 人，12个月收入 ${yuan(input.annualIncomeFen)}，`
      + `刚性支出 ${yuan(assessment.spendingFen)}，有效期至 ${validUntil}${on > dueOn ? `；超过认定时限（应于 ${dueOn} 前认定）` : ''}`
      + (estimated ? '（认定时限按周一至周五扣除法定节假日估算，未计调休：节假日安排表尚未覆盖该年）' : ''),
    diff: {
      householdId: { before: null, after: household.id }, recognisedOn: { before: null, after: on }, validUntil: { before: null, after: validUntil },
      annualIncomeFen: { before: null, after: input.annualIncomeFen }, spendingFen: { before: null, after: assessment.spendingFen },
    },
  });
  return { ...(await findRecognition(tx, actor, REGISTER, id, today))!, assessment };
}

export async function listRigidFamilies(tx: Tx, actor: Actor, query: RecognitionQuery, now = new Date()): Promise<{ items: RigidFamilySummary[]; total: number }> {
  return listRecognitions(tx, actor, REGISTER, query, now);
}

/** Only the county ends a recognition, as only it recognises (第八条); 低保边缘 lets the township end its own. */
export async function endRigidFamily(tx: Tx, actor: Actor, who: AuditActor, id: string, input: RecognitionEndInput, now = new Date()): Promise<RigidFamilySummary> {
  if (!countyOfficial(actor)) throw forbidden('刚性支出困难家庭认定由县级民政部门终止');
  return endRecognition(tx, actor, who, REGISTER, id, input, now);
}
