import { describe, expect, it } from 'vitest';
import { calculateTekun, selfCareMissing, selfCareTier, tekunCaseSettings, type SelfCareItems, type TekunCalcInput } from './tekun.calculator.ts';
import { resolveParams, type ParamRow } from './params.resolve.ts';

const PROVINCE = '220000000000';
const COUNTY = '220105000000';
const VILLAGE = '220105003001';

/**
 * 低保 standard urban 600 元 / rural 450 元, previous-year minimum monthly wage 1,880 元, the 低保
 * property limits; 特困 basic standard and care ratios are the catalog defaults (1.3×; Anhui
 * 50/30/4 % 集中, 35/20/3 % 分散).
 */
function params(extra: [string, unknown, string?][] = []) {
  const rows: ParamRow[] = [
    ['dibao.standard.urban', 60000], ['dibao.standard.rural', 45000], ['tekun.care.previousYearMinimumWage', 188000],
    ['dibao.property.financialPerCapitaMax', 1440000], ['dibao.property.vehicleCountMax', 0],
    ['dibao.property.houseCountMax', 1], ['dibao.property.businessCountMax', 0],
    ...extra,
  ].map(([key, value, region], i) => ({ id: `${key}#${i}`, regionCode: (region as string | undefined) ?? PROVINCE, key: key as string, value, effectiveFrom: '2025-01-01' }));
  return resolveParams(rows, VILLAGE, '2025-03-01');
}

const ALL = { eat: true, dress: true, bed: true, toilet: true, walk: true, bath: true };
const without = (...items: (keyof SelfCareItems)[]): SelfCareItems => ({ ...ALL, ...Object.fromEntries(items.map((k) => [k, false])) });

function person(patch: Partial<TekunCalcInput> = {}): TekunCalcInput {
  return {
    hukouType: 'urban', age: 72, disability: null, incomes: [],
    property: { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 },
    obligors: [], careMode: 'dispersed', selfCare: ALL, ...patch,
  };
}

describe('selfCareTier (特困办法第二十二条, E5)', () => {
  it.each([
    ['E5 A: all six items', ALL, 'self', 0],
    ['one item missing', without('bath'), 'semi', 1],
    ['E5 B: cannot dress, bathe, use the toilet', without('dress', 'bath', 'toilet'), 'semi', 3],
    ['E5 C: also cannot get in and out of bed', without('dress', 'bath', 'toilet', 'bed'), 'full', 4],
    ['none of the six', without('eat', 'dress', 'bed', 'toilet', 'walk', 'bath'), 'full', 6],
  ] as const)('%s → %s', (_, items, tier, missing) => {
    expect(selfCareTier(items)).toBe(tier);
    expect(selfCareMissing(items)).toHaveLength(missing);
  });

  it('refuses an incomplete assessment', () => {
    expect(() => selfCareTier({ eat: true } as unknown as SelfCareItems)).toThrow('生活自理能力评估不完整');
  });
});

describe('calculateTekun: 基本生活标准 + 照料护理标准 (救助法第十七条)', () => {
  it.each([
    // mode, self-care, hukou, expected basic, expected care, total
    // basic = 1.3 × 600 = 780; care = ratio × 1880
    ['centralized', without('dress', 'bath', 'toilet', 'bed'), 'urban', 78000, 94000, 172000], // 50 % → 940
    ['centralized', without('bath'), 'urban', 78000, 56400, 134400], // 30 % → 564
    ['centralized', ALL, 'urban', 78000, 7520, 85520], // 4 % → 75.20
    ['dispersed', without('eat', 'dress', 'bed', 'toilet'), 'urban', 78000, 65800, 143800], // 35 % → 658
    ['dispersed', without('walk'), 'urban', 78000, 37600, 115600], // 20 % → 376
    ['dispersed', ALL, 'urban', 78000, 5640, 83640], // 3 % → 56.40
    ['dispersed', without('eat', 'dress', 'bed', 'toilet'), 'rural', 58500, 65800, 124300], // 1.3 × 450 = 585
  ] as const)('%s, %j, %s → %i + %i = %i', (careMode, selfCare, hukouType, basic, care, total) => {
    const result = calculateTekun(person({ careMode, selfCare, hukouType }), params());
    expect(result).toMatchObject({ programme: 'tekun', eligible: true, amountFen: total, careMode, members: 1 });
    expect(result.items.find((i) => i.code === 'basic')?.amountFen).toBe(basic);
    expect(result.items.find((i) => i.code === 'care')?.amountFen).toBe(care);
  });

  it('writes out the care formula with the assessment', () => {
    const result = calculateTekun(person({ careMode: 'centralized', selfCare: without('dress', 'bath', 'toilet') }), params());
    expect(result.careTier).toBe('semi');
    expect(result.items.find((i) => i.code === 'care')).toMatchObject({
      label: '照料护理标准（集中供养，半护理）',
      formula: '不能自主完成3项（自主穿衣、自主如厕、自主洗澡），部分丧失生活自理能力（特困办法第二十二条）；「照料护理标准：集中供养半护理（按上年度最低月工资标准的比例）」（全国默认值） 0.3 × 「上年度最低月工资标准（照料护理标准基数）」 1880.00元 = 564.00元（四舍五入到分）',
    });
    expect(result.paramIds).toContain('tekun.care.previousYearMinimumWage#2');
  });

  it.each([
    // extra rows, care mode, self-care, expected total
    [[['tekun.basic.fixed', 80000, COUNTY]], 'dispersed', ALL, 85640], // county fixed basic 800 + 56.40
    [[['tekun.basic.ratio', '1.5']], 'dispersed', ALL, 95640], // 1.5 × 600 = 900
    [[['tekun.care.selfTierCap', 5000]], 'dispersed', ALL, 83000], // 56.40 capped at 50
    [[['tekun.care.dispersed.full.fixed', 70000, COUNTY]], 'dispersed', without('eat', 'dress', 'bed', 'toilet'), 148000], // 780 + 700
    [[['dibao.standard.urban', 57557]], 'dispersed', ALL, 74824 + 5640], // 1.3 × 575.57 = 748.241 → 748.24
  ] as const)('local settings %j', (extra, careMode, selfCare, total) => {
    const result = calculateTekun(person({ careMode, selfCare }), params(extra.map((e) => [...e]) as [string, unknown, string?][]));
    expect(result.amountFen).toBe(total);
  });
});

describe('calculateTekun: recognition (特困办法第四至九条)', () => {
  it.each([
    // patch, eligible
    [{ age: 60 }, true],
    [{ age: 59 }, false],
    [{ age: 15 }, true],
    [{ age: 16 }, false],
    [{ age: 40, disability: { category: 'intellectual', grade: 3 } }, true],
    [{ age: 40, disability: { category: 'mental', grade: 2 } }, true],
    [{ age: 40, disability: { category: 'intellectual', grade: 4 } }, false],
    [{ age: 40, disability: { category: 'physical', grade: 2 } }, true],
    [{ age: 40, disability: { category: 'physical', grade: 3 } }, false],
    [{ age: 40, disability: { category: 'visual', grade: 1 } }, true],
    [{ age: 40, disability: { category: 'visual', grade: 2 } }, false],
    [{ age: 40, disability: { category: 'hearing', grade: 1 } }, false],
    [{ age: 40, otherIncapacity: '省政府规定的其他情形：长期卧床' }, true],
    [{ incomes: [{ kind: 'wage', monthlyFen: 59999 }] }, true],
    [{ incomes: [{ kind: 'wage', monthlyFen: 60000 }] }, false], // not below the 低保 standard
    // 第六条: 高龄津贴, 基础养老金, 优待抚恤金 are not income
    [{ incomes: [{ kind: 'wage', monthlyFen: 50000 }, { kind: 'old_age_allowance', monthlyFen: 30000 }, { kind: 'basic_pension', monthlyFen: 15000 }, { kind: 'special_care', monthlyFen: 20000 }] }, true],
    [{ obligors: [{ name: '张强', relation: '儿子', circumstance: 'able' }] }, false],
    [{ obligors: [{ name: '张强', relation: '儿子', circumstance: 'dibao_elderly' }, { name: '张丽', relation: '女儿', circumstance: 'incapacitated' }] }, true],
    [{ age: 10, orphanAllowanceChosen: true }, false], // 第九条
    [{ property: { depositsFen: 1500000, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 } }, false],
  ] as const)('%j → %s', (patch, eligible) => {
    const result = calculateTekun(person(patch as Partial<TekunCalcInput>), params());
    expect(result.eligible).toBe(eligible);
    expect(result.reasons.length === 0).toBe(eligible);
    if (!eligible) expect(result.amountFen).toBe(0);
  });

  it('uses the 特困 property limit where the city set one', () => {
    const rich = person({ property: { depositsFen: 1500000, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 } });
    expect(calculateTekun(rich, params([['tekun.property.financialMax', 2000000]])).eligible).toBe(true);
  });

  it('explains each refusal with its article', () => {
    const result = calculateTekun(person({ age: 45, obligors: [{ name: '张强', relation: '儿子', circumstance: 'able' }] }), params());
    expect(result.reasons).toEqual([
      '申请人45周岁，残疾状况不属于一至三级智力、精神残疾，一、二级肢体残疾或一级视力残疾，不能认定为无劳动能力（特困办法第五条）',
      '法定义务人张强（儿子）具有履行赡养、抚养、扶养义务的能力（特困办法第四条、第八条）',
    ]);
  });

  it('reads the confirming level for new cases', () => {
    expect(tekunCaseSettings(params())).toEqual({ confirmingLevel: 'county' });
    expect(tekunCaseSettings(params([['tekun.confirmingLevel', 'township']]))).toEqual({ confirmingLevel: 'township' });
  });
});
