/**
 * 老年人能力评估: drafts, answers, completion (the server computes scores and levels with the
 * domain rules and freezes them), voiding, lists, the audited full view and the current level.
 * Contract: docs/api/elderly-assessment-contract.md.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { FieldCipher } from '@mz/crypto';
import type { Actor, AuditActor } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { diffFields } from '@mz/audit';
import { addCalendarDays, ageOn, conflict, DomainError, invalid, notFound, subtreeRange, todayInShanghai, type FieldError, type IsoDate } from '@mz/kernel';
import {
  ABILITY_LEVEL_NAMES, ASSESSMENT_REASON_NAMES, ASSESSMENT_STATUS_NAMES, RISK_EVENT_NAMES,
  type AbilityLevel, type AssessmentReason, type AssessmentStatus, type RiskEventKind,
} from '../domain/assessment.names.ts';
import {
  answerProblems, assessabilityProblem, assessorProblems, evaluateAssessment, nextDueOn, riskEventProblems,
  type Answers, type Assessor, type ChangeReason, type Diagnosis, type RiskEvent,
} from '../domain/assessment.rules.ts';
import type { CreateAssessmentInput, ListAssessmentsQuery, UpdateAssessmentInput } from '../domain/assessment.schema.ts';

/** Associated data of the diagnoses envelope: a value sealed for one column cannot be replayed into another. */
const DIAGNOSES_FIELD = 'elderly_assessment.diagnoses';
const ENTITY = 'elderly_assessment';

export interface DimensionScoreView { code: string; name: string; score: number; max: number }

export interface AssessmentSummary {
  id: string; personId: string; personName: string; idMasked: string; regionCode: string; regionName: string | null;
  assessedOn: string; reason: AssessmentReason; reasonName: string; status: AssessmentStatus; statusName: string;
  totalScore: number | null; preliminaryLevel: AbilityLevel | null; finalLevel: AbilityLevel | null; finalLevelName: string | null;
  nextDueOn: string | null;
  /** The person's latest completed assessment (the one their level comes from). */
  current: boolean;
  /** For the current assessment: 'overdue' past its due date, 'due' within the days asked for (or 30), else null. */
  dueState: 'overdue' | 'due' | null;
  completedByName: string | null; createdByName: string | null; updatedAt: string; version: number;
}

export interface AssessmentDetail extends AssessmentSummary {
  sex: string | null; birthDate: string | null; ageOnAssessment: number | null;
  place: string | null;
  answers: Record<string, number>;
  dimensionScores: DimensionScoreView[] | null;
  preliminaryLevelName: string | null;
  changeReasons: ChangeReason[];
  diagnoses: Diagnosis[];
  riskEvents: (RiskEvent & { kindName: string })[];
  assessors: Partial<Assessor>[];
  completedAt: string | null; voidedAt: string | null; voidedByName: string | null; voidReason: string | null; createdAt: string;
}

interface Row {
  id: string; person_id: string; person_name: string; id_masked: string; region_code: string; region_name: string | null;
  assessed_on: string; reason: AssessmentReason; place: string | null; answers: Record<string, number>; dimension_scores: DimensionScoreView[] | null;
  total_score: number | null; preliminary_level: number | null; final_level: number | null; change_reasons: ChangeReason[];
  diagnoses_cipher: string | null; risk_events: RiskEvent[]; assessors: Partial<Assessor>[]; status: AssessmentStatus; next_due_on: string | null;
  completed_at: string | null; completed_by_name: string | null; voided_at: string | null; voided_by_name: string | null; void_reason: string | null;
  created_by_name: string | null; created_at: string; updated_at: string; version: number;
  is_current: boolean; sex: string | null; birth_date: string | null;
}

/**
 * "This is the person's current assessment": completed, and no completed one of the same person is
 * later by (assessed_on, completed_at, id) — the order the view elderly_current_assessment uses. A
 * probe per row on the person index, rather than joining the whole view into every list page.
 */
const IS_CURRENT = sql`(a.status = 'completed' AND NOT EXISTS (
  SELECT 1 FROM elderly_assessment b WHERE b.person_id = a.person_id AND b.status = 'completed'
    AND (b.assessed_on, b.completed_at, b.id) > (a.assessed_on, a.completed_at, a.id)))`;

const COLUMNS = sql`a.id, a.person_id, a.person_name, a.id_masked, a.region_code, rg.name AS region_name, a.assessed_on::text, a.reason, a.place,
  a.answers, a.dimension_scores, a.total_score, a.preliminary_level, a.final_level, a.change_reasons, a.diagnoses_cipher, a.risk_events, a.assessors,
  a.status, a.next_due_on::text, a.completed_at, a.completed_by_name, a.voided_at, a.voided_by_name, a.void_reason, a.created_by_name,
  a.created_at, a.updated_at, a.version, ${IS_CURRENT} AS is_current, p.sex, p.birth_date::text`;

const FROM = sql`elderly_assessment a
  LEFT JOIN region rg ON rg.code = a.region_code
  LEFT JOIN registry_person p ON p.id = a.person_id`;

const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
const level = (v: number | null) => (v === null ? null : (Number(v) as AbilityLevel));

/** Days ahead the list calls "due" when no window is asked for. */
export const DEFAULT_DUE_WINDOW_DAYS = 30;

function summary(r: Row, today: IsoDate, dueWithinDays = DEFAULT_DUE_WINDOW_DAYS): AssessmentSummary {
  const finalLevel = level(r.final_level);
  const dueState = r.is_current && r.next_due_on
    ? r.next_due_on < today ? 'overdue' : r.next_due_on <= addCalendarDays(today, dueWithinDays) ? 'due' : null
    : null;
  return {
    id: r.id, personId: r.person_id, personName: r.person_name, idMasked: r.id_masked, regionCode: r.region_code, regionName: r.region_name,
    assessedOn: r.assessed_on, reason: r.reason, reasonName: ASSESSMENT_REASON_NAMES[r.reason], status: r.status, statusName: ASSESSMENT_STATUS_NAMES[r.status],
    totalScore: r.total_score === null ? null : Number(r.total_score), preliminaryLevel: level(r.preliminary_level), finalLevel,
    finalLevelName: finalLevel === null ? null : ABILITY_LEVEL_NAMES[finalLevel], nextDueOn: r.next_due_on, current: r.is_current, dueState,
    completedByName: r.completed_by_name, createdByName: r.created_by_name, updatedAt: iso(r.updated_at)!, version: r.version,
  };
}

function detail(r: Row, cipher: FieldCipher, today: IsoDate): AssessmentDetail {
  const s = summary(r, today);
  const preliminary = level(r.preliminary_level);
  return {
    ...s,
    sex: r.sex, birthDate: r.birth_date, ageOnAssessment: r.birth_date && r.birth_date <= r.assessed_on ? ageOn(r.birth_date, r.assessed_on) : null,
    place: r.place, answers: r.answers, dimensionScores: r.dimension_scores,
    preliminaryLevelName: preliminary === null ? null : ABILITY_LEVEL_NAMES[preliminary], changeReasons: r.change_reasons,
    diagnoses: readDiagnoses(cipher, r.diagnoses_cipher),
    riskEvents: r.risk_events.map((e) => ({ ...e, kindName: RISK_EVENT_NAMES[e.kind as RiskEventKind] })),
    assessors: r.assessors, completedAt: iso(r.completed_at), voidedAt: iso(r.voided_at), voidedByName: r.voided_by_name, voidReason: r.void_reason,
    createdAt: iso(r.created_at)!,
  };
}

function readDiagnoses(cipher: FieldCipher, envelope: string | null): Diagnosis[] {
  return envelope ? (JSON.parse(cipher.decrypt(DIAGNOSES_FIELD, envelope)) as Diagnosis[]) : [];
}

function sealDiagnoses(cipher: FieldCipher, diagnoses: readonly Diagnosis[]): string | null {
  return diagnoses.length ? cipher.encrypt(DIAGNOSES_FIELD, JSON.stringify(diagnoses.map((d) => ({ code: d.code, name: d.name ?? null })))) : null;
}

async function loadRow(tx: Tx, scopeRegion: string, id: string, lock = false): Promise<Row> {
  const scope = subtreeRange(scopeRegion);
  // Lock before reading, so the version compared is the one the update will replace.
  if (lock) await tx.run(sql`SELECT 1 FROM elderly_assessment WHERE id = ${id}::uuid FOR UPDATE`);
  const [row] = await tx.rows<Row>(sql`SELECT ${COLUMNS} FROM ${FROM}
    WHERE a.id = ${id}::uuid AND a.region_code >= ${scope.from} AND a.region_code < ${scope.to}`);
  if (!row) throw notFound('评估记录不存在或不在本辖区');
  return row;
}

function expectVersion(row: Row, version: number) {
  if (row.version !== version) throw conflict('该评估已被他人修改，请刷新后重试');
}

function expectDraft(row: Row) {
  if (row.status !== 'draft') throw conflict(`该评估${ASSESSMENT_STATUS_NAMES[row.status]}，不能再修改`);
}

interface PersonRow { id: string; name: string; id_masked: string; region_code: string; birth_date: string; status: string; death_date: string | null }

async function assessablePerson(tx: Tx, scopeRegion: string, personId: string, assessedOn: IsoDate): Promise<PersonRow> {
  const scope = subtreeRange(scopeRegion);
  const [p] = await tx.rows<PersonRow>(sql`SELECT id, name, id_masked, region_code, birth_date::text, status, death_date::text
    FROM registry_person WHERE id = ${personId}::uuid AND region_code >= ${scope.from} AND region_code < ${scope.to}`);
  if (!p) throw notFound('人员不存在或不在本辖区');
  const problem = assessabilityProblem({ birthDate: p.birth_date, status: p.status, deathDate: p.death_date }, assessedOn);
  if (problem) throw invalid(problem, [{ path: 'personId', message: problem }]);
  return p;
}

function checkAssessedOn(assessedOn: IsoDate, today: IsoDate) {
  if (assessedOn > today) throw invalid('评估日期不能晚于今天', [{ path: 'assessedOn', message: '评估日期不能晚于今天' }]);
}

export async function createAssessment(tx: Tx, actor: Actor, audit: AuditActor, input: CreateAssessmentInput, today = todayInShanghai()): Promise<string> {
  checkAssessedOn(input.assessedOn, today);
  const person = await assessablePerson(tx, actor.regionCode, input.personId, input.assessedOn);
  const [existing] = await tx.rows<{ id: string }>(sql`SELECT id FROM elderly_assessment WHERE person_id = ${person.id}::uuid AND status = 'draft'`);
  if (existing) {
    throw new DomainError({ code: 'DRAFT_EXISTS', status: 409, title: '该老人已有填写中的评估，请继续填写该评估', detail: existing.id });
  }
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_assessment (person_id, region_code, person_name, id_masked, assessed_on, reason, created_by, created_by_name)
    VALUES (${person.id}::uuid, ${person.region_code}, ${person.name}, ${person.id_masked}, ${input.assessedOn}::date, ${input.reason},
            ${actor.kind === 'user' ? actor.id : null}::uuid, ${actor.name})
    RETURNING id`);
  await appendAudit(tx, audit, {
    action: 'elderly.assessment.create', entityType: ENTITY, entityId: row!.id, regionCode: person.region_code,
    summary: `新建老年人能力评估：${person.name}（${person.id_masked}），评估日期 ${input.assessedOn}`,
    diff: diffFields(null, { personId: person.id, assessedOn: input.assessedOn, reason: input.reason }),
  });
  return row!.id;
}

/** Saves what the form sends (any subset); answers are merged item by item. Only drafts change. */
export async function updateAssessment(tx: Tx, actor: Actor, audit: AuditActor, cipher: FieldCipher, id: string, input: UpdateAssessmentInput, today = todayInShanghai()): Promise<void> {
  const row = await loadRow(tx, actor.regionCode, id, true);
  expectDraft(row);
  expectVersion(row, input.version);
  const assessedOn = input.assessedOn ?? row.assessed_on;
  if (input.assessedOn && input.assessedOn !== row.assessed_on) {
    checkAssessedOn(input.assessedOn, today);
    await assessablePerson(tx, actor.regionCode, row.person_id, input.assessedOn);
  }
  const answers: Record<string, number> = { ...row.answers };
  for (const [code, score] of Object.entries(input.answers ?? {})) {
    if (score === null) delete answers[code];
    else answers[code] = score;
  }
  const riskEvents = input.riskEvents ?? row.risk_events;
  const problems: FieldError[] = [...answerProblems(answers, { complete: false }), ...riskEventProblems(riskEvents, assessedOn)];
  if (input.assessors && input.assessors.length === 2) {
    // Both given: the same person twice is an error now, not only at completion.
    problems.push(...assessorProblems(input.assessors).filter((p) => p.message.startsWith('两名')));
  }
  if (problems.length) throw invalid('评估内容有误，请按提示修改', problems);

  const before = { assessedOn: row.assessed_on, reason: row.reason, place: row.place, answers: row.answers, riskEvents: row.risk_events, assessors: row.assessors };
  const after = {
    assessedOn, reason: input.reason ?? row.reason, place: input.place === undefined ? row.place : input.place ?? null, answers,
    riskEvents: riskEvents.map((e) => ({ kind: e.kind, date: e.date, note: e.note ?? null })),
    assessors: (input.assessors ?? row.assessors).map((a) => ({ name: a.name?.trim() ?? '', certNo: a.certNo?.trim() ?? '' })),
  };
  const diagnosesChanged = input.diagnoses !== undefined;
  const diagnoses = input.diagnoses ?? [];
  await tx.run(sql`UPDATE elderly_assessment SET
      assessed_on = ${after.assessedOn}::date, reason = ${after.reason}, place = ${after.place},
      answers = ${JSON.stringify(after.answers)}::jsonb, risk_events = ${JSON.stringify(after.riskEvents)}::jsonb,
      assessors = ${JSON.stringify(after.assessors)}::jsonb,
      ${diagnosesChanged ? sql`diagnoses_cipher = ${sealDiagnoses(cipher, diagnoses)}, diagnosis_count = ${diagnoses.length},` : sql``}
      updated_at = now(), version = version + 1
    WHERE id = ${id}::uuid`);
  const diff = diffFields(before, after) ?? {};
  // The diagnoses themselves never enter the audit log (health data): only that they changed.
  if (diagnosesChanged) diff.diagnoses = { before: row.diagnoses_cipher ? '***' : null, after: `${diagnoses.length} 条` };
  await appendAudit(tx, audit, {
    action: 'elderly.assessment.update', entityType: ENTITY, entityId: id, regionCode: row.region_code,
    summary: `填写老年人能力评估：${row.person_name}（已评 ${Object.keys(answers).length}/26 项）`, diff: Object.keys(diff).length ? diff : null,
  });
}

/** Checks everything, computes scores and levels on the server, and locks the assessment. */
export async function completeAssessment(tx: Tx, actor: Actor, audit: AuditActor, cipher: FieldCipher, id: string, version: number, today = todayInShanghai()): Promise<void> {
  const row = await loadRow(tx, actor.regionCode, id, true);
  expectDraft(row);
  expectVersion(row, version);
  checkAssessedOn(row.assessed_on, today);
  await assessablePerson(tx, actor.regionCode, row.person_id, row.assessed_on);
  const diagnoses = readDiagnoses(cipher, row.diagnoses_cipher);
  const problems = [
    ...answerProblems(row.answers, { complete: true }), ...assessorProblems(row.assessors), ...riskEventProblems(row.risk_events, row.assessed_on),
  ];
  if (problems.length) throw invalid('评估尚未填写完整，不能完成', problems);
  const e = evaluateAssessment({ answers: row.answers as Answers, diagnoses, riskEvents: row.risk_events, assessedOn: row.assessed_on });
  const levels = e.levels!;
  const dimensions = e.dimensions.map((d) => ({ code: d.code, name: d.name, score: d.score, max: d.max }));
  const due = nextDueOn(row.assessed_on);
  await tx.run(sql`UPDATE elderly_assessment SET
      status = 'completed', dimension_scores = ${JSON.stringify(dimensions)}::jsonb, total_score = ${e.total},
      preliminary_level = ${levels.preliminaryLevel}, final_level = ${levels.finalLevel}, change_reasons = ${JSON.stringify(levels.reasons)}::jsonb,
      next_due_on = ${due}::date, completed_at = now(), completed_by = ${actor.kind === 'user' ? actor.id : null}::uuid, completed_by_name = ${actor.name},
      updated_at = now(), version = version + 1
    WHERE id = ${id}::uuid`);
  await appendAudit(tx, audit, {
    action: 'elderly.assessment.complete', entityType: ENTITY, entityId: id, regionCode: row.region_code,
    summary: `完成老年人能力评估：${row.person_name}，总分 ${e.total}，最终等级 ${levels.finalLevel}级（${ABILITY_LEVEL_NAMES[levels.finalLevel]}）`,
    diff: diffFields({ status: 'draft' }, {
      status: 'completed', totalScore: e.total, preliminaryLevel: levels.preliminaryLevel, finalLevel: levels.finalLevel,
      changeRules: levels.reasons.map((r) => r.rule), nextDueOn: due,
    }),
  });
}

/** Voids a completed assessment with a reason; the person's level falls back to their previous completed assessment. */
export async function voidAssessment(tx: Tx, actor: Actor, audit: AuditActor, id: string, input: { version: number; reason: string }): Promise<void> {
  const row = await loadRow(tx, actor.regionCode, id, true);
  if (row.status !== 'completed') throw conflict(row.status === 'draft' ? '填写中的评估不能作废，请继续填写或完成后再作废' : '该评估已作废');
  expectVersion(row, input.version);
  await tx.run(sql`UPDATE elderly_assessment SET status = 'voided', voided_at = now(), voided_by_name = ${actor.name}, void_reason = ${input.reason},
      updated_at = now(), version = version + 1 WHERE id = ${id}::uuid`);
  await appendAudit(tx, audit, {
    action: 'elderly.assessment.void', entityType: ENTITY, entityId: id, regionCode: row.region_code,
    summary: `作废老年人能力评估：${row.person_name}（${row.assessed_on}，${row.final_level}级）；原因：${input.reason}`,
    diff: diffFields({ status: 'completed', voidReason: null }, { status: 'voided', voidReason: input.reason }),
  });
}

/** The audited full view (diagnoses decrypted). */
export async function getAssessment(tx: Tx, actor: Actor, audit: AuditActor, cipher: FieldCipher, id: string, today = todayInShanghai()): Promise<AssessmentDetail> {
  const row = await loadRow(tx, actor.regionCode, id);
  await appendAudit(tx, audit, {
    action: 'elderly.assessment.view', entityType: ENTITY, entityId: id, regionCode: row.region_code,
    summary: `查看老年人能力评估详情：${row.person_name}（${row.assessed_on}）`,
  });
  return detail(row, cipher, today);
}

/**
 * The assessment as it stands after the caller's own write, returned by that write: the write is
 * audited already, so reading back what one just saved is not a second entry.
 */
export async function readAssessmentAfterWrite(tx: Tx, actor: Actor, cipher: FieldCipher, id: string, today = todayInShanghai()): Promise<AssessmentDetail> {
  return detail(await loadRow(tx, actor.regionCode, id), cipher, today);
}

/** The same, for the printable report, audited as a print. */
export async function assessmentForReport(tx: Tx, actor: Actor, audit: AuditActor, cipher: FieldCipher, id: string, today = todayInShanghai()): Promise<AssessmentDetail> {
  const row = await loadRow(tx, actor.regionCode, id);
  if (row.status === 'draft') throw conflict('评估尚未完成，不能打印评估报告');
  await appendAudit(tx, audit, {
    action: 'elderly.assessment.print', entityType: ENTITY, entityId: id, regionCode: row.region_code,
    summary: `打印老年人能力评估报告：${row.person_name}（${row.assessed_on}）`,
  });
  return detail(row, cipher, today);
}

/** The jurisdiction's assessments (masked), newest first; "due" lists current assessments by due date. */
export async function listAssessments(tx: Tx, scopeRegion: string, f: ListAssessmentsQuery, today = todayInShanghai()): Promise<{ items: AssessmentSummary[]; total: number }> {
  const scope = subtreeRange(scopeRegion);
  const part = f.regionCode ? subtreeRange(f.regionCode) : scope;
  const dueBy = f.dueWithinDays !== undefined ? addCalendarDays(today, f.dueWithinDays) : null;
  const overdue = f.overdue === 'true';
  const dueFilter = dueBy !== null || overdue;
  const where = sql`a.region_code >= ${scope.from} AND a.region_code < ${scope.to}
    AND a.region_code >= ${part.from} AND a.region_code < ${part.to}
    ${f.status ? sql`AND a.status = ${f.status}` : sql``}
    ${f.level !== undefined ? sql`AND a.final_level = ${f.level}` : sql``}
    ${f.personId ? sql`AND a.person_id = ${f.personId}::uuid` : sql``}
    ${f.q ? sql`AND a.person_name = ${f.q}` : sql``}
    ${dueFilter ? sql`AND ${IS_CURRENT} AND coalesce(p.status, 'alive') = 'alive'` : sql``}
    ${overdue ? sql`AND a.next_due_on < ${today}::date` : dueBy !== null ? sql`AND a.next_due_on <= ${dueBy}::date` : sql``}`;
  const [{ total }] = await tx.rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM ${FROM} WHERE ${where}`) as [{ total: number }];
  const order = dueFilter ? sql`a.next_due_on, a.person_name, a.id` : sql`a.assessed_on DESC, a.created_at DESC, a.id`;
  const rows = await tx.rows<Row>(sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where} ORDER BY ${order}
    LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items: rows.map((r) => summary(r, today, f.dueWithinDays)), total };
}

export interface CurrentAssessment {
  assessmentId: string; personId: string; finalLevel: AbilityLevel; finalLevelName: string; totalScore: number; assessedOn: string; nextDueOn: string;
  overdue: boolean;
}

/**
 * A person's current ability level: their latest completed assessment by assessment date, or null.
 * Bound by the caller's scope (row-level security). For many persons at once, join the view
 * `elderly_current_assessment` instead (see the contract).
 */
export async function currentAssessment(tx: Tx, personId: string, today = todayInShanghai()): Promise<CurrentAssessment | null> {
  const [r] = await tx.rows<{ assessment_id: string; person_id: string; final_level: number; total_score: number; assessed_on: string; next_due_on: string }>(sql`
    SELECT assessment_id, person_id, final_level, total_score, assessed_on::text, next_due_on::text
    FROM elderly_current_assessment WHERE person_id = ${personId}::uuid`);
  if (!r) return null;
  const finalLevel = Number(r.final_level) as AbilityLevel;
  return {
    assessmentId: r.assessment_id, personId: r.person_id, finalLevel, finalLevelName: ABILITY_LEVEL_NAMES[finalLevel], totalScore: Number(r.total_score),
    assessedOn: r.assessed_on, nextDueOn: r.next_due_on, overdue: r.next_due_on < today,
  };
}
