import { z } from 'zod';
import { isIsoDate, todayInShanghai } from '@mz/kernel';
import { auditActorOf, authorize, inScope, type ModuleDeps, type MzApp } from '@mz/http';
import {
  applicationInput, calculateInput, edgeFamilyInput, paramInput, PARAM_CATALOG, recognitionEndInput, regionCodeField, rigidFamilyInput,
} from '../domain/index.ts';
import {
  breakdownSchema, caseDetailSchema, caseSummarySchema, edgeFamilySchema, effectiveParamSchema, paramRowSchema, programme, rigidAssessmentSchema, rigidFamilySchema,
} from './assistance.schemas.ts';
import { fileApplication } from './application.service.ts';
import { takeAction } from './case-action.service.ts';
import { investigationVerifier } from './case-links.ts';
import { requestVerificationStep } from './investigation.service.ts';
import { caseQueue, getCaseDetail, listCases } from './case-query.service.ts';
import { calculate } from './calculate.service.ts';
import { createParam, listEffectiveParams, paramHistory } from './params.service.ts';
import { drawSpotCheck } from './spot-check.service.ts';
import { endEdgeFamily, listEdgeFamilies, recogniseEdgeFamily } from './edge-family.service.ts';
import { endRigidFamily, listRigidFamilies, recogniseRigidFamily } from './rigid-family.service.ts';
import { decisionNotice, publicityList } from './documents.service.ts';
import { decisionNoticeTitle, publicityTitle, renderDecisionNoticePdf, renderPublicityPdf } from './print/index.ts';

const tags = ['社会救助'];
const idParam = z.object({ id: z.uuid('案件编号格式不正确') });
const date = (label: string) => z.string().refine((v) => isIsoDate(v), `${label}应为有效日期（YYYY-MM-DD）`);
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };
const code = z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, '代码格式不正确');
/** Query of both household registers (边缘, 刚性): they are listed and filtered alike. */
const registerQuery = z.object({
  regionCode: regionCodeField('区划').optional(),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, '关键字不超过 50 个字').optional(),
  ...page,
});

/** `inline` so the browser shows the document; the UTF-8 name is what a save dialog proposes. */
function pdfDisposition(title: string, fallback: string): string {
  return `inline; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(`${title}.pdf`)}`;
}

export function assistanceRoutes(app: MzApp, { db, cipher }: ModuleDeps) {
  // ── 政策参数 ──
  app.get('/api/v1/assistance/params', {
    schema: {
      tags, summary: '某区划某日生效的政策参数（含继承自上级的值、全国默认值与未设置项）',
      querystring: z.object({ regionCode: regionCodeField('区划').optional(), on: date('查看日期').optional() }),
      response: { 200: z.object({ items: z.array(effectiveParamSchema) }) },
    },
    preHandler: authorize('assistance.read'),
  }, async (request) => inScope(db, request, (tx, actor) => listEffectiveParams(tx, actor, request.query)));

  app.get('/api/v1/assistance/params/history', {
    schema: {
      tags, summary: '政策参数的历史（本区划及上级区划的全部设置，新的在前）',
      querystring: z.object({
        regionCode: regionCodeField('区划').optional(),
        key: z.string({ error: '请选择参数' }).refine((k) => k in PARAM_CATALOG, '没有这个政策参数'),
      }),
      response: { 200: z.object({ items: z.array(paramRowSchema) }) },
    },
    preHandler: authorize('assistance.read'),
  }, async (request) => inScope(db, request, (tx, actor) => paramHistory(tx, actor, request.query)));

  app.post('/api/v1/assistance/params', {
    schema: { tags, summary: '新增政策参数（不修改旧值，自生效日期起取代；记入审计）', body: paramInput, response: { 201: paramRowSchema } },
    preHandler: authorize('assistance.params'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => createParam(tx, actor, auditActorOf(request), request.body))));

  // ── 案件 ──
  app.get('/api/v1/assistance/cases', {
    schema: {
      tags, summary: '救助案件查询（本辖区；脱敏；overdue=true 为超期案件）',
      querystring: z.object({
        programme: programme.optional(),
        state: code.optional(),
        regionCode: regionCodeField('区划').optional(),
        overdue: z.enum(['true', 'false']).optional(),
        flag: code.optional(),
        recheckDue: z.enum(['true', 'false']).optional(),
        q: z.string().trim().max(50, '关键字不超过 50 个字').optional(),
        ...page,
      }),
      response: { 200: z.object({ items: z.array(caseSummarySchema), total: z.number() }) },
    },
    preHandler: authorize('assistance.read'),
  }, async (request) => inScope(db, request, (tx, actor) => listCases(tx, actor, {
    ...request.query, overdue: request.query.overdue === 'true', recheckDue: request.query.recheckDue === 'true', q: request.query.q || undefined,
  }, { cipher })));

  app.get('/api/v1/assistance/queue', {
    schema: { tags, summary: '待办：我现在可以办理的案件（到期早的在前）', response: { 200: z.object({ items: z.array(caseSummarySchema) }) } },
    preHandler: authorize('assistance.read'),
  }, async (request) => inScope(db, request, (tx, actor) => caseQueue(tx, actor)));

  app.post('/api/v1/assistance/cases', {
    schema: { tags, summary: '登记救助申请（低保、特困供养、临时救助；须签署授权核对书和承诺书）', body: applicationInput, response: { 201: caseDetailSchema } },
    preHandler: authorize('assistance.apply'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => fileApplication(tx, actor, auditActorOf(request), request.body, new Date(), { cipher }))));

  app.get('/api/v1/assistance/cases/:id', {
    schema: { tags, summary: '案件详情：家庭成员（脱敏）、测算明细、期限、办理记录与可办理环节（记入审计）', params: idParam, response: { 200: caseDetailSchema } },
    preHandler: authorize('assistance.read'),
  }, async (request) => inScope(db, request, (tx, actor) => getCaseDetail(tx, actor, auditActorOf(request), request.params.id)));

  app.post('/api/v1/assistance/cases/:id/actions/:action', {
    schema: {
      tags, summary: '办理案件环节（受理、调查、初审、公示、审核确认等；须带 version）',
      params: idParam.extend({ action: z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, '办理环节格式不正确') }),
      body: z.object({
        version: z.number({ error: '请刷新案件后重试（缺少版本号）' }).int().min(1),
        opinion: z.string().max(2000, '办理意见不超过 2000 个字').optional().nullable(),
        attachments: z.array(z.object({ name: z.string().trim().min(1).max(200), ref: z.string().trim().min(1).max(500) })).max(50).optional(),
        data: z.unknown().optional(),
      }),
      response: { 200: caseDetailSchema },
    },
    preHandler: authorize('assistance.handle'),
  }, async (request) => {
    // With a verifier registered (the verification module is deployed), 申请信息核对 produces the
    // household verification report itself; without one the step is recorded and the result entered by hand.
    const verifier = investigationVerifier();
    if (request.params.action === 'request_verification' && verifier) return requestVerificationStep(db, request, verifier, request.params.id, request.body);
    return inScope(db, request, (tx, actor) => takeAction(tx, actor, auditActorOf(request), request.params.id, request.params.action, request.body));
  });

  app.post('/api/v1/assistance/calculate', {
    schema: { tags, summary: '试算救助金额（不保存）', body: calculateInput, response: { 200: breakdownSchema } },
    preHandler: authorize('assistance.read'),
  }, async (request) => inScope(db, request, (tx, actor) => calculate(tx, actor, request.body)));

  app.post('/api/v1/assistance/tekun/spot-checks', {
    schema: {
      tags, summary: '特困供养随机抽查（抽取待审核确认案件的30%以上并标记；记入审计）',
      body: z.object({ countyCode: regionCodeField('县（市、区）') }),
      response: { 200: z.object({ drawn: z.array(z.string()), pool: z.number() }) },
    },
    preHandler: authorize('assistance.supervise'),
  }, async (request) => inScope(db, request, (tx, actor) => drawSpotCheck(tx, actor, auditActorOf(request), request.body.countyCode)));

  // ── 低保边缘家庭 ──
  app.get('/api/v1/assistance/edge-families', {
    schema: {
      tags, summary: '低保边缘家庭认定名单（本辖区；户主姓名、脱敏身份证号；active=true 为有效期内）',
      querystring: registerQuery,
      response: { 200: z.object({ items: z.array(edgeFamilySchema), total: z.number() }) },
    },
    preHandler: authorize('assistance.read'),
  }, async (request) => inScope(db, request, (tx, actor) => listEdgeFamilies(tx, actor, {
    ...request.query, active: request.query.active === undefined ? undefined : request.query.active === 'true', q: request.query.q || undefined,
  })));

  app.post('/api/v1/assistance/edge-families', {
    schema: {
      tags, summary: '认定低保边缘家庭（乡镇审核人员；按家庭经济状况测算，人均收入不低于低保标准且低于边缘倍数；记入审计）',
      body: edgeFamilyInput, response: { 201: edgeFamilySchema.extend({ breakdown: breakdownSchema }) },
    },
    preHandler: authorize('assistance.handle'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => recogniseEdgeFamily(tx, actor, auditActorOf(request), request.body))));

  app.post('/api/v1/assistance/edge-families/:id/end', {
    schema: {
      tags, summary: '终止低保边缘家庭认定（写明原因；记入审计）',
      params: z.object({ id: z.uuid('认定编号格式不正确') }), body: recognitionEndInput, response: { 200: edgeFamilySchema },
    },
    preHandler: authorize('assistance.handle'),
  }, async (request) => inScope(db, request, (tx, actor) => endEdgeFamily(tx, actor, auditActorOf(request), request.params.id, request.body)));

  // ── 刚性支出困难家庭 ──
  app.get('/api/v1/assistance/rigid-families', {
    schema: {
      tags, summary: '刚性支出困难家庭认定名单（本辖区；单独标识；active=true 为有效期内）',
      querystring: registerQuery,
      response: { 200: z.object({ items: z.array(rigidFamilySchema), total: z.number() }) },
    },
    preHandler: authorize('assistance.read'),
  }, async (request) => inScope(db, request, (tx, actor) => listRigidFamilies(tx, actor, {
    ...request.query, active: request.query.active === undefined ? undefined : request.query.active === 'true', q: request.query.q || undefined,
  })));

  app.post('/api/v1/assistance/rigid-families', {
    schema: {
      tags, summary: '认定刚性支出困难家庭（县级审核、审批人员；按申请前12个月收入、刚性支出和财产测算；有效期不超过12个月；记入审计）',
      body: rigidFamilyInput, response: { 201: rigidFamilySchema.extend({ assessment: rigidAssessmentSchema }) },
    },
    preHandler: authorize('assistance.handle'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => recogniseRigidFamily(tx, actor, auditActorOf(request), request.body))));

  app.post('/api/v1/assistance/rigid-families/:id/end', {
    schema: {
      tags, summary: '终止刚性支出困难家庭认定（写明原因；记入审计）',
      params: z.object({ id: z.uuid('认定编号格式不正确') }), body: recognitionEndInput, response: { 200: rigidFamilySchema },
    },
    preHandler: authorize('assistance.handle'),
  }, async (request) => inScope(db, request, (tx, actor) => endRigidFamily(tx, actor, auditActorOf(request), request.params.id, request.body)));

  // ── 文书 ──
  app.get('/api/v1/assistance/cases/:id/notice.pdf', {
    schema: { tags, summary: '决定通知书（确认、不予确认、终止；PDF；记入审计）', params: idParam },
    preHandler: authorize('assistance.read'),
  }, async (request, reply) => {
    const input = await inScope(db, request, (tx, actor) => decisionNotice(tx, actor, auditActorOf(request), request.params.id));
    const pdf = await renderDecisionNoticePdf(input);
    return reply.type('application/pdf').header('content-disposition', pdfDisposition(`${decisionNoticeTitle(input)}-${input.caseNo}`, 'notice.pdf')).send(pdf);
  });

  app.get('/api/v1/assistance/publicity.pdf', {
    schema: {
      tags, summary: '公示名单（仅姓名、家庭人口、金额；PDF；记入审计）',
      querystring: z.object({
        regionCode: regionCodeField('公示区划'),
        programme,
        stage: z.enum(['preliminary', 'decided']).default('decided'),
        periodFrom: date('公示开始日期').optional(),
        complaintPhone: z.string().trim().max(50, '监督电话不超过 50 个字').optional(),
      }),
    },
    preHandler: authorize('assistance.read'),
  }, async (request, reply) => {
    const input = await inScope(db, request, (tx, actor) => publicityList(tx, actor, auditActorOf(request), request.query));
    const pdf = await renderPublicityPdf(input);
    const stamp = input.periodFrom ?? todayInShanghai();
    return reply.type('application/pdf').header('content-disposition', pdfDisposition(`${publicityTitle(input.programme, input.stage)}-${stamp}`, 'publicity.pdf')).send(pdf);
  });
}
