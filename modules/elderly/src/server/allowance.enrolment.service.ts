/**
 * 享受名单 (enrolments) and 申请 (applications) of 高龄津贴, 养老服务补贴 and 护理补贴.
 *
 * An application is made by a clerk for the person and decided by the county: 高龄津贴 where the
 * county does not enrol by itself (or a means-tested one on the official's confirmation of low
 * income); 养老服务补贴 and 护理补贴 always, for 低保/特困/低保边缘 elderly with a current ability
 * assessment (elderly_current_assessment, the assessment part's view), the amount by the assessed
 * level from the parameters.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import type { Actor, AuditActor } from '@mz/http';
import { DomainError, addMonths, invalid, notFound, subtreeRange, todayInShanghai, yearMonthOf } from '@mz/kernel';
import { appendAudit } from '@mz/audit/server';
import {
  ALLOWANCE_PROGRAMME_NAMES, LONGEVITY_RULE_VERSION, LOW_INCOME_NAMES, STOP_REASON_NAMES, SUBSIDY_RULE_VERSION, ageForMonth, bracketLabel,
  firstMonthAtAge, longevityFor, reassessmentFlag, subsidyFor, type AllowanceProgramme, type LowIncomeBasis, type StopReason,
} from '../domain/allowance.rules.ts';
import type { ApplicationInput, StopInput } from '../domain/allowance.schema.ts';
import { requireParams, type ParamsView } from './allowance.params.service.ts';
import { lowIncomeSql } from './allowance.sql.ts';
import { endEnrolment, entitle } from './allowance.ledger.ts';
import { requireCounty } from './allowance.run.service.ts';

const countyOf = (regionCode: string) => `${regionCode.slice(0, 6)}000000`;
const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

interface PersonFacts {
  id: string; name: string; id_masked: string; birth_date: string; region_code: string; status: string; death_date: string | null;
  low_income: LowIncomeBasis | null;
}

async function personFacts(tx: Tx, personId: string, month: string): Promise<PersonFacts> {
  const [p] = await tx.rows<PersonFacts>(sql`
    SELECT p.id, p.name, p.id_masked, p.birth_date::text, p.region_code, p.status, p.death_date::text, ${lowIncomeSql('p', `${month}-01`)} AS low_income
    FROM registry_person p WHERE p.id = ${personId}::uuid AND p.merged_into IS NULL`);
  if (!p) throw invalid('人员不存在或不在本辖区', [{ path: 'personId', message: '人口与家庭基础库中本辖区没有该人员' }]);
  return p;
}

export interface AssessmentFacts { assessment_id: string; final_level: number; assessed_on: string; next_due_on: string | null }

/** The person's current ability assessment (the assessment part's view, migration 0041). */
export async function currentAssessment(tx: Tx, personId: string): Promise<AssessmentFacts | null> {
  const [a] = await tx.rows<AssessmentFacts>(sql`
    SELECT assessment_id, final_level, assessed_on::text, next_due_on::text FROM elderly_current_assessment WHERE person_id = ${personId}::uuid`);
  return a ?? null;
}

interface Evaluation {
  monthlyFen: number;
  fromMonth: string;
  level: number | null;
  assessmentId: string | null;
  fromAge: number | null;
  toAge: number | null;
  breakdown: Record<string, unknown>;
}

/** What the programme pays the person from `fromMonth`, or the Chinese reason it does not. */
async function evaluate(tx: Tx, programme: AllowanceProgramme, p: PersonFacts, params: ParamsView, fromMonth: string, income: { confirmed: boolean }): Promise<Evaluation> {
  if (p.status === 'deceased') throw invalid('该人员已死亡', [{ path: 'personId', message: `死亡日期 ${p.death_date}` }]);
  if (programme === 'longevity') {
    const l = longevityFor(params, p.birth_date, fromMonth);
    if (!l) {
      const minAge = Math.min(...params.brackets.map((b) => b.fromAge));
      throw invalid('未达到高龄津贴年龄', [{ path: 'fromMonth', message: `${fromMonth} 时 ${ageForMonth(p.birth_date, fromMonth, params.startRule)} 周岁；${firstMonthAtAge(p.birth_date, minAge, params.startRule)} 起可享受` }]);
    }
    if (params.mode === 'means_tested' && !p.low_income && !income.confirmed) {
      throw invalid('本地高龄津贴为困难型', [{ path: 'incomeConfirmed', message: '该老年人不是低保、特困人员，须经核实确认为低收入并填写核实说明' }]);
    }
    return {
      monthlyFen: l.monthlyFen, fromMonth, level: null, assessmentId: null, fromAge: l.bracket.fromAge, toAge: l.bracket.toAge,
      breakdown: { age: l.age, bracket: bracketLabel(l.bracket), paramId: params.id, lowIncome: p.low_income, incomeConfirmed: income.confirmed, ruleVersion: l.ruleVersion },
    };
  }
  const age = ageForMonth(p.birth_date, fromMonth, 'birthday_month');
  if (age < params.subsidyMinAge) throw invalid('未达到养老补贴年龄', [{ path: 'personId', message: `须年满 ${params.subsidyMinAge} 周岁（${fromMonth} 时 ${age} 周岁）` }]);
  if (!p.low_income) {
    throw invalid(`${ALLOWANCE_PROGRAMME_NAMES[programme]}限低保、特困人员和低保边缘家庭的老年人`, [{ path: 'personId', message: '该老年人目前不是低保、特困人员或低保边缘家庭成员' }]);
  }
  const a = await currentAssessment(tx, p.id);
  if (!a) throw invalid('该老年人没有有效的能力评估', [{ path: 'personId', message: '请先完成老年人能力评估' }]);
  const fen = subsidyFor(params, programme, a.final_level);
  if (fen <= 0) {
    throw invalid(`能力等级 ${a.final_level} 不享受${ALLOWANCE_PROGRAMME_NAMES[programme]}`, [{ path: 'programme', message: '本地参数未对该能力等级设定补贴标准' }]);
  }
  return {
    monthlyFen: fen, fromMonth, level: a.final_level, assessmentId: a.assessment_id, fromAge: null, toAge: null,
    breakdown: { level: a.final_level, assessmentId: a.assessment_id, assessedOn: a.assessed_on, lowIncome: p.low_income, paramId: params.id, ruleVersion: SUBSIDY_RULE_VERSION },
  };
}

// ---- applications ----

export interface ApplicationView {
  id: string; programme: AllowanceProgramme; programmeName: string; personId: string; personName: string; idMasked: string; birthDate: string;
  regionCode: string; regionName: string | null; fromMonth: string; status: 'submitted' | 'approved' | 'rejected'; statusName: string;
  lowIncome: LowIncomeBasis | null; lowIncomeName: string | null; incomeConfirmed: boolean; incomeNote: string | null; level: number | null; monthlyFen: number;
  note: string | null; submittedByName: string | null; submittedAt: string; decidedByName: string | null; decidedAt: string | null; opinion: string | null;
  enrolmentId: string | null; version: number;
}

const APP_STATUS = { submitted: '待审批', approved: '已批准', rejected: '不予批准' } as const;

const APP_COLUMNS = sql`a.id, a.programme, a.person_id, a.person_name, a.id_masked, a.birth_date::text, a.region_code, g.name AS region_name,
  to_char(a.from_month, 'YYYY-MM') AS from_month, a.status, a.low_income, a.income_confirmed, a.income_note, a.level, a.monthly_fen, a.note,
  a.submitted_by_name, a.submitted_at::text, a.decided_by_name, a.decided_at::text, a.opinion, a.enrolment_id, a.version, a.submitted_by`;

function appView(r: any): ApplicationView {
  return {
    id: r.id, programme: r.programme, programmeName: ALLOWANCE_PROGRAMME_NAMES[r.programme as AllowanceProgramme], personId: r.person_id, personName: r.person_name,
    idMasked: r.id_masked, birthDate: r.birth_date, regionCode: r.region_code, regionName: r.region_name, fromMonth: r.from_month, status: r.status,
    statusName: APP_STATUS[r.status as keyof typeof APP_STATUS], lowIncome: r.low_income, lowIncomeName: r.low_income ? LOW_INCOME_NAMES[r.low_income as LowIncomeBasis] : null,
    incomeConfirmed: r.income_confirmed, incomeNote: r.income_note, level: r.level, monthlyFen: Number(r.monthly_fen), note: r.note,
    submittedByName: r.submitted_by_name, submittedAt: r.submitted_at, decidedByName: r.decided_by_name, decidedAt: r.decided_at, opinion: r.opinion,
    enrolmentId: r.enrolment_id, version: r.version,
  };
}

const appNotFound = () => notFound('申请不存在或不在本辖区');

export async function getApplication(tx: Tx, id: string): Promise<ApplicationView & { submittedBy: string | null }> {
  const [r] = await tx.rows<any>(sql`SELECT ${APP_COLUMNS} FROM elderly_allowance_application a LEFT JOIN region g ON g.code = a.region_code WHERE a.id = ${id}::uuid`);
  if (!r) throw appNotFound();
  return { ...appView(r), submittedBy: r.submitted_by };
}

export async function listApplications(tx: Tx, scopeRegion: string, q: { programme?: AllowanceProgramme; scheme?: 'longevity' | 'subsidies'; status?: string; page: number; pageSize: number }) {
  const { from, to } = subtreeRange(scopeRegion);
  const rows = await tx.rows<any>(sql`
    SELECT ${APP_COLUMNS}, count(*) OVER ()::int AS total FROM elderly_allowance_application a LEFT JOIN region g ON g.code = a.region_code
    WHERE a.region_code >= ${from} AND a.region_code < ${to}
      ${q.programme ? sql`AND a.programme = ${q.programme}` : sql``} ${q.status ? sql`AND a.status = ${q.status}` : sql``}
      ${q.scheme === 'longevity' ? sql`AND a.programme = 'longevity'` : q.scheme === 'subsidies' ? sql`AND a.programme <> 'longevity'` : sql``}
    ORDER BY a.submitted_at DESC, a.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return { items: rows.map(appView), total: (rows[0]?.total as number | undefined) ?? 0 };
}

export async function submitApplication(tx: Tx, who: AuditActor, input: ApplicationInput): Promise<ApplicationView> {
  const current = yearMonthOf(todayInShanghai());
  const month = input.fromMonth ?? current;
  // From the month of the application on (no back-dating), at most three months ahead (a person
  // turning 80 soon may apply in advance).
  if (month < current || month > addMonths(current, 3)) {
    throw invalid('起始月份应为本月至三个月以内', [{ path: 'fromMonth', message: `应在 ${current} 至 ${addMonths(current, 3)} 之间` }]);
  }
  const p = await personFacts(tx, input.personId, month);
  const county = countyOf(p.region_code);
  const params = await requireParams(tx, county, month);
  if (input.programme === 'longevity' && params.proactive && !(params.mode === 'means_tested' && !p.low_income)) {
    throw new DomainError({
      code: 'PROACTIVE', status: 409, title: '本地高龄津贴实行主动发放，无需申请',
      detail: '符合条件的老年人由县级每月资格名单审批后直接发放', errors: [{ path: 'programme', message: '主动发放地区无需申请高龄津贴' }],
    });
  }
  if (input.incomeConfirmed && !input.incomeNote) throw invalid('请填写低收入核实说明', [{ path: 'incomeNote', message: '确认低收入时须写明核实依据' }]);
  const ev = await evaluate(tx, input.programme, p, params, month, { confirmed: input.incomeConfirmed });
  const [active] = await tx.rows(sql`SELECT 1 FROM elderly_allowance_enrolment WHERE programme = ${input.programme} AND person_id = ${p.id}::uuid AND status = 'active'`);
  if (active) throw new DomainError({ code: 'ALREADY_ENROLLED', status: 409, title: `该老年人已在享受${ALLOWANCE_PROGRAMME_NAMES[input.programme]}` });
  const [row] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_allowance_application (programme, person_id, region_code, county_code, person_name, id_masked, birth_date, from_month, low_income,
      income_confirmed, income_note, assessment_id, level, monthly_fen, note, submitted_by, submitted_by_name)
    VALUES (${input.programme}, ${p.id}::uuid, ${p.region_code}, ${county}, ${p.name}, ${p.id_masked}, ${p.birth_date}::date, ${`${month}-01`}::date, ${p.low_income},
      ${input.incomeConfirmed}, ${input.incomeNote ?? null}, ${ev.assessmentId}::uuid, ${ev.level}, ${ev.monthlyFen}, ${input.note ?? null},
      ${who.actorId}::uuid, ${who.actorName})
    ON CONFLICT (programme, person_id) WHERE status = 'submitted' DO NOTHING
    RETURNING id`);
  if (!row) throw new DomainError({ code: 'APPLICATION_PENDING', status: 409, title: '该老年人已有待审批的同类申请' });
  await appendAudit(tx, who, {
    action: 'elderly.allowance.apply', entityType: 'elderly_allowance_application', entityId: row.id, regionCode: p.region_code,
    summary: `代 ${p.name}（${p.id_masked}）申请${ALLOWANCE_PROGRAMME_NAMES[input.programme]}，${month} 起每月 ${yuan(ev.monthlyFen)}`,
    diff: { programme: { before: null, after: input.programme }, fromMonth: { before: null, after: month }, monthlyFen: { before: null, after: ev.monthlyFen } },
  });
  return getApplication(tx, row.id);
}

/** The county's decision: approval enrols and records the entitlement; a refusal needs a reason. */
export async function decideApplication(tx: Tx, who: AuditActor, actor: Actor, id: string, decision: 'approve' | 'reject', body: { version: number; opinion?: string }): Promise<ApplicationView> {
  requireCounty(actor, '审批高龄津贴与养老补贴申请');
  const app = await getApplication(tx, id);
  if (app.status !== 'submitted') throw new DomainError({ code: 'ILLEGAL_TRANSITION', status: 409, title: `该申请已${app.statusName}` });
  if (app.version !== body.version) throw new DomainError({ code: 'VERSION_CONFLICT', status: 409, title: '该申请已被他人办理，请刷新后重试' });
  if (app.submittedBy && app.submittedBy === who.actorId) throw new DomainError({ code: 'SEPARATION_OF_DUTIES', status: 403, title: '同一工作人员不能既受理又审批同一申请' });
  if (decision === 'reject') {
    if (!body.opinion) throw invalid('不予批准须写明理由', [{ path: 'opinion', message: '请填写不予批准的理由' }]);
    await tx.run(sql`
      UPDATE elderly_allowance_application SET status = 'rejected', decided_by = ${who.actorId}::uuid, decided_by_name = ${who.actorName}, decided_at = now(),
        opinion = ${body.opinion}, version = version + 1 WHERE id = ${id}::uuid`);
    await appendAudit(tx, who, {
      action: 'elderly.allowance.reject', entityType: 'elderly_allowance_application', entityId: id, regionCode: app.regionCode,
      summary: `不予批准 ${app.personName} 的${app.programmeName}申请：${body.opinion}`, diff: { status: { before: 'submitted', after: 'rejected' } },
    });
    return getApplication(tx, id);
  }
  // Decided on today's facts: the person, their low-income status and assessment may have changed since the application.
  const p = await personFacts(tx, app.personId, app.fromMonth);
  const params = await requireParams(tx, countyOf(p.region_code), app.fromMonth);
  const ev = await evaluate(tx, app.programme, p, params, app.fromMonth, { confirmed: app.incomeConfirmed });
  const [enrolment] = await tx.rows<{ id: string }>(sql`
    INSERT INTO elderly_allowance_enrolment (programme, person_id, region_code, county_code, person_name, id_masked, birth_date, since_month, monthly_fen,
      from_age, to_age, level, assessment_id, low_income, param_id, origin, application_id, created_by, created_by_name)
    VALUES (${app.programme}, ${p.id}::uuid, ${p.region_code}, ${countyOf(p.region_code)}, ${p.name}, ${p.id_masked}, ${p.birth_date}::date,
      ${`${app.fromMonth}-01`}::date, ${ev.monthlyFen}, ${ev.fromAge}, ${ev.toAge}, ${ev.level}, ${ev.assessmentId}::uuid, ${p.low_income}, ${params.id}::uuid,
      'application', ${id}::uuid, ${who.actorId}::uuid, ${who.actorName})
    ON CONFLICT (programme, person_id) WHERE status = 'active' DO NOTHING
    RETURNING id`);
  if (!enrolment) throw new DomainError({ code: 'ALREADY_ENROLLED', status: 409, title: `该老年人已在享受${app.programmeName}` });
  await tx.run(sql`
    INSERT INTO elderly_allowance_event (enrolment_id, region_code, kind, month, monthly_fen, note, by_name)
    VALUES (${enrolment.id}::uuid, ${p.region_code}, 'enrol', ${`${app.fromMonth}-01`}::date, ${ev.monthlyFen}, ${`申请批准${body.opinion ? `：${body.opinion}` : ''}`.slice(0, 500)}, ${who.actorName})`);
  await tx.run(sql`
    UPDATE elderly_allowance_application SET status = 'approved', decided_by = ${who.actorId}::uuid, decided_by_name = ${who.actorName}, decided_at = now(),
      opinion = ${body.opinion ?? null}, enrolment_id = ${enrolment.id}::uuid, monthly_fen = ${ev.monthlyFen}, level = ${ev.level}, version = version + 1
    WHERE id = ${id}::uuid`);
  await entitle(tx, who, {
    enrolmentId: enrolment.id, programme: app.programme, personId: p.id, regionCode: p.region_code, fromMonth: app.fromMonth, monthlyFen: ev.monthlyFen,
    breakdown: { ...ev.breakdown, applicationId: id }, ruleVersion: app.programme === 'longevity' ? LONGEVITY_RULE_VERSION : SUBSIDY_RULE_VERSION,
    kind: 'case_decision', reason: `${app.programmeName}申请批准`,
  });
  await appendAudit(tx, who, {
    action: 'elderly.allowance.approve', entityType: 'elderly_allowance_application', entityId: id, regionCode: app.regionCode,
    summary: `批准 ${app.personName} 的${app.programmeName}申请，${app.fromMonth} 起每月 ${yuan(ev.monthlyFen)}`,
    diff: { status: { before: 'submitted', after: 'approved' }, monthlyFen: { before: app.monthlyFen, after: ev.monthlyFen } },
  });
  return getApplication(tx, id);
}

// ---- enrolments ----

export interface EnrolmentView {
  id: string; programme: AllowanceProgramme; programmeName: string; personId: string; personName: string; idMasked: string; birthDate: string;
  regionCode: string; regionName: string | null; status: 'active' | 'stopped'; statusName: string; sinceMonth: string; monthlyFen: number;
  bracket: string | null; level: number | null; lowIncome: LowIncomeBasis | null; lowIncomeName: string | null; origin: 'proactive' | 'application'; originName: string;
  lastMonth: string | null; stopReason: StopReason | null; stopReasonName: string | null; stopNote: string | null;
  assessmentLevel: number | null; nextDueOn: string | null; reassessment: 'overdue' | 'due' | null; levelChanged: boolean; version: number;
}

const ENROL_COLUMNS = sql`e.id, e.programme, e.person_id, e.person_name, e.id_masked, e.birth_date::text, e.region_code, g.name AS region_name, e.status,
  to_char(e.since_month, 'YYYY-MM') AS since_month, e.monthly_fen, e.from_age, e.to_age, e.level, e.low_income, e.origin, to_char(e.last_month, 'YYYY-MM') AS last_month,
  e.stop_reason, e.stop_note, e.version`;

/** The current assessment of subsidy enrolments (the assessment part's view, 0041): level and next due date. */
const ASSESSMENT_COLUMNS = sql`ca.final_level AS assessment_level, ca.next_due_on::text AS next_due_on`;
const ASSESSMENT_JOIN = sql`LEFT JOIN elderly_current_assessment ca ON ca.person_id = e.person_id AND e.programme <> 'longevity'`;

function enrolView(r: any, today: string): EnrolmentView {
  const programme = r.programme as AllowanceProgramme;
  return {
    id: r.id, programme, programmeName: ALLOWANCE_PROGRAMME_NAMES[programme], personId: r.person_id, personName: r.person_name, idMasked: r.id_masked,
    birthDate: r.birth_date, regionCode: r.region_code, regionName: r.region_name, status: r.status, statusName: r.status === 'active' ? '享受中' : '已停发',
    sinceMonth: r.since_month, monthlyFen: Number(r.monthly_fen), bracket: r.from_age === null ? null : bracketLabel({ fromAge: r.from_age, toAge: r.to_age }),
    level: r.level, lowIncome: r.low_income, lowIncomeName: r.low_income ? LOW_INCOME_NAMES[r.low_income as LowIncomeBasis] : null,
    origin: r.origin, originName: r.origin === 'proactive' ? '主动发放' : '申请', lastMonth: r.last_month, stopReason: r.stop_reason,
    stopReasonName: r.stop_reason ? STOP_REASON_NAMES[r.stop_reason as StopReason] : null, stopNote: r.stop_note,
    assessmentLevel: r.assessment_level ?? null, nextDueOn: r.next_due_on ?? null,
    reassessment: programme === 'longevity' || r.status !== 'active' ? null : reassessmentFlag(r.next_due_on ?? null, today),
    levelChanged: programme !== 'longevity' && r.status === 'active' && r.assessment_level !== null && r.assessment_level !== undefined && r.assessment_level !== r.level,
    version: r.version,
  };
}

export async function listEnrolments(tx: Tx, scopeRegion: string, q: { programme?: AllowanceProgramme; scheme?: 'longevity' | 'subsidies'; personId?: string; status?: string; q?: string; reassessment?: 'due' | 'overdue'; page: number; pageSize: number }) {
  const { from, to } = subtreeRange(scopeRegion);
  const today = todayInShanghai();
  const dueLimit = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const rows = await tx.rows<any>(sql`
    SELECT ${ENROL_COLUMNS}, ${ASSESSMENT_COLUMNS}, count(*) OVER ()::int AS total
    FROM elderly_allowance_enrolment e LEFT JOIN region g ON g.code = e.region_code ${ASSESSMENT_JOIN}
    WHERE e.region_code >= ${from} AND e.region_code < ${to}
      ${q.programme ? sql`AND e.programme = ${q.programme}` : sql``} ${q.status ? sql`AND e.status = ${q.status}` : sql``}
      ${q.scheme === 'longevity' ? sql`AND e.programme = 'longevity'` : q.scheme === 'subsidies' ? sql`AND e.programme <> 'longevity'` : sql``}
      ${q.personId ? sql`AND e.person_id = ${q.personId}::uuid` : sql``}
      ${q.q ? sql`AND e.person_name LIKE ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : sql``}
      ${q.reassessment === 'overdue' ? sql`AND e.status = 'active' AND e.programme <> 'longevity' AND ca.next_due_on < ${today}::date` : sql``}
      ${q.reassessment === 'due' ? sql`AND e.status = 'active' AND e.programme <> 'longevity' AND ca.next_due_on BETWEEN ${today}::date AND ${dueLimit}::date` : sql``}
    ORDER BY e.status, e.region_code, e.person_name, e.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return { items: rows.map((r) => enrolView(r, today)), total: (rows[0]?.total as number | undefined) ?? 0 };
}

export interface EnrolmentDetail extends EnrolmentView {
  events: { kind: string; kindName: string; month: string; monthlyFen: number | null; note: string; byName: string | null; at: string }[];
}

const EVENT_NAMES: Record<string, string> = { enrol: '开始享受', bracket_change: '档次变更', level_change: '按评估等级调整', stop: '停发' };

export async function getEnrolment(tx: Tx, id: string): Promise<EnrolmentDetail> {
  const [r] = await tx.rows<any>(sql`
    SELECT ${ENROL_COLUMNS}, ${ASSESSMENT_COLUMNS} FROM elderly_allowance_enrolment e LEFT JOIN region g ON g.code = e.region_code ${ASSESSMENT_JOIN}
    WHERE e.id = ${id}::uuid`);
  if (!r) throw notFound('享受记录不存在或不在本辖区');
  const events = await tx.rows<{ kind: string; month: string; monthly_fen: string | null; note: string; by_name: string | null; at: string }>(sql`
    SELECT kind, to_char(month, 'YYYY-MM') AS month, monthly_fen, note, by_name, at::text FROM elderly_allowance_event WHERE enrolment_id = ${id}::uuid ORDER BY id`);
  return {
    ...enrolView(r, todayInShanghai()),
    events: events.map((e) => ({ kind: e.kind, kindName: EVENT_NAMES[e.kind] ?? e.kind, month: e.month, monthlyFen: e.monthly_fen === null ? null : Number(e.monthly_fen), note: e.note, byName: e.by_name, at: e.at })),
  };
}

/** 停发: death (paid through the death month), moving away, refusal, no longer eligible. */
export async function stopEnrolment(tx: Tx, who: AuditActor, actor: Actor, id: string, input: StopInput): Promise<EnrolmentDetail> {
  requireCounty(actor, '停发');
  const e = await getEnrolment(tx, id);
  if (e.status !== 'active') throw new DomainError({ code: 'ILLEGAL_TRANSITION', status: 409, title: '该享受记录已停发' });
  if (e.version !== input.version) throw new DomainError({ code: 'VERSION_CONFLICT', status: 409, title: '该享受记录已被他人修改，请刷新后重试' });
  if (input.lastMonth < addMonths(e.sinceMonth, -1)) {
    throw invalid('最后发放月份不能早于开始享受月份的上月', [{ path: 'lastMonth', message: `开始享受月份为 ${e.sinceMonth}` }]);
  }
  await tx.run(sql`
    UPDATE elderly_allowance_enrolment SET status = 'stopped', last_month = ${`${input.lastMonth}-01`}::date, stop_reason = ${input.reason}, stop_note = ${input.note},
      stopped_at = now(), stopped_by_name = ${who.actorName}, updated_at = now(), version = version + 1
    WHERE id = ${id}::uuid`);
  const note = `${STOP_REASON_NAMES[input.reason]}：${input.note}`.slice(0, 500);
  await tx.run(sql`
    INSERT INTO elderly_allowance_event (enrolment_id, region_code, kind, month, note, by_name)
    VALUES (${id}::uuid, ${e.regionCode}, 'stop', ${`${addMonths(input.lastMonth, 1)}-01`}::date, ${note}, ${who.actorName})`);
  await endEnrolment(tx, who, id, input.lastMonth, `${e.programmeName}停发：${note}`);
  await appendAudit(tx, who, {
    action: 'elderly.allowance.stop', entityType: 'elderly_allowance_enrolment', entityId: id, regionCode: e.regionCode,
    summary: `停发 ${e.personName} 的${e.programmeName}，发放至 ${input.lastMonth}（${note}）`,
    diff: { status: { before: 'active', after: 'stopped' }, lastMonth: { before: null, after: input.lastMonth }, stopReason: { before: null, after: input.reason } },
  });
  return getEnrolment(tx, id);
}

/** After a reassessment: the subsidy follows the current assessed level from `fromMonth`. */
export async function applyLevelChange(tx: Tx, who: AuditActor, actor: Actor, id: string, body: { version: number; fromMonth: string }): Promise<EnrolmentDetail> {
  requireCounty(actor, '按评估等级调整补贴');
  const e = await getEnrolment(tx, id);
  if (e.programme === 'longevity') throw invalid('高龄津贴按年龄档次发放', [{ path: 'programme', message: '只有养老服务补贴和护理补贴按评估等级调整' }]);
  if (e.status !== 'active') throw new DomainError({ code: 'ILLEGAL_TRANSITION', status: 409, title: '该享受记录已停发' });
  if (e.version !== body.version) throw new DomainError({ code: 'VERSION_CONFLICT', status: 409, title: '该享受记录已被他人修改，请刷新后重试' });
  if (body.fromMonth < e.sinceMonth) throw invalid('调整月份不能早于开始享受月份', [{ path: 'fromMonth', message: `开始享受月份为 ${e.sinceMonth}` }]);
  const a = await currentAssessment(tx, e.personId);
  if (!a) throw invalid('该老年人没有有效的能力评估', [{ path: 'fromMonth', message: '请先完成复评' }]);
  const params = await requireParams(tx, countyOf(e.regionCode), body.fromMonth);
  const fen = subsidyFor(params, e.programme as 'elderly_service' | 'elderly_care', a.final_level);
  if (fen <= 0) {
    throw invalid(`能力等级 ${a.final_level} 不再享受${e.programmeName}`, [{ path: 'fromMonth', message: '请办理停发（不再符合条件）' }]);
  }
  if (fen === e.monthlyFen && a.final_level === e.level) throw new DomainError({ code: 'NO_CHANGE', status: 409, title: '评估等级与补贴标准均未变化' });
  await tx.run(sql`
    UPDATE elderly_allowance_enrolment SET level = ${a.final_level}, assessment_id = ${a.assessment_id}::uuid, monthly_fen = ${fen}, param_id = ${params.id}::uuid,
      updated_at = now(), version = version + 1 WHERE id = ${id}::uuid`);
  const note = `复评等级 ${e.level} → ${a.final_level}（评估日期 ${a.assessed_on}）`;
  await tx.run(sql`
    INSERT INTO elderly_allowance_event (enrolment_id, region_code, kind, month, monthly_fen, note, by_name)
    VALUES (${id}::uuid, ${e.regionCode}, 'level_change', ${`${body.fromMonth}-01`}::date, ${fen}, ${note}, ${who.actorName})`);
  await entitle(tx, who, {
    enrolmentId: id, programme: e.programme, personId: e.personId, regionCode: e.regionCode, fromMonth: body.fromMonth, monthlyFen: fen,
    breakdown: { level: a.final_level, previousLevel: e.level, assessmentId: a.assessment_id, paramId: params.id }, ruleVersion: SUBSIDY_RULE_VERSION,
    kind: 'adjustment', reason: `${e.programmeName}按评估等级调整：${note}`,
  });
  await appendAudit(tx, who, {
    action: 'elderly.allowance.level_change', entityType: 'elderly_allowance_enrolment', entityId: id, regionCode: e.regionCode,
    summary: `${e.personName} 的${e.programmeName}自 ${body.fromMonth} 起调整为每月 ${yuan(fen)}（${note}）`,
    diff: { level: { before: e.level, after: a.final_level }, monthlyFen: { before: e.monthlyFen, after: fen } },
  });
  return getEnrolment(tx, id);
}
