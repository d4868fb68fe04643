/** HTTP routes of 统计与监测 (docs/api/statistics-contract.md). Thin: parse, open the scope, one service call. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { auditActorOf, authorize, inScope, requireActor, type MzApp, type ModuleDeps } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import { NATURE_NAMES, PERIOD_NAMES, REFRESH_NAMES } from '../domain/index.ts';
import { findSource, listIndicators } from './fact-source.ts';
import { dashboard } from './dashboard.service.ts';
import { listRecords } from './records.service.ts';
import { queueRefresh, refreshLog } from './refresh.service.ts';
import { generateReport, listReports, reportWorkbook, requireReport, submitReport } from './report.service.ts';

const TAGS = ['统计与监测'];
const BASE = '/api/v1/statistics';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM');
const regionCode = z.string().regex(/^\d{12}$/, '区划代码应为 12 位数字');
const indicatorCode = z.string().regex(/^[a-z][a-z0-9_.]{1,79}$/, '指标代码格式不正确');
const reportKind = z.enum(['monthly', 'quarterly'], '报表类型应为 monthly（月报）或 quarterly（季报）');
const reportPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, '报表期应为 YYYY-MM（月报）或 YYYY-Qn（季报）');
const idParam = z.object({ id: z.uuid('编号格式不正确') });
const format = z.enum(['count', 'fen', 'permille', 'percent', 'ratio']);
const change = z.object({ delta: z.number(), rate: z.number().nullable() }).nullable();

const indicatorView = z.object({
  code: z.string(), name: z.string(), unit: z.string(), group: z.string(), numerator: z.string(), denominator: z.string().nullable(),
  sourceModule: z.string(), source: z.string(), recordName: z.string(), period: z.enum(['month', 'quarter', 'year']), periodName: z.string(),
  nature: z.enum(['stock', 'flow']), natureName: z.string(), additive: z.boolean(), refresh: z.enum(['job', 'incremental']), refreshName: z.string(),
  format, scale: z.number(), headline: z.boolean(),
});
const dashboardView = z.object({
  regionCode: z.string(), regionName: z.string(), level: z.number(), month: z.string(), refreshedAt: z.string().nullable(),
  headlines: z.array(z.object({
    indicator: z.string(), name: z.string(), unit: z.string(), format, group: z.string(), value: z.number().nullable(), previous: z.number().nullable(),
    lastYear: z.number().nullable(), mom: change, yoy: change, trend: z.array(z.object({ month: z.string(), value: z.number().nullable() })),
  })),
  columns: z.array(z.object({ indicator: z.string(), name: z.string(), unit: z.string(), format })),
  children: z.array(z.object({ regionCode: z.string(), regionName: z.string(), level: z.number(), values: z.record(z.string(), z.number().nullable()) })),
  rankBy: z.string(),
  ranking: z.array(z.object({ regionCode: z.string(), regionName: z.string(), value: z.number().nullable() })),
});
const recordsView = z.object({
  indicator: z.string(), indicatorName: z.string(), unit: z.string(), recordName: z.string(), regionCode: z.string(), regionName: z.string(), month: z.string(),
  total: z.number(), measureTotal: z.number(),
  items: z.array(z.object({
    recordId: z.string(), regionCode: z.string(), regionName: z.string().nullable(), name: z.string().nullable(), idMasked: z.string().nullable(),
    note: z.string().nullable(), amountFen: z.number().nullable(), measure: z.number(),
  })),
});
const reportView = z.object({
  id: z.string(), kind: reportKind, kindName: z.string(), period: z.string(), regionCode: z.string(), regionName: z.string().nullable(),
  status: z.enum(['draft', 'submitted']), version: z.number(), indicators: z.array(z.string()), generatedByName: z.string(), generatedAt: z.string(),
  submittedByName: z.string().nullable(), submittedAt: z.string().nullable(),
});
const reportRow = z.object({ regionCode: z.string(), regionName: z.string(), values: z.array(z.number().nullable()) });
const reportDetail = reportView.extend({
  content: z.object({
    months: z.array(z.string()),
    columns: z.array(z.object({ indicator: z.string(), name: z.string(), unit: z.string(), format, additive: z.boolean() })),
    rows: z.array(reportRow), total: reportRow,
  }),
});

function who(request: FastifyRequest) {
  return { ...auditActorOf(request), regionCode: requireActor(request).regionCode };
}

const attachment = (fileName: string, fallback: string) => `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export async function statisticsRoutes(app: MzApp, { db }: ModuleDeps) {
  app.get(`${BASE}/indicators`, {
    schema: { tags: TAGS, summary: '统计指标目录（口径、单位、来源、时点/时期、刷新方式）', response: { 200: z.object({ items: z.array(indicatorView) }) } },
    preHandler: authorize('statistics.read'),
  }, async () => ({
    items: listIndicators().map((d) => ({
      code: d.code, name: d.name, unit: d.unit, group: d.group, numerator: d.numerator, denominator: d.denominator, sourceModule: d.sourceModule,
      source: d.source, recordName: findSource(d.source)?.recordName ?? '', period: d.period, periodName: PERIOD_NAMES[d.period], nature: d.nature,
      natureName: NATURE_NAMES[d.nature], additive: d.additive, refresh: d.refresh, refreshName: REFRESH_NAMES[d.refresh], format: d.format, scale: d.scale,
      headline: d.headline,
    })),
  }));

  app.get(`${BASE}/dashboard`, {
    schema: {
      tags: TAGS, summary: '监测看板：本级主要指标（环比、同比、近 12 个月趋势）与下级区划对比、排名',
      querystring: z.object({ regionCode: regionCode.optional(), month: month.optional(), rankBy: indicatorCode.optional() }),
      response: { 200: dashboardView },
    },
    preHandler: authorize('statistics.read'),
  }, async (request) => inScope(db, request, (tx, actor) => dashboard(tx, actor.regionCode, request.query)));

  app.get(`${BASE}/records`, {
    schema: {
      tags: TAGS, summary: '数字背后的明细（本辖区，脱敏，分页；查看个人或家庭名单记审计）',
      querystring: z.object({
        indicator: indicatorCode, month, regionCode: regionCode.optional(),
        page: z.coerce.number().int().min(1, '页码应从 1 开始').default(1), pageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(20),
      }),
      response: { 200: recordsView },
    },
    preHandler: authorize('statistics.read'),
  }, async (request) => inScope(db, request, (tx) => listRecords(tx, who(request), request.query)));

  app.get(`${BASE}/refreshes`, {
    schema: { tags: TAGS, summary: '各月指标刷新记录', response: { 200: z.object({ items: z.array(z.object({ month: z.string(), refreshedAt: z.string(), refreshedBy: z.string(), valueRows: z.number(), milliseconds: z.number() })) }) } },
    preHandler: authorize('statistics.read'),
  }, async (request) => ({ items: await inScope(db, request, (tx) => refreshLog(tx)) }));

  app.post(`${BASE}/refreshes`, {
    schema: { tags: TAGS, summary: '刷新某月全部指标（省级；后台任务）', body: z.object({ month }), response: { 202: z.object({ jobId: z.string() }) } },
    preHandler: authorize('statistics.report'),
  }, async (request, reply) => reply.code(202).send(await inScope(db, request, (tx) => queueRefresh(tx, who(request), request.body.month))));

  app.get(`${BASE}/reports`, {
    schema: {
      tags: TAGS, summary: '统计报表列表（本辖区）', querystring: z.object({ period: reportPeriod.optional(), regionCode: regionCode.optional() }),
      response: { 200: z.object({ items: z.array(reportView) }) },
    },
    preHandler: authorize('statistics.read'),
  }, async (request) => ({ items: await inScope(db, request, (tx, actor) => listReports(tx, actor.regionCode, request.query)) }));

  app.post(`${BASE}/reports`, {
    schema: {
      tags: TAGS, summary: '生成（或重新生成未上报的）统计报表：行为下级区划及合计，列为所选指标',
      body: z.object({
        kind: reportKind, period: reportPeriod, regionCode: regionCode.optional(),
        indicators: z.array(indicatorCode).min(1, '请至少选择一项指标').max(40, '一张报表最多 40 项指标'),
      }),
      response: { 201: reportDetail },
    },
    preHandler: authorize('statistics.report'),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx) => generateReport(tx, who(request), request.body))));

  app.get(`${BASE}/reports/:id`, {
    schema: { tags: TAGS, summary: '统计报表内容', params: idParam, response: { 200: reportDetail } },
    preHandler: authorize('statistics.read'),
  }, async (request) => inScope(db, request, (tx) => requireReport(tx, request.params.id)));

  app.post(`${BASE}/reports/:id/submit`, {
    schema: { tags: TAGS, summary: '上报统计报表（上报后锁定，记录上报人和时间）', params: idParam, body: z.object({ version: z.number().int().min(1) }), response: { 200: reportDetail } },
    preHandler: authorize('statistics.report'),
  }, async (request) => inScope(db, request, (tx) => submitReport(tx, who(request), request.params.id, request.body.version)));

  app.get(`${BASE}/reports/:id/report.xlsx`, {
    schema: { tags: TAGS, summary: '导出统计报表（Excel：表头、计量单位、合计行；审计）', params: idParam },
    preHandler: authorize('statistics.read'),
  }, async (request, reply) => {
    const report = await inScope(db, request, async (tx) => {
      const r = await requireReport(tx, request.params.id);
      await appendAudit(tx, who(request), {
        action: 'statistics.report_export', entityType: 'statistics_report_form', entityId: r.id, regionCode: r.regionCode,
        summary: `导出 ${r.regionName ?? r.regionCode} ${r.period} ${r.kindName}`,
      });
      return r;
    });
    const body = await reportWorkbook(report);
    return reply.type(XLSX_TYPE)
      .header('content-disposition', attachment(`${report.regionName ?? report.regionCode}-${report.period}-${report.kindName}.xlsx`, `statistics-${report.period}.xlsx`))
      .send(body);
  });
}
