/**
 * 居家养老服务工单 and 月度结算. An order moves through the pure state machine
 * (homecare.rules.ts) and a database trigger that mirrors it; its amount is fixed when the
 * service is finished, and the beneficiary's month budget pays what it can (the rest is 自费).
 * Settlement is set-based: one statement totals a month's visited orders per provider, one
 * locks them (settled), one writes their events, and a check proves the totals reconcile.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@mz/db';
import { textArray } from '@mz/db';
import { appendAudit } from '@mz/audit/server';
import { conflict, firstDayOfMonth, invalid, isWithin, notFound, regionLevel, subtreeRange, todayInShanghai, toShanghaiIso, yearMonthOf, forbidden } from '@mz/kernel';
import { SERVICE_CATEGORY_NAMES, SERVICE_UNIT_NAMES, type ServiceCategory, type ServiceUnit } from '../domain/homecare.names.ts';
import {
  ORDER_ACTION_NAMES, ORDER_STATE_NAMES, availableOrderActions, orderAmountFen, planOrderTransition, serviceMinutes, splitOrderAmount,
  type OrderAction, type OrderApiAction, type OrderState,
} from '../domain/homecare.rules.ts';
import type { OrderActionInput, OrderInput, OrderQuery } from '../domain/homecare.schema.ts';
import { catalogueItemFor, getBeneficiary, getProvider, type HomecareActor } from './homecare.service.ts';

export type OrderView = {
  id: string; orderNo: number; state: OrderState; stateName: string; beneficiaryId: string; personId: string; name: string; idMasked: string;
  regionCode: string; regionName: string | null; itemCode: string; itemName: string; category: ServiceCategory; categoryName: string;
  unit: ServiceUnit; unitName: string; priceFen: number; quantity: number | null; demand: string | null; plannedOn: string; serviceMonth: string;
  providerId: string | null; providerName: string | null; workerName: string | null; dispatchedAt: string | null; startedAt: string | null; endedAt: string | null;
  minutes: number | null; amountFen: number | null; budgetFen: number | null; selfPayFen: number | null; rating: number | null; visitComment: string | null;
  visitedAt: string | null; settlementId: string | null; cancelReason: string | null; createdByName: string | null; createdAt: string; version: number;
};
export type OrderEvent = { action: string; actionName: string; fromState: OrderState | null; toState: OrderState; note: string | null; byName: string | null; at: string };
export type OrderDetail = OrderView & {
  events: OrderEvent[];
  availableActions: { key: OrderApiAction; name: string }[];
  budget: { month: string; budgetFen: number; spentFen: number; remainingFen: number };
};

const iso = (v: unknown) => (v === null || v === undefined ? null : toShanghaiIso(new Date(String(v))));
const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function orderView(r: Record<string, any>): OrderView {
  return {
    id: r.id, orderNo: Number(r.order_no), state: r.state, stateName: ORDER_STATE_NAMES[r.state as OrderState], beneficiaryId: r.beneficiary_id, personId: r.person_id,
    name: r.name, idMasked: r.id_masked, regionCode: r.region_code, regionName: r.region_name, itemCode: r.item_code, itemName: r.item_name,
    category: r.category, categoryName: SERVICE_CATEGORY_NAMES[r.category as ServiceCategory], unit: r.unit, unitName: SERVICE_UNIT_NAMES[r.unit as ServiceUnit],
    priceFen: Number(r.price_fen), quantity: n(r.quantity), demand: r.demand, plannedOn: r.planned_on, serviceMonth: String(r.service_month).slice(0, 7),
    providerId: r.provider_id, providerName: r.provider_name, workerName: r.worker_name, dispatchedAt: iso(r.dispatched_at), startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at), minutes: n(r.minutes), amountFen: n(r.amount_fen), budgetFen: n(r.budget_fen), selfPayFen: n(r.self_pay_fen), rating: n(r.rating),
    visitComment: r.visit_comment, visitedAt: iso(r.visited_at), settlementId: r.settlement_id, cancelReason: r.cancel_reason,
    createdByName: r.created_by_name, createdAt: iso(r.created_at)!, version: Number(r.version),
  };
}

const ORDER_SELECT = sql`
  SELECT o.*, p.name, p.id_masked, r.name AS region_name, pr.name AS provider_name
  FROM elderly_homecare_order o
  JOIN registry_person p ON p.id = o.person_id
  LEFT JOIN region r ON r.code = o.region_code
  LEFT JOIN elderly_homecare_provider pr ON pr.id = o.provider_id`;

export async function listOrders(tx: Tx, scopeRegion: string, q: OrderQuery): Promise<{ items: OrderView[]; total: number; counts: Record<OrderState, number> }> {
  const { from, to } = subtreeRange(q.regionCode && isWithin(q.regionCode, scopeRegion) ? q.regionCode : scopeRegion);
  const filters = sql`o.region_code >= ${from} AND o.region_code < ${to}
    ${q.month ? sql`AND o.service_month = ${firstDayOfMonth(q.month)}::date` : sql``}
    ${q.providerId ? sql`AND o.provider_id = ${q.providerId}::uuid` : sql``}
    ${q.beneficiaryId ? sql`AND o.beneficiary_id = ${q.beneficiaryId}::uuid` : sql``}
    ${q.q ? (/^\d{1,12}$/.test(q.q) ? sql`AND o.order_no = ${Number(q.q)}` : sql`AND p.name = ${q.q}`) : sql``}`;
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT x.*, count(*) OVER () AS total FROM (${ORDER_SELECT} WHERE ${filters} ${q.state ? sql`AND o.state = ${q.state}` : sql``}) x
    ORDER BY x.order_no DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  const countRows = await tx.rows<{ state: OrderState; n: number }>(sql`
    SELECT o.state, count(*)::int AS n FROM elderly_homecare_order o JOIN registry_person p ON p.id = o.person_id WHERE ${filters} GROUP BY o.state`);
  const counts = Object.fromEntries(Object.keys(ORDER_STATE_NAMES).map((s) => [s, 0])) as Record<OrderState, number>;
  for (const c of countRows) counts[c.state] = Number(c.n);
  return { items: rows.map(orderView), total: rows.length ? Number(rows[0]!.total) : 0, counts };
}

async function findOrder(tx: Tx, scopeRegion: string, id: string, lock = false): Promise<OrderView> {
  const { from, to } = subtreeRange(scopeRegion);
  const [r] = await tx.rows<Record<string, any>>(sql`${ORDER_SELECT} WHERE o.id = ${id}::uuid AND o.region_code >= ${from} AND o.region_code < ${to}
    ${lock ? sql`FOR UPDATE OF o` : sql``}`);
  if (!r) throw notFound('服务工单不存在或不在本辖区');
  return orderView(r);
}

/** The month budget of a beneficiary: the row if an order has spent from it, else the enrolment's amount. */
async function budgetOf(tx: Tx, beneficiaryId: string, month: string): Promise<OrderDetail['budget']> {
  const [r] = await tx.rows<Record<string, any>>(sql`
    SELECT coalesce(bm.budget_fen, CASE WHEN b.stopped_on IS NOT NULL AND b.stopped_on < ${firstDayOfMonth(month)}::date THEN 0 ELSE b.monthly_budget_fen END) AS budget_fen,
           coalesce(bm.spent_fen, 0) AS spent_fen
    FROM elderly_homecare_beneficiary b
    LEFT JOIN elderly_homecare_budget_month bm ON bm.beneficiary_id = b.id AND bm.month = ${firstDayOfMonth(month)}::date
    WHERE b.id = ${beneficiaryId}::uuid`);
  const budget = Number(r?.budget_fen ?? 0);
  const spent = Number(r?.spent_fen ?? 0);
  return { month, budgetFen: budget, spentFen: spent, remainingFen: Math.max(budget - spent, 0) };
}

export async function getOrder(tx: Tx, scopeRegion: string, id: string): Promise<OrderDetail> {
  const o = await findOrder(tx, scopeRegion, id);
  const events = await tx.rows<Record<string, any>>(sql`
    SELECT action, from_state, to_state, note, by_name, at FROM elderly_homecare_order_event WHERE order_id = ${id}::uuid ORDER BY id`);
  return {
    ...o,
    events: events.map((e) => ({
      action: e.action, actionName: e.action === 'register' ? '登记需求' : ORDER_ACTION_NAMES[e.action as OrderAction], fromState: e.from_state, toState: e.to_state,
      note: e.note, byName: e.by_name, at: iso(e.at)!,
    })),
    availableActions: availableOrderActions(o.state).map((key) => ({ key, name: ORDER_ACTION_NAMES[key] })),
    budget: await budgetOf(tx, o.beneficiaryId, o.serviceMonth),
  };
}

async function addEvent(tx: Tx, actor: HomecareActor, o: { id: string; regionCode: string }, action: string, fromState: OrderState | null, toState: OrderState, note: string | null) {
  await tx.run(sql`
    INSERT INTO elderly_homecare_order_event (order_id, region_code, action, from_state, to_state, note, by_id, by_name)
    VALUES (${o.id}::uuid, ${o.regionCode}, ${action}, ${fromState}, ${toState}, ${note}, ${actor.actorId}::uuid, ${actor.actorName})`);
}

/** 需求登记: a current beneficiary, a catalogue item in force on the planned date. */
export async function registerOrder(tx: Tx, actor: HomecareActor, input: OrderInput): Promise<OrderDetail & { warning: string | null }> {
  const b = await getBeneficiary(tx, actor.regionCode, input.beneficiaryId);
  if (b.stoppedOn) throw invalid('该老人已停止居家养老服务', [{ path: 'beneficiaryId', message: `已于 ${b.stoppedOn} 停止` }]);
  const today = todayInShanghai();
  if (input.plannedOn < b.enrolledOn) throw invalid('计划服务日期早于纳入日期', [{ path: 'plannedOn', message: `纳入日期为 ${b.enrolledOn}` }]);
  if (input.plannedOn < firstDayOfMonth(yearMonthOf(today))) throw invalid('计划服务日期不能早于本月', [{ path: 'plannedOn', message: '补录以前月份的服务请联系县级民政部门' }]);
  const item = await catalogueItemFor(tx, b.regionCode, input.itemCode, input.plannedOn);
  if (!item) throw invalid('服务项目不存在或在计划日期未执行', [{ path: 'itemCode', message: '请从服务目录中选择' }]);
  if (item.unit === 'visit' && !input.quantity) throw invalid('请填写服务次数', [{ path: 'quantity', message: '按次计价的项目须填写次数' }]);
  const quantity = item.unit === 'visit' ? input.quantity! : null;
  const [row] = await tx.rows<{ id: string; order_no: string }>(sql`
    INSERT INTO elderly_homecare_order (beneficiary_id, person_id, region_code, catalogue_item_id, item_code, item_name, category, unit, price_fen, quantity,
      demand, planned_on, service_month, created_by, created_by_name)
    VALUES (${b.id}::uuid, ${b.personId}::uuid, ${b.regionCode}, ${item.id}::uuid, ${item.code}, ${item.name}, ${item.category}, ${item.unit}, ${item.priceFen},
      ${quantity}, ${input.demand?.trim() || null}, ${input.plannedOn}::date, ${firstDayOfMonth(yearMonthOf(input.plannedOn))}::date, ${actor.actorId}::uuid, ${actor.actorName})
    RETURNING id, order_no`);
  const o = { id: row!.id, regionCode: b.regionCode };
  await addEvent(tx, actor, o, 'register', null, 'registered', input.demand?.trim() || null);
  await appendAudit(tx, actor, {
    action: 'elderly.homecare.order_register', entityType: 'elderly_homecare_order', entityId: o.id, regionCode: b.regionCode,
    summary: `登记居家养老服务需求 ${row!.order_no}：${b.name} ${item.name}${quantity ? ` ${quantity}次` : ''}，计划 ${input.plannedOn}`,
  });
  const detail = await getOrder(tx, actor.regionCode, o.id);
  const estimate = quantity ? item.priceFen * quantity : null;
  const warning = estimate !== null && estimate > detail.budget.remainingFen
    ? `预计金额 ${(estimate / 100).toFixed(2)} 元超过本月剩余预算 ${(detail.budget.remainingFen / 100).toFixed(2)} 元，超出部分由老人自费`
    : null;
  return { ...detail, warning };
}

/** The instant an official enters; a few minutes of clock difference are tolerated, the future is not. */
function pastInstant(value: string | undefined, field: string, label: string): Date {
  if (!value) throw invalid(`请填写${label}`, [{ path: field, message: `请填写${label}` }]);
  const d = new Date(value);
  if (d.getTime() > Date.now() + 5 * 60_000) throw invalid(`${label}不能晚于当前时间`, [{ path: field, message: `${label}不能晚于当前时间` }]);
  return d;
}

export async function actOnOrder(tx: Tx, actor: HomecareActor, id: string, action: OrderApiAction, input: OrderActionInput): Promise<OrderDetail> {
  const o = await findOrder(tx, actor.regionCode, id, true);
  const to = planOrderTransition(o.state, action);
  if (o.version !== input.version) throw conflict('工单已被他人办理，请刷新后重试');
  let note: string | null = null;
  switch (action) {
    case 'dispatch': {
      if (!input.providerId) throw invalid('请选择服务商', [{ path: 'providerId', message: '请选择服务商' }]);
      if (!input.workerName) throw invalid('请填写服务人员姓名', [{ path: 'workerName', message: '请填写服务人员姓名' }]);
      const p = await getProvider(tx, actor.regionCode, input.providerId).catch(() => null);
      if (!p) throw invalid('服务商不存在或不在本辖区', [{ path: 'providerId', message: '请从列表中选择服务商' }]);
      if (p.status !== 'active') throw invalid(`服务商${p.statusName}，不能派单`, [{ path: 'providerId', message: `${p.name}：${p.statusName}` }]);
      const today = todayInShanghai();
      if (today < p.contractFrom || today > p.contractTo) throw invalid('服务商不在合同期内，不能派单', [{ path: 'providerId', message: `合同期 ${p.contractFrom} 至 ${p.contractTo}` }]);
      if (!p.serviceRegions.some((r) => isWithin(o.regionCode, r.code))) {
        throw invalid('服务商的服务区域不包括该老人所在地', [{ path: 'providerId', message: `${p.name} 服务区域：${p.serviceRegions.map((r) => r.name ?? r.code).join('、')}` }]);
      }
      await tx.run(sql`UPDATE elderly_homecare_order SET state = ${to}, provider_id = ${p.id}::uuid, worker_name = ${input.workerName}, dispatched_at = now(),
        updated_at = now(), version = version + 1 WHERE id = ${id}::uuid`);
      note = `派给 ${p.name}，服务人员 ${input.workerName}`;
      break;
    }
    case 'start': {
      const started = pastInstant(input.startedAt, 'startedAt', '开始时间');
      const month = yearMonthOf(todayInShanghai(started));
      // The budget month is the start's: a service cannot start before the month it was registered in.
      const registeredMonth = o.createdAt.slice(0, 7);
      if (month < registeredMonth) throw invalid('开始时间早于工单登记的月份', [{ path: 'startedAt', message: `工单登记于 ${o.createdAt.slice(0, 10)}` }]);
      await tx.run(sql`UPDATE elderly_homecare_order SET state = ${to}, started_at = ${started.toISOString()}::timestamptz,
        service_month = ${firstDayOfMonth(month)}::date, updated_at = now(), version = version + 1 WHERE id = ${id}::uuid`);
      note = null; // the start time is on the order itself
      break;
    }
    case 'finish': {
      const ended = pastInstant(input.endedAt, 'endedAt', '结束时间');
      const minutes = serviceMinutes(new Date(o.startedAt!), ended);
      const quantity = o.unit === 'visit' ? (input.quantity ?? o.quantity!) : null;
      const amount = orderAmountFen(o.unit, o.priceFen, o.unit === 'visit' ? { quantity: quantity! } : { minutes });
      // The month's budget row: created from the enrolment on first use, then locked, so two
      // orders finished at once take the remaining budget one after the other.
      const month = firstDayOfMonth(o.serviceMonth);
      await tx.run(sql`
        INSERT INTO elderly_homecare_budget_month (beneficiary_id, month, region_code, budget_fen)
        SELECT b.id, ${month}::date, b.region_code,
               CASE WHEN b.stopped_on IS NOT NULL AND b.stopped_on < ${month}::date THEN 0 ELSE b.monthly_budget_fen END
        FROM elderly_homecare_beneficiary b WHERE b.id = ${o.beneficiaryId}::uuid
        ON CONFLICT (beneficiary_id, month) DO NOTHING`);
      const [bm] = await tx.rows<{ budget_fen: string; spent_fen: string }>(sql`
        SELECT budget_fen, spent_fen FROM elderly_homecare_budget_month WHERE beneficiary_id = ${o.beneficiaryId}::uuid AND month = ${month}::date FOR UPDATE`);
      const split = splitOrderAmount(amount, Number(bm!.budget_fen) - Number(bm!.spent_fen));
      await tx.run(sql`UPDATE elderly_homecare_budget_month SET spent_fen = spent_fen + ${split.budgetFen}
        WHERE beneficiary_id = ${o.beneficiaryId}::uuid AND month = ${month}::date`);
      await tx.run(sql`UPDATE elderly_homecare_order SET state = ${to}, ended_at = ${ended.toISOString()}::timestamptz, minutes = ${minutes}, quantity = ${quantity},
        amount_fen = ${split.amountFen}, budget_fen = ${split.budgetFen}, self_pay_fen = ${split.selfPayFen}, updated_at = now(), version = version + 1
        WHERE id = ${id}::uuid`);
      note = `完成服务，${minutes} 分钟${quantity ? `，${quantity} 次` : ''}；金额 ${(amount / 100).toFixed(2)} 元（预算支付 ${(split.budgetFen / 100).toFixed(2)} 元，自费 ${(split.selfPayFen / 100).toFixed(2)} 元）`;
      break;
    }
    case 'visit': {
      if (!input.rating) throw invalid('请选择满意度评分', [{ path: 'rating', message: '评分为1至5分' }]);
      if (input.rating <= 2 && !input.comment) throw invalid('评分较低时请填写回访意见', [{ path: 'comment', message: '请记录老人反映的问题' }]);
      await tx.run(sql`UPDATE elderly_homecare_order SET state = ${to}, rating = ${input.rating}, visit_comment = ${input.comment || null}, visited_at = now(),
        updated_at = now(), version = version + 1 WHERE id = ${id}::uuid`);
      note = `回访评价 ${input.rating} 分${input.comment ? `：${input.comment}` : ''}`;
      break;
    }
    case 'cancel': {
      if (!input.reason) throw invalid('请填写取消原因', [{ path: 'reason', message: '请填写取消原因' }]);
      await tx.run(sql`UPDATE elderly_homecare_order SET state = ${to}, cancel_reason = ${input.reason}, updated_at = now(), version = version + 1 WHERE id = ${id}::uuid`);
      note = `取消：${input.reason}`;
      break;
    }
  }
  await addEvent(tx, actor, o, action, o.state, to, note);
  await appendAudit(tx, actor, {
    action: 'elderly.homecare.order_action', entityType: 'elderly_homecare_order', entityId: id, regionCode: o.regionCode,
    summary: `居家养老服务工单 ${o.orderNo}（${o.name}）${ORDER_ACTION_NAMES[action]}${note ? `：${note}` : ''}`,
    diff: { state: { before: o.state, after: to } },
  });
  return getOrder(tx, actor.regionCode, id);
}

// ---------------------------------------------------------------------------------------------
// Monthly settlement per provider
// ---------------------------------------------------------------------------------------------

export type SettlementView = {
  id: string; regionCode: string; providerId: string; providerName: string; creditCode: string; month: string; batchNo: number; orderCount: number;
  amountFen: number; budgetFen: number; selfPayFen: number; createdByName: string | null; createdAt: string;
};

function settlementView(r: Record<string, any>): SettlementView {
  return {
    id: r.id, regionCode: r.region_code, providerId: r.provider_id, providerName: r.provider_name, creditCode: r.credit_code, month: String(r.month).slice(0, 7),
    batchNo: Number(r.batch_no), orderCount: Number(r.order_count), amountFen: Number(r.amount_fen), budgetFen: Number(r.budget_fen), selfPayFen: Number(r.self_pay_fen),
    createdByName: r.created_by_name, createdAt: iso(r.created_at)!,
  };
}

export async function listSettlements(tx: Tx, scopeRegion: string, month?: string): Promise<SettlementView[]> {
  const { from, to } = subtreeRange(scopeRegion);
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT s.*, p.name AS provider_name, p.credit_code FROM elderly_homecare_settlement s JOIN elderly_homecare_provider p ON p.id = s.provider_id
    WHERE s.region_code >= ${from} AND s.region_code < ${to} ${month ? sql`AND s.month = ${firstDayOfMonth(month)}::date` : sql``}
    ORDER BY s.month DESC, p.name, s.batch_no`);
  return rows.map(settlementView);
}

/** What a month would settle now (visited, not yet settled), per provider: the page's preview. */
export async function pendingSettlement(tx: Tx, scopeRegion: string, month: string): Promise<{ providerId: string; providerName: string; orderCount: number; amountFen: number; budgetFen: number; selfPayFen: number }[]> {
  const { from, to } = subtreeRange(scopeRegion);
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT o.provider_id, p.name AS provider_name, count(*)::int AS order_count, sum(o.amount_fen) AS amount_fen, sum(o.budget_fen) AS budget_fen, sum(o.self_pay_fen) AS self_pay_fen
    FROM elderly_homecare_order o JOIN elderly_homecare_provider p ON p.id = o.provider_id
    WHERE o.state = 'visited' AND o.service_month = ${firstDayOfMonth(month)}::date AND o.region_code >= ${from} AND o.region_code < ${to}
    GROUP BY o.provider_id, p.name ORDER BY p.name`);
  return rows.map((r) => ({ providerId: r.provider_id, providerName: r.provider_name, orderCount: Number(r.order_count), amountFen: Number(r.amount_fen), budgetFen: Number(r.budget_fen), selfPayFen: Number(r.self_pay_fen) }));
}

/**
 * Settles a service month of the county: every visited order of its providers becomes part of a
 * new batch of its provider's settlement and is locked (settled). Set-based: the orders are locked
 * and picked in one statement, the batches inserted from their totals in one, the orders marked
 * in one, their events in one. A final query proves every batch equals the sum of its orders.
 */
export async function generateSettlement(tx: Tx, actor: HomecareActor, month: string): Promise<SettlementView[]> {
  if (regionLevel(actor.regionCode) !== 3) throw forbidden('月度结算由县级民政部门办理');
  if (month > yearMonthOf(todayInShanghai())) throw invalid('不能结算未来月份', [{ path: 'month', message: '请选择本月或以前的月份' }]);
  const { from, to } = subtreeRange(actor.regionCode);
  const day = firstDayOfMonth(month);
  const picked = await tx.rows<{ id: string }>(sql`
    SELECT o.id FROM elderly_homecare_order o
    WHERE o.state = 'visited' AND o.service_month = ${day}::date AND o.region_code >= ${from} AND o.region_code < ${to}
    FOR UPDATE`);
  if (picked.length === 0) throw conflict(`${month} 没有待结算的工单`, '已回访评价的工单才能结算');
  const ids = textArray(picked.map((p) => p.id));
  const created = await tx.rows<Record<string, any>>(sql`
    INSERT INTO elderly_homecare_settlement (region_code, provider_id, month, batch_no, order_count, amount_fen, budget_fen, self_pay_fen, created_by, created_by_name)
    SELECT pr.region_code, t.provider_id, ${day}::date,
           coalesce((SELECT max(s.batch_no) FROM elderly_homecare_settlement s WHERE s.provider_id = t.provider_id AND s.month = ${day}::date), 0) + 1,
           t.order_count, t.amount_fen, t.budget_fen, t.self_pay_fen, ${actor.actorId}::uuid, ${actor.actorName}
    FROM (SELECT o.provider_id, count(*) AS order_count, sum(o.amount_fen) AS amount_fen, sum(o.budget_fen) AS budget_fen, sum(o.self_pay_fen) AS self_pay_fen
          FROM elderly_homecare_order o WHERE o.id = ANY(${ids}::uuid[]) GROUP BY o.provider_id) t
    JOIN elderly_homecare_provider pr ON pr.id = t.provider_id
    RETURNING id, provider_id`);
  const settlementIds = textArray(created.map((c) => c.id));
  await tx.run(sql`
    UPDATE elderly_homecare_order o SET state = 'settled', settlement_id = s.id, updated_at = now(), version = o.version + 1
    FROM elderly_homecare_settlement s
    WHERE s.id = ANY(${settlementIds}::uuid[]) AND o.provider_id = s.provider_id AND o.id = ANY(${ids}::uuid[])`);
  await tx.run(sql`
    INSERT INTO elderly_homecare_order_event (order_id, region_code, action, from_state, to_state, note, by_id, by_name)
    SELECT o.id, o.region_code, 'settle', 'visited', 'settled', ${`${month} 月度结算`}, ${actor.actorId}::uuid, ${actor.actorName}
    FROM elderly_homecare_order o WHERE o.settlement_id = ANY(${settlementIds}::uuid[])`);
  const mismatched = await tx.rows(sql`
    SELECT s.id FROM elderly_homecare_settlement s
    LEFT JOIN (SELECT settlement_id, count(*) AS c, sum(amount_fen) AS a, sum(budget_fen) AS b, sum(self_pay_fen) AS sp FROM elderly_homecare_order
               WHERE settlement_id = ANY(${settlementIds}::uuid[]) GROUP BY settlement_id) t ON t.settlement_id = s.id
    WHERE s.id = ANY(${settlementIds}::uuid[])
      AND (t.c IS DISTINCT FROM s.order_count OR t.a IS DISTINCT FROM s.amount_fen OR t.b IS DISTINCT FROM s.budget_fen OR t.sp IS DISTINCT FROM s.self_pay_fen)`);
  if (mismatched.length) throw new Error(`settlement totals do not reconcile: ${mismatched.length} batch(es)`); // rolls everything back
  const views = (await listSettlements(tx, actor.regionCode, month)).filter((s) => created.some((c) => c.id === s.id));
  for (const s of views) {
    await appendAudit(tx, actor, {
      action: 'elderly.homecare.settle', entityType: 'elderly_homecare_settlement', entityId: s.id, regionCode: s.regionCode,
      summary: `居家养老服务 ${month} 月度结算（第${s.batchNo}批）${s.providerName}：${s.orderCount} 单，金额 ${(s.amountFen / 100).toFixed(2)} 元，预算支付 ${(s.budgetFen / 100).toFixed(2)} 元，自费 ${(s.selfPayFen / 100).toFixed(2)} 元`,
    });
  }
  return views;
}

export async function getSettlement(tx: Tx, scopeRegion: string, id: string): Promise<SettlementView & { orders: OrderView[] }> {
  const { from, to } = subtreeRange(scopeRegion);
  const [r] = await tx.rows<Record<string, any>>(sql`
    SELECT s.*, p.name AS provider_name, p.credit_code FROM elderly_homecare_settlement s JOIN elderly_homecare_provider p ON p.id = s.provider_id
    WHERE s.id = ${id}::uuid AND s.region_code >= ${from} AND s.region_code < ${to}`);
  if (!r) throw notFound('结算单不存在或不在本辖区');
  const orders = await tx.rows<Record<string, any>>(sql`${ORDER_SELECT} WHERE o.settlement_id = ${id}::uuid ORDER BY o.order_no`);
  return { ...settlementView(r), orders: orders.map(orderView) };
}

/** Every settled order of the month in the actor's jurisdiction (the export's detail sheet). */
export async function settledOrders(tx: Tx, scopeRegion: string, month: string): Promise<(OrderView & { batchNo: number })[]> {
  const { from, to } = subtreeRange(scopeRegion);
  const rows = await tx.rows<Record<string, any>>(sql`
    SELECT x.*, s.batch_no FROM (${ORDER_SELECT} WHERE o.state = 'settled' AND o.service_month = ${firstDayOfMonth(month)}::date
      AND o.region_code >= ${from} AND o.region_code < ${to}) x
    JOIN elderly_homecare_settlement s ON s.id = x.settlement_id ORDER BY x.provider_name, s.batch_no, x.order_no`);
  return rows.map((r) => ({ ...orderView(r), batchNo: Number(r.batch_no) }));
}
