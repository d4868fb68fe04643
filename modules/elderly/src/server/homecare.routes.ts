/** HTTP routes of 居家社区养老服务 (docs/api/elderly-homecare-contract.md). Thin: parse, open the scope, one service call. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { appendAudit } from '@mz/audit/server';
import { auditActorOf, authorize, inScope, requireActor, type MzApp, type ModuleDeps } from '@mz/http';
import { todayInShanghai, yearMonthOf } from '@mz/kernel';
import { HOMECARE_GROUPS } from '../domain/homecare.names.ts';
import { ORDER_API_ACTIONS } from '../domain/homecare.rules.ts';
import {
  budgetParamInput, catalogueInput, enrolInput, isoDate, orderActionInput, orderInput, orderQuery, providerInput, providerPatch, stopInput, timebankInput, yearMonth,
} from '../domain/homecare.schema.ts';
import { attachment, settlementWorkbook, XLSX_TYPE } from './homecare.export.ts';
import {
  actOnOrder, generateSettlement, getOrder, getSettlement, listOrders, listSettlements, pendingSettlement, registerOrder, settledOrders,
} from './homecare.orders.ts';
import {
  createProvider, eligibility, enrol, getBeneficiary, getProvider, listBeneficiaries, listBudgetParams, listCatalogue, listProviders, saveCatalogueItem,
  setBudgetParam, stopBeneficiary, updateProvider, type HomecareActor,
} from './homecare.service.ts';
import { credit, listAccounts, listEntries, redeem } from './homecare.timebank.ts';

const TAGS = ['居家养老服务'];
const BASE = '/api/v1/elderly/homecare';
const READ = 'elderly.read';
const MANAGE = 'elderly.homecare.manage';
const ORDER = 'elderly.homecare.order';
const SETTLE = 'elderly.homecare.settle';
const TIMEBANK = 'elderly.homecare.timebank';
const idParam = z.object({ id: z.uuid('编号格式不正确') });
const paging = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) };
// Responses are the services' typed views; the schema documents them loosely for the OpenAPI page.
const anyObject = z.record(z.string(), z.unknown());
const list = z.object({ items: z.array(anyObject) }).passthrough();

function who(request: FastifyRequest): HomecareActor {
  return { ...auditActorOf(request), regionCode: requireActor(request).regionCode };
}

export async function homecareRoutes(app: MzApp, { db }: ModuleDeps): Promise<void> {
  // ---- providers ----
  app.get(`${BASE}/providers`, {
    schema: { tags: TAGS, summary: '居家养老服务商（本县及上级登记的）', response: { 200: list } }, preHandler: authorize(READ),
  }, async (request) => ({ items: await inScope(db, request, (tx, a) => listProviders(tx, a.regionCode)) }));

  app.get(`${BASE}/providers/:id`, {
    schema: { tags: TAGS, summary: '服务商详情', params: idParam, response: { 200: anyObject } }, preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, a) => getProvider(tx, a.regionCode, request.params.id)));

  app.post(`${BASE}/providers`, {
    schema: { tags: TAGS, summary: '登记服务商（县级；统一社会信用代码校验）', body: providerInput, response: { 201: anyObject } }, preHandler: authorize(MANAGE),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx) => createProvider(tx, who(request), request.body))));

  app.patch(`${BASE}/providers/:id`, {
    schema: { tags: TAGS, summary: '修改服务商（联系人、服务区域、合同期、状态）', params: idParam, body: providerPatch, response: { 200: anyObject } },
    preHandler: authorize(MANAGE),
  }, async (request) => inScope(db, request, (tx) => updateProvider(tx, who(request), request.params.id, request.body)));

  // ---- catalogue ----
  app.get(`${BASE}/catalogue`, {
    schema: {
      tags: TAGS, summary: '服务目录（默认为今天执行的价格；history=true 含历次价格）',
      querystring: z.object({ on: isoDate.optional(), history: z.enum(['true', 'false']).optional() }), response: { 200: list },
    },
    preHandler: authorize(READ),
  }, async (request) => ({ items: await inScope(db, request, (tx, a) => listCatalogue(tx, a.regionCode, { on: request.query.on, history: request.query.history === 'true' })) }));

  app.post(`${BASE}/catalogue`, {
    schema: { tags: TAGS, summary: '新增服务项目，或为已有编码设定新价格（自执行日起，原价格前一日止）', body: catalogueInput, response: { 201: anyObject } },
    preHandler: authorize(MANAGE),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx) => saveCatalogueItem(tx, who(request), request.body))));

  // ---- budget standards ----
  app.get(`${BASE}/budget-params`, {
    schema: { tags: TAGS, summary: '各类服务对象月预算标准（当月执行的）', querystring: z.object({ month: yearMonth.optional() }), response: { 200: list } },
    preHandler: authorize(READ),
  }, async (request) => ({ items: await inScope(db, request, (tx, a) => listBudgetParams(tx, a.regionCode, request.query.month)) }));

  app.post(`${BASE}/budget-params`, {
    schema: { tags: TAGS, summary: '设定某区划某类对象的月预算标准（自某月起）', body: budgetParamInput, response: { 201: list } }, preHandler: authorize(MANAGE),
  }, async (request, reply) => reply.code(201).send({ items: await inScope(db, request, (tx) => setBudgetParam(tx, who(request), request.body)) }));

  // ---- beneficiaries ----
  app.get(`${BASE}/beneficiaries`, {
    schema: {
      tags: TAGS, summary: '服务对象（含本月预算、已用、剩余）',
      querystring: z.object({ status: z.enum(['current', 'stopped']).optional(), group: z.enum(HOMECARE_GROUPS).optional(), q: z.string().trim().max(50).optional(), regionCode: z.string().regex(/^\d{12}$/).optional(), ...paging }),
      response: { 200: list },
    },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, a) => listBeneficiaries(tx, a.regionCode, request.query)));

  app.get(`${BASE}/beneficiaries/suggestions`, {
    schema: {
      tags: TAGS, summary: '符合条件但尚未纳入的老人（按户籍、评估、救助数据识别）',
      querystring: z.object({ minLevel: z.coerce.number().int().min(1).max(4).optional(), ...paging }), response: { 200: list },
    },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, a) => eligibility(tx, a.regionCode, { page: request.query.page, pageSize: request.query.pageSize, disabledMinLevel: request.query.minLevel })));

  app.get(`${BASE}/beneficiaries/:id`, {
    schema: { tags: TAGS, summary: '服务对象详情', params: idParam, querystring: z.object({ month: yearMonth.optional() }), response: { 200: anyObject } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, a) => getBeneficiary(tx, a.regionCode, request.params.id, request.query.month)));

  app.post(`${BASE}/beneficiaries`, {
    schema: { tags: TAGS, summary: '纳入服务对象（类别须有数据支持；失独、失智须说明依据）', body: enrolInput, response: { 201: anyObject } },
    preHandler: authorize(MANAGE),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx) => enrol(tx, who(request), request.body))));

  app.post(`${BASE}/beneficiaries/:id/stop`, {
    schema: { tags: TAGS, summary: '停止服务对象', params: idParam, body: stopInput, response: { 200: anyObject } }, preHandler: authorize(MANAGE),
  }, async (request) => inScope(db, request, (tx) => stopBeneficiary(tx, who(request), request.params.id, request.body)));

  // ---- orders ----
  app.get(`${BASE}/orders`, {
    schema: { tags: TAGS, summary: '服务工单（按状态筛选，含各状态数量）', querystring: orderQuery, response: { 200: list } }, preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, a) => listOrders(tx, a.regionCode, request.query)));

  app.get(`${BASE}/orders/:id`, {
    schema: { tags: TAGS, summary: '工单详情（含办理记录、可办理的操作、当月预算）', params: idParam, response: { 200: anyObject } }, preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, a) => getOrder(tx, a.regionCode, request.params.id)));

  app.post(`${BASE}/orders`, {
    schema: { tags: TAGS, summary: '登记服务需求', body: orderInput, response: { 201: anyObject } }, preHandler: authorize(ORDER),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx) => registerOrder(tx, who(request), request.body))));

  app.post(`${BASE}/orders/:id/actions/:action`, {
    schema: {
      tags: TAGS, summary: '办理工单：dispatch 派单 / start 开始服务 / finish 完成服务 / visit 回访评价 / cancel 取消',
      params: z.object({ id: z.uuid('编号格式不正确'), action: z.enum(ORDER_API_ACTIONS, { error: '操作应为 dispatch/start/finish/visit/cancel' }) }),
      body: orderActionInput, response: { 200: anyObject },
    },
    preHandler: authorize(ORDER),
  }, async (request) => inScope(db, request, (tx) => actOnOrder(tx, who(request), request.params.id, request.params.action, request.body)));

  // ---- monthly settlement ----
  app.get(`${BASE}/settlements`, {
    schema: {
      tags: TAGS, summary: '月度结算单（及该月待结算的汇总）', querystring: z.object({ month: yearMonth.optional() }),
      response: { 200: z.object({ items: z.array(anyObject), pending: z.array(anyObject) }) },
    },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, async (tx, a) => {
    const month = request.query.month;
    return { items: await listSettlements(tx, a.regionCode, month), pending: await pendingSettlement(tx, a.regionCode, month ?? yearMonthOf(todayInShanghai())) };
  }));

  app.post(`${BASE}/settlements`, {
    schema: { tags: TAGS, summary: '生成某月的月度结算（县级；已回访的工单按服务商结算并锁定）', body: z.object({ month: yearMonth }).strict(), response: { 201: list } },
    preHandler: authorize(SETTLE),
  }, async (request, reply) => reply.code(201).send({ items: await inScope(db, request, (tx) => generateSettlement(tx, who(request), request.body.month)) }));

  app.get(`${BASE}/settlements/export.xlsx`, {
    schema: { tags: TAGS, summary: '导出某月结算表（Excel：汇总与工单明细）', querystring: z.object({ month: yearMonth }) }, preHandler: authorize(READ),
  }, async (request, reply) => {
    const month = request.query.month;
    const actor = who(request);
    const file = await inScope(db, request, async (tx, a) => {
      const settlements = await listSettlements(tx, a.regionCode, month);
      const orders = await settledOrders(tx, a.regionCode, month);
      await appendAudit(tx, actor, {
        action: 'elderly.homecare.settlement_export', entityType: 'elderly_homecare_settlement', entityId: month, regionCode: a.regionCode,
        summary: `导出居家养老服务 ${month} 结算表（${settlements.length} 个结算批次，${orders.length} 个工单）`,
      });
      return settlementWorkbook(month, settlements, orders);
    });
    return reply.type(XLSX_TYPE).header('content-disposition', attachment(`居家养老服务结算-${month}.xlsx`, `homecare-settlement-${month}.xlsx`)).send(file);
  });

  app.get(`${BASE}/settlements/:id`, {
    schema: { tags: TAGS, summary: '结算单详情（含工单）', params: idParam, response: { 200: anyObject } }, preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, a) => getSettlement(tx, a.regionCode, request.params.id)));

  // ---- time bank ----
  app.get(`${BASE}/timebank/accounts`, {
    schema: { tags: TAGS, summary: '时间银行账户（志愿者及余额）', querystring: z.object({ q: z.string().trim().max(50).optional(), ...paging }), response: { 200: list } },
    preHandler: authorize(READ),
  }, async (request) => inScope(db, request, (tx, a) => listAccounts(tx, a.regionCode, request.query)));

  app.get(`${BASE}/timebank/accounts/:id/entries`, {
    schema: { tags: TAGS, summary: '时间银行流水（某志愿者）', params: idParam, response: { 200: list } }, preHandler: authorize(READ),
  }, async (request) => ({ items: await inScope(db, request, (tx, a) => listEntries(tx, a.regionCode, request.params.id)) }));

  app.post(`${BASE}/timebank/credit`, {
    schema: { tags: TAGS, summary: '存入服务时长（志愿者为老人服务）', body: timebankInput, response: { 201: z.object({ balanceMinutes: z.number() }) } },
    preHandler: authorize(TIMEBANK),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx) => credit(tx, who(request), request.body))));

  app.post(`${BASE}/timebank/redeem`, {
    schema: { tags: TAGS, summary: '兑换服务时长（余额不足时拒绝）', body: timebankInput, response: { 201: z.object({ balanceMinutes: z.number() }) } },
    preHandler: authorize(TIMEBANK),
  }, async (request, reply) => reply.code(201).send(await inScope(db, request, (tx) => redeem(tx, who(request), request.body))));
}
