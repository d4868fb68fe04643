/** HTTP routes of 老年人能力评估 (docs/api/elderly-assessment-contract.md). Thin: parse, open the scope, one service call. */
import { z } from 'zod';
import { auditActorOf, authorize, inScope, type MzApp, type ModuleDeps } from '@mz/http';
import { ASSESSMENT_ITEMS, DIMENSIONS } from '../domain/assessment.catalog.ts';
import {
  completeAssessmentInput, createAssessmentInput, listAssessmentsQuery, updateAssessmentInput, voidAssessmentInput,
} from '../domain/assessment.schema.ts';
import { COMA_RULE, LEVEL_BANDS, REASSESSMENT_MONTHS, RISK_EVENT_THRESHOLD, RISK_EVENT_WINDOW_DAYS } from '../domain/assessment.rules.ts';
import { ABILITY_LEVEL_NAMES } from '../domain/assessment.names.ts';
import {
  assessmentForReport, completeAssessment, createAssessment, getAssessment, listAssessments, readAssessmentAfterWrite, updateAssessment, voidAssessment,
} from './assessment.service.ts';
import { assessmentReportTitle, renderAssessmentReportPdf } from './assessment.pdf.ts';

const TAGS = ['老年人能力评估'];
const BASE = '/api/v1/elderly/assessments';
const READ = 'elderly.read';
const MANAGE = 'elderly.assessment.manage';
const idParam = z.object({ id: z.uuid('评估编号格式不正确') });

const level = z.number().int().min(0).max(4);
const summaryView = z.object({
  id: z.string(), personId: z.string(), personName: z.string(), idMasked: z.string(), regionCode: z.string(), regionName: z.string().nullable(),
  assessedOn: z.string(), reason: z.enum(['initial', 'routine', 'change']), reasonName: z.string(),
  status: z.enum(['draft', 'completed', 'voided']), statusName: z.string(),
  totalScore: z.number().nullable(), preliminaryLevel: level.nullable(), finalLevel: level.nullable(), finalLevelName: z.string().nullable(),
  nextDueOn: z.string().nullable(), current: z.boolean().describe('该人员最近一次已完成的评估（当前等级来源）'),
  dueState: z.enum(['overdue', 'due']).nullable().describe('当前评估：overdue 已逾期 / due 即将到期'),
  completedByName: z.string().nullable(), createdByName: z.string().nullable(), updatedAt: z.string(), version: z.number(),
});
const detailView = summaryView.extend({
  sex: z.string().nullable(), birthDate: z.string().nullable(), ageOnAssessment: z.number().nullable(), place: z.string().nullable(),
  answers: z.record(z.string(), z.number()),
  dimensionScores: z.array(z.object({ code: z.string(), name: z.string(), score: z.number(), max: z.number() })).nullable(),
  preliminaryLevelName: z.string().nullable(),
  changeReasons: z.array(z.object({ rule: z.string(), text: z.string() })),
  diagnoses: z.array(z.object({ code: z.string(), name: z.string().nullish() })),
  riskEvents: z.array(z.object({ kind: z.string(), kindName: z.string(), date: z.string(), note: z.string().nullish() })),
  assessors: z.array(z.object({ name: z.string().optional(), certNo: z.string().optional() })),
  completedAt: z.string().nullable(), voidedAt: z.string().nullable(), voidedByName: z.string().nullable(), voidReason: z.string().nullable(), createdAt: z.string(),
});

function pdfDisposition(title: string): string {
  return `inline; filename="assessment.pdf"; filename*=UTF-8''${encodeURIComponent(`${title}.pdf`)}`;
}

export async function assessmentRoutes(app: MzApp, { db, cipher }: ModuleDeps): Promise<void> {
  app.get('/api/v1/elderly/assessment-catalogue', {
    schema: {
      tags: TAGS, summary: '评估指标目录（GB/T 42195-2022：维度、26 个项目、选项与分值、等级划分与变更规则）',
      response: {
        200: z.object({
          dimensions: z.array(z.object({ code: z.string(), name: z.string(), max: z.number() })),
          items: z.array(z.object({
            code: z.string(), dimension: z.string(), name: z.string(), max: z.number(), wording: z.enum(['rules', 'derived']),
            options: z.array(z.object({ score: z.number(), text: z.string() })),
          })),
          levels: z.array(z.object({ level, name: z.string(), min: z.number(), max: z.number() })),
          riskEventWindowDays: z.number(), riskEventThreshold: z.number(), reassessmentMonths: z.number(),
          comaRule: z.object({ level, text: z.string(), unconfirmed: z.boolean() }),
        }),
      },
    },
    preHandler: authorize(READ),
  }, async () => ({
    dimensions: DIMENSIONS.map((d) => ({ ...d })),
    items: ASSESSMENT_ITEMS.map((i) => ({ ...i, options: i.options.map((o) => ({ ...o })) })),
    levels: LEVEL_BANDS.map((b) => ({ ...b, name: ABILITY_LEVEL_NAMES[b.level] })),
    riskEventWindowDays: RISK_EVENT_WINDOW_DAYS, riskEventThreshold: RISK_EVENT_THRESHOLD, reassessmentMonths: REASSESSMENT_MONTHS,
    comaRule: { level: COMA_RULE.level, text: COMA_RULE.text, unconfirmed: COMA_RULE.unconfirmed },
  }));

  app.get(BASE, {
    schema: {
      tags: TAGS, summary: '能力评估列表（本辖区；按等级、到期/逾期、区划、姓名筛选；身份证号脱敏）', querystring: listAssessmentsQuery,
      response: { 200: z.object({ items: z.array(summaryView), total: z.number() }) },
    },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => listAssessments(tx, actor.regionCode, request.query)));

  app.post(BASE, {
    schema: { tags: TAGS, summary: '新建能力评估（草稿；被评估人须在评估日期年满 60 周岁且在世）', body: createAssessmentInput, response: { 201: detailView } },
    preHandler: authorize(MANAGE),
  }, async (request, reply) => {
    const audit = auditActorOf(request);
    const view = await inScope(db, request, async (tx, actor) => {
      const id = await createAssessment(tx, actor, audit, request.body);
      return readAssessmentAfterWrite(tx, actor, cipher, id);
    });
    return reply.code(201).send(view);
  });

  app.get(`${BASE}/:id`, {
    schema: { tags: TAGS, summary: '能力评估详情（含诊断；记入审计）', params: idParam, response: { 200: detailView } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => getAssessment(tx, actor, auditActorOf(request), cipher, request.params.id)));

  app.patch(`${BASE}/:id`, {
    schema: {
      tags: TAGS, summary: '保存评估内容（评分、诊断、风险事件、评估员；仅填写中的评估）', params: idParam, body: updateAssessmentInput,
      response: { 200: detailView },
    },
    preHandler: authorize(MANAGE),
  }, async (request) => {
    const audit = auditActorOf(request);
    return inScope(db, request, async (tx, actor) => {
      await updateAssessment(tx, actor, audit, cipher, request.params.id, request.body);
      return readAssessmentAfterWrite(tx, actor, cipher, request.params.id);
    });
  });

  app.post(`${BASE}/:id/complete`, {
    schema: {
      tags: TAGS, summary: '完成评估（服务端计算得分、初步等级与最终等级并锁定）', params: idParam, body: completeAssessmentInput,
      response: { 200: detailView },
    },
    preHandler: authorize(MANAGE),
  }, async (request) => {
    const audit = auditActorOf(request);
    return inScope(db, request, async (tx, actor) => {
      await completeAssessment(tx, actor, audit, cipher, request.params.id, request.body.version);
      return readAssessmentAfterWrite(tx, actor, cipher, request.params.id);
    });
  });

  app.post(`${BASE}/:id/void`, {
    schema: { tags: TAGS, summary: '作废已完成的评估（写明原因；记入审计）', params: idParam, body: voidAssessmentInput, response: { 200: detailView } },
    preHandler: authorize('elderly.assessment.void'),
  }, async (request) => {
    const audit = auditActorOf(request);
    return inScope(db, request, async (tx, actor) => {
      await voidAssessment(tx, actor, audit, request.params.id, request.body);
      return readAssessmentAfterWrite(tx, actor, cipher, request.params.id);
    });
  });

  app.get(`${BASE}/:id/report.pdf`, {
    schema: { tags: TAGS, summary: '老年人能力评估报告（PDF；记入审计）', params: idParam },
    preHandler: authorize(READ),
  }, async (request, reply) => {
    const a = await inScope(db, request, (tx, actor) => assessmentForReport(tx, actor, auditActorOf(request), cipher, request.params.id));
    const pdf = await renderAssessmentReportPdf(a);
    return reply.type('application/pdf').header('content-disposition', pdfDisposition(assessmentReportTitle(a))).send(pdf);
  });
}
