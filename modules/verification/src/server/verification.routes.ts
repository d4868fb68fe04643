/** HTTP routes of 核对与动态监测 (docs/api/verification-contract.md). Thin: parse, open the scope, one service call. */
import { z } from 'zod';
import multipart from '@fastify/multipart';
import { DomainError, notFound } from '@mz/kernel';
import { auditActorOf, authorize, inScope, requireActor, type MzApp, type ModuleDeps } from '@mz/http';
import type { FastifyRequest } from 'fastify';
import { findSource, templateHeaders, TRANSFER_DEPARTMENTS } from '../domain/index.ts';
import { actOnAlert, alertStats, getAlert, listAlerts } from './alert.service.ts';
import { listRules, listSources, updateRule, updateSource } from './catalogue.service.ts';
import { listRuns, queueRun } from './monitor.service.ts';
import { silentResults } from './silent.service.ts';
import { checkAsOf, getSnapshot, listSnapshots, queueSnapshotImport } from './snapshot.import.ts';
import { MAX_SOURCE_BYTES, readSourceFile } from './source-file.ts';
import { createVerificationRequest, getVerificationRequest, listVerificationRequests } from './household-report.service.ts';

const TAGS = ['核对与监测'];
const BASE = '/api/v1/verification';
const idParam = z.object({ id: z.uuid('编号格式不正确') });
const codeParam = z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '代码格式不正确') });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
const severity = z.enum(['high', 'medium', 'low']);
const alertStatus = z.enum(['open', 'verifying', 'kept', 'transferred', 'adjust', 'closed']);
const alertAction = z.enum(['verify', 'keep', 'transfer', 'adjust']);
const alertEventAction = z.enum(['verify', 'keep', 'transfer', 'adjust', 'close']);

const sourceView = z.object({
  code: z.string(), name: z.string(), owner: z.string(), kind: z.enum(['file', 'internal']), description: z.string(),
  refreshDays: z.number(), retentionDays: z.number(),
  columns: z.array(z.object({ header: z.string(), required: z.boolean(), values: z.array(z.string()).nullable(), hint: z.string().nullable() })),
  current: z.array(z.object({ snapshotId: z.string(), version: z.number(), asOf: z.string(), regionCode: z.string(), accepted: z.number(), persons: z.number(), stale: z.boolean() })),
});
const snapshotView = z.object({
  id: z.string(), sourceCode: z.string(), sourceName: z.string(), version: z.number(), asOf: z.string(), regionCode: z.string(), fileName: z.string(),
  status: z.enum(['importing', 'current', 'superseded', 'failed', 'purged']), total: z.number(), accepted: z.number(), rejected: z.number(),
  persons: z.number(), error: z.string().nullable(), jobId: z.string().nullable(), createdAt: z.string(), finishedAt: z.string().nullable(),
  supersededAt: z.string().nullable(), purgedAt: z.string().nullable(),
});
const ruleView = z.object({
  code: z.string(), name: z.string(), description: z.string(), advice: z.string(), sources: z.array(z.string()), requiresProgrammes: z.array(z.string()),
  active: z.boolean(), severity, severityName: z.string(), handlingLevel: z.union([z.literal(3), z.literal(4)]), deadlineDays: z.number(),
  params: z.record(z.string(), z.unknown()), defaults: z.record(z.string(), z.unknown()), updatedAt: z.string(),
});
const ruleOutcome = z.object({ code: z.string(), name: z.string(), ran: z.boolean(), snapshotIds: z.array(z.string()), found: z.number(), raised: z.number(), notes: z.array(z.string()) });
const runView = z.object({
  id: z.string(), kind: z.enum(['monitor', 'silent']).describe('monitor 监测比对 / silent 静默认证'), regionCode: z.string(), month: z.string(), status: z.enum(['queued', 'running', 'done', 'failed']), beneficiaries: z.number(),
  alertsNew: z.number(), alertsSeen: z.number(), rules: z.array(ruleOutcome), error: z.string().nullable(), jobId: z.string().nullable(),
  createdAt: z.string(), finishedAt: z.string().nullable(),
});
const alertView = z.object({
  id: z.string(), alertNo: z.number(), ruleCode: z.string(), ruleName: z.string(), severity, severityName: z.string(),
  handlingLevel: z.union([z.literal(3), z.literal(4)]), status: alertStatus, statusName: z.string(), version: z.number(),
  personId: z.string().nullable(), householdId: z.string().nullable(), personName: z.string().nullable(), idMasked: z.string().nullable(),
  regionCode: z.string(), regionName: z.string().nullable(), programmes: z.array(z.string()), caseIds: z.array(z.string()),
  raisedOn: z.string(), dueOn: z.string(), overdue: z.boolean(), lastSeenAt: z.string(),
  transferDepartment: z.string().nullable(), linkedCaseId: z.string().nullable(), handledByName: z.string().nullable(), handledAt: z.string().nullable(),
  closedOutcome: z.string().nullable(),
});
const alertDetail = alertView.extend({
  advice: z.string(), evidence: z.record(z.string(), z.unknown()),
  events: z.array(z.object({
    action: alertEventAction, actionName: z.string(), fromStatus: alertStatus, toStatus: alertStatus, opinion: z.string().nullable(),
    department: z.string().nullable(), caseId: z.string().nullable(), caseStep: z.string().nullable(), byName: z.string().nullable(), at: z.string(),
  })),
  availableActions: z.array(z.object({ key: alertAction, name: z.string() })),
});

const requestView = z.object({
  id: z.string(), requestNo: z.number(), caseId: z.string(), caseNo: z.string(), programme: z.string(), regionCode: z.string(), regionName: z.string().nullable(),
  applicantName: z.string(), members: z.number(), status: z.enum(['reported', 'failed']), statusName: z.string(),
  conclusion: z.enum(['eligible', 'ineligible', 'manual']).nullable(), conclusionName: z.string().nullable(), requestedOn: z.string(), dueOn: z.string(),
  reportedAt: z.string().nullable(), createdByName: z.string().nullable(), createdAt: z.string(),
});
const requestDetail = requestView.extend({ report: z.record(z.string(), z.unknown()).nullable(), error: z.string().nullable() });

function who(request: FastifyRequest) {
  return { ...auditActorOf(request), regionCode: requireActor(request).regionCode };
}

const uploadProblem = (status: number, title: string, detail?: string) => new DomainError({ code: 'SOURCE_FILE', status, title, detail });

export async function verificationRoutes(app: MzApp, { db }: ModuleDeps) {
  await app.register(async (scope: MzApp) => {
    await scope.register(multipart, { limits: { files: 1, fileSize: MAX_SOURCE_BYTES, fields: 5, parts: 6 } });

    // ---- sources and snapshots ----
    scope.get(`${BASE}/sources`, {
      schema: { tags: TAGS, summary: '核对数据来源目录（含当前快照与是否过期）', response: { 200: z.object({ items: z.array(sourceView) }) } },
      preHandler: authorize('verification.read'),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => listSources(tx, actor.regionCode)) }));

    scope.patch(`${BASE}/sources/:code`, {
      schema: {
        tags: TAGS, summary: '修改数据来源的更新周期与保留期限', params: codeParam,
        body: z.object({ refreshDays: z.number().int().min(1).max(3660).optional(), retentionDays: z.number().int().min(1).max(36600).optional() }).strict(),
        response: { 200: sourceView },
      },
      preHandler: authorize('verification.rules'),
    }, async (request) => inScope(db, request, async (tx, actor) => {
      await updateSource(tx, auditActorOf(request), request.params.code, request.body);
      return (await listSources(tx, actor.regionCode)).find((s) => s.code === request.params.code)!;
    }));

    scope.get(`${BASE}/sources/:code/template.csv`, {
      schema: { tags: TAGS, summary: '下载数据来源的文件模板（CSV，UTF-8）', params: codeParam }, preHandler: authorize('verification.read'),
    }, async (request, reply) => {
      const source = findSource(request.params.code);
      if (!source || source.kind !== 'file') throw notFound('数据来源不存在或不接受文件导入');
      return reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="template.csv"; filename*=UTF-8''${encodeURIComponent(`${source.name}模板.csv`)}`)
        .send('\ufeff' + templateHeaders(source).join(',') + '\n');
    });

    scope.post(`${BASE}/sources/:code/snapshots`, {
      schema: {
        tags: TAGS, summary: '上传部门数据文件（multipart 字段 file，.xlsx 或 .csv），后台导入为新版本快照', params: codeParam,
        querystring: z.object({ asOf: isoDate }), consumes: ['multipart/form-data'],
        response: { 202: z.object({ jobId: z.string(), snapshotId: z.string(), version: z.number() }) },
      },
      preHandler: authorize('verification.import'),
    }, async (request, reply) => {
      const source = findSource(request.params.code);
      if (!source || source.kind !== 'file') throw notFound('数据来源不存在或不接受文件导入');
      checkAsOf(request.query.asOf);
      if (!request.isMultipart()) throw uploadProblem(415, '请以 multipart/form-data 上传文件', '表单字段名为 file');
      let fileName: string;
      let data: Buffer;
      try {
        const part = await request.file();
        if (!part || part.fieldname !== 'file') throw uploadProblem(400, '请选择要导入的文件', '表单字段名为 file');
        fileName = part.filename || 'data.csv';
        data = await part.toBuffer();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw uploadProblem(413, '文件过大', '单个文件不能超过 50 MB，请拆分后分批导入');
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw uploadProblem(413, '一次只能上传一个文件');
        throw err;
      }
      // Refuse a file that cannot be read now, while the clerk waits, rather than in the job.
      await readSourceFile(source, fileName, data);
      const importer = who(request);
      const queued = await inScope(db, request, (tx) => queueSnapshotImport(tx, importer, source.code, request.query.asOf, fileName, data));
      return reply.code(202).send(queued);
    });

    scope.get(`${BASE}/snapshots`, {
      schema: {
        tags: TAGS, summary: '数据快照列表（本辖区及上级下发）', querystring: z.object({ source: z.string().optional() }),
        response: { 200: z.object({ items: z.array(snapshotView) }) },
      },
      preHandler: authorize('verification.read'),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => listSnapshots(tx, actor.regionCode, request.query)) }));

    scope.get(`${BASE}/snapshots/:id`, {
      schema: {
        tags: TAGS, summary: '数据快照详情（含错误行：行号、脱敏身份证号、原因）', params: idParam,
        response: { 200: snapshotView.extend({ rejections: z.array(z.object({ rowNo: z.number(), idMasked: z.string(), errors: z.string() })) }) },
      },
      preHandler: authorize('verification.read'),
    }, async (request) => {
      const s = await inScope(db, request, (tx, actor) => getSnapshot(tx, actor.regionCode, request.params.id));
      if (!s) throw notFound('数据快照不存在或不在本辖区');
      return s;
    });

    // ---- rules ----
    scope.get(`${BASE}/rules`, {
      schema: { tags: TAGS, summary: '监测规则及其配置', response: { 200: z.object({ items: z.array(ruleView) }) } },
      preHandler: authorize('verification.read'),
    }, async (request) => ({ items: await inScope(db, request, (tx) => listRules(tx)) }));

    scope.patch(`${BASE}/rules/:code`, {
      schema: {
        tags: TAGS, summary: '修改监测规则（启停、阈值、级别、处置层级、期限）', params: codeParam,
        body: z.object({
          active: z.boolean().optional(), severity: severity.optional(), handlingLevel: z.union([z.literal(3), z.literal(4)]).optional(),
          deadlineDays: z.number().int().min(1).max(60).optional(), params: z.record(z.string(), z.unknown()).optional(),
        }).strict(),
        response: { 200: ruleView },
      },
      preHandler: authorize('verification.rules'),
    }, async (request) => inScope(db, request, (tx) => updateRule(tx, auditActorOf(request), request.params.code, request.body)));

    // ---- runs ----
    scope.post(`${BASE}/runs`, {
      schema: {
        tags: TAGS, summary: '发起监测比对（本辖区，指定月份），后台运行', body: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM') }),
        response: { 202: z.object({ runId: z.string(), jobId: z.string() }) },
      },
      preHandler: authorize('verification.handle'),
    }, async (request, reply) => {
      const runner = who(request);
      return reply.code(202).send(await inScope(db, request, (tx) => queueRun(tx, runner, request.body.month)));
    });

    scope.get(`${BASE}/runs`, {
      schema: { tags: TAGS, summary: '监测运行记录（本辖区）', response: { 200: z.object({ items: z.array(runView) }) } },
      preHandler: authorize('verification.read'),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => listRuns(tx, actor.regionCode)) }));

    scope.get(`${BASE}/runs/:id`, {
      schema: { tags: TAGS, summary: '监测运行详情（各规则命中数、未运行原因）', params: idParam, response: { 200: runView } },
      preHandler: authorize('verification.read'),
    }, async (request) => {
      const [run] = await inScope(db, request, (tx, actor) => listRuns(tx, actor.regionCode, request.params.id));
      if (!run) throw notFound('监测运行不存在或不在本辖区');
      return run;
    });

    // ---- 静默认证 ----
    scope.post(`${BASE}/silent-runs`, {
      schema: {
        tags: TAGS, summary: '发起静默认证（本辖区按月复核享受经常性待遇的对象；未通过的生成预警并自下月起暂停发放），后台运行',
        body: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM') }),
        response: { 202: z.object({ runId: z.string(), jobId: z.string() }) },
      },
      preHandler: authorize('verification.handle'),
    }, async (request, reply) => {
      const runner = who(request);
      return reply.code(202).send(await inScope(db, request, (tx) => queueRun(tx, runner, request.body.month, 'silent')));
    });

    const silentCounts = { passed: z.number().int().describe('认证通过'), failed: z.number().int().describe('未通过'), held: z.number().int().describe('预警未处置、暂停发放中') };
    scope.get(`${BASE}/silent-results`, {
      schema: {
        tags: TAGS, summary: '静默认证结果：按月份和下一级区划统计通过、未通过、暂停发放人数',
        querystring: z.object({
          month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM'),
          regionCode: z.string().regex(/^\d{12}$/, '区划代码应为 12 位数字').optional(),
        }),
        response: { 200: z.object({
          month: z.string(), regionCode: z.string(),
          rows: z.array(z.object({ regionCode: z.string(), regionName: z.string(), ...silentCounts })),
          total: z.object(silentCounts),
        }) },
      },
      preHandler: authorize('verification.read'),
    }, async (request) => inScope(db, request, (tx, actor) => silentResults(tx, actor.regionCode, request.query)));

    // ---- alerts ----
    scope.get(`${BASE}/alerts`, {
      schema: {
        tags: TAGS, summary: '预警列表（本辖区，未办结、级别高、到期早的在前）',
        querystring: z.object({
          rule: z.string().optional(), status: alertStatus.optional(), severity: severity.optional(),
          regionCode: z.string().regex(/^\d{12}$/, '区划代码应为 12 位数字').optional(), overdue: z.enum(['true', 'false']).optional(),
          q: z.string().max(50).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: { 200: z.object({ items: z.array(alertView), total: z.number() }) },
      },
      preHandler: authorize('verification.read'),
    }, async (request) => {
      const { overdue, ...f } = request.query;
      return inScope(db, request, (tx, actor) => listAlerts(tx, actor.regionCode, { ...f, overdue: overdue === 'true' }));
    });

    scope.get(`${BASE}/alerts/stats`, {
      schema: {
        tags: TAGS, summary: '预警统计：按规则、下级区划、处置状态', querystring: z.object({ from: isoDate.optional(), to: isoDate.optional() }),
        response: {
          200: z.object({
            byRule: z.array(z.object({ ruleCode: z.string(), ruleName: z.string(), total: z.number(), open: z.number(), verifying: z.number(), kept: z.number(), transferred: z.number(), adjust: z.number(), overdue: z.number() })),
            byRegion: z.array(z.object({ regionCode: z.string(), regionName: z.string().nullable(), total: z.number(), unresolved: z.number(), overdue: z.number() })),
            byStatus: z.array(z.object({ status: alertStatus, statusName: z.string(), total: z.number() })),
          }),
        },
      },
      preHandler: authorize('verification.read'),
    }, async (request) => inScope(db, request, (tx, actor) => alertStats(tx, actor.regionCode, request.query)));

    scope.get(`${BASE}/alerts/:id`, {
      schema: { tags: TAGS, summary: '预警详情（证据、处置记录；每次查看记入审计）', params: idParam, response: { 200: alertDetail } },
      preHandler: authorize('verification.read'),
    }, async (request) => inScope(db, request, (tx, actor) => getAlert(tx, actor, auditActorOf(request), request.params.id)));

    // ---- household verification (家庭经济状况核对) ----
    scope.post(`${BASE}/requests`, {
      schema: {
        tags: TAGS, summary: '发起家庭经济状况核对（救助案件的全部家庭成员，比对当前各部门数据，即时出具核对报告）',
        body: z.object({ caseId: z.uuid('案件编号格式不正确') }), response: { 201: requestDetail },
      },
      preHandler: authorize('verification.handle'),
    }, async (request, reply) => {
      const requester = who(request);
      const id = await createVerificationRequest(db, requester, request.body.caseId);
      const detail = await inScope(db, request, (tx, actor) => getVerificationRequest(tx, actor.regionCode, auditActorOf(request), id, { audit: false }));
      return reply.code(201).send(detail);
    });

    scope.get(`${BASE}/requests`, {
      schema: {
        tags: TAGS, summary: '家庭经济状况核对请求（本辖区，可按案件筛选）',
        querystring: z.object({
          caseId: z.uuid('案件编号格式不正确').optional(),
          page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: { 200: z.object({ items: z.array(requestView), total: z.number() }) },
      },
      preHandler: authorize('verification.read'),
    }, async (request) => inScope(db, request, (tx, actor) => listVerificationRequests(tx, actor.regionCode, request.query)));

    scope.get(`${BASE}/requests/:id`, {
      schema: { tags: TAGS, summary: '家庭经济状况核对报告', params: idParam, response: { 200: requestDetail } },
      preHandler: authorize('verification.read'),
    }, async (request) => inScope(db, request, (tx, actor) => getVerificationRequest(tx, actor.regionCode, auditActorOf(request), request.params.id)));

    scope.post(`${BASE}/alerts/:id/actions/:action`, {
      schema: {
        tags: TAGS, summary: '处置预警：核实 verify → 维持 keep（须理由）/ 转办 transfer（须部门）/ 需调整 adjust（关联救助案件）',
        params: z.object({ id: z.uuid('编号格式不正确'), action: alertAction }),
        body: z.object({
          version: z.number().int().min(1), opinion: z.string().max(500).optional(),
          department: z.enum(TRANSFER_DEPARTMENTS).optional(), caseId: z.uuid('案件编号格式不正确').optional(),
        }),
        response: { 200: alertDetail },
      },
      preHandler: authorize('verification.handle'),
    }, async (request) => inScope(db, request, async (tx, actor) => {
      const auditor = auditActorOf(request);
      await actOnAlert(tx, actor, auditor, request.params.id, request.params.action, request.body);
      return getAlert(tx, actor, auditor, request.params.id, { audit: false });
    }));
  });
}
