/** HTTP routes of 高龄津贴与养老补贴 (docs/api/elderly-allowance-contract.md). Thin: parse, open the scope, one service call. */
import { z } from 'zod';
import { auditActorOf, authorize, inScope, type MzApp, type ModuleDeps } from '@mz/http';
import { todayInShanghai, yearMonthOf } from '@mz/kernel';
import {
  applicationInput, decisionInput, levelChangeInput, monthText, paramsInput, programmeCode, runInput, stopInput,
} from '../domain/allowance.schema.ts';
import { createParams, effectiveParams, listParams } from './allowance.params.service.ts';
import { approveRun, generateRun, getRun, listRunItems, listRuns } from './allowance.run.service.ts';
import {
  applyLevelChange, decideApplication, getApplication, getEnrolment, listApplications, listEnrolments, stopEnrolment, submitApplication,
} from './allowance.enrolment.service.ts';
import { registerAllowanceProgrammes } from './allowance.ledger.ts';

const TAGS = ['高龄津贴与养老补贴'];
const BASE = '/api/v1/elderly';
const READ = 'elderly.read';
const idParam = z.object({ id: z.uuid('编号格式不正确') });
const paging = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };
const programme = z.enum(['longevity', 'elderly_service', 'elderly_care']);
const lowIncome = z.enum(['tekun', 'dibao', 'edge']).nullable();
/** 高龄津贴 alone, or the two 养老补贴 together (the two pages' lists). */
const scheme = z.enum(['longevity', 'subsidies']).optional();

const bracketView = z.object({ fromAge: z.number(), toAge: z.number().nullable(), monthlyFen: z.number() });
const levelView = z.object({ level: z.number(), monthlyFen: z.number() });
const paramsView = z.object({
  id: z.string(), regionCode: z.string(), regionName: z.string().nullable(), effectiveFrom: z.string(), brackets: z.array(bracketView),
  mode: z.enum(['universal', 'means_tested']), proactive: z.boolean(), startRule: z.enum(['birthday_month', 'next_month']), subsidyMinAge: z.number(),
  serviceLevels: z.array(levelView), careLevels: z.array(levelView), demo: z.boolean().describe('演示参数，非官方标准'), note: z.string(),
  createdByName: z.string().nullable(), createdAt: z.string(),
});
const runKind = z.enum(['new', 'bracket_change', 'stop_death', 'stop_moved', 'stop_ineligible', 'eligible_unapplied', 'level_change', 'stop_level', 'reassessment_overdue']);
const runScheme = z.enum(['longevity', 'subsidies'], { error: '名单类别应为 longevity（高龄津贴）或 subsidies（养老补贴）' });
const runView = z.object({
  id: z.string(), scheme: runScheme, schemeName: z.string(), regionCode: z.string(), regionName: z.string().nullable(), month: z.string(), status: z.enum(['draft', 'approved']), statusName: z.string(),
  paramId: z.string(), proactive: z.boolean(), mode: z.string(), demoParams: z.boolean(), version: z.number(),
  counts: z.record(runKind, z.number()), newMonthlyFen: z.number(), createdByName: z.string().nullable(), generatedAt: z.string(),
  approvedByName: z.string().nullable(), approvedAt: z.string().nullable(),
});
const runItemView = z.object({
  personId: z.string(), regionCode: z.string(), regionName: z.string().nullable(), kind: runKind, kindName: z.string(), personName: z.string(), idMasked: z.string(),
  birthDate: z.string(), age: z.number().nullable(), bracket: z.string().nullable(), monthlyFen: z.number().nullable(), previousFen: z.number().nullable(),
  enrolmentId: z.string().nullable(), effectiveMonth: z.string().nullable(), lastMonth: z.string().nullable(), lowIncome, deathDate: z.string().nullable(),
  programme, programmeName: z.string(), level: z.number().nullable(), previousLevel: z.number().nullable(), assessedOn: z.string().nullable(),
  nextDueOn: z.string().nullable(), lowIncomeUntil: z.string().nullable(), reason: z.string(),
});
const applicationView = z.object({
  id: z.string(), programme, programmeName: z.string(), personId: z.string(), personName: z.string(), idMasked: z.string(), birthDate: z.string(),
  regionCode: z.string(), regionName: z.string().nullable(), fromMonth: z.string(), status: z.enum(['submitted', 'approved', 'rejected']), statusName: z.string(),
  lowIncome, lowIncomeName: z.string().nullable(), incomeConfirmed: z.boolean(), incomeNote: z.string().nullable(), level: z.number().nullable(),
  monthlyFen: z.number(), note: z.string().nullable(), submittedByName: z.string().nullable(), submittedAt: z.string(), decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(), opinion: z.string().nullable(), enrolmentId: z.string().nullable(), version: z.number(),
});
const enrolmentView = z.object({
  id: z.string(), programme, programmeName: z.string(), personId: z.string(), personName: z.string(), idMasked: z.string(), birthDate: z.string(),
  regionCode: z.string(), regionName: z.string().nullable(), status: z.enum(['active', 'stopped']), statusName: z.string(), sinceMonth: z.string(),
  monthlyFen: z.number(), bracket: z.string().nullable(), level: z.number().nullable(), lowIncome, lowIncomeName: z.string().nullable(),
  origin: z.enum(['proactive', 'application']), originName: z.string(), lastMonth: z.string().nullable(),
  stopReason: z.enum(['death', 'moved', 'refused', 'ineligible', 'other']).nullable(), stopReasonName: z.string().nullable(), stopNote: z.string().nullable(),
  assessmentLevel: z.number().nullable(), nextDueOn: z.string().nullable(), reassessment: z.enum(['overdue', 'due']).nullable(), levelChanged: z.boolean(),
  version: z.number(),
});
const enrolmentDetail = enrolmentView.extend({
  events: z.array(z.object({ kind: z.string(), kindName: z.string(), month: z.string(), monthlyFen: z.number().nullable(), note: z.string(), byName: z.string().nullable(), at: z.string() })),
});
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });

export async function allowanceRoutes(app: MzApp, { db }: ModuleDeps): Promise<void> {
  // The programmes are declared when the routes are registered (and by the demo seed, which runs
  // before): after a suite has declared its own test programmes, never before.
  registerAllowanceProgrammes();

  // ---- parameters ----
  app.get(`${BASE}/allowance-params`, {
    schema: {
      tags: TAGS, summary: '高龄津贴与养老补贴参数：本辖区、上级与下级设定的各版本，及本地某月生效的参数',
      querystring: z.object({ month: monthText.optional() }),
      response: { 200: z.object({ items: z.array(paramsView), effective: paramsView.nullable(), month: z.string() }) },
    },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, async (tx, actor) => {
    const month = request.query.month ?? yearMonthOf(todayInShanghai());
    return { items: await listParams(tx, actor.regionCode), effective: await effectiveParams(tx, actor.regionCode, month), month };
  }));

  app.post(`${BASE}/allowance-params`, {
    schema: { tags: TAGS, summary: '设定参数（省、市、县审批人员；自某月起生效，不可修改，只能以新的月份替代）', body: paramsInput, response: { 201: paramsView } },
    preHandler: authorize('elderly.allowance.params'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => createParams(tx, auditActorOf(request), actor.regionCode, request.body))));

  // ---- monthly eligibility runs (高龄津贴资格名单) ----
  app.get(`${BASE}/allowance-runs`, {
    schema: { tags: TAGS, summary: '高龄津贴资格名单与养老补贴复核名单（按月）', querystring: z.object({ scheme: runScheme.optional(), ...paging }), response: { 200: page(runView) } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => listRuns(tx, actor.regionCode, request.query)));

  app.post(`${BASE}/allowance-runs`, {
    schema: { tags: TAGS, summary: '生成（或重新生成草稿）本县某月的高龄津贴资格名单（scheme=longevity，默认）或养老补贴复核名单（scheme=subsidies）', body: runInput, response: { 201: runView } },
    preHandler: authorize('elderly.allowance.apply'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => generateRun(tx, auditActorOf(request), actor, request.body.month, request.body.scheme))));

  app.get(`${BASE}/allowance-runs/:id`, {
    schema: { tags: TAGS, summary: '资格名单概要（各类人数）', params: idParam, response: { 200: runView } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx) => getRun(tx, request.params.id)));

  app.get(`${BASE}/allowance-runs/:id/items`, {
    schema: {
      tags: TAGS, summary: '资格名单明细（脱敏）', params: idParam, querystring: z.object({ kind: runKind.optional(), programme: programmeCode.optional(), ...paging }),
      response: { 200: page(runItemView) },
    },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx) => listRunItems(tx, request.params.id, request.query)));

  app.post(`${BASE}/allowance-runs/:id/approve`, {
    schema: { tags: TAGS, summary: '审批资格名单：新增享受、档次变更与停发一并生效，并记入资金发放待遇', params: idParam, body: z.object({ version: z.number().int().min(1) }).strict(), response: { 200: runView } },
    preHandler: authorize('elderly.allowance.approve'),
  }, async (request) => inScope(db, request, (tx, actor) => approveRun(tx, auditActorOf(request), actor, request.params.id, request.body.version)));

  // ---- applications ----
  app.get(`${BASE}/allowance-applications`, {
    schema: {
      tags: TAGS, summary: '高龄津贴与养老补贴申请', querystring: z.object({ programme: programmeCode.optional(), scheme, status: z.enum(['submitted', 'approved', 'rejected']).optional(), ...paging }),
      response: { 200: page(applicationView) },
    },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => listApplications(tx, actor.regionCode, request.query)));

  app.post(`${BASE}/allowance-applications`, {
    schema: { tags: TAGS, summary: '代老年人提出申请（经办）', body: applicationInput, response: { 201: applicationView } },
    preHandler: authorize('elderly.allowance.apply'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx) => submitApplication(tx, auditActorOf(request), request.body))));

  app.get(`${BASE}/allowance-applications/:id`, {
    schema: { tags: TAGS, summary: '申请详情', params: idParam, response: { 200: applicationView } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, async (tx) => {
    const { submittedBy: _submittedBy, ...view } = await getApplication(tx, request.params.id);
    return view;
  }));

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`${BASE}/allowance-applications/:id/${decision}`, {
      schema: {
        tags: TAGS, summary: decision === 'approve' ? '批准申请（县级审批；记入资金发放待遇）' : '不予批准（须写明理由）', params: idParam, body: decisionInput,
        response: { 200: applicationView },
      },
      preHandler: authorize('elderly.allowance.approve'),
    }, async (request) => inScope(db, request, (tx, actor) => decideApplication(tx, auditActorOf(request), actor, request.params.id, decision, request.body)));
  }

  // ---- enrolments ----
  app.get(`${BASE}/allowance-enrolments`, {
    schema: {
      tags: TAGS, summary: '享受名单（脱敏）',
      querystring: z.object({
        programme: programmeCode.optional(), scheme, personId: z.uuid('人员编号格式不正确').optional(), status: z.enum(['active', 'stopped']).optional(),
        q: z.string().trim().max(50).optional(),
        reassessment: z.enum(['due', 'overdue']).optional(), ...paging,
      }),
      response: { 200: page(enrolmentView) },
    },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => listEnrolments(tx, actor.regionCode, request.query)));

  app.get(`${BASE}/allowance-enrolments/:id`, {
    schema: { tags: TAGS, summary: '享受记录及其变更', params: idParam, response: { 200: enrolmentDetail } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx) => getEnrolment(tx, request.params.id)));

  app.post(`${BASE}/allowance-enrolments/:id/stop`, {
    schema: { tags: TAGS, summary: '停发（死亡、迁出、本人放弃、不再符合条件）', params: idParam, body: stopInput, response: { 200: enrolmentDetail } },
    preHandler: authorize('elderly.allowance.approve'),
  }, async (request) => inScope(db, request, (tx, actor) => stopEnrolment(tx, auditActorOf(request), actor, request.params.id, request.body)));

  app.post(`${BASE}/allowance-enrolments/:id/level-change`, {
    schema: { tags: TAGS, summary: '复评后按新的能力等级调整养老服务补贴或护理补贴', params: idParam, body: levelChangeInput, response: { 200: enrolmentDetail } },
    preHandler: authorize('elderly.allowance.approve'),
  }, async (request) => inScope(db, request, (tx, actor) => applyLevelChange(tx, auditActorOf(request), actor, request.params.id, request.body)));
}
