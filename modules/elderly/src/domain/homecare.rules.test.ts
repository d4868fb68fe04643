import { describe, expect, it } from 'vitest';
import {
  ORDER_ACTIONS, ORDER_STATES, ageOn, availableOrderActions, balanceAfterRedeem, isEmptyNest, monthlyBudgetFor, orderAmountFen,
  planOrderTransition, resolveBudget, serviceMinutes, settlementTotals, splitOrderAmount, timebankMinutes, type OrderAction, type OrderState,
} from './homecare.rules.ts';

// Every allowed transition of the service order; every other (state, action) pair is refused.
const ALLOWED: [OrderState, OrderAction, OrderState][] = [
  ['registered', 'dispatch', 'dispatched'],
  ['dispatched', 'start', 'in_service'],
  ['in_service', 'finish', 'served'],
  ['served', 'visit', 'visited'],
  ['visited', 'settle', 'settled'],
  ['registered', 'cancel', 'cancelled'],
  ['dispatched', 'cancel', 'cancelled'],
];
const REFUSED: [OrderState, OrderAction][] = ORDER_STATES.flatMap((s) => ORDER_ACTIONS.map((a) => [s, a] as [OrderState, OrderAction]))
  .filter(([s, a]) => !ALLOWED.some(([fs, fa]) => fs === s && fa === a));

describe('order state machine', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, action, to) => {
    expect(planOrderTransition(from, action)).toBe(to);
  });

  it.each(REFUSED)('refuses %s --%s-- with a Chinese 409', (from, action) => {
    expect(() => planOrderTransition(from, action)).toThrow(expect.objectContaining({ status: 409, title: expect.stringMatching(/^工单当前状态「.+」不能办理「.+」$/) }));
  });

  it('has 7 allowed and 35 refused pairs (no skipping, nothing after settled or cancelled)', () => {
    expect(ALLOWED).toHaveLength(7);
    expect(REFUSED).toHaveLength(ORDER_STATES.length * ORDER_ACTIONS.length - 7);
  });

  it('tells the official the next step when a step is skipped', () => {
    expect(() => planOrderTransition('registered', 'finish')).toThrow(expect.objectContaining({ detail: '当前应办理「派单」' }));
    expect(() => planOrderTransition('settled', 'cancel')).toThrow(expect.objectContaining({ detail: '工单已结算，不能再办理' }));
  });

  it.each([
    ['registered', ['dispatch', 'cancel']], ['dispatched', ['start', 'cancel']], ['in_service', ['finish']], ['served', ['visit']],
    ['visited', []], ['settled', []], ['cancelled', []],
  ] as [OrderState, string[]][])('offers the right buttons in %s', (state, actions) => {
    expect(availableOrderActions(state)).toEqual(actions);
  });
});

describe('order amount', () => {
  it.each([
    ['visit', 1500, { quantity: 1 }, 1500],
    ['visit', 1500, { quantity: 3 }, 4500],
    ['hour', 3000, { minutes: 60 }, 3000],
    ['hour', 3000, { minutes: 45 }, 2250],
    ['hour', 2500, { minutes: 50 }, 2083], // 2083.33 → 2083
    ['hour', 2500, { minutes: 70 }, 2917], // 2916.67 → 2917
    ['hour', 4000, { minutes: 90 }, 6000],
    ['hour', 1, { minutes: 30 }, 1], // 0.5 fen rounds half-up
  ] as const)('%s at %i fen with %o costs %i fen', (unit, price, measure, expected) => {
    expect(orderAmountFen(unit, price, measure)).toBe(expected);
  });

  it.each([
    ['visit', { quantity: 0 }], ['visit', { quantity: 1.5 }], ['visit', { quantity: 100 }], ['hour', { minutes: 0 }], ['hour', { minutes: 24 * 60 + 1 }],
  ] as const)('refuses %s with %o', (unit, measure) => {
    expect(() => orderAmountFen(unit, 1000, measure)).toThrow(expect.objectContaining({ status: 422 }));
  });

  it('measures the service in whole minutes; end must be after start, within 24 hours', () => {
    expect(serviceMinutes(new Date('2026-11-02T09:00:00+08:00'), new Date('2026-11-02T10:30:20+08:00'))).toBe(90);
    expect(() => serviceMinutes(new Date('2026-11-02T09:00:00+08:00'), new Date('2026-11-02T09:00:00+08:00'))).toThrow('服务结束时间应晚于开始时间');
    expect(() => serviceMinutes(new Date('2026-11-02T10:00:00+08:00'), new Date('2026-11-02T09:00:00+08:00'))).toThrow('服务结束时间应晚于开始时间');
    expect(() => serviceMinutes(new Date('2026-11-02T09:00:00+08:00'), new Date('2026-11-03T09:01:00+08:00'))).toThrow('单次服务时长不能超过24小时');
  });
});

describe('budget', () => {
  it.each([
    [3000, 20000, { amountFen: 3000, budgetFen: 3000, selfPayFen: 0 }],
    [3000, 3000, { amountFen: 3000, budgetFen: 3000, selfPayFen: 0 }],
    [3000, 1200, { amountFen: 3000, budgetFen: 1200, selfPayFen: 1800 }],
    [3000, 0, { amountFen: 3000, budgetFen: 0, selfPayFen: 3000 }],
    [0, 500, { amountFen: 0, budgetFen: 0, selfPayFen: 0 }],
  ])('an order of %i fen with %i fen left is paid %o', (amount, remaining, split) => {
    expect(splitOrderAmount(amount, remaining)).toEqual(split);
  });

  it('takes the highest budget of the groups an elder is in', () => {
    expect(monthlyBudgetFor(['low_income', 'disabled'], { low_income: 20000, disabled: 30000 })).toBe(30000);
    expect(monthlyBudgetFor(['shidu'], { low_income: 20000 })).toBeNull();
  });
});

describe('settlement sums', () => {
  it('adds the orders per provider (hand-computed)', () => {
    const orders = [
      { providerId: 'a', amountFen: 4500, budgetFen: 4500, selfPayFen: 0 },
      { providerId: 'b', amountFen: 2250, budgetFen: 2250, selfPayFen: 0 },
      { providerId: 'a', amountFen: 3000, budgetFen: 1200, selfPayFen: 1800 },
      { providerId: 'a', amountFen: 2083, budgetFen: 0, selfPayFen: 2083 },
    ];
    expect(settlementTotals(orders)).toEqual([
      { providerId: 'a', orders: 3, amountFen: 9583, budgetFen: 5700, selfPayFen: 3883 },
      { providerId: 'b', orders: 1, amountFen: 2250, budgetFen: 2250, selfPayFen: 0 },
    ]);
  });
  it('refuses an order whose split does not add up', () => {
    expect(() => settlementTotals([{ providerId: 'a', amountFen: 100, budgetFen: 50, selfPayFen: 40 }])).toThrow(RangeError);
  });
});

describe('time bank', () => {
  it.each([[0.5, 30], [1, 60], [2.5, 150], [24, 1440]])('%f hours are %i minutes', (h, m) => expect(timebankMinutes(h)).toBe(m));
  it.each([0, -1, 24.5, 1.25, Number.NaN])('refuses %f hours', (h) => expect(() => timebankMinutes(h)).toThrow(expect.objectContaining({ status: 422 })));
  it('never lets a balance go below zero', () => {
    expect(balanceAfterRedeem(120, 120)).toBe(0);
    expect(() => balanceAfterRedeem(90, 120)).toThrow(expect.objectContaining({ status: 409, title: '时间银行余额不足', detail: '可兑换 1.5 小时，本次申请 2 小时' }));
  });
});

describe('eligibility helpers', () => {
  it.each([['1946-11-22', '2026-11-22', 80], ['1946-11-23', '2026-11-22', 79], ['1946-02-28', '2026-03-01', 80]])('born %s is %i on %s', (b, on, age) => {
    expect(ageOn(b, on)).toBe(age);
  });
  it.each([[[82], true], [[82, 79], true], [[82, 45], false], [[], false]] as [number[], boolean][])('household of ages %o is empty-nest: %s', (ages, r) => {
    expect(isEmptyNest(ages)).toBe(r);
  });
});

describe('budget standard resolution', () => {
  const params = [
    { id: 'city-low', regionCode: '220100000000', group: 'low_income', monthlyBudgetFen: 15000 },
    { id: 'county-low', regionCode: '220105000000', group: 'low_income', monthlyBudgetFen: 20000 },
    { id: 'county-dis', regionCode: '220105000000', group: 'disabled', monthlyBudgetFen: 30000 },
    { id: 'town-low', regionCode: '220105003000', group: 'low_income', monthlyBudgetFen: 25000 },
    { id: 'other-dis', regionCode: '220102000000', group: 'disabled', monthlyBudgetFen: 99000 },
  ];
  it.each([
    ['220105003005', ['low_income'], { monthlyBudgetFen: 25000, paramIds: ['town-low'] }], // the township overrides the county
    ['220105001001', ['low_income'], { monthlyBudgetFen: 20000, paramIds: ['county-low'] }],
    ['220102001001', ['low_income'], { monthlyBudgetFen: 15000, paramIds: ['city-low'] }],
    ['220105001001', ['low_income', 'disabled'], { monthlyBudgetFen: 30000, paramIds: ['county-dis'] }],
    ['220105001001', ['shidu'], null],
  ])('an elder in %s of %o gets %o', (region, groups, expected) => {
    expect(resolveBudget(region, groups, params)).toEqual(expected);
  });
});
