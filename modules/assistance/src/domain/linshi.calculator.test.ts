import { describe, expect, it } from 'vitest';
import { calculateLinshi, linshiCaseSettings, type LinshiCalcInput } from './linshi.calculator.ts';
import { resolveParams, type ParamRow } from './params.resolve.ts';

const PROVINCE = '220000000000';
const COUNTY = '220105000000';
const VILLAGE = '220105003001';

/**
 * Monthly 低保 standard 600 元 (rural 450 元); 急难型 cap 6 × standard = 3,600 元; 支出型 cap
 * 5,000 元; the township may approve up to 4 × standard = 2,400 元 (宁国-style quota).
 */
const BASE: [string, unknown, string?][] = [
  ['dibao.standard.urban', 60000], ['dibao.standard.rural', 45000],
  ['linshi.cap.emergency.ratio', '6'], ['linshi.cap.expenditure.fixed', 500000], ['linshi.townshipQuota.ratio', '4'],
];
function params(extra: [string, unknown, string?][] = [], base = BASE) {
  const rows: ParamRow[] = [...base, ...extra].map(([key, value, region], i) => ({
    id: `${key}#${i}`, regionCode: region ?? PROVINCE, key, value, effectiveFrom: '2025-01-01',
  }));
  return resolveParams(rows, VILLAGE, '2025-03-01');
}
const request = (patch: Partial<LinshiCalcInput>): LinshiCalcInput => ({ type: 'emergency', hukouType: 'urban', requestedFen: 100000, ...patch });

describe('calculateLinshi: amount within the cap, approval level by the township quota', () => {
  it.each([
    // type, requested, hukou, amount, approval level, 先行救助 possible
    ['emergency', 200000, 'urban', 200000, 'township', true],
    ['emergency', 240000, 'urban', 240000, 'township', true], // exactly 4 × 600
    ['emergency', 240001, 'urban', 240001, 'county', false],
    ['emergency', 500000, 'urban', 360000, 'county', false], // capped at 6 × 600
    ['emergency', 300000, 'rural', 270000, 'county', false], // rural: cap 6 × 450, quota 4 × 450 = 1800
    ['emergency', 180000, 'rural', 180000, 'township', true],
    ['expenditure', 100000, 'urban', 100000, 'township', false], // 先行救助 is for 急难 only
    ['expenditure', 600000, 'urban', 500000, 'county', false],
  ] as const)('%s %i (%s) → %i, %s, advance %s', (type, requestedFen, hukouType, amount, level, advance) => {
    const result = calculateLinshi(request({ type, requestedFen, hukouType }), params());
    expect(result).toMatchObject({ programme: 'linshi', eligible: true, amountFen: amount, approvalLevel: level, advanceAllowed: advance, paperworkWorkingDays: 5 });
  });

  it('sends everything to the county where approval is not delegated', () => {
    const result = calculateLinshi(request({ requestedFen: 10000 }), params([], BASE.filter(([key]) => !key.startsWith('linshi.townshipQuota'))));
    expect(result).toMatchObject({ approvalLevel: 'county', advanceAllowed: false });
    expect(result.notes).toEqual(['当地未委托乡镇（街道）审批临时救助，由县级民政部门审批（暂行办法第四十八条）']);
  });

  it('lets a county fixed quota replace the provincial multiple (2,000 元, 邹平-style)', () => {
    const result = calculateLinshi(request({ requestedFen: 220000 }), params([['linshi.townshipQuota.fixed', 200000, COUNTY]]));
    expect(result.approvalLevel).toBe('county');
    expect(result.items.find((i) => i.code === 'township_quota')).toMatchObject({ amountFen: 200000 });
  });

  it('explains why an advance grant is not possible', () => {
    expect(calculateLinshi(request({ requestedFen: 300000, advance: true }), params()).notes)
      .toEqual(['核定金额超过乡镇（街道）审批额度，不能先行救助，按一般程序报县级审批']);
    expect(calculateLinshi(request({ type: 'expenditure', advance: true }), params()).notes)
      .toEqual(['先行救助仅适用于急难型临时救助，本案按一般程序办理']);
  });

  it('writes the cap arithmetic out and cites its rows', () => {
    const result = calculateLinshi(request({ requestedFen: 500000 }), params());
    expect(result.items.find((i) => i.code === 'cap')).toEqual({
      code: 'cap', label: '急难型救助上限', amountFen: 360000,
      formula: '「急难型救助上限（月低保标准的倍数）」 6 × 月低保标准 600.00元 = 3600.00元（暂行办法第四十九条）',
      paramIds: ['linshi.cap.emergency.ratio#2', 'dibao.standard.urban#0'],
    });
    expect(result.items.find((i) => i.code === 'amount')?.formula).toBe('申请 5000.00元 超过上限，按上限 3600.00元 核定');
  });

  it('refuses to size a grant without a local cap', () => {
    expect(() => calculateLinshi(request({ type: 'expenditure' }), params([], BASE.filter(([key]) => key !== 'linshi.cap.expenditure.fixed'))))
      .toThrow('未设置支出型临时救助上限');
  });

  it.each([0, -100, 1.5])('refuses a requested amount of %s', (requestedFen) => {
    expect(() => calculateLinshi(request({ requestedFen }), params())).toThrow('申请金额不正确');
  });

  it('writes the case settings the workflow reads', () => {
    expect(linshiCaseSettings(params([['linshi.advance.paperworkWorkingDays', 20]]), request({ requestedFen: 200000 }))).toEqual({
      approvalLevel: 'township', paperworkWorkingDays: 20, townshipQuotaFen: 240000, linshiType: 'emergency', publicityDays: 7, advancePayHours: 48,
    });
    expect(linshiCaseSettings(params(), request({ type: 'expenditure', requestedFen: 600000 }))).toMatchObject({ approvalLevel: 'county', linshiType: 'expenditure' });
  });
});
