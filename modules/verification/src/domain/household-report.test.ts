import { describe, expect, it } from 'vitest';
import { assessHousehold, type ReportHit, type ReportLimits, type ReportSource } from './household-report.ts';

const today = '2026-11-20';
const members = [{ personId: 'a', name: '甲', idMasked: '2201**********0011' }, { personId: 'b', name: '乙', idMasked: '2201**********0022' }];
const limits: ReportLimits = {
  standardFen: 82_000, standardName: '城市低保标准', financialPerCapitaFen: 2_000_000, vehicleCount: 1, vehicleValueFen: 5_000_000, houseCount: 1, businessCount: 0,
};
const exempt = { vehicleCategories: ['摩托车', '残疾人专用车'], businessCategories: ['农民专业合作社'] };
const ALL = ['hrss', 'housing_fund', 'tax', 'bank', 'vehicle', 'real_estate', 'market', 'police_death', 'police_custody', 'cremation', 'medical'];
const sources = (except: string[] = []): ReportSource[] =>
  ALL.map((code) => ({ code, name: code, status: except.includes(code) ? 'missing' : 'used', asOf: except.includes(code) ? null : '2026-11-15', version: 1, hits: 0 }));
let n = 0;
const hit = (personId: string, source: string, over: Partial<ReportHit>): ReportHit => ({
  personId, source, snapshotId: `s-${source}`, version: 1, asOf: '2026-11-15', eventDate: '2026-10-01', endDate: null, amountFen: null,
  quantity: null, category: null, ref: `r${++n}`, ...over,
});
const assess = (hits: ReportHit[], over: { sources?: ReportSource[]; limits?: Partial<ReportLimits> } = {}) =>
  assessHousehold({ today, members, hits, sources: over.sources ?? sources(), limits: { ...limits, ...over.limits }, exempt });

describe('household verification report (家庭经济状况核对)', () => {
  it('sums the highest of the three income sources per person, never their sum, and compares totals with standard × members', () => {
    const r = assess([
      // 甲: 人社 wage and pension of the latest month (October), an older September row ignored; 公积金 base lower.
      hit('a', 'hrss', { eventDate: '2026-10-05', amountFen: 60_000, category: '工资' }),
      hit('a', 'hrss', { eventDate: '2026-10-01', amountFen: 20_000, category: '养老金' }),
      hit('a', 'hrss', { eventDate: '2026-09-01', amountFen: 500_000, category: '工资' }),
      hit('a', 'housing_fund', { eventDate: '2026-10-01', amountFen: 70_000 }),
      // 乙: a 税务 half-year of 480,000 fen = 80,000 a month; an older period ignored.
      hit('b', 'tax', { eventDate: '2026-01-01', endDate: '2026-06-30', amountFen: 480_000 }),
      hit('b', 'tax', { eventDate: '2025-07-01', endDate: '2025-12-31', amountFen: 9_000_000 }),
    ]);
    expect(r.members.map((m) => [m.hrssFen, m.housingFundFen, m.taxFen, m.incomeFen])).toEqual([[80_000, 70_000, null, 80_000], [null, null, 80_000, 80_000]]);
    expect(r.totals.incomeFen).toBe(160_000);
    expect(r.totals.perCapitaIncomeFen).toBe(80_000);
    expect(r.checks.find((c) => c.key === 'income')!.result).toBe('pass');
    expect(r.conclusion).toBe('eligible');
    expect(r.conclusionName).toBe('符合');
    // At the standard exactly (164,000 = 82,000 × 2) the household no longer qualifies.
    const atStandard = assess([hit('a', 'hrss', { amountFen: 164_000 })]);
    expect(atStandard.checks.find((c) => c.key === 'income')!.result).toBe('fail');
    expect(atStandard.conclusion).toBe('ineligible');
    expect(atStandard.reasons[0]).toContain('家庭月人均收入');
  });

  it('counts deposits of the latest enquiry at every bank, non-exempt vehicles, dwellings and active businesses against the limits', () => {
    const base = [
      hit('a', 'bank', { eventDate: '2026-10-10', amountFen: 1_500_000, ref: '工行' }),
      hit('a', 'bank', { eventDate: '2026-10-10', amountFen: 1_000_000, ref: '农行' }),
      hit('a', 'bank', { eventDate: '2026-04-10', amountFen: 90_000_000, ref: '工行' }),
      hit('b', 'bank', { eventDate: '2026-10-10', amountFen: 1_000_000 }),
      hit('a', 'vehicle', { category: '摩托车', amountFen: 300_000 }),
      hit('b', 'vehicle', { category: '小型汽车', amountFen: 4_000_000 }),
      hit('a', 'real_estate', { category: '住宅', quantity: 60 }),
      hit('b', 'market', { category: '农民专业合作社' }),
      hit('b', 'market', { category: '个体工商户', endDate: '2026-03-01' }),
    ];
    const ok = assess(base);
    expect(ok.totals).toMatchObject({ depositsFen: 3_500_000, vehicles: 1, vehicleValueFen: 4_000_000, dwellings: 1, businesses: 0 });
    expect(ok.checks.every((c) => c.result === 'pass')).toBe(true);
    expect(ok.conclusion).toBe('eligible');

    const over = assess([...base,
      hit('b', 'bank', { eventDate: '2026-10-10', amountFen: 600_000, ref: '建行' }), // 4,100,000 > 2 × 2,000,000
      hit('a', 'real_estate', { category: '住宅', quantity: 90 }),
      hit('a', 'market', { category: '个体工商户' }),
    ]);
    expect(Object.fromEntries(over.checks.map((c) => [c.key, c.result]))).toEqual({
      income: 'pass', deposits: 'fail', vehicles: 'pass', vehicle_value: 'pass', dwellings: 'fail', businesses: 'fail',
    });
    expect(over.conclusion).toBe('ineligible');
    expect(over.reasons).toHaveLength(3);
  });

  it('asks for a manual check when a source is missing, a limit is unset, or a member died or is held', () => {
    expect(assess([], { sources: sources(['bank']) }).conclusion).toBe('manual');
    expect(assess([], { sources: sources(['bank']) }).checks.find((c) => c.key === 'deposits')!.note).toBe('未取得有效的银行存款数据');
    // One income source of three is enough to judge income.
    expect(assess([], { sources: sources(['hrss', 'tax']) }).conclusion).toBe('eligible');
    expect(assess([], { sources: sources(['hrss', 'tax', 'housing_fund']) }).checks.find((c) => c.key === 'income')!.result).toBe('unknown');
    const unset = assess([], { limits: { houseCount: null } });
    expect(unset.checks.find((c) => c.key === 'dwellings')).toMatchObject({ result: 'unknown', note: '当地未设置该项标准' });
    const dead = assess([hit('b', 'cremation', { eventDate: '2026-09-02' }), hit('a', 'police_custody', { eventDate: '2026-08-01' })]);
    expect(dead.conclusion).toBe('manual');
    expect(dead.reasons.join()).toContain('乙 有死亡或火化记录（2026-09-02）');
    expect(dead.reasons.join()).toContain('甲 自 2026-08-01 起被羁押或服刑');
    // A custody that ended is history, not a reason.
    expect(assess([hit('a', 'police_custody', { eventDate: '2025-01-01', endDate: '2025-06-01' })]).conclusion).toBe('eligible');
    // A missing source does not soften a limit that is exceeded.
    expect(assess([hit('a', 'vehicle', { category: '小型汽车' }), hit('b', 'vehicle', { category: '小型汽车' })], { sources: sources(['bank']) }).conclusion).toBe('ineligible');
  });

  it('counts a fact delivered in two snapshots once and ignores records dated after today', () => {
    const twice = [hit('a', 'bank', { eventDate: '2026-10-10', amountFen: 3_000_000, ref: 'x' }), { ...hit('a', 'bank', { eventDate: '2026-10-10', amountFen: 3_000_000, ref: 'x' }), snapshotId: 'other' }];
    expect(assess(twice).totals.depositsFen).toBe(3_000_000);
    expect(assess([hit('a', 'vehicle', { category: '小型汽车', eventDate: '2026-12-01' }), hit('b', 'vehicle', { category: '小型汽车' })]).totals.vehicles).toBe(1);
  });
});
