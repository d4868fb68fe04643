/**
 * 居家社区养老服务 — the pure rules: the service order's state machine, what an order costs, how it
 * is paid (the month's budget first, the excess 自费), the monthly settlement sums and the time
 * bank's arithmetic. No I/O: the server calls these and the tests table them.
 */
import { conflict, divideRounded, invalid, isWithin, regionLevel, type Fen } from '@mz/kernel';
import type { ServiceUnit } from './homecare.names.ts';

// ---------------------------------------------------------------------------------------------
// Order state machine
// ---------------------------------------------------------------------------------------------

/**
 *   registered 已登记 --dispatch--> dispatched 已派单 --start--> in_service 服务中 --finish--> served 已服务
 *     --visit--> visited 已回访 --settle--> settled 已结算
 *   registered / dispatched --cancel--> cancelled 已取消 (with a reason)
 *
 * No step can be skipped: each action names the one state it starts from. 'settle' is taken only
 * by the monthly settlement (set-based), never on one order through the order API.
 */
export const ORDER_STATES = ['registered', 'dispatched', 'in_service', 'served', 'visited', 'settled', 'cancelled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const ORDER_STATE_NAMES: Record<OrderState, string> = {
  registered: '已登记', dispatched: '已派单', in_service: '服务中', served: '已服务', visited: '已回访', settled: '已结算', cancelled: '已取消',
};

export const ORDER_ACTIONS = ['dispatch', 'start', 'finish', 'visit', 'settle', 'cancel'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];
export const ORDER_ACTION_NAMES: Record<OrderAction, string> = {
  dispatch: '派单', start: '开始服务', finish: '完成服务', visit: '回访评价', settle: '结算', cancel: '取消',
};
/** The order API's actions (settle belongs to the monthly settlement). */
export const ORDER_API_ACTIONS = ['dispatch', 'start', 'finish', 'visit', 'cancel'] as const;
export type OrderApiAction = (typeof ORDER_API_ACTIONS)[number];

const TRANSITIONS: Record<OrderAction, { from: readonly OrderState[]; to: OrderState }> = {
  dispatch: { from: ['registered'], to: 'dispatched' },
  start: { from: ['dispatched'], to: 'in_service' },
  finish: { from: ['in_service'], to: 'served' },
  visit: { from: ['served'], to: 'visited' },
  settle: { from: ['visited'], to: 'settled' },
  cancel: { from: ['registered', 'dispatched'], to: 'cancelled' },
};

/** What must happen before `action` can, from `state` (the hint a refused skip shows). */
function nextStepHint(state: OrderState): string | undefined {
  const next = (Object.keys(TRANSITIONS) as OrderAction[]).filter((a) => a !== 'cancel' && TRANSITIONS[a].from.includes(state));
  if (state === 'settled' || state === 'cancelled') return `工单已${ORDER_STATE_NAMES[state].replace(/^已/, '')}，不能再办理`;
  return next.length ? `当前应办理「${next.map((a) => ORDER_ACTION_NAMES[a]).join('」或「')}」` : undefined;
}

/** Checks one transition; returns the new state or throws the 409 the official sees. */
export function planOrderTransition(state: OrderState, action: OrderAction): OrderState {
  const t = TRANSITIONS[action];
  if (!t.from.includes(state)) {
    throw conflict(`工单当前状态「${ORDER_STATE_NAMES[state]}」不能办理「${ORDER_ACTION_NAMES[action]}」`, nextStepHint(state));
  }
  return t.to;
}

/** The actions an official may take on an order in `state` (the buttons the order page shows). */
export function availableOrderActions(state: OrderState): OrderApiAction[] {
  return ORDER_API_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(state));
}

// ---------------------------------------------------------------------------------------------
// What an order costs
// ---------------------------------------------------------------------------------------------

/** Longest service one order records (a visit, a shift): longer is a typing error. */
export const MAX_SERVICE_MINUTES = 24 * 60;

/** Whole minutes between start and end; end must be after start and at most 24 hours later. */
export function serviceMinutes(startedAt: Date, endedAt: Date): number {
  const ms = endedAt.getTime() - startedAt.getTime();
  if (!(ms > 0)) throw invalid('服务结束时间应晚于开始时间', [{ path: 'endedAt', message: '结束时间应晚于开始时间' }]);
  const minutes = Math.round(ms / 60_000);
  if (minutes > MAX_SERVICE_MINUTES) throw invalid('单次服务时长不能超过24小时', [{ path: 'endedAt', message: '请核对结束时间' }]);
  return Math.max(minutes, 1);
}

/**
 * An order's amount in fen. 按次: price × quantity. 按小时: price × minutes ÷ 60, rounded half-up
 * to the fen (the rounding happens here and only here), so 45 minutes at ¥30.00/h is ¥22.50 and
 * 50 minutes at ¥25.00/h is ¥20.83.
 */
export function orderAmountFen(unit: ServiceUnit, priceFen: Fen, measure: { quantity?: number; minutes?: number }): Fen {
  if (!Number.isSafeInteger(priceFen) || priceFen < 0) throw invalid('服务单价无效');
  if (unit === 'visit') {
    const q = measure.quantity ?? 0;
    if (!Number.isInteger(q) || q < 1 || q > 99) throw invalid('服务次数应为1至99的整数', [{ path: 'quantity', message: '服务次数应为1至99的整数' }]);
    return priceFen * q;
  }
  const m = measure.minutes ?? 0;
  if (!Number.isInteger(m) || m < 1 || m > MAX_SERVICE_MINUTES) throw invalid('服务时长无效', [{ path: 'endedAt', message: '服务时长应为1分钟至24小时' }]);
  return Number(divideRounded(BigInt(priceFen) * BigInt(m), 60n, 'half-up'));
}

// ---------------------------------------------------------------------------------------------
// Budget: the month's government-paid allowance, the excess is 自费
// ---------------------------------------------------------------------------------------------

export interface BudgetPosition { budgetFen: Fen; spentFen: Fen; remainingFen: Fen }

export function budgetPosition(monthlyBudgetFen: Fen, spentFen: Fen): BudgetPosition {
  if (spentFen > monthlyBudgetFen) throw new RangeError('spent exceeds the budget'); // the database forbids it
  return { budgetFen: monthlyBudgetFen, spentFen, remainingFen: monthlyBudgetFen - spentFen };
}

export interface OrderSplit { amountFen: Fen; budgetFen: Fen; selfPayFen: Fen }

/**
 * How an order is paid. The policy chosen: an order over the month's remaining budget is NOT
 * refused — the service has already been given by the time its amount is known (an hourly service
 * is priced by its duration) — the budget pays what remains of it and the excess is marked 自费, which
 * the provider collects from the elder and which the settlement reports separately and never bills
 * to the government. The registration form warns when the estimate exceeds the remaining budget.
 */
export function splitOrderAmount(amountFen: Fen, remainingFen: Fen): OrderSplit {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError('amount must be whole fen ≥ 0');
  const budgetFen = Math.min(amountFen, Math.max(remainingFen, 0));
  return { amountFen, budgetFen, selfPayFen: amountFen - budgetFen };
}

/**
 * The monthly budget of an elder in several groups: the highest of their groups' budgets (the
 * groups are reasons for one service entitlement, not separate allowances to add up).
 */
export function monthlyBudgetFor(groups: readonly string[], budgetByGroup: Readonly<Record<string, Fen | undefined>>): Fen | null {
  const amounts = groups.map((g) => budgetByGroup[g]).filter((x): x is Fen => typeof x === 'number');
  return amounts.length ? Math.max(...amounts) : null;
}

export type BudgetParam = { id: string; regionCode: string; group: string; monthlyBudgetFen: Fen };

/**
 * The budget standard of an elder living in `regionCode` with `groups`: per group, the standard of
 * the deepest region above (or at) the elder's that sets one — a lower level overrides a higher —
 * then the highest of the groups. Null when no group has a standard (enrolment is refused).
 */
export function resolveBudget(regionCode: string, groups: readonly string[], params: readonly BudgetParam[]): { monthlyBudgetFen: Fen; paramIds: string[] } | null {
  const chosen: BudgetParam[] = [];
  for (const g of groups) {
    const best = params
      .filter((p) => p.group === g && isWithin(regionCode, p.regionCode))
      .sort((a, b) => regionLevel(b.regionCode) - regionLevel(a.regionCode))[0];
    if (best) chosen.push(best);
  }
  if (!chosen.length) return null;
  const monthly = Math.max(...chosen.map((p) => p.monthlyBudgetFen));
  return { monthlyBudgetFen: monthly, paramIds: chosen.filter((p) => p.monthlyBudgetFen === monthly).map((p) => p.id) };
}

// ---------------------------------------------------------------------------------------------
// Monthly settlement sums (per provider per month)
// ---------------------------------------------------------------------------------------------

export interface SettlementOrder { providerId: string; amountFen: Fen; budgetFen: Fen; selfPayFen: Fen }
export interface SettlementTotal { providerId: string; orders: number; amountFen: Fen; budgetFen: Fen; selfPayFen: Fen }

/** Per provider: number of orders, amount, paid from budgets, 自费. Sorted by provider id. */
export function settlementTotals(orders: readonly SettlementOrder[]): SettlementTotal[] {
  const by = new Map<string, SettlementTotal>();
  for (const o of orders) {
    if (o.budgetFen + o.selfPayFen !== o.amountFen) throw new RangeError('an order split must add up to its amount');
    const t = by.get(o.providerId) ?? { providerId: o.providerId, orders: 0, amountFen: 0, budgetFen: 0, selfPayFen: 0 };
    t.orders += 1;
    t.amountFen += o.amountFen;
    t.budgetFen += o.budgetFen;
    t.selfPayFen += o.selfPayFen;
    by.set(o.providerId, t);
  }
  return [...by.values()].sort((a, b) => a.providerId.localeCompare(b.providerId));
}

// ---------------------------------------------------------------------------------------------
// Time bank: hours in half-hour steps, at most 24 per entry
// ---------------------------------------------------------------------------------------------

/** Hours (0.5 … 24, in half hours) as whole minutes, the unit the ledger keeps. */
export function timebankMinutes(hours: number): number {
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > 24) {
    throw invalid('服务时长应大于0且不超过24小时', [{ path: 'hours', message: '应大于0且不超过24小时' }]);
  }
  if (!Number.isInteger(hours * 2)) throw invalid('服务时长以半小时为单位', [{ path: 'hours', message: '请填写0.5的整数倍，如 1.5' }]);
  return hours * 60;
}

/** The balance after a redemption, or the 409 when it would go below zero. */
export function balanceAfterRedeem(balanceMinutes: number, minutes: number): number {
  if (minutes > balanceMinutes) {
    throw conflict('时间银行余额不足', `可兑换 ${formatHours(balanceMinutes)} 小时，本次申请 ${formatHours(minutes)} 小时`);
  }
  return balanceMinutes - minutes;
}

export function formatHours(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100);
}

// ---------------------------------------------------------------------------------------------
// Eligibility helpers (the database computes them set-wise; these state the rule once)
// ---------------------------------------------------------------------------------------------

/** Age in whole years on `on` (both 'YYYY-MM-DD'). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** 空巢: the household's current members are all aged 60 or over (a one-person household counts). */
export function isEmptyNest(memberAges: readonly number[]): boolean {
  return memberAges.length >= 1 && memberAges.every((a) => a >= 60);
}
