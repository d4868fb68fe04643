/**
 * 物价补贴联动: a price subsidy is paid when the chosen price indicator (CPI, or food prices, year on
 * year) reaches the threshold the province set. The platform holds no price statistics, so the
 * official enters the published figure, its month and source; the rule only compares.
 * Figures are decimal strings compared exactly ('3.50' equals '3.5'), never as floats.
 */
export function compareDecimal(a: string, b: string): number {
  const parse = (s: string) => {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
    if (!m) throw new Error(`not a decimal: ${s}`);
    return { neg: m[1] === '-', int: m[2]!.replace(/^0+(?=\d)/, ''), frac: (m[3] ?? '').replace(/0+$/, '') };
  };
  const x = parse(a);
  const y = parse(b);
  const width = Math.max(x.frac.length, y.frac.length);
  const toBig = (p: ReturnType<typeof parse>) => BigInt(`${p.neg ? '-' : ''}${p.int}${p.frac.padEnd(width, '0')}`);
  const d = toBig(x) - toBig(y);
  return d === 0n ? 0 : d > 0n ? 1 : -1;
}

export function triggerMet(trigger: { thresholdPct: string; observedPct: string }): boolean {
  return compareDecimal(trigger.observedPct, trigger.thresholdPct) >= 0;
}

export const INDICATOR_NAMES = { cpi: '居民消费价格指数（CPI）同比涨幅', food_cpi: '食品价格同比涨幅' } as const;
