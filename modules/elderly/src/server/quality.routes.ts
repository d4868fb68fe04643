/** HTTP routes of 等级评定、检查与指标 (docs/api/elderly-quality-contract.md). Thin: parse, open the scope, one service call. */
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { auditActorOf, authorize, inScope, type MzApp, type ModuleDeps } from '@mz/http';
import { forbidden, isWithin, notFound, subtreeRange, todayInShanghai } from '@mz/kernel';
import { ELDERLY_INDICATORS } from '../domain/index.ts';
import {
  checkItemView, findingActionBody, findingDetail, findingListQuery, findingView, idParam, indicatorCatalogueView, indicatorQuery, indicatorReportView,
  inspectionCreateBody, inspectionDetail, inspectionListQuery, inspectionView, institutionPickQuery, institutionPickView, openFindingsRow, paramBody,
  paramRowView, ratingActionBody, ratingCreateBody, ratingDetail, ratingListQuery, ratingUpdateBody, ratingView, regionCode, resolvedParamView,
} from './quality.schemas.ts';
import { actOnRating, createRating, getRating, listRatings, updateRating } from './quality.rating.service.ts';
import {
  actOnFinding, createInspection, getFinding, getInspection, institutionsWithOpenFindings, listCheckItems, listFindings, listInspections,
} from './quality.inspection.service.ts';
import { indicatorReport } from './quality.indicators.query.ts';
import { addParam, listParams, resolveParam } from './quality.params.service.ts';
import { operatorInstitutionIds, ownInstitutions } from './quality.scope.ts';

const BASE = '/api/v1/elderly';
const TAGS = ['养老服务-等级评定与检查'];
const READ = 'elderly.quality.read';
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });

export async function qualityRoutes(app: MzApp, { db }: ModuleDeps): Promise<void> {
  // ---- institutions to pick from (scoped; operators get their own) ----
  app.get(`${BASE}/quality/institutions`, {
    schema: { tags: TAGS, summary: '可评定、检查的机构（本辖区；机构经办人员仅本机构）', querystring: institutionPickQuery, response: { 200: z.object({ items: z.array(institutionPickView) }) } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, async (tx, actor) => {
    const range = subtreeRange(actor.regionCode);
    const own = await operatorInstitutionIds(tx, actor);
    const q = request.query.q;
    const rows = await tx.rows<{ id: string; name: string; kind: string; status: string; region_code: string; region_name: string | null; grade: number | null; graded_on: string | null }>(sql`
      SELECT i.id, i.name, i.kind, i.status, i.region_code, rg.name AS region_name, i.grade, i.graded_on::text
      FROM elderly_institution i LEFT JOIN region rg ON rg.code = i.region_code
      WHERE i.region_code >= ${range.from} AND i.region_code < ${range.to} AND i.status <> 'closed'
        ${ownInstitutions(own, sql`i.id`)}
        ${request.query.careHomesOnly ? sql`AND i.kind = 'care_home'` : sql``}
        ${q ? sql`AND strpos(i.name, ${q}) > 0` : sql``}
      ORDER BY i.region_code, i.name LIMIT 200`);
    return { items: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, status: r.status, regionCode: r.region_code, regionName: r.region_name, grade: r.grade === null ? null : Number(r.grade), gradedOn: r.graded_on })) };
  }));

  // ---- regional parameters ----
  app.get(`${BASE}/quality/params`, {
    schema: {
      tags: TAGS, summary: '等级评定标准与整改期限：当前适用值（地方标准）与各版本', querystring: z.object({ regionCode: regionCode.optional(), date: z.string().optional() }),
      response: { 200: z.object({ gradeThresholds: resolvedParamView, rectifyDays: resolvedParamView, versions: z.array(paramRowView) }) },
    },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, async (tx, actor) => {
    const region = request.query.regionCode ?? actor.regionCode;
    if (!isWithin(region, actor.regionCode)) throw notFound('区划不存在或不在您的管辖范围内');
    const date = request.query.date ?? todayInShanghai();
    return {
      gradeThresholds: await resolveParam(tx, 'grade_thresholds', region, date),
      rectifyDays: await resolveParam(tx, 'rectify_days', region, date),
      versions: await listParams(tx, region, subtreeRange(region)),
    };
  }));

  app.post(`${BASE}/quality/params`, {
    schema: { tags: TAGS, summary: '新增一版地方参数（从生效日期起执行，不改动已作出的评定和期限）', body: paramBody, response: { 201: paramRowView } },
    preHandler: authorize('elderly.quality.params'),
  }, async (request, reply) => {
    const row = await inScope(db, request, async (tx, actor) => {
      const region = request.body.regionCode ?? actor.regionCode;
      if (!isWithin(region, actor.regionCode)) throw forbidden('只能为本辖区设置参数');
      return addParam(tx, auditActorOf(request), { ...request.body, regionCode: region });
    });
    return reply.code(201).send(row);
  });

  // ---- ratings ----
  app.get(`${BASE}/ratings`, {
    schema: { tags: TAGS, summary: '等级评定列表（待确认在前）', querystring: ratingListQuery, response: { 200: page(ratingView) } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => listRatings(tx, actor, request.query)));

  app.post(`${BASE}/ratings`, {
    schema: { tags: TAGS, summary: '新建等级评定（评分表：环境、设施设备、运营管理、服务四部分得分）', body: ratingCreateBody, response: { 201: ratingDetail } },
    preHandler: authorize('elderly.rating.edit'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => createRating(tx, actor, auditActorOf(request), request.body))));

  app.get(`${BASE}/ratings/:id`, {
    schema: { tags: TAGS, summary: '等级评定详情（得分、各部分得分率、未达上一等级的原因、办理记录）', params: idParam, response: { 200: ratingDetail } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => getRating(tx, actor, request.params.id)));

  app.patch(`${BASE}/ratings/:id`, {
    schema: { tags: TAGS, summary: '修改草稿评分', params: idParam, body: ratingUpdateBody, response: { 200: ratingDetail } },
    preHandler: authorize('elderly.rating.edit'),
  }, async (request) => inScope(db, request, (tx, actor) => updateRating(tx, actor, auditActorOf(request), request.params.id, request.body)));

  app.post(`${BASE}/ratings/:id/actions`, {
    schema: { tags: TAGS, summary: '办理等级评定：提交、退回、确认（确认后写入机构等级）', params: idParam, body: ratingActionBody, response: { 200: ratingDetail } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => actOnRating(tx, actor, auditActorOf(request), request.params.id, request.body)));

  // ---- inspections ----
  app.get(`${BASE}/inspection-items`, {
    schema: { tags: TAGS, summary: '检查项目目录（消防安全、服务质量）', querystring: z.object({ category: z.enum(['fire', 'service']).optional() }), response: { 200: z.object({ items: z.array(checkItemView) }) } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, async (tx) => ({ items: await listCheckItems(tx, request.query.category) })));

  app.get(`${BASE}/inspections`, {
    schema: { tags: TAGS, summary: '检查记录列表', querystring: inspectionListQuery, response: { 200: page(inspectionView) } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => listInspections(tx, actor, request.query)));

  app.post(`${BASE}/inspections`, {
    schema: { tags: TAGS, summary: '录入检查（逐项 符合/不符合/不适用；不符合项生成整改问题）', body: inspectionCreateBody, response: { 201: inspectionDetail } },
    preHandler: authorize('elderly.inspection.record'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx, actor) => createInspection(tx, actor, auditActorOf(request), request.body))));

  app.get(`${BASE}/inspections/:id`, {
    schema: { tags: TAGS, summary: '检查记录详情', params: idParam, response: { 200: inspectionDetail } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => getInspection(tx, actor, request.params.id)));

  app.get(`${BASE}/findings`, {
    schema: { tags: TAGS, summary: '检查发现问题（待整改在前；overdue=true 仅逾期）', querystring: findingListQuery, response: { 200: page(findingView) } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => listFindings(tx, actor, request.query)));

  app.get(`${BASE}/findings/by-institution`, {
    schema: {
      tags: TAGS, summary: '有未销号问题的机构（逾期多的在前）', querystring: z.object({ regionCode: regionCode.optional() }),
      response: { 200: z.object({ items: z.array(openFindingsRow) }) },
    },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, async (tx, actor) => ({ items: await institutionsWithOpenFindings(tx, actor, request.query.regionCode) })));

  app.get(`${BASE}/findings/:id`, {
    schema: { tags: TAGS, summary: '问题详情与整改记录', params: idParam, response: { 200: findingDetail } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, actor) => getFinding(tx, actor, request.params.id)));

  app.post(`${BASE}/findings/:id/actions`, {
    schema: { tags: TAGS, summary: '整改跟踪：报送整改（机构）、验证通过/不通过（检查人员）', params: idParam, body: findingActionBody, response: { 200: findingDetail } },
    preHandler: authorize(READ),
  }, async (request) => {
    const needs = request.body.action === 'rectify' ? 'elderly.finding.rectify' : 'elderly.inspection.record';
    await authorize(needs)(request);
    return inScope(db, request, (tx, actor) => actOnFinding(tx, actor, auditActorOf(request), request.params.id, request.body));
  });

  // ---- indicators ----
  app.get(`${BASE}/indicators/catalogue`, {
    schema: { tags: ['养老服务-指标'], summary: '养老指标目录（代码、名称、单位、口径、分子分母）', response: { 200: indicatorCatalogueView } },
    preHandler: authorize('elderly.indicators.read'),
  }, async () => ({ items: ELDERLY_INDICATORS.map((d) => ({ ...d })) }));

  app.get(`${BASE}/indicators`, {
    schema: {
      tags: ['养老服务-指标'], summary: '养老指标：本区划合计与各下级区划（region 默认本辖区，date 默认今天）', querystring: indicatorQuery,
      response: { 200: indicatorReportView },
    },
    preHandler: authorize('elderly.indicators.read'),
  }, async (request) => inScope(db, request, (tx, actor) =>
    indicatorReport(tx, actor, request.query.region ?? actor.regionCode, request.query.date ?? todayInShanghai())));
}
