/** HTTP routes of 资金发放 (docs/api/payments-contract.md). Thin: parse, open the scope, one service call. */
import { z } from 'zod';
import multipart from '@fastify/multipart';
import { DomainError, notFound } from '@mz/kernel';
import { auditActorOf, authorize, inScope, type MzApp, type ModuleDeps } from '@mz/http';
import { appendAudit } from '@mz/audit/server';
import {
  abandonBody, bankProfileInput, exportBody, LINE_KINDS, monthSchema, pageQuery, reissueBody, ROLL_KINDS, ROLL_STATES, rollActionBody,
  rollCreateBody, runInput, RUN_KINDS, settlementBody, TRANSFER_STATUSES, versionBody,
} from '../domain/index.ts';
import {
  bankProfileViewSchema, entitlementDetailSchema, historySchema, recoveryViewSchema, responses, returnResultSchema, rollDetailSchema, runViewSchema,
  returnMismatchSchema, spendingReportSchema, transferViewSchema,
} from '../domain/payments.responses.ts';
import { exportBankFile, listExports } from './bank-file.ts';
import { createBankProfile, listBankProfiles } from './bank-profile.service.ts';
import { importReturnFile, listReturns, MAX_RETURN_BYTES, returnReport } from './bank-return.ts';
import { getEntitlement, listEntitlements } from './entitlement.query.ts';
import { paymentHistory } from './history.service.ts';
import { listProgrammes } from './programmes.ts';
import { listRecoveries, settleRecovery } from './recovery.service.ts';
import { abandonTransfer, createReissueRoll } from './reissue.service.ts';
import { spendingReport, SPENDING_HEADERS, spendingSheetRows } from './report.service.ts';
import { generateRegularRoll } from './roll.generate.ts';
import { getRollDetail, listRolls, rollHeld, rollLines, rollTotals, rollTransfers } from './roll.query.ts';
import { discardRoll, regenerateRoll, takeRollAction } from './roll.service.ts';
import { rollWorkbook } from './roll-sheet.ts';
import { createRun, generateRunRoll, getRun, listRuns } from './run.service.ts';
import { attachment, writeWorkbook, XLSX_TYPE } from './spreadsheet.ts';

const TAGS = ['资金发放'];
const BASE = '/api/v1/payments';
const idParam = z.object({ id: z.uuid('编号格式不正确') });
const regionCode = z.string().regex(/^\d{12}$/, '区划代码应为 12 位数字');
const uploadProblem = (status: number, title: string, detail?: string) => new DomainError({ code: 'RETURN_FILE', status, title, detail });

export async function paymentsRoutes(app: MzApp, { db, cipher }: ModuleDeps) {
  await app.register(async (scope: MzApp) => {
    await scope.register(multipart, { limits: { files: 1, fileSize: MAX_RETURN_BYTES, fields: 5, parts: 6 } });

    scope.get(`${BASE}/programmes`, {
      schema: { tags: TAGS, summary: '发放项目（各业务模块登记）', response: { 200: responses.programmes } }, preHandler: authorize('payments.read'),
    }, async () => ({ items: listProgrammes() }));

    // ---- entitlements ----
    scope.get(`${BASE}/entitlements`, {
      schema: {
        tags: TAGS, summary: '待遇列表（本辖区）', response: { 200: responses.entitlements },
        querystring: z.object({
          programme: z.string().optional(), personId: z.uuid().optional(), householdId: z.uuid().optional(), sourceModule: z.string().optional(),
          sourceId: z.string().optional(), current: z.enum(['true', 'false']).optional(), regionCode: regionCode.optional(), ...pageQuery,
        }),
      },
      preHandler: authorize('payments.read'),
    }, async (request) => {
      const { current, ...f } = request.query;
      return inScope(db, request, (tx, actor) => listEntitlements(tx, actor.regionCode, { ...f, current: current === undefined ? undefined : current === 'true' }));
    });

    scope.get(`${BASE}/entitlements/:id`, {
      schema: { tags: TAGS, summary: '待遇详情及其全部版本（测算明细、规则版本、来源）', params: idParam, response: { 200: entitlementDetailSchema } }, preHandler: authorize('payments.read'),
    }, async (request) => inScope(db, request, (tx, actor) => getEntitlement(tx, actor.regionCode, request.params.id)));

    // ---- rolls ----
    scope.get(`${BASE}/rolls`, {
      schema: {
        tags: TAGS, summary: '发放表列表（本辖区）', response: { 200: responses.rolls },
        querystring: z.object({
          kind: z.enum(ROLL_KINDS).optional(), programme: z.string().optional(), month: monthSchema.optional(), state: z.enum(ROLL_STATES).optional(), ...pageQuery,
        }),
      },
      preHandler: authorize('payments.read'),
    }, async (request) => inScope(db, request, (tx, actor) => listRolls(tx, actor.regionCode, request.query)));

    scope.post(`${BASE}/rolls`, {
      schema: { tags: TAGS, summary: '生成本县某项目某月的发放表（草稿）', body: rollCreateBody, response: { 201: rollDetailSchema } }, preHandler: authorize('payments.prepare'),
    }, async (request, reply) => {
      const who = auditActorOf(request);
      const detail = await inScope(db, request, async (tx, actor) => getRollDetail(tx, actor, await generateRegularRoll(tx, actor, who, request.body)));
      return reply.code(201).send(detail);
    });

    scope.get(`${BASE}/rolls/:id`, {
      schema: { tags: TAGS, summary: '发放表详情', params: idParam, response: { 200: rollDetailSchema } }, preHandler: authorize('payments.read'),
    }, async (request) => inScope(db, request, (tx, actor) => getRollDetail(tx, actor, request.params.id)));

    scope.post(`${BASE}/rolls/:id/regenerate`, {
      schema: { tags: TAGS, summary: '按最新待遇重新生成草稿（幂等）', params: idParam, body: versionBody, response: { 200: rollDetailSchema } }, preHandler: authorize('payments.prepare'),
    }, async (request) => {
      const who = auditActorOf(request);
      return inScope(db, request, async (tx, actor) => {
        await regenerateRoll(tx, actor, who, request.params.id, request.body.version);
        return getRollDetail(tx, actor, request.params.id);
      });
    });

    scope.delete(`${BASE}/rolls/:id`, {
      schema: { tags: TAGS, summary: '删除发放表草稿', params: idParam, querystring: z.object({ version: z.coerce.number().int().min(1) }) },
      preHandler: authorize('payments.prepare'),
    }, async (request, reply) => {
      const who = auditActorOf(request);
      await inScope(db, request, (tx, actor) => discardRoll(tx, actor, who, request.params.id, request.query.version));
      return reply.code(204).send();
    });

    scope.post(`${BASE}/rolls/:id/actions/:action`, {
      schema: {
        tags: TAGS, summary: '办理发放表：review 复核、approve 审批、return 退回、reconcile 对账',
        params: z.object({ id: z.uuid('编号格式不正确'), action: z.string().max(40) }), body: rollActionBody, response: { 200: rollDetailSchema },
      },
      preHandler: authorize('payments.read'),
    }, async (request) => {
      const who = auditActorOf(request);
      return inScope(db, request, async (tx, actor) => {
        await takeRollAction(tx, actor, who, request.params.id, request.params.action, request.body);
        return getRollDetail(tx, actor, request.params.id);
      });
    });

    scope.get(`${BASE}/rolls/:id/totals`, {
      schema: { tags: TAGS, summary: '发放表分级汇总（省、市、县、乡镇、村）', params: idParam, response: { 200: responses.totals } }, preHandler: authorize('payments.read'),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => rollTotals(tx, actor, request.params.id)) }));

    scope.get(`${BASE}/rolls/:id/lines`, {
      schema: {
        tags: TAGS, summary: '发放明细', params: idParam, response: { 200: responses.lines },
        querystring: z.object({
          regionCode: regionCode.optional(), kind: z.enum(LINE_KINDS).optional(), status: z.enum(TRANSFER_STATUSES).optional(),
          q: z.string().max(30).optional(), page: pageQuery.page, pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      preHandler: authorize('payments.read'),
    }, async (request) => inScope(db, request, (tx, actor) => rollLines(tx, actor, cipher, request.params.id, request.query)));

    scope.get(`${BASE}/rolls/:id/held`, {
      schema: {
        tags: TAGS, summary: '因暂停发放未列入本表的对象', params: idParam, response: { 200: responses.held },
        querystring: z.object({ page: pageQuery.page, pageSize: z.coerce.number().int().min(1).max(200).default(50) }),
      },
      preHandler: authorize('payments.read'),
    }, async (request) => inScope(db, request, (tx, actor) => rollHeld(tx, actor, request.params.id, request.query)));

    scope.get(`${BASE}/rolls/:id/roll.xlsx`, {
      schema: { tags: TAGS, summary: '导出发放表 Excel（脱敏，不含账号；审计）', params: idParam }, preHandler: authorize('payments.read'),
    }, async (request, reply) => {
      const who = auditActorOf(request);
      const file = await inScope(db, request, (tx, actor) => rollWorkbook(tx, actor, who, request.params.id));
      return reply.type(XLSX_TYPE).header('content-disposition', file.disposition).send(file.body);
    });

    scope.get(`${BASE}/rolls/:id/transfers`, {
      schema: {
        tags: TAGS, summary: '银行代发记录及回盘结果', params: idParam, response: { 200: responses.transfers },
        querystring: z.object({ status: z.enum(TRANSFER_STATUSES).optional(), ...pageQuery }),
      },
      preHandler: authorize('payments.read'),
    }, async (request) => inScope(db, request, (tx, actor) => rollTransfers(tx, actor, request.params.id, request.query)));

    // ---- bank round trip ----
    scope.get(`${BASE}/bank-profiles`, {
      schema: { tags: TAGS, summary: '银行格式（内置通用格式及本级、上级设定的格式）', response: { 200: responses.bankProfiles } }, preHandler: authorize('payments.read'),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => listBankProfiles(tx, actor.regionCode)) }));

    scope.post(`${BASE}/bank-profiles`, {
      schema: { tags: TAGS, summary: '设定银行格式（同代码新版本取代旧版本）', body: bankProfileInput, response: { 201: bankProfileViewSchema } }, preHandler: authorize('payments.approve'),
    }, async (request, reply) => {
      const who = auditActorOf(request);
      const view = await inScope(db, request, (tx, actor) => createBankProfile(tx, who, actor.regionCode, request.body));
      return reply.code(201).send(view);
    });

    scope.post(`${BASE}/rolls/:id/export`, {
      schema: { tags: TAGS, summary: '导出银行代发文件（首次导出后状态为已导出；账号仅解密写入文件；审计）', params: idParam, body: exportBody },
      preHandler: authorize('payments.export'),
    }, async (request, reply) => {
      const who = auditActorOf(request);
      const file = await inScope(db, request, (tx, actor) => exportBankFile(tx, actor, who, cipher, request.params.id, request.body));
      return reply.type(file.contentType).header('content-disposition', file.contentDisposition).header('x-file-sha256', file.sha256).send(file.body);
    });

    scope.get(`${BASE}/rolls/:id/exports`, {
      schema: { tags: TAGS, summary: '银行代发文件导出记录', params: idParam, response: { 200: responses.exports } }, preHandler: authorize('payments.read'),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => listExports(tx, actor, request.params.id)) }));

    scope.post(`${BASE}/rolls/:id/returns`, {
      schema: { tags: TAGS, summary: '导入银行回盘（multipart 字段 file，.csv 或 .xlsx；不符时整份拒收并给出逐行报告）', params: idParam, consumes: ['multipart/form-data'], response: { 200: returnResultSchema, 422: returnMismatchSchema } },
      preHandler: authorize('payments.export'),
    }, async (request, reply) => {
      if (!request.isMultipart()) throw uploadProblem(415, '请以 multipart/form-data 上传文件', '表单字段名为 file');
      let fileName = 'return.csv';
      let data: Buffer | null = null;
      let profileCode: string | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') throw uploadProblem(400, '请选择回盘文件', '表单字段名为 file');
            fileName = part.filename || fileName;
            data = await part.toBuffer();
          } else if (part.fieldname === 'profileCode' && typeof part.value === 'string' && part.value) {
            profileCode = part.value;
          }
        }
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw uploadProblem(413, '文件过大', '回盘文件不能超过 20 MB');
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw uploadProblem(413, '一次只能上传一个文件');
        throw err;
      }
      if (!data) throw uploadProblem(400, '请选择回盘文件', '表单字段名为 file');
      const who = auditActorOf(request);
      const outcome = await inScope(db, request, (tx, actor) => importReturnFile(tx, actor, who, cipher, request.params.id, { fileName, data: data!, profileCode }));
      if (outcome.status === 'accepted') return reply.send(outcome.result);
      // Refused, and the refusal committed (the attempt is on record); the roll is untouched.
      return reply.code(422).type('application/problem+json').send({
        type: 'urn:minzheng:problem:return_mismatch', title: '回盘文件与代发文件不符，已整份拒收', status: 422, code: 'RETURN_MISMATCH',
        detail: `共 ${outcome.problems} 处不符，发放表未作任何修改；请核对后重新导入（可下载逐行报告）`,
        returnId: outcome.returnId, report: outcome.report,
      });
    });

    scope.get(`${BASE}/rolls/:id/returns`, {
      schema: { tags: TAGS, summary: '银行回盘导入记录', params: idParam, response: { 200: responses.returns } }, preHandler: authorize('payments.read'),
    }, async (request) => ({ items: await inScope(db, request, (tx, actor) => listReturns(tx, actor, request.params.id)) }));

    scope.get(`${BASE}/returns/:id/report.xlsx`, {
      schema: { tags: TAGS, summary: '下载被拒收回盘的逐行报告', params: idParam }, preHandler: authorize('payments.read'),
    }, async (request, reply) => {
      const found = await inScope(db, request, (tx, actor) => returnReport(tx, actor.regionCode, request.params.id));
      if (!found) throw notFound('回盘记录不存在或不在本辖区');
      const body = await writeWorkbook([{
        name: '回盘核对报告', headers: ['文件行号', '序号', '问题'], widths: [10, 10, 80],
        rows: found.report.map((p) => [p.row === 0 ? '（文件中缺少）' : p.row, p.transferNo, p.problem]),
      }]);
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`回盘核对报告-${found.rollNo}.xlsx`, 'return-report.xlsx')).send(body);
    });

    scope.post(`${BASE}/rolls/:id/reissue`, {
      schema: { tags: TAGS, summary: '对失败的代发生成重发批次（账号已更正的；成功的代发不受影响）', params: idParam, body: reissueBody, response: { 201: rollDetailSchema } },
      preHandler: authorize('payments.prepare'),
    }, async (request, reply) => {
      const who = auditActorOf(request);
      const detail = await inScope(db, request, async (tx, actor) => getRollDetail(tx, actor, await createReissueRoll(tx, actor, who, request.params.id, request.body)));
      return reply.code(201).send(detail);
    });

    scope.post(`${BASE}/rolls/:id/transfers/:transferNo/abandon`, {
      schema: {
        tags: TAGS, summary: '失败的代发放弃重发（须说明原因）',
        params: z.object({ id: z.uuid('编号格式不正确'), transferNo: z.coerce.number().int().min(1) }), body: abandonBody, response: { 200: transferViewSchema },
      },
      preHandler: authorize('payments.approve'),
    }, async (request) => {
      const who = auditActorOf(request);
      return inScope(db, request, (tx, actor) => abandonTransfer(tx, actor, who, request.params.id, request.params.transferNo, request.body.reason));
    });

    // ---- recoveries ----
    scope.get(`${BASE}/recoveries`, {
      schema: {
        tags: TAGS, summary: '追回款（本辖区）', response: { 200: responses.recoveries },
        querystring: z.object({ status: z.enum(['outstanding', 'settled']).optional(), programme: z.string().optional(), ...pageQuery }),
      },
      preHandler: authorize('payments.read'),
    }, async (request) => inScope(db, request, (tx, actor) => listRecoveries(tx, actor.regionCode, request.query)));

    scope.post(`${BASE}/recoveries/:lineId/settlements`, {
      schema: { tags: TAGS, summary: '追回款退回或核销登记', params: z.object({ lineId: z.string().regex(/^\d{1,18}$/, '编号格式不正确') }), body: settlementBody, response: { 200: recoveryViewSchema } },
      preHandler: authorize('payments.approve'),
    }, async (request) => {
      const who = auditActorOf(request);
      return inScope(db, request, (tx, actor) => settleRecovery(tx, actor, who, request.params.lineId, request.body));
    });

    // ---- one-off runs ----
    scope.get(`${BASE}/runs`, {
      schema: { tags: TAGS, summary: '一次性发放（节日生活补贴、物价补贴）', querystring: z.object({ kind: z.enum(RUN_KINDS).optional(), ...pageQuery }), response: { 200: responses.runs } },
      preHandler: authorize('payments.read'),
    }, async (request) => inScope(db, request, (tx, actor) => listRuns(tx, actor.regionCode, request.query)));

    scope.post(`${BASE}/runs`, {
      schema: { tags: TAGS, summary: '设定一次性发放（物价补贴须达到启动条件）', body: runInput, response: { 201: runViewSchema } }, preHandler: authorize('payments.approve'),
    }, async (request, reply) => {
      const who = auditActorOf(request);
      return reply.code(201).send(await inScope(db, request, (tx, actor) => createRun(tx, actor, who, request.body)));
    });

    scope.get(`${BASE}/runs/:id`, {
      schema: { tags: TAGS, summary: '一次性发放详情', params: idParam, response: { 200: runViewSchema } }, preHandler: authorize('payments.read'),
    }, async (request) => {
      const run = await inScope(db, request, (tx, actor) => getRun(tx, actor.regionCode, request.params.id));
      if (!run) throw notFound('一次性发放不存在或不适用于本辖区');
      return run;
    });

    scope.post(`${BASE}/runs/:id/rolls`, {
      schema: { tags: TAGS, summary: '生成本县的一次性发放表（草稿）', params: idParam, response: { 201: rollDetailSchema } }, preHandler: authorize('payments.prepare'),
    }, async (request, reply) => {
      const who = auditActorOf(request);
      const detail = await inScope(db, request, async (tx, actor) => getRollDetail(tx, actor, await generateRunRoll(tx, actor, who, request.params.id)));
      return reply.code(201).send(detail);
    });

    // ---- reports ----
    const reportQuery = z.object({
      month: monthSchema, regionCode: regionCode.optional(), programme: z.string().optional(), level: z.coerce.number().int().min(1).max(5).optional(),
    });
    scope.get(`${BASE}/reports/spending`, {
      schema: { tags: TAGS, summary: '月度发放支出与保障人数（按项目、区划层级）', querystring: reportQuery, response: { 200: spendingReportSchema } }, preHandler: authorize('payments.read'),
    }, async (request) => inScope(db, request, (tx, actor) => spendingReport(tx, actor.regionCode, request.query)));

    scope.get(`${BASE}/reports/spending.xlsx`, {
      schema: { tags: TAGS, summary: '导出月度发放报表（Excel；审计）', querystring: reportQuery }, preHandler: authorize('payments.read'),
    }, async (request, reply) => {
      const who = auditActorOf(request);
      const report = await inScope(db, request, async (tx, actor) => {
        const r = await spendingReport(tx, actor.regionCode, request.query);
        await appendAudit(tx, who, {
          action: 'payments.report_export', entityType: 'payments_report', regionCode: r.regionCode,
          summary: `导出 ${r.month} 资金发放报表（${r.rows.length} 行）`,
        });
        return r;
      });
      const body = await writeWorkbook([{
        name: `${report.month} 发放报表`, headers: SPENDING_HEADERS, widths: [16, 20, 16, 8, 8, 14, 14, 14, 12, 12, 12, 12, 14, 14, 12],
        rows: [...spendingSheetRows(report.rows), ...spendingSheetRows(report.total.map((t) => ({ ...t, regionName: `${t.regionName}（合计）` })))],
      }]);
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`资金发放报表-${report.month}.xlsx`, `spending-${report.month}.xlsx`)).send(body);
    });

    scope.get(`${BASE}/persons/:personId/history`, {
      schema: { tags: TAGS, summary: '人员发放记录（人员页面）', params: z.object({ personId: z.uuid('人员编号格式不正确') }), response: { 200: historySchema } },
      preHandler: authorize('payments.read'),
    }, async (request) => inScope(db, request, (tx, actor) => paymentHistory(tx, actor.regionCode, request.params.personId)));

  });
}
