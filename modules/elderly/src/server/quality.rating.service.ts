/**
 * 等级评定 (GB/T 37276): a scoring sheet per rating, draft → submitted → confirmed by a county, city
 * or province approver, who may also return it to draft. Confirmation writes the institution's
 * grade (the CONTRACT columns grade/graded_on of elderly_institution). Ratings are never deleted:
 * the confirmed ones are the institution's grade history, the events table the decision log.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import { conflict, DomainError, forbidden, invalid, notFound, regionLevel, subtreeRange, todayInShanghai } from '@mz/kernel';
import {
  BELOW_GRADE_NAME, computeGrade, DEFAULT_GRADE_THRESHOLDS_SOURCE, gradeName, partScoreProblems, RATING_ACTION_NAMES, RATING_STATUS_NAMES, ratingActionProblem, ratingTransition,
  type GradePartKey, type GradeResult, type GradeThreshold, type PartScores, type RatingAction, type RatingStatus,
} from '../domain/index.ts';
import { resolveParam } from './quality.params.service.ts';
import { operatorInstitutionIds, ownInstitutions, requireOfficial, visibleInstitution } from './quality.scope.ts';

export type RatingView = {
  id: string; ratingNo: number; institutionId: string; institutionName: string; regionCode: string; regionName: string | null;
  status: RatingStatus; statusName: string; ratedOn: string; scores: PartScores; total: number;
  grade: number | null; gradeName: string; gradedOn: string | null; evaluators: string | null;
  createdByName: string | null; submittedByName: string | null; confirmedByName: string | null; confirmedAt: string | null; version: number;
};

export type RatingDetail = RatingView & {
  itemNotes: Partial<Record<GradePartKey, string>>;
  opinion: string | null;
  result: GradeResult;
  thresholds: GradeThreshold[];
  thresholdsSource: string;
  events: { action: string; actionName: string; fromStatus: string | null; toStatus: string; opinion: string | null; byName: string | null; at: string }[];
  availableActions: { key: RatingAction; name: string }[];
};

interface RatingRow {
  id: string; rating_no: string; institution_id: string; institution_name: string; region_code: string; region_name: string | null; status: RatingStatus;
  rated_on: string; score_environment: string; score_facilities: string; score_operations: string; score_service: string; total: string;
  grade: number | null; graded_on: string | null; evaluators: string | null; created_by_name: string | null; submitted_by: string | null; submitted_by_name: string | null;
  confirmed_by_name: string | null; confirmed_at: string | null; version: number; item_notes: Record<string, string>; opinion: string | null;
  thresholds: GradeThreshold[]; param_id: string | null;
}

const COLUMNS = sql`r.id, r.rating_no, r.institution_id, i.name AS institution_name, r.region_code, rg.name AS region_name, r.status, r.rated_on::text,
  r.score_environment::text, r.score_facilities::text, r.score_operations::text, r.score_service::text, r.total::text, r.grade, r.graded_on::text,
  r.evaluators, r.created_by_name, r.submitted_by, r.submitted_by_name, r.confirmed_by_name, r.confirmed_at, r.version, r.item_notes, r.opinion,
  r.thresholds, r.param_id`;
const FROM = sql`elderly_quality_rating r JOIN elderly_institution i ON i.id = r.institution_id LEFT JOIN region rg ON rg.code = r.region_code`;

function scoresOf(r: RatingRow): PartScores {
  return { environment: Number(r.score_environment), facilities: Number(r.score_facilities), operations: Number(r.score_operations), service: Number(r.score_service) };
}

function view(r: RatingRow): RatingView {
  return {
    id: r.id, ratingNo: Number(r.rating_no), institutionId: r.institution_id, institutionName: r.institution_name, regionCode: r.region_code, regionName: r.region_name,
    status: r.status, statusName: RATING_STATUS_NAMES[r.status], ratedOn: r.rated_on, scores: scoresOf(r), total: Number(r.total),
    grade: r.grade === null ? null : Number(r.grade), gradeName: r.grade ? gradeName(r.grade) : BELOW_GRADE_NAME,
    gradedOn: r.graded_on, evaluators: r.evaluators, createdByName: r.created_by_name, submittedByName: r.submitted_by_name,
    confirmedByName: r.confirmed_by_name, confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null, version: r.version,
  };
}

export interface RatingFilter { status?: RatingStatus; institutionId?: string; regionCode?: string; page: number; pageSize: number }

export async function listRatings(tx: Tx, actor: Actor, f: RatingFilter): Promise<{ items: RatingView[]; total: number }> {
  const scope = subtreeRange(actor.regionCode);
  const part = f.regionCode ? subtreeRange(f.regionCode) : scope;
  const own = await operatorInstitutionIds(tx, actor);
  const where = sql`r.region_code >= ${scope.from} AND r.region_code < ${scope.to} AND r.region_code >= ${part.from} AND r.region_code < ${part.to}
    ${ownInstitutions(own, sql`r.institution_id`)}
    ${f.status ? sql`AND r.status = ${f.status}` : sql``}
    ${f.institutionId ? sql`AND r.institution_id = ${f.institutionId}::uuid` : sql``}`;
  const [{ total }] = await tx.rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM elderly_quality_rating r WHERE ${where}`) as [{ total: number }];
  const rows = await tx.rows<RatingRow>(sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where}
    ORDER BY CASE r.status WHEN 'submitted' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, r.rated_on DESC, r.rating_no DESC
    LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { total, items: rows.map(view) };
}

async function loadRow(tx: Tx, actor: Actor, id: string, lock = false): Promise<RatingRow> {
  const own = await operatorInstitutionIds(tx, actor);
  const [r] = await tx.rows<RatingRow>(sql`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = ${id}::uuid ${lock ? sql`FOR UPDATE OF r` : sql``}`);
  if (!r || (own && !own.includes(r.institution_id))) throw notFound('等级评定不存在或不在您的管辖范围内');
  return r;
}

function actionsFor(r: RatingRow, actor: Actor, isOperator: boolean): { key: RatingAction; name: string }[] {
  if (isOperator) return [];
  const level = regionLevel(actor.regionCode);
  const out: { key: RatingAction; name: string }[] = [];
  for (const key of ['submit', 'return', 'confirm'] as const) {
    const needs = key === 'submit' ? 'elderly.rating.edit' : 'elderly.rating.confirm';
    if (!actor.permissions.has(needs)) continue;
    if (!ratingActionProblem(key, r.status, { id: actor.id, regionLevel: level }, r.submitted_by)) out.push({ key, name: RATING_ACTION_NAMES[key] });
  }
  return out;
}

export async function getRating(tx: Tx, actor: Actor, id: string): Promise<RatingDetail> {
  const r = await loadRow(tx, actor, id);
  const isOperator = (await operatorInstitutionIds(tx, actor)) !== null;
  const events = await tx.rows<{ action: string; from_status: string | null; to_status: string; opinion: string | null; by_name: string | null; at: string }>(sql`
    SELECT action, from_status, to_status, opinion, by_name, at FROM elderly_quality_rating_event WHERE rating_id = ${id}::uuid ORDER BY id`);
  const source = r.param_id
    ? (await tx.rows<{ region_name: string | null; effective_from: string }>(sql`
        SELECT rg.name AS region_name, p.effective_from::text FROM elderly_quality_param p LEFT JOIN region rg ON rg.code = p.region_code WHERE p.id = ${r.param_id}::uuid`))
        .map((p) => `${p.region_name ?? ''}自 ${p.effective_from} 起执行的地方标准`)[0] ?? '地方标准'
    : DEFAULT_GRADE_THRESHOLDS_SOURCE;
  return {
    ...view(r), itemNotes: r.item_notes, opinion: r.opinion, result: computeGrade(scoresOf(r), r.thresholds), thresholds: r.thresholds, thresholdsSource: source,
    events: events.map((e) => ({
      action: e.action, actionName: RATING_ACTION_NAMES[e.action as RatingAction] ?? e.action, fromStatus: e.from_status, toStatus: e.to_status,
      opinion: e.opinion, byName: e.by_name, at: new Date(e.at).toISOString(),
    })),
    availableActions: actionsFor(r, actor, isOperator),
  };
}

export interface RatingInput {
  institutionId: string; ratedOn: string; scores: PartScores; itemNotes?: Partial<Record<GradePartKey, string>>; evaluators?: string;
}

function checkScores(scores: PartScores, ratedOn: string, today: string) {
  const problems = partScoreProblems(scores);
  if (ratedOn > today) problems.push({ path: 'ratedOn', message: '评定日期不能晚于今天' });
  if (problems.length) throw invalid('评分表填写有误', problems);
}

async function event(tx: Tx, r: { id: string; institution_id: string; region_code: string }, action: string, from: string | null, to: string, opinion: string | null, who: AuditActor) {
  await tx.run(sql`INSERT INTO elderly_quality_rating_event (rating_id, institution_id, region_code, action, from_status, to_status, opinion, by_id, by_name)
    VALUES (${r.id}::uuid, ${r.institution_id}::uuid, ${r.region_code}, ${action}, ${from}, ${to}, ${opinion}, ${who.actorId}, ${who.actorName})`);
}

/** Grades the sheet by the thresholds in force for the institution's region on the rating day. */
async function grading(tx: Tx, regionCode: string, ratedOn: string, scores: PartScores) {
  const param = await resolveParam(tx, 'grade_thresholds', regionCode, ratedOn);
  return { param, result: computeGrade(scores, param.value) };
}

export async function createRating(tx: Tx, actor: Actor, who: AuditActor, input: RatingInput, today = todayInShanghai()): Promise<RatingDetail> {
  await requireOfficial(tx, actor, '录入等级评定');
  const inst = await visibleInstitution(tx, actor, input.institutionId);
  if (inst.kind !== 'care_home') throw invalid('只有养老机构参加等级评定', [{ path: 'institutionId', message: '日间照料中心、老年餐厅等设施不按 GB/T 37276 评定等级' }]);
  if (inst.status === 'closed') throw invalid('机构已关闭，不能评定等级', [{ path: 'institutionId', message: '机构已关闭' }]);
  checkScores(input.scores, input.ratedOn, today);
  const { param, result } = await grading(tx, inst.regionCode, input.ratedOn, input.scores);
  const rows = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_quality_rating (institution_id, region_code, rated_on, score_environment, score_facilities, score_operations, score_service, total, grade,
      thresholds, param_id, item_notes, evaluators, created_by, created_by_name)
    SELECT ${inst.id}::uuid, ${inst.regionCode}, ${input.ratedOn}::date, ${input.scores.environment}, ${input.scores.facilities}, ${input.scores.operations},
      ${input.scores.service}, ${result.total}, ${result.grade}, ${JSON.stringify(param.value)}::jsonb, ${param.id}::uuid, ${JSON.stringify(input.itemNotes ?? {})}::jsonb,
      ${input.evaluators ?? null}, ${who.actorId}, ${who.actorName}
    WHERE NOT EXISTS (SELECT 1 FROM elderly_quality_rating WHERE institution_id = ${inst.id}::uuid AND status <> 'confirmed')
    ON CONFLICT DO NOTHING RETURNING id`);
  if (!rows[0]) throw conflict('该机构已有未完成的等级评定', '请先提交或处理正在进行的评定');
  const row = { id: rows[0].id, institution_id: inst.id, region_code: inst.regionCode };
  await event(tx, row, 'create', null, 'draft', null, who);
  await appendAudit(tx, who, {
    action: 'elderly.rating.create', entityType: 'elderly_quality_rating', entityId: row.id, regionCode: inst.regionCode,
    summary: `新建${inst.name}等级评定：总分 ${result.total}，初评${result.gradeName}`,
    diff: diffFields(null, { institution: inst.name, ratedOn: input.ratedOn, ...input.scores, total: result.total, grade: result.grade }),
  });
  return getRating(tx, actor, row.id);
}

export async function updateRating(tx: Tx, actor: Actor, who: AuditActor, id: string, input: Omit<RatingInput, 'institutionId'> & { version: number }, today = todayInShanghai()): Promise<RatingDetail> {
  await requireOfficial(tx, actor, '修改等级评定');
  const r = await loadRow(tx, actor, id, true);
  if (r.status !== 'draft') throw conflict(`当前状态为“${RATING_STATUS_NAMES[r.status]}”，只有草稿可以修改评分`);
  if (r.version !== input.version) throw new DomainError({ code: 'VERSION_CONFLICT', status: 409, title: '该评定已被他人修改，请刷新后重试' });
  checkScores(input.scores, input.ratedOn, today);
  const { param, result } = await grading(tx, r.region_code, input.ratedOn, input.scores);
  await tx.run(sql`UPDATE elderly_quality_rating SET rated_on = ${input.ratedOn}::date, score_environment = ${input.scores.environment},
      score_facilities = ${input.scores.facilities}, score_operations = ${input.scores.operations}, score_service = ${input.scores.service},
      total = ${result.total}, grade = ${result.grade}, thresholds = ${JSON.stringify(param.value)}::jsonb, param_id = ${param.id}::uuid,
      item_notes = ${JSON.stringify(input.itemNotes ?? {})}::jsonb, evaluators = ${input.evaluators ?? null}, updated_at = now(), version = version + 1
    WHERE id = ${id}::uuid`);
  await event(tx, r, 'update', 'draft', 'draft', null, who);
  await appendAudit(tx, who, {
    action: 'elderly.rating.update', entityType: 'elderly_quality_rating', entityId: id, regionCode: r.region_code,
    summary: `修改${r.institution_name}等级评分：总分 ${result.total}，初评${result.gradeName}`,
    diff: diffFields({ ratedOn: r.rated_on, ...scoresOf(r), total: Number(r.total), grade: r.grade }, { ratedOn: input.ratedOn, ...input.scores, total: result.total, grade: result.grade }),
  });
  return getRating(tx, actor, id);
}

export interface RatingActionInput { action: RatingAction; opinion?: string; version: number }

export async function actOnRating(tx: Tx, actor: Actor, who: AuditActor, id: string, input: RatingActionInput, today = todayInShanghai()): Promise<RatingDetail> {
  await requireOfficial(tx, actor, '办理等级评定');
  const needs = input.action === 'submit' ? 'elderly.rating.edit' : 'elderly.rating.confirm';
  if (!actor.permissions.has(needs)) throw forbidden('没有权限', `缺少权限：${needs}`);
  const r = await loadRow(tx, actor, id, true);
  if (r.version !== input.version) throw new DomainError({ code: 'VERSION_CONFLICT', status: 409, title: '该评定已被他人办理，请刷新后重试' });
  const problem = ratingActionProblem(input.action, r.status, { id: actor.id, regionLevel: regionLevel(actor.regionCode) }, r.submitted_by);
  if (problem) throw new DomainError({ code: problem.status === 409 ? 'ILLEGAL_TRANSITION' : 'NOT_YOUR_STEP', status: problem.status, title: problem.title });
  const opinion = input.opinion?.trim() || null;
  if (input.action === 'return' && !opinion) throw invalid('请填写退回意见', [{ path: 'opinion', message: '退回时须说明理由' }]);
  const to = ratingTransition(input.action);
  // Submission and confirmation re-grade with the thresholds in force on the rating day, so a
  // parameter added after the draft was keyed still applies, and the stored grade is what was decided.
  const { param, result } = await grading(tx, r.region_code, r.rated_on, scoresOf(r));
  if (input.action === 'submit') {
    await tx.run(sql`UPDATE elderly_quality_rating SET status = 'submitted', grade = ${result.grade}, thresholds = ${JSON.stringify(param.value)}::jsonb,
        param_id = ${param.id}::uuid, submitted_by = ${who.actorId}, submitted_by_name = ${who.actorName}, submitted_at = now(), updated_at = now(), version = version + 1
      WHERE id = ${id}::uuid`);
  } else if (input.action === 'return') {
    await tx.run(sql`UPDATE elderly_quality_rating SET status = 'draft', opinion = ${opinion}, submitted_by = NULL, submitted_by_name = NULL, submitted_at = NULL,
        updated_at = now(), version = version + 1 WHERE id = ${id}::uuid`);
  } else {
    await tx.run(sql`UPDATE elderly_quality_rating SET status = 'confirmed', grade = ${result.grade}, thresholds = ${JSON.stringify(param.value)}::jsonb,
        param_id = ${param.id}::uuid, graded_on = ${today}::date, opinion = ${opinion}, confirmed_by = ${who.actorId}, confirmed_by_name = ${who.actorName},
        confirmed_at = now(), updated_at = now(), version = version + 1
      WHERE id = ${id}::uuid`);
    const [before] = await tx.rows<{ grade: number | null; graded_on: string | null }>(sql`SELECT grade, graded_on::text FROM elderly_institution WHERE id = ${r.institution_id}::uuid`);
    await tx.run(sql`UPDATE elderly_institution SET grade = ${result.grade}, graded_on = ${today}::date, updated_at = now(), version = version + 1
      WHERE id = ${r.institution_id}::uuid`);
    await appendAudit(tx, who, {
      action: 'elderly.rating.confirm', entityType: 'elderly_institution', entityId: r.institution_id, regionCode: r.region_code,
      summary: `确认${r.institution_name}等级为${result.gradeName}（总分 ${result.total}）`,
      diff: diffFields({ grade: before?.grade ?? null, gradedOn: before?.graded_on ?? null }, { grade: result.grade, gradedOn: today }),
    });
  }
  await event(tx, r, input.action, r.status, to, opinion, who);
  if (input.action !== 'confirm') {
    await appendAudit(tx, who, {
      action: `elderly.rating.${input.action}`, entityType: 'elderly_quality_rating', entityId: id, regionCode: r.region_code,
      summary: `${RATING_ACTION_NAMES[input.action]}${r.institution_name}等级评定${opinion ? `：${opinion}` : ''}`,
      diff: diffFields({ status: r.status }, { status: to }),
    });
  }
  return getRating(tx, actor, id);
}
