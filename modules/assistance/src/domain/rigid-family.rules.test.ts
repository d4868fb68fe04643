import { describe, expect, it } from 'vitest';
import { DomainError } from '@mz/kernel';
import { resolveParams, type ParamRow } from './params.resolve.ts';
import { assessRigidFamily, rigidDecisionDue, rigidFamilyInput, type RigidAssessmentInput } from './rigid-family.rules.ts';

const PROVINCE = '220000000000';
const VILLAGE = '220105003001';

/**
 * Provincial rows: previous-year per-capita disposable income 40,000 元 (urban) and 20,000 元
 * (rural); rigid spending must exceed half the household income; the 低保 property limits
 * (14,400 元 of deposits per person, no car, one home, no business).
 */
function params(extra: [string, unknown][] = [], without: string[] = []) {
  const rows: ParamRow[] = ([
    ['dibao.rigid.disposableIncome.urban', 4_000_000], ['dibao.rigid.disposableIncome.rural', 2_000_000], ['dibao.rigid.spendingShare', '0.5'],
    ['dibao.property.financialPerCapitaMax', 1_440_000], ['dibao.property.vehicleCountMax', 0],
    ['dibao.property.houseCountMax', 1], ['dibao.property.businessCountMax', 0],
    ...extra,
  ] as [string, unknown][]).filter(([key]) => !without.includes(key))
    .map(([key, value], i) => ({ id: `${key}#${i}`, regionCode: PROVINCE, key, value, effectiveFrom: '2025-01-01' }));
  return resolveParams(rows, VILLAGE, '2025-06-01');
}

const NO_PROPERTY = { depositsFen: 0, securitiesFen: 0, vehicleCount: 0, vehicleValueFen: 0, houseCount: 1, businessCount: 0 };
const family = (annualIncomeFen: number, medical: number, education = 0, patch: Partial<RigidAssessmentInput> = {}): RigidAssessmentInput => ({
  hukouType: 'urban', householdSize: 3, annualIncomeFen,
  spending: [{ kind: 'medical', annualFen: medical }, ...(education ? [{ kind: 'education' as const, annualFen: education }] : [])],
  property: NO_PROPERTY, excludedBy: [], ...patch,
});

describe('刚性支出困难家庭 recognition (刚性支出困难家庭认定办法第四、五条)', () => {
  it.each([
    // label, input, eligible, spending threshold shown
    ['income 60,000, medical 25,000 + school 8,000 = 33,000 > 30,000', family(6_000_000, 2_500_000, 800_000), true, 3_000_000],
    ['spending exactly half the income is not "exceeding"', family(6_000_000, 3_000_000), false, 3_000_000],
    ['one fen more than half is', family(6_000_000, 3_000_001), true, 3_000_000],
    ['odd income: half of 60,000.01 is 30,000.005; 30,000.01 exceeds it', family(6_000_001, 3_000_001), true, 3_000_001],
    ['odd income: 30,000.00 does not exceed 30,000.005 (no rounding decides)', family(6_000_001, 3_000_000), false, 3_000_001],
    ['per-capita income equal to the disposable income is not below it', family(12_000_000, 9_000_000), false, 6_000_000],
    ['one fen under it is', family(11_999_999, 9_000_000), true, 6_000_000],
    ['no income at all and any rigid spending', family(0, 1), true, 0],
    ['rural households are measured against the rural line: 3 × 20,000 = 60,000', family(6_000_000, 4_000_000, 0, { hukouType: 'rural' }), false, 3_000_000],
    ['rural, one fen under the line', family(5_999_999, 4_000_000, 0, { hukouType: 'rural' }), true, 3_000_000],
  ])('%s', (_label, input, eligible, threshold) => {
    const a = assessRigidFamily(input, params());
    expect(a.eligible, a.reasons.join('；')).toBe(eligible);
    expect(a.spendingThresholdFen).toBe(threshold);
    expect(a.reasons.length === 0).toBe(eligible);
  });

  it('itemises the test with the parameters it used and the amounts', () => {
    const a = assessRigidFamily(family(6_000_000, 2_500_000, 800_000), params());
    expect(a).toMatchObject({
      eligible: true, householdSize: 3, annualIncomeFen: 6_000_000, perCapitaAnnualIncomeFen: 2_000_000, disposableIncomeFen: 4_000_000,
      spendingFen: 3_300_000, spendingShare: '0.5', ruleVersion: 'rigid/刚性支出困难家庭认定办法2025/v1',
    });
    expect(a.items.map((i) => [i.code, i.amountFen])).toEqual([
      ['income', 6_000_000], ['disposable_income', 4_000_000], ['spending.medical', 2_500_000], ['spending.education', 800_000], ['spending', 3_300_000],
    ]);
    expect(a.items.find((i) => i.code === 'spending')!.formula)
      .toBe('33000.00元 超过家庭总收入 60000.00元 × 「刚性支出困难家庭：刚性支出超过家庭总收入的比例」 0.5 = 30000.00元（第四条）');
    expect(a.paramIds).toEqual(expect.arrayContaining(['dibao.rigid.disposableIncome.urban#0', 'dibao.rigid.spendingShare#2', 'dibao.property.vehicleCountMax#4']));
  });

  it.each([
    ['dibao', 'DB-220105-2025-000007', '家庭已纳入低保（DB-220105-2025-000007），不属于刚性支出困难家庭认定范围（刚性支出困难家庭认定办法第四条）'],
    ['tekun', '成员王某 TK-220105-2025-000002', '家庭已纳入特困供养（成员王某 TK-220105-2025-000002），不属于刚性支出困难家庭认定范围（刚性支出困难家庭认定办法第四条）'],
    ['edge', '低保边缘家庭认定有效期至 2025-12-31', '家庭已纳入低保边缘家庭（低保边缘家庭认定有效期至 2025-12-31），不属于刚性支出困难家庭认定范围（刚性支出困难家庭认定办法第四条）'],
  ] as const)('rules out a household already in %s', (kind, ref, reason) => {
    const a = assessRigidFamily(family(6_000_000, 5_000_000, 0, { excludedBy: [{ kind, ref }] }), params());
    expect(a.eligible).toBe(false);
    expect(a.reasons).toEqual([reason]);
  });

  it('checks property against the local rules: the 低保 limits unless the region set its own financial limit', () => {
    const rich = family(6_000_000, 5_000_000, 0, { property: { ...NO_PROPERTY, depositsFen: 5_000_000, vehicleCount: 1 } });
    const a = assessRigidFamily(rich, params());
    expect(a.eligible).toBe(false);
    expect(a.reasons).toEqual([
      '家庭存款及有价证券 50000.00元，人均 16666.67元，超过「家庭人均存款及有价证券上限」 14400.00元（刚性支出困难家庭认定办法第四条；财产限额按当地规定）',
      '拥有机动车辆 1 辆，超过「家庭可拥有的机动车辆数上限（不含残疾人功能性补偿代步车等当地豁免车辆）」 0 辆（刚性支出困难家庭认定办法第四条；财产限额按当地规定）',
    ]);
    const looser = params([['dibao.rigid.property.financialPerCapitaMax', 2_000_000]]);
    const noCar = { ...rich, property: { ...rich.property, vehicleCount: 0 } };
    expect(assessRigidFamily(noCar, looser).eligible).toBe(true);
  });

  it('says which local figure is missing rather than guessing it', () => {
    expect(() => assessRigidFamily(family(6_000_000, 5_000_000), params([], ['dibao.rigid.spendingShare']))).toThrow(DomainError);
    try {
      assessRigidFamily(family(6_000_000, 5_000_000, 0, { hukouType: 'rural' }), params([], ['dibao.rigid.disposableIncome.rural']));
    } catch (err) {
      expect((err as DomainError).status).toBe(422);
      expect(JSON.stringify(err)).toContain('dibao.rigid.disposableIncome.rural');
    }
  });

  it('needs at least one rigid spending item and whole fen', () => {
    const base = { householdId: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7', hukouType: 'urban', appliedOn: '2025-05-06', annualIncomeFen: 6_000_000, property: {} };
    expect(rigidFamilyInput.safeParse({ ...base, spending: [] }).error?.issues[0]?.message).toBe('请至少填写一项刚性支出');
    expect(rigidFamilyInput.safeParse({ ...base, spending: [{ kind: 'medical', annualFen: 1.5 }] }).error?.issues[0]?.message).toBe('支出金额应为以分为单位的整数');
    expect(rigidFamilyInput.safeParse({ ...base, spending: [{ kind: 'gift', annualFen: 100 }] }).error?.issues[0]?.message).toMatch(/^支出类别应为：basic_living（基本生活支出）/);
    expect(rigidFamilyInput.parse({ ...base, spending: [{ kind: 'medical', annualFen: 100 }] }).property).toMatchObject({ depositsFen: 0, houseCount: 0 });
  });
});

describe('刚性支出困难家庭: the county has 30 working days (第八条)', () => {
  it.each([
    // accepted, days, due, estimated
    ['2025-09-26', 30, '2025-11-13', false], // across 国庆 2025 and its 调休 Saturdays (09-28, 10-11)
    ['2026-12-01', 30, '2027-01-13', true], // 2027 is not in the holiday table yet: estimated, 元旦 skipped by law
    ['2026-12-31', 1, '2027-01-04', true],
  ] as const)('accepted %s, %i working days → %s', (appliedOn, days, dueOn, estimated) => {
    expect(rigidDecisionDue(appliedOn, days)).toEqual({ dueOn, estimated });
  });
});
