import { describe, expect, it } from 'vitest';
import { DomainError } from '@mz/kernel';
import { calculateDibao, dibaoCaseSettings, isEdgeFamily, type DibaoCalcInput, type IncomeItem } from './dibao.calculator.ts';
import { resolveParams, type ParamRow } from './params.resolve.ts';

const PROVINCE = '220000000000';
const COUNTY = '220105000000';
const VILLAGE = '220105003001';

/**
 * Provincial rows every test starts from: urban standard 600 元, rural 450 元, deposits and
 * securities up to 14,400 元 per person (24 months of the standard), no car, one home, no business.
 */
function params(extra: [string, unknown, string?][] = []) {
  const rows: ParamRow[] = [
    ['dibao.standard.urban', 60000], ['dibao.standard.rural', 45000],
    ['dibao.property.financialPerCapitaMax', 1440000], ['dibao.property.vehicleCountMax', 0],
    ['dibao.property.houseCountMax', 1], ['dibao.property.businessCountMax', 0],
    ...extra,
  ].map(([key, value, region], i) => ({ id: `${key}#${i}`, regionCode: (region as string | undefined) ?? PROVINCE, key: key as string, value, effectiveFrom: '2025-01-01' }));
  return resolveParams(rows, VILLAGE, '2025-03-01');
}

const NO_PROPERTY = { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 };
const people = (n: number) => Array.from({ length: n }, (_, i) => ({ personId: `p${i + 1}`, name: `成员${i + 1}` }));

function household(n: number, incomes: IncomeItem[], patch: Partial<DibaoCalcInput> = {}): DibaoCalcInput {
  return { hukouType: 'urban', members: people(n), incomes, deductions: [], property: NO_PROPERTY, categories: [], ...patch };
}
const wage = (monthlyFen: number, personId = 'p1'): IncomeItem => ({ personId, kind: 'wage', monthlyFen });

describe('calculateDibao: 补差 = standard × persons − household income (低保办法第二十三条)', () => {
  it.each([
    // label, standard (fen), persons, incomes, expected amount, expected per-capita income
    ['E1: 600 × 3 − 1000 = 800', 60000, 3, [wage(100000)], 80000, 33333],
    ['E1 variant: 500 × 3 − 700 = 800', 50000, 3, [wage(70000)], 80000, 23333],
    ['no income: 600 × 2 − 0 = 1200', 60000, 2, [], 120000, 0],
    ['one person: 600 − 599.99 = 0.01', 60000, 1, [wage(59999)], 1, 59999],
    ['exempt items do not count: 600 × 2 − 500 = 700', 60000, 2,
      [wage(50000), { kind: 'special_care', monthlyFen: 30000 }, { kind: 'scholarship', monthlyFen: 10000 }, { kind: 'basic_pension', monthlyFen: 15000 },
        { kind: 'family_planning', monthlyFen: 5000 }, { kind: 'reward', monthlyFen: 20000 }, { kind: 'social_assistance', monthlyFen: 8000 }], 70000, 25000],
    ['counted kinds add up: 600 × 4 − (300 + 200 + 150 + 100) = 1650', 60000, 4,
      [wage(30000), { kind: 'business', monthlyFen: 20000 }, { kind: 'pension', monthlyFen: 15000 }, { kind: 'support_received', monthlyFen: 10000 }], 165000, 18750],
    ['高龄津贴 counts for 低保 (not listed in 第十三条): 600 − 100', 60000, 1, [{ kind: 'old_age_allowance', monthlyFen: 10000 }], 50000, 10000],
  ] as const)('%s', (_, standard, n, incomes, amount, perCapita) => {
    const result = calculateDibao(household(n, [...incomes]), params([['dibao.standard.urban', standard, COUNTY]]));
    expect(result).toMatchObject({ programme: 'dibao', eligible: true, amountFen: amount, perCapitaIncomeFen: perCapita, members: n, householdSize: n, reasons: [] });
  });

  it('writes the E1 arithmetic out and cites the standard row', () => {
    const result = calculateDibao(household(3, [wage(100000)]), params());
    expect(result.items.find((i) => i.code === 'gap')).toEqual({
      code: 'gap', label: '补差金额', amountFen: 80000, formula: '600.00元 × 3人 − 1000.00元 = 800.00元（低保办法第二十三条）',
    });
    expect(result.items.find((i) => i.code === 'standard')?.paramIds).toEqual(['dibao.standard.urban#0']);
    expect(result.paramIds).toContain('dibao.standard.urban#0');
    expect(result.paramIds).toContain('dibao.property.financialPerCapitaMax#2');
    expect(result.ruleVersion).toMatch(/^dibao\//);
  });

  it('uses the rural standard for a rural household: 450 × 4 − 1000 = 800', () => {
    const result = calculateDibao(household(4, [{ kind: 'business', monthlyFen: 100000 }], { hukouType: 'rural' }), params());
    expect(result.amountFen).toBe(80000);
    expect(result.items[0]).toMatchObject({ code: 'standard', label: '农村低保标准', amountFen: 45000 });
  });
});

describe('calculateDibao: deductions (低保办法第十三条)', () => {
  it.each([
    ['illness and employment costs: income 1500 − 300 − 200 = 1000 → 800', 3, [wage(150000)],
      [{ kind: 'illness_rigid', monthlyFen: 30000 }, { kind: 'employment_cost', personId: 'p1', monthlyFen: 20000 }], [], 80000],
    ['rigid spending above income counts as 0 income → full standard 600', 1, [wage(10000)], [{ kind: 'disability_rigid', monthlyFen: 30000 }], [], 60000],
    ['taxes, insurance and support paid are transfer spending: 1400 − 100 − 100 = 1200 → 600', 3, [wage(140000)],
      [{ kind: 'tax_social_insurance', monthlyFen: 10000 }, { kind: 'support_paid', monthlyFen: 10000 }], [], 60000],
    // Cap 300 per worker: p1 declared 500 → 300, p2 declared 200 → 200; 2000 − 500 = 1500 → 1800 − 1500 = 300.
    ['employment cost capped per worker', 3, [wage(100000, 'p1'), wage(100000, 'p2')],
      [{ kind: 'employment_cost', personId: 'p1', monthlyFen: 50000 }, { kind: 'employment_cost', personId: 'p2', monthlyFen: 20000 }],
      [['dibao.deduction.employmentCostCap', 30000]], 30000],
  ] as const)('%s', (_, n, incomes, deductions, extra, amount) => {
    const result = calculateDibao(household(n, [...incomes], { deductions: [...deductions] }), params([...extra] as [string, unknown][]));
    expect(result.eligible).toBe(true);
    expect(result.amountFen).toBe(amount);
  });

  it('shows the cap in the employment-cost line', () => {
    const result = calculateDibao(
      household(3, [wage(100000, 'p1'), wage(100000, 'p2')], { deductions: [{ kind: 'employment_cost', personId: 'p1', monthlyFen: 50000 }] }),
      params([['dibao.deduction.employmentCostCap', 30000]]),
    );
    expect(result.items.find((i) => i.code === 'deduction.employment_cost')).toMatchObject({ amountFen: 30000 });
    expect(result.items.find((i) => i.code === 'deduction.employment_cost')?.formula).toContain('每名就业人员每月不超过');
  });
});

describe('calculateDibao: eligibility and 低保边缘', () => {
  it.each([
    // persons, household income, eligible, edge family
    [2, 119999, true, false], // per capita 599.995 < 600
    [2, 120000, false, true], // per capita exactly the standard: not below it → edge (< 900)
    [2, 179999, false, true],
    [2, 180000, false, false], // exactly 1.5 × standard: not below the edge line
    [3, 100000, true, false],
  ] as const)('%i persons, income %i → eligible %s, edge %s', (n, income, eligible, edge) => {
    const result = calculateDibao(household(n, [wage(income)]), params());
    expect(result.eligible).toBe(eligible);
    expect(result.edgeFamily).toBe(edge);
    expect(result.amountFen).toBe(eligible ? 60000 * n - income : 0);
  });

  it('explains a refusal for income', () => {
    const result = calculateDibao(household(2, [wage(120000)]), params());
    expect(result.reasons).toEqual(['家庭月人均收入 600.00元，不低于低保标准 600.00元（低保办法第十三条、第二十三条）']);
    expect(result.notes).toEqual(['家庭月人均收入低于低保标准的 1.5 倍，且财产符合规定，属于低保边缘家庭（低保办法第八条第二款）']);
  });

  it.each([
    // property, reason
    [{ depositsFen: 2000000, securitiesFen: 900000 }, '家庭存款及有价证券 29000.00元，人均 14500.00元，超过「家庭人均存款及有价证券上限」 14400.00元（低保办法第十四条）'],
    [{ vehicleCount: 1 }, '拥有机动车辆 1 辆，超过「家庭可拥有的机动车辆数上限（不含残疾人功能性补偿代步车等当地豁免车辆）」 0 辆（低保办法第十四条）'],
    [{ houseCount: 2 }, '拥有住房 2 套，超过「家庭可拥有的住房套数上限」 1 套（低保办法第十四条）'],
    [{ businessCount: 1 }, '登记市场主体 1 个，超过「家庭成员可登记的市场主体（经营实体）数上限」 0 个（低保办法第十四条）'],
  ])('property %j makes the household ineligible', (property, reason) => {
    const result = calculateDibao(household(2, [wage(50000)], { property: { ...NO_PROPERTY, ...property } }), params());
    expect(result).toMatchObject({ eligible: false, amountFen: 0, edgeFamily: false });
    expect(result.reasons).toEqual([reason]);
  });

  it('accepts property exactly at the limit (28,800 元 for two persons)', () => {
    expect(calculateDibao(household(2, [wage(50000)], { property: { ...NO_PROPERTY, depositsFen: 2880000 } }), params()).eligible).toBe(true);
  });

  it('checks vehicle value only where a value limit is set', () => {
    const withCar = { ...NO_PROPERTY, vehicleCount: 1, vehicleValueFen: 5000000 };
    const base: [string, unknown, string?][] = [['dibao.property.vehicleCountMax', 1, COUNTY]];
    expect(calculateDibao(household(2, [], { property: withCar }), params(base)).eligible).toBe(true);
    const limited = calculateDibao(household(2, [], { property: withCar }), params([...base, ['dibao.property.vehicleValueMax', 3000000]]));
    expect(limited.eligible).toBe(false);
    expect(limited.reasons[0]).toContain('机动车辆价值 50000.00元');
  });
});

describe('isEdgeFamily (低保办法第八条第二款)', () => {
  it.each([
    [59999, '1.5', false], // below the standard: eligible for 低保 itself
    [60000, '1.5', true],
    [89999, '1.5', true],
    [90000, '1.5', false],
    [119999, '2', true], // a locality using 2×
    [120000, '2', false],
  ])('per capita %i with multiplier %s → %s', (perCapita, multiplier, expected) => {
    expect(isEdgeFamily(perCapita, params([['dibao.edgeMultiplier', multiplier]]), 'urban')).toBe(expected);
  });

  it('uses the rural standard for rural households (450 × 1.5 = 675)', () => {
    expect(isEdgeFamily(67499, params(), 'rural')).toBe(true);
    expect(isEdgeFamily(67500, params(), 'rural')).toBe(false);
  });

  it('needs the hukou type when urban and rural standards differ', () => {
    expect(() => isEdgeFamily(70000, params())).toThrow(DomainError);
    expect(isEdgeFamily(70000, params([['dibao.standard.rural', 60000]]))).toBe(true);
  });
});

describe('calculateDibao: 分档 and floor', () => {
  const bands: [string, unknown][] = [
    ['dibao.band.a.incomeRatioMax', '0.3'], ['dibao.band.a.payRatio', '0.9'],
    ['dibao.band.b.incomeRatioMax', '0.7'], ['dibao.band.b.payRatio', '0.5'],
  ];
  it.each([
    // two persons, household income → amount
    [30000, 108000], // per capita 150 ≤ 180 (0.3 × 600): 0.9 × 600 × 2
    [36000, 108000], // per capita exactly 180: still band a
    [36001, 60000], // just above: band b, 0.5 × 600 × 2
    [84000, 60000], // per capita 420 = 0.7 × 600
    [96000, 24000], // per capita 480: in no band → gap 1200 − 960
  ])('income %i → %i', (income, amount) => {
    expect(calculateDibao(household(2, [wage(income)]), params(bands)).amountFen).toBe(amount);
  });

  it.each([
    // persons, income, floor ratio → amount
    [3, 170000, '0.2', 36000], // gap 100 < floor 0.2 × 600 × 3 = 360
    [3, 100000, '0.2', 80000], // gap 800 above the floor
    [1, 59999, '0.2', 12000], // gap 0.01 → floor 120
    [2, 119999, '0.3', 36000],
  ] as const)('%i persons, income %i, floor %s → %i', (n, income, ratio, amount) => {
    const result = calculateDibao(household(n, [wage(income)]), params([['dibao.floorRatio', ratio]]));
    expect(result.amountFen).toBe(amount);
  });

  it('floors only an eligible household', () => {
    expect(calculateDibao(household(1, [wage(60000)]), params([['dibao.floorRatio', '0.2']])).amountFen).toBe(0);
  });

  it('pays only the covered members their per-capita gap', () => {
    // (600 × 3 − 900) × 2 ÷ 3 = 600; (1800 − 1000) × 2 ÷ 3 = 533.333… → 533.33
    expect(calculateDibao(household(3, [wage(90000)], { coveredPersonIds: ['p1', 'p2'] }), params()).amountFen).toBe(60000);
    const partial = calculateDibao(household(3, [wage(100000)], { coveredPersonIds: ['p1', 'p2'] }), params());
    expect(partial).toMatchObject({ amountFen: 53333, members: 2 });
  });
});

describe('calculateDibao: 分类施保 (低保办法第二十七条)', () => {
  const supplements: [string, unknown, string?][] = [
    ['dibao.supplement.elderly.ratio', '0.2'],
    ['dibao.supplement.severe_disability.fixed', 15000],
    ['dibao.supplement.serious_illness.ratio', '0.3'],
    ['dibao.supplement.serious_illness.cap', 14000],
  ];
  const categories = [
    { personId: 'p1', category: 'elderly' as const },
    { personId: 'p2', category: 'severe_disability' as const },
    { personId: 'p2', category: 'serious_illness' as const },
  ];

  it('adds the highest category per person by default (就高不叠加): 800 + 120 + 150 = 1070', () => {
    const result = calculateDibao(household(3, [wage(100000)], { categories }), params(supplements));
    expect(result.amountFen).toBe(107000);
    expect(result.items.filter((i) => i.code.startsWith('supplement.')).map((i) => [i.code, i.amountFen])).toEqual([
      ['supplement.p1.elderly', 12000],
      ['supplement.p2.severe_disability', 15000],
    ]);
  });

  it('stacks two categories where the region allows it: 800 + 120 + 150 + 140 (180 capped) = 1210', () => {
    const result = calculateDibao(household(3, [wage(100000)], { categories }), params([...supplements, ['dibao.supplement.perPersonCategories', 2]]));
    expect(result.amountFen).toBe(121000);
    expect(result.items.find((i) => i.code === 'supplement.p2.serious_illness')?.formula).toContain('按 140.00元');
  });

  it('lets a county fixed sum override a provincial ratio', () => {
    const result = calculateDibao(household(3, [wage(100000)], { categories: [categories[0]] }),
      params([...supplements, ['dibao.supplement.elderly.fixed', 10000, COUNTY]]));
    expect(result.amountFen).toBe(90000);
  });

  it('gives nothing to members who are not covered, and nothing when ineligible', () => {
    expect(calculateDibao(household(3, [wage(100000)], { categories, coveredPersonIds: ['p1', 'p3'] }), params(supplements)).amountFen)
      .toBe(53333 + 12000);
    expect(calculateDibao(household(3, [wage(180000)], { categories }), params(supplements)).amountFen).toBe(0);
  });
});

describe('calculateDibao: 单人保 (低保办法第八条)', () => {
  // p1 is severely disabled without income; p2 and p3 earn. Standard 600, edge line 900 per person.
  const single = (incomes: IncomeItem[], patch: Partial<DibaoCalcInput> = {}) =>
    household(3, incomes, { singlePerson: { personId: 'p1', reason: 'severe_disability' }, ...patch });

  it.each([
    // incomes, eligible, amount, reason
    [[wage(200000, 'p2')], true, 60000, null], // per capita 666.67: an edge family → p1 alone: 600 − 0
    [[wage(200000, 'p2'), { personId: 'p1', kind: 'support_received', monthlyFen: 10000 }, { personId: 'p1', kind: 'basic_pension', monthlyFen: 15000 }],
      true, 50000, null], // p1's own counted income 100 (the 基础养老金 is exempt): 600 − 100
    [[wage(270000, 'p2')], false, 0, '家庭月人均收入 900.00元，不低于低保标准的 1.5 倍，不属于低保边缘家庭，不能单人纳入低保（低保办法第八条）'],
    [[wage(150000, 'p2')], false, 0, '家庭月人均收入低于低保标准，全家符合低保条件，应以家庭为单位申请，不适用单人保（低保办法第八条）'],
  ] as const)('%j → eligible %s, %i', (incomes, eligible, amount, reason) => {
    const result = calculateDibao(single([...incomes]), params());
    expect(result).toMatchObject({ eligible, amountFen: amount, members: 1, householdSize: 3 });
    if (reason) expect(result.reasons).toContain(reason);
  });

  it('applies the single-person floor (杭州地区 30%): 600 − 500 = 100 → 180', () => {
    const result = calculateDibao(single([wage(200000, 'p2'), wage(50000, 'p1')]), params([['dibao.singlePerson.floorRatio', '0.3']]));
    expect(result.amountFen).toBe(18000);
  });

  it('needs no edge family for clergy living at a religious site', () => {
    const result = calculateDibao(household(1, [wage(20000)], { singlePerson: { personId: 'p1', reason: 'clergy' } }), params());
    expect(result).toMatchObject({ eligible: true, amountFen: 40000 });
  });

  it('refuses a single person whose own income reaches the standard', () => {
    const result = calculateDibao(single([wage(200000, 'p2'), wage(60000, 'p1')]), params());
    expect(result.eligible).toBe(false);
    expect(result.reasons).toContain('本人月收入 600.00元，不低于低保标准 600.00元（低保办法第八条、第二十三条）');
  });

  it('adds the person’s own 分类施保 supplement', () => {
    const result = calculateDibao(single([wage(200000, 'p2')], { categories: [{ personId: 'p1', category: 'severe_disability' }, { personId: 'p2', category: 'elderly' }] }),
      params([['dibao.supplement.severe_disability.fixed', 15000], ['dibao.supplement.elderly.fixed', 9000]]));
    expect(result.amountFen).toBe(75000);
  });
});

describe('calculateDibao: input checks and settings', () => {
  it.each([
    [{ members: [] }, 'members'],
    [{ coveredPersonIds: ['x9'] }, 'coveredPersonIds[0]'],
    [{ incomes: [{ personId: 'x9', kind: 'wage' as const, monthlyFen: 1 }] }, 'incomes[0].personId'],
    [{ incomes: [{ kind: 'wage' as const, monthlyFen: -1 }] }, 'incomes[0].monthlyFen'],
    [{ property: { ...NO_PROPERTY, houseCount: -1 } }, 'property.houseCount'],
  ])('%j is refused at %s', (patch, path) => {
    try {
      calculateDibao(household(2, [], patch), params());
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).errors?.map((e) => e.path)).toContain(path);
    }
  });

  it('refuses to calculate without a standard for the region', () => {
    const empty = resolveParams([], VILLAGE, '2025-03-01');
    expect(() => calculateDibao(household(1, []), empty)).toThrow('缺少政策参数「城市最低生活保障标准（元/人·月）」（dibao.standard.urban）');
  });

  it.each([
    [[], { confirmingLevel: 'county', totalWorkingDays: 30, taperMonthsMax: 6 }],
    [[['dibao.confirmingLevel', 'township']], { confirmingLevel: 'township', totalWorkingDays: 20, taperMonthsMax: 6 }],
    [[['dibao.taperMonthsMax', 3], ['dibao.timeLimit.county', 25]], { confirmingLevel: 'county', totalWorkingDays: 25, taperMonthsMax: 3 }],
  ] as const)('case settings from %j', (extra, settings) => {
    expect(dibaoCaseSettings(params(extra.map((e) => [...e]) as [string, unknown][]))).toEqual(settings);
  });
});

describe('calculateDibao: one member\'s share stopped (低保办法第三十四条)', () => {
  const stop = (personId: string) => ({ excluded: [{ personId, reason: '无正当理由连续三次拒绝介绍的工作', fromMonth: '2025-04' }] });

  it.each([
    // persons, income, stopped member, expected amount: (600 × n − income) × (n − 1) ÷ n
    [3, 90000, 'p2', 60000], // (1800 − 900) × 2 ÷ 3 = 600
    [3, 100000, 'p2', 53333], // 533.333… → 533.33
    [4, 0, 'p4', 180000], // 2400 × 3 ÷ 4 = 1800
    [2, 60000, 'p1', 30000], // the earner stopped: their income still counts
  ] as const)('%i persons, income %i, %s stopped → %i', (n, income, who, amount) => {
    const result = calculateDibao(household(n, [wage(income)], stop(who)), params());
    expect(result).toMatchObject({ eligible: true, amountFen: amount, members: n - 1, householdSize: n });
    expect(result.notes).toContain(`成员${who.slice(1)}：无正当理由连续三次拒绝介绍的工作，自2025-04起停发本人保障金，不计入保障人数；其收入仍计入家庭收入（低保办法第三十四条）`);
  });

  it('keeps the per-capita income over the whole household', () => {
    const result = calculateDibao(household(3, [wage(90000)], stop('p3')), params());
    expect(result.perCapitaIncomeFen).toBe(30000);
    expect(result.items.find((i) => i.code === 'gap')?.formula).toBe('(600.00元 × 3人 − 900.00元) × 保障 2人 ÷ 家庭 3人 = 600.00元（四舍五入到分；低保办法第二十三条）');
  });

  it('drops the stopped member\'s 分类施保 too', () => {
    const withSupplement = params([['dibao.supplement.elderly.fixed', 10000]]);
    const categories = [{ personId: 'p2', category: 'elderly' as const }, { personId: 'p3', category: 'elderly' as const }];
    const all = calculateDibao(household(3, [], { categories }), withSupplement);
    const stopped = calculateDibao(household(3, [], { categories, ...stop('p2') }), withSupplement);
    expect(all.amountFen).toBe(180000 + 20000);
    expect(stopped.amountFen).toBe(120000 + 10000);
  });

  it('refuses when nobody covered is left, and for a stopped 单人保 member', () => {
    const none = calculateDibao(household(2, [], { coveredPersonIds: ['p1'], ...stop('p1') }), params());
    expect(none).toMatchObject({ eligible: false, amountFen: 0, reasons: ['保障对象均已停发本人保障金，没有可保障的成员（低保办法第三十四条）'] });
    const single = calculateDibao(household(1, [], { singlePerson: { personId: 'p1', reason: 'clergy' }, ...stop('p1') }), params());
    expect(single.eligible).toBe(false);
    expect(single.reasons).toContain('单人保对象本人的保障金已停发（低保办法第三十四条）');
  });

  it('refuses a stopped person who is not a member', () => {
    expect(() => calculateDibao(household(2, [], stop('p9')), params())).toThrow(DomainError);
  });

  it('carries the standard and the 边缘 multiplier used, for a 低保边缘家庭 recognition', () => {
    expect(calculateDibao(household(2, [wage(150000)]), params())).toMatchObject({ edgeFamily: true, standardFen: 60000, edgeMultiplier: '1.5' });
  });
});
