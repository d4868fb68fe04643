import { describe, expect, it } from 'vitest';
import { formatParamValue, paramInputText, parseParamInput } from './param-value.ts';

describe('parseParamInput (what the 政策参数 form sends)', () => {
  it('turns 元 into fen for money keys', () => {
    expect(parseParamInput('dibao.standard.urban', '780')).toEqual({ ok: true, value: 78000 });
    expect(parseParamInput('dibao.standard.urban', '780.5')).toEqual({ ok: true, value: 78050 });
  });

  it('refuses a money text with more than two decimals', () => {
    expect(parseParamInput('dibao.standard.urban', '780.555')).toMatchObject({ ok: false });
  });

  it('keeps a ratio as the decimal string typed', () => {
    expect(parseParamInput('tekun.basic.ratio', '1.3')).toEqual({ ok: true, value: '1.3' });
  });

  it('applies the catalog bounds (spot check at least 30%)', () => {
    const r = parseParamInput('tekun.spotCheckRatio', '0.2');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('0.3');
  });

  it('takes levels by code and refuses anything else', () => {
    expect(parseParamInput('dibao.confirmingLevel', 'township')).toEqual({ ok: true, value: 'township' });
    expect(parseParamInput('dibao.confirmingLevel', 'village')).toMatchObject({ ok: false });
  });

  it('allows an empty value only for optional keys', () => {
    expect(parseParamInput('dibao.floorRatio', '')).toEqual({ ok: true, value: null });
    expect(parseParamInput('dibao.standard.urban', '')).toMatchObject({ ok: false, message: '该参数必须设置，不能为空' });
  });

  it('wants whole numbers for counts and days', () => {
    expect(parseParamInput('dibao.timeLimit.county', '30')).toEqual({ ok: true, value: 30 });
    expect(parseParamInput('dibao.timeLimit.county', '2.5')).toMatchObject({ ok: false });
  });
});

describe('formatParamValue', () => {
  it.each([
    ['fen', 78000, '¥780.00'],
    ['ratio', '0.3', '0.3（30%）'],
    ['ratio', '0.035', '0.035（3.5%）'],
    ['ratio', '1.5', '1.5 倍'],
    ['days', 30, '30 天'],
    ['months', 6, '6 个月'],
    ['level', 'county', '县级人民政府民政部门'],
    ['fen', null, '未设置'],
  ] as const)('%s %j → %s', (unit, value, text) => expect(formatParamValue(unit, value)).toBe(text));

  it('gives back the form text of a stored value', () => {
    expect(paramInputText('fen', 78050)).toBe('780.50');
    expect(paramInputText('fen', 12345678)).toBe('123456.78');
    expect(paramInputText('ratio', '1.3')).toBe('1.3');
  });
});
