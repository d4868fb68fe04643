import { describe, expect, it } from 'vitest';
import { csvField, formatAmount, isSuccess, parseAmount, STANDARD_PROFILE } from './bank-format.ts';
import { compareDecimal, triggerMet } from './run.rules.ts';
import { monthDate, monthLabel, monthsBetween } from './months.ts';
import { bankProfileInput, runInput } from './payments.schema.ts';

describe('bank file amounts', () => {
  it.each([
    [60000, 'yuan', '600.00'], [45050, 'yuan', '450.50'], [1, 'yuan', '0.01'], [60000, 'fen', '60000'],
  ] as const)('%i fen is written %s as %s', (fen, unit, text) => {
    expect(formatAmount(fen, unit)).toBe(text);
  });

  it.each([
    ['600.00', 'yuan', 60000], ['600', 'yuan', 60000], ['600.5', 'yuan', 60050], ['1,200.00', 'yuan', 120000], [' 0.01 ', 'yuan', 1],
    ['600.001', 'yuan', null], ['-600.00', 'yuan', null], ['六百', 'yuan', null], ['', 'yuan', null], ['60000', 'fen', 60000], ['600.00', 'fen', null],
  ] as const)('the bank writing %j (%s) is %j fen', (text, unit, fen) => {
    expect(parseAmount(text, unit)).toBe(fen);
  });

  it('quotes CSV fields only when needed', () => {
    expect(csvField('王伟')).toBe('王伟');
    expect(csvField('长春市,二道区')).toBe('"长春市,二道区"');
    expect(csvField('说"明"')).toBe('"说""明"""');
  });

  it('reads the result column by the profile\'s success values', () => {
    expect(isSuccess(' 成功 ', STANDARD_PROFILE)).toBe(true);
    expect(isSuccess('失败', STANDARD_PROFILE)).toBe(false);
    expect(isSuccess('0000', { successValues: ['0000', '00'] })).toBe(true);
  });
});

describe('price subsidy trigger', () => {
  it.each([
    ['3.5', '3.5', 0], ['3.50', '3.5', 0], ['3.6', '3.5', 1], ['3.49', '3.5', -1], ['10', '9.99', 1], ['0.1', '0.10', 0],
  ])('compareDecimal(%s, %s) = %i', (a, b, c) => {
    expect(compareDecimal(a, b)).toBe(c);
  });

  it('starts at the threshold, not below it', () => {
    expect(triggerMet({ thresholdPct: '3.5', observedPct: '3.5' })).toBe(true);
    expect(triggerMet({ thresholdPct: '3.5', observedPct: '3.4' })).toBe(false);
  });
});

describe('inputs', () => {
  const run = { kind: 'holiday', name: '2027年春节一次性生活补贴', programmes: ['dibao', 'tekun'], basis: 'household', amountFen: 50000, month: '2027-01' };

  it('accepts a holiday subsidy without a trigger, and wants one for a price subsidy', () => {
    expect(runInput.safeParse(run).success).toBe(true);
    const price = runInput.safeParse({ ...run, kind: 'price_subsidy' });
    expect(price.success).toBe(false);
    expect(price.error!.issues[0]!.path).toEqual(['trigger']);
  });

  it('refuses a price figure from after the month it would pay', () => {
    const r = runInput.safeParse({
      ...run, kind: 'price_subsidy',
      trigger: { indicator: 'cpi', thresholdPct: '3.5', observedPct: '4', observedMonth: '2027-02', source: '统计局', reason: '涨幅' },
    });
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['trigger.observedMonth']);
  });

  it('wants 序号, account and amount in every bank layout', () => {
    const r = bankProfileInput.safeParse({
      code: 'abc', name: '某银行', columns: [{ header: '户名', field: 'payeeName' }],
      returnColumns: { transferNo: '序号', account: '账号', amount: '金额', status: '结果', reason: '原因' }, successValues: ['成功'],
    });
    expect(r.error!.issues.map((i) => i.message)).toEqual(['代发文件必须包含「transferNo」列', '代发文件必须包含「account」列', '代发文件必须包含「amount」列']);
  });
});

describe('months', () => {
  it('stores a month as its first day and labels it in Chinese', () => {
    expect(monthDate('2026-05')).toBe('2026-05-01');
    expect(monthLabel('2026-05')).toBe('2026年5月');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
