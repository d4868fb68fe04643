import { describe, expect, it } from 'vitest';
import { alertDueDate, checkRuleParams, isStale, planRules, RULES, type RuleConfig } from './rules.catalog.ts';
import { findSource, SOURCES } from './sources.catalog.ts';

const config = (code: string, over: Partial<RuleConfig> = {}): RuleConfig => {
  const def = RULES.find((r) => r.code === code)!;
  return { code, active: true, severity: def.severity, handlingLevel: def.handlingLevel, deadlineDays: def.deadlineDays, params: def.defaults, ...over };
};
const name = (c: string) => findSource(c)?.name ?? c;

describe('planRules', () => {
  const today = '2026-11-20';
  const death = { sourceCode: 'police_death', snapshotId: 'd1', asOf: '2026-11-01', refreshDays: 31 };
  const cremationStale = { sourceCode: 'cremation', snapshotId: 'c1', asOf: '2026-10-01', refreshDays: 31 };

  it('uses fresh snapshots, ignores stale ones with a note, and runs an any-of rule on what is fresh', () => {
    const [plan] = planRules([config('deceased_paid')], [death, cremationStale], new Set(), today, name);
    expect(plan).toEqual({ code: 'deceased_paid', run: true, snapshotIds: ['d1'], notes: ['殡葬火化记录：数据截至 2026-10-01，已超过更新周期（31 天），本次未使用'] });
  });

  it('does not run a rule whose every source is stale or missing', () => {
    const [plan] = planRules([config('deceased_paid')], [cremationStale], new Set(), today, name);
    expect(plan!.run).toBe(false);
    expect(plan!.notes).toEqual(['公安死亡人员信息：尚无数据', expect.stringContaining('殡葬火化记录：数据截至 2026-10-01')]);
  });

  it('runs ledger rules without snapshots, skips inactive rules', () => {
    const plans = planRules([config('two_rolls'), config('vehicle_over', { active: false })], [], new Set(), today, name);
    expect(plans).toEqual([
      { code: 'two_rolls', run: true, snapshotIds: [], notes: [] },
      { code: 'vehicle_over', run: false, snapshotIds: [], notes: ['规则已停用'] },
    ]);
  });

  it('keeps the 主动发现 rules dormant until their programmes exist, then runs them', () => {
    const disability = { sourceCode: 'disability', snapshotId: 'x1', asOf: '2026-11-01', refreshDays: 92 };
    const dormant = planRules([config('disabled_no_subsidy'), config('aged80_no_allowance')], [disability], new Set(['dibao']), today, name);
    expect(dormant.map((p) => [p.run, p.notes[0]])).toEqual([
      [false, '所需待遇项目尚未上线（disability_living、disability_care），上线后自动启用'],
      [false, '所需待遇项目尚未上线（longevity），上线后自动启用'],
    ]);
    const live = planRules([config('disabled_no_subsidy'), config('aged80_no_allowance')], [disability], new Set(['disability_living', 'disability_care', 'longevity']), today, name);
    expect(live.map((p) => [p.run, p.snapshotIds])).toEqual([[true, ['x1']], [true, []]]);
  });

  it('counts staleness from the as-of date by the refresh cycle', () => {
    expect(isStale({ asOf: '2026-10-20', refreshDays: 31 }, '2026-11-20')).toBe(false);
    expect(isStale({ asOf: '2026-10-19', refreshDays: 31 }, '2026-11-20')).toBe(true);
    expect(isStale({ asOf: '2000-01-01', refreshDays: 0 }, '2026-11-20')).toBe(false);
  });
});

describe('rule catalogue', () => {
  it('names only sources of the catalogue, and validates parameters with Chinese messages', () => {
    for (const r of RULES) for (const s of r.sources) expect(SOURCES.some((x) => x.code === s), `${r.code}: ${s}`).toBe(true);
    for (const r of RULES) expect(checkRuleParams(r.code, r.defaults)).toEqual({ ok: true, value: r.defaults });
    expect(checkRuleParams('income_over', { perCapitaMonthlyFen: 1.5 })).toEqual({ ok: false, errors: [{ path: 'params.perCapitaMonthlyFen', message: '金额须为整数（分）' }] });
    expect(checkRuleParams('nope', {})).toMatchObject({ ok: false });
  });

  it('gives alerts a deadline in working days on the official calendar (国庆 2026 skipped)', () => {
    expect(alertDueDate('2026-09-30', 5)).toBe('2026-10-13');
    expect(alertDueDate('2026-11-20', 10)).toBe('2026-12-04');
  });
});
