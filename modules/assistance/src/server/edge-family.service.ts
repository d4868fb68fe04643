/**
 * 低保边缘家庭 (低保办法第八条第二款; 2022通知一(四)): the register of recognised households.
 *
 * A recognition comes from the 低保 calculator's own test (`Breakdown.edgeFamily`): when a 低保
 * application is refused or a benefit stopped for income and the breakdown says so, when a 单人保
 * case is decided on it, or when a township reviewer enters a household's economic situation
 * directly. It stands for `dibao.edge.validityMonths` (default 12) and ends earlier when the
 * household is admitted to 低保, is recognised anew, or an official ends it with a reason.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, forbidden, invalid, todayInShanghai, type IsoDate } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import type { HouseholdDetail } from '@mz/registry/server';
import type { HukouType } from '@mz/registry';
import { levelOf } from '@mz/workflow';
import {
  calculateDibao, EDGE_FAMILY_SOURCES, recognitionValidUntil, requireParam, yuan,
  type Breakdown, type EdgeFamilyInput, type EdgeFamilySource, type EdgeFamilySummary, type RecognitionEndInput, type RecognitionQuery,
  type ResolvedParams,
} from '../domain/index.ts';
import {
  activeOn, actorUserId, currentHousehold, endRecognition, findRecognition, listRecognitions, supersedeRecognition,
  type RecognitionRegister, type RecognitionRow,
} from './family-register.repository.ts';
import { paramsFor } from './params.service.ts';

interface Row extends RecognitionRow {
  per_capita_income_fen: string;
  edge_multiplier: string;
  standard_fen: string;
  source: EdgeFamilySource;
  source_case_id: string | null;
  source_case_no: string | null;
}

const REGISTER: RecognitionRegister<Row, EdgeFamilySummary> = {
  table: sql`assistance_edge_family`,
  joins: sql`LEFT JOIN workflow_case w ON w.id = e.source_case_id`,
  columns: sql`e.per_capita_income_fen::text AS per_capita_income_fen, e.edge_multiplier, e.standard_fen::text AS standard_fen, e.source,
    e.source_case_id, w.case_no AS source_case_no`,
  toSummary: (r, shared) => ({
    ...shared, perCapitaIncomeFen: Number(r.per_capita_income_fen), edgeMultiplier: r.edge_multiplier, standardFen: Number(r.standard_fen),
    source: r.source, sourceName: EDGE_FAMILY_SOURCES[r.source], sourceCaseId: r.source_case_id, sourceCaseNo: r.source_case_no,
  }),
  name: '低保边缘家庭',
  entityType: 'assistance_edge_family',
  endAction: 'assistance.edge_family_end',
};

/** The recognition of a household in force on `today`, if any. */
export async function activeEdgeFamily(tx: Tx, householdId: string, today: IsoDate): Promise<{ id: string; validUntil: string } | null> {
  const [row] = await tx.rows<{ id: string; valid_until: string }>(sql`
    SELECT e.id, e.valid_until::text AS valid_until FROM assistance_edge_family e WHERE e.household_id = ${householdId}::uuid AND ${activeOn(today)}`);
  return row ? { id: row.id, validUntil: row.valid_until } : null;
}

export interface Recognition {
  household: HouseholdDetail;
  recognisedOn: IsoDate;
  breakdown: Breakdown;
  hukouType: HukouType;
  source: EdgeFamilySource;
  sourceCaseId: string | null;
  /** Shown in the audit entry: the case number, or '直接认定'. */
  sourceLabel: string;
  note?: string | null;
}

/**
 * Records a recognition the calculator has made (`breakdown.edgeFamily`). A current recognition of
 * the same household ends the day the new one starts: one household, one recognition in force.
 */
export async function recordEdgeFamily(tx: Tx, actor: Actor, who: AuditActor, rec: Recognition, params: ResolvedParams): Promise<EdgeFamilySummary> {
  const b = rec.breakdown;
  if (!b.edgeFamily || b.perCapitaIncomeFen === undefined) throw new Error('recordEdgeFamily: the breakdown does not establish a 低保边缘家庭');
  const months = requireParam(params, 'dibao.edge.validityMonths', 'months').value;
  // Older breakdowns did not carry the standard and multiplier; the parameters in force say the same.
  const standardFen = b.standardFen ?? requireParam(params, rec.hukouType === 'rural' ? 'dibao.standard.rural' : 'dibao.standard.urban', 'fen').value;
  const multiplier = b.edgeMultiplier ?? requireParam(params, 'dibao.edgeMultiplier', 'ratio').value;
  const validUntil = recognitionValidUntil(rec.recognisedOn, months);
  const head = rec.household.head ?? rec.household.members[0]?.person;
  if (!head) throw invalid('家庭没有成员', [{ path: 'householdId', message: '该家庭没有在册成员，不能认定' }]);
  const size = b.householdSize ?? rec.household.members.length;

  await supersedeRecognition(tx, actor, REGISTER, rec.household.id, rec.recognisedOn);
  const [{ id }] = await tx.rows<{ id: string }>(sql`
    INSERT INTO assistance_edge_family (household_id, region_code, head_name, head_id_masked, household_size, recognised_on, per_capita_income_fen,
      edge_multiplier, standard_fen, hukou_type, breakdown, source, source_case_id, valid_until, note, recognised_by, recognised_by_name)
    VALUES (${rec.household.id}::uuid, ${rec.household.regionCode}, ${head.name}, ${head.idNumberMasked}, ${size}, ${rec.recognisedOn}::date,
      ${b.perCapitaIncomeFen}, ${multiplier}, ${standardFen}, ${rec.hukouType}, ${JSON.stringify(b)}::jsonb, ${rec.source},
      ${rec.sourceCaseId}::uuid, ${validUntil}::date, ${rec.note ?? null}, ${actorUserId(actor)}::uuid, ${actor.name})
    RETURNING id`);
  await appendAudit(tx, who, {
    action: 'assistance.edge_family_recognise', entityType: 'assistance_edge_family', entityId: id, regionCode: rec.household.regionCode,
    summary: `认定低保边缘家庭：户主 ${head.name}（${head.idNumberMasked}），${size} 人，月人均收入 ${yuan(b.perCapitaIncomeFen)}，`
      + `低于低保标准 ${yuan(standardFen)} 的 ${multiplier} 倍；${EDGE_FAMILY_SOURCES[rec.source]}（${rec.sourceLabel}），有效期至 ${validUntil}`,
    diff: {
      householdId: { before: null, after: rec.household.id }, recognisedOn: { before: null, after: rec.recognisedOn },
      perCapitaIncomeFen: { before: null, after: b.perCapitaIncomeFen }, validUntil: { before: null, after: validUntil }, source: { before: null, after: rec.source },
    },
  });
  return (await findRecognition(tx, actor, REGISTER, id, todayInShanghai()))!;
}

/**
 * Admission to 低保 (not 单人保: the rest of that household stays a 边缘家庭, rules §1.3) ends the
 * household's recognition: a 低保 family is not a 边缘家庭.
 */
export async function endEdgeFamilyOnAdmission(tx: Tx, actor: Actor, who: AuditActor, householdId: string, on: IsoDate, caseNo: string): Promise<void> {
  const ended = await tx.rows<{ id: string; region_code: string; head_name: string }>(sql`
    UPDATE assistance_edge_family SET ended_on = greatest(${on}::date, recognised_on), ended_reason = ${`纳入低保（案件 ${caseNo}）`},
      ended_by = ${actorUserId(actor)}::uuid, ended_by_name = ${actor.name}
    WHERE household_id = ${householdId}::uuid AND ended_on IS NULL
    RETURNING id, region_code, head_name`);
  for (const e of ended) {
    await appendAudit(tx, who, {
      action: 'assistance.edge_family_end', entityType: 'assistance_edge_family', entityId: e.id, regionCode: e.region_code,
      summary: `终止低保边缘家庭认定：户主 ${e.head_name}，纳入低保（案件 ${caseNo}）`,
      diff: { endedOn: { before: null, after: on } },
    });
  }
}

/** 乡镇（街道）审核: the township's reviewers (or its approvers) recognise directly — 刚性支出困难家庭 are the county's (第八条). */
function mayRecognise(actor: Actor): boolean {
  return levelOf(actor.regionCode) === 'township' && actor.roles.some((r) => r === 'reviewer' || r === 'approver');
}

/**
 * Direct recognition (POST /assistance/edge-families): the household's economic situation goes
 * through the 低保 calculator with every current member; only its verdict recognises.
 */
export async function recogniseEdgeFamily(tx: Tx, actor: Actor, who: AuditActor, input: EdgeFamilyInput, now = new Date()): Promise<EdgeFamilySummary & { breakdown: Breakdown }> {
  if (!mayRecognise(actor)) throw forbidden('低保边缘家庭由乡镇（街道）审核人员认定（低保办法第八条第二款）');
  const today = todayInShanghai(now);
  const on = input.recognisedOn ?? today;
  if (on > today) throw invalid('认定日期不正确', [{ path: 'recognisedOn', message: '认定日期不能晚于今天' }]);
  const household = await currentHousehold(tx, actor, input.householdId);

  // A household whose 低保 application is under way or in payment is decided in that case.
  const [open] = await tx.rows<{ case_no: string }>(sql`
    SELECT w.case_no FROM assistance_case a JOIN workflow_case w ON w.id = a.id
    WHERE a.programme = 'dibao' AND a.household_id = ${household.id}::uuid AND w.closed_at IS NULL AND NOT ('single_person' = ANY (w.flags)) LIMIT 1`);
  if (open) {
    throw new DomainError({
      code: 'CASE_OPEN', status: 409, title: '该家庭有未办结的低保案件',
      detail: `案件 ${open.case_no} 尚未办结；是否属于低保边缘家庭随该案件的审核确认一并认定`,
    });
  }

  const members = household.members.map((m) => m.person).filter((p) => p.status === 'alive');
  const params = await paramsFor(tx, household.regionCode, on);
  const breakdown = calculateDibao({
    hukouType: input.hukouType, members: members.map((m) => ({ personId: m.id, name: m.name })),
    incomes: input.incomes, deductions: input.deductions, property: input.property, categories: [],
  }, params);
  if (!breakdown.edgeFamily) {
    const why = breakdown.eligible
      ? [`家庭月人均收入 ${yuan(breakdown.perCapitaIncomeFen ?? 0)}，低于低保标准 ${yuan(breakdown.standardFen ?? 0)}，符合低保条件，请按低保申请办理（低保办法第八条第二款）`]
      // Property over the limits (第十四条) rules a 边缘家庭 out as it does 低保; otherwise it is the income.
      : breakdown.reasons.filter((r) => r.includes('低保办法第十四条'));
    if (why.length === 0) {
      why.push(`家庭月人均收入 ${yuan(breakdown.perCapitaIncomeFen ?? 0)}，不低于低保标准 ${yuan(breakdown.standardFen ?? 0)} 的 ${breakdown.edgeMultiplier} 倍（低保办法第八条第二款）`);
    }
    throw new DomainError({ code: 'NOT_EDGE_FAMILY', status: 409, title: '不符合低保边缘家庭条件', detail: why.join('；') });
  }
  const recognised = await recordEdgeFamily(tx, actor, who, {
    household, recognisedOn: on, breakdown, hukouType: input.hukouType, source: 'direct', sourceCaseId: null, sourceLabel: '直接认定', note: input.note,
  }, params);
  return { ...recognised, breakdown };
}

/** The register within the caller's jurisdiction, newest first. */
export async function listEdgeFamilies(tx: Tx, actor: Actor, query: RecognitionQuery, now = new Date()): Promise<{ items: EdgeFamilySummary[]; total: number }> {
  return listRecognitions(tx, actor, REGISTER, query, now);
}

/**
 * Ends a recognition early (the family's situation changed), with a reason; audited. The township
 * that recognises and the county above it may end one — unlike 刚性支出困难家庭, where only the
 * county decides either way.
 */
export async function endEdgeFamily(tx: Tx, actor: Actor, who: AuditActor, id: string, input: RecognitionEndInput, now = new Date()): Promise<EdgeFamilySummary> {
  const level = levelOf(actor.regionCode);
  if (!(level === 'township' || level === 'county') || !actor.roles.some((r) => r === 'reviewer' || r === 'approver')) {
    throw forbidden('低保边缘家庭认定由乡镇（街道）或县级审核、审批人员终止');
  }
  return endRecognition(tx, actor, who, REGISTER, id, input, now);
}
