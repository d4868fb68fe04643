import { describe, expect, it } from 'vitest';
import { DomainError } from '@mz/kernel';
import { PARAM_CATALOG, paramInput, parseParamValue } from './params.catalog.ts';
import { missingParams, moreSpecific, optionalParam, requireParam, resolveParams, type ParamRow } from './params.resolve.ts';

const PROVINCE = '220000000000'; // 吉林省
const CITY = '220100000000'; // 长春市
// A county, one of its townships and a village below it.
const COUNTY = '220105000000';
const VILLAGE = '220105003001';
const OTHER_CITY = '220200000000'; // 吉林市

let seq = 0;
const row = (regionCode: string, key: string, value: unknown, effectiveFrom: string, extra: Partial<ParamRow> = {}): ParamRow =>
  ({ id: `r${++seq}`, regionCode, key, value, effectiveFrom, ...extra });

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('resolveParams: nearest region, then latest effective date', () => {
  const rows = [
    row(PROVINCE, 'dibao.standard.urban', 55000, '2024-01-01', { id: 'p2024' }),
    row(PROVINCE, 'dibao.standard.urban', 60000, '2025-01-01', { id: 'p2025' }),
    row(PROVINCE, 'dibao.standard.urban', 62000, '2026-01-01', { id: 'p2026' }),
    row(COUNTY, 'dibao.standard.urban', 65000, '2025-07-01', { id: 'c2025' }),
    row(CITY, 'dibao.standard.rural', 42000, '2023-01-01', { id: 'city-rural' }),
    row(PROVINCE, 'dibao.standard.rural', 45000, '2025-01-01', { id: 'p-rural' }),
    row(OTHER_CITY, 'dibao.standard.urban', 99000, '2020-01-01', { id: 'elsewhere' }),
  ];

  it.each([
    // region, date, expected value, expected row, inherited
    [VILLAGE, '2025-06-30', 60000, 'p2025', true], // the county row is not yet in force
    [VILLAGE, '2025-07-01', 65000, 'c2025', true], // in force from its first day
    [COUNTY, '2025-08-01', 65000, 'c2025', false], // the county's own row
    [COUNTY, '2026-02-01', 65000, 'c2025', false], // nearer wins over a later provincial row
    ['220102000000', '2025-12-31', 60000, 'p2025', true], // a sibling county only inherits the province
    ['220102000000', '2026-01-01', 62000, 'p2026', true],
    [PROVINCE, '2024-06-01', 55000, 'p2024', false],
  ])('dibao.standard.urban for %s on %s = %i (row %s)', (region, date, value, id, inherited) => {
    const param = resolveParams(rows, region, date).values['dibao.standard.urban'];
    expect(param).toMatchObject({ value, id, inherited, source: 'row' });
  });

  it('takes a city row over a newer provincial one (救助法第十九条: the city sets its own)', () => {
    expect(resolveParams(rows, VILLAGE, '2025-08-01').values['dibao.standard.rural']).toMatchObject({ value: 42000, id: 'city-rural', regionCode: CITY });
  });

  it('ignores rows of other regions', () => {
    expect(resolveParams(rows, '220100000000', '2019-01-01').values['dibao.standard.urban']).toMatchObject({ value: null, source: 'unset' });
  });

  it('accepts short region codes', () => {
    expect(resolveParams(rows, '220105', '2025-08-01').regionCode).toBe(COUNTY);
  });

  it('breaks a same-day tie by creation time, else by order', () => {
    const tie = [
      row(PROVINCE, 'dibao.standard.urban', 60000, '2025-01-01', { id: 'later', createdAt: '2025-01-02T00:00:00Z' }),
      row(PROVINCE, 'dibao.standard.urban', 61000, '2025-01-01', { id: 'earlier', createdAt: '2025-01-01T00:00:00Z' }),
    ];
    expect(resolveParams(tie, VILLAGE, '2025-03-01').values['dibao.standard.urban'].id).toBe('later');
    const untimed = tie.map(({ createdAt: _, ...r }) => r);
    expect(resolveParams(untimed, VILLAGE, '2025-03-01').values['dibao.standard.urban'].id).toBe('earlier');
  });
});

describe('resolveParams: defaults and unset keys', () => {
  it.each([
    ['dibao.edgeMultiplier', '1.5'],
    ['dibao.taperMonthsMax', 6],
    ['dibao.confirmingLevel', 'county'],
    ['dibao.timeLimit.county', 30],
    ['dibao.timeLimit.township', 20],
    ['tekun.basic.ratio', '1.3'],
    ['tekun.care.centralized.full.ratio', '0.5'],
    ['tekun.care.centralized.semi.ratio', '0.3'],
    ['tekun.care.centralized.self.ratio', '0.04'],
    ['tekun.care.dispersed.full.ratio', '0.35'],
    ['tekun.care.dispersed.semi.ratio', '0.2'],
    ['tekun.care.dispersed.self.ratio', '0.03'],
    ['tekun.spotCheckRatio', '0.3'],
    ['linshi.advance.paperworkWorkingDays', 5],
  ])('%s defaults to %j with no row to cite', (key, value) => {
    expect(resolveParams([], VILLAGE, '2025-03-01').values[key]).toMatchObject({ value, id: null, source: 'default' });
  });

  it.each(['dibao.floorRatio', 'dibao.band.a.payRatio', 'linshi.townshipQuota.ratio', 'dibao.supplement.elderly.ratio'])('%s is off until set', (key) => {
    expect(optionalParam(resolveParams([], VILLAGE, '2025-03-01'), key, 'ratio')).toBeNull();
  });

  it('lets a region switch off an inherited optional setting with an empty row', () => {
    const rows = [row(PROVINCE, 'dibao.floorRatio', '0.2', '2025-01-01'), row(CITY, 'dibao.floorRatio', null, '2025-01-01')];
    // 长春市 switched it off for its subtree; 吉林市 keeps the province's floor.
    expect(optionalParam(resolveParams(rows, VILLAGE, '2025-03-01'), 'dibao.floorRatio', 'ratio')).toBeNull();
    expect(optionalParam(resolveParams(rows, OTHER_CITY, '2025-03-01'), 'dibao.floorRatio', 'ratio')?.value).toBe('0.2');
  });

  it('names the key and the region when a required value is missing', () => {
    const error = errorOf(() => requireParam(resolveParams([], VILLAGE, '2025-03-01'), 'dibao.standard.urban', 'fen'));
    expect(error.code).toBe('PARAM_MISSING');
    expect(error.status).toBe(422);
    expect(error.title).toBe('缺少政策参数「城市最低生活保障标准（元/人·月）」（dibao.standard.urban）');
    expect(error.detail).toContain(`区划 ${VILLAGE} 及其上级区划在 2025-03-01 均未设置`);
  });

  it('lists every missing required key of a programme', () => {
    const params = resolveParams([row(PROVINCE, 'dibao.standard.urban', 60000, '2025-01-01')], VILLAGE, '2025-03-01');
    expect(missingParams(params, 'dibao')).toEqual([
      'dibao.standard.rural', 'dibao.property.financialPerCapitaMax', 'dibao.property.vehicleCountMax', 'dibao.property.houseCountMax', 'dibao.property.businessCountMax',
    ]);
    expect(missingParams(params, 'tekun')).toEqual(['tekun.care.previousYearMinimumWage']);
    expect(missingParams(params, 'linshi')).toEqual([]);
    const error = errorOf(() => resolveParams([], VILLAGE, '2025-03-01', { require: 'dibao' }));
    expect(error.errors?.map((e) => e.path)).toContain('dibao.standard.urban');
  });

  it('refuses to compute with a stored row that fails validation', () => {
    const error = errorOf(() => resolveParams([row(PROVINCE, 'dibao.edgeMultiplier', 'abc', '2025-01-01', { id: 'bad' })], VILLAGE, '2025-03-01'));
    expect(error.code).toBe('PARAM_INVALID');
    expect(error.detail).toContain('bad');
  });

  it('refuses to read a key with the wrong unit (a programming error)', () => {
    expect(() => optionalParam(resolveParams([], VILLAGE, '2025-03-01'), 'dibao.floorRatio', 'fen')).toThrow(TypeError);
  });

  it('prefers the nearer of two alternative settings, then the later one', () => {
    const rows = [
      row(PROVINCE, 'tekun.basic.ratio', '1.3', '2025-01-01'),
      row(COUNTY, 'tekun.basic.fixed', 80000, '2024-01-01'),
      row(PROVINCE, 'dibao.supplement.elderly.fixed', 10000, '2024-01-01'),
      row(PROVINCE, 'dibao.supplement.elderly.ratio', '0.2', '2025-01-01'),
    ];
    const params = resolveParams(rows, VILLAGE, '2025-03-01');
    const basic = moreSpecific(optionalParam(params, 'tekun.basic.ratio', 'ratio'), optionalParam(params, 'tekun.basic.fixed', 'fen'), params);
    expect(basic?.key).toBe('tekun.basic.fixed');
    const elderly = moreSpecific(optionalParam(params, 'dibao.supplement.elderly.ratio', 'ratio'), optionalParam(params, 'dibao.supplement.elderly.fixed', 'fen'), params);
    expect(elderly?.key).toBe('dibao.supplement.elderly.ratio');
  });
});

describe('parseParamValue', () => {
  it.each([
    ['dibao.floorRatio', 0.2, '0.2'],
    ['dibao.floorRatio', ' 0.25 ', '0.25'],
    ['dibao.standard.urban', '60000', 60000],
    ['dibao.standard.urban', 79810, 79810],
    ['dibao.confirmingLevel', 'township', 'township'],
    ['dibao.taperMonthsMax', 3, 3],
    ['dibao.floorRatio', null, null],
    ['linshi.townshipQuota.ratio', '4', '4'],
  ])('%s ← %j = %j', (key, raw, value) => {
    expect(parseParamValue(key, raw)).toBe(value);
  });

  it.each([
    ['dibao.standard.urban', -1, '金额不能为负数'],
    ['dibao.standard.urban', 600.5, '应为以分为单位的整数'],
    ['dibao.standard.urban', null, '该参数必须设置，不能为空'],
    ['dibao.floorRatio', '1/3', '应为不带符号的十进制小数，如 0.2、1.5'],
    ['dibao.floorRatio', '1.2', '不能大于 1，收到 1.2'],
    ['dibao.edgeMultiplier', '0.9', '不能小于 1，收到 0.9'],
    ['tekun.spotCheckRatio', '0.2', '不能小于 0.3，收到 0.2'],
    ['dibao.confirmingLevel', 'city', '应为 county（县级）或 township（乡镇）'],
    ['dibao.taperMonthsMax', 25, '不能大于 24，收到 25'],
    ['dibao.floorRatio', '0.1234567', '最多6位小数'],
  ])('%s ← %j is refused: %s', (key, raw, message) => {
    expect(errorOf(() => parseParamValue(key, raw)).errors).toEqual([{ path: 'value', message }]);
  });

  it('refuses unknown keys', () => {
    expect(errorOf(() => parseParamValue('dibao.nope', 1)).title).toBe('未知的政策参数');
  });
});

describe('paramInput', () => {
  it('normalises the region and types the value', () => {
    expect(paramInput.parse({ regionCode: '220105', key: 'dibao.floorRatio', value: 0.2, effectiveFrom: '2025-07-01', note: '区政府文件' }))
      .toEqual({ regionCode: COUNTY, key: 'dibao.floorRatio', value: '0.2', effectiveFrom: '2025-07-01', note: '区政府文件' });
  });

  it.each([
    [{ key: 'dibao.nope' }, 'key', '没有这个政策参数'],
    [{ value: 'x' }, 'value', '应为以分为单位的整数'],
    [{ effectiveFrom: '2025-02-30' }, 'effectiveFrom', '生效日期应为有效日期（YYYY-MM-DD）'],
    [{ regionCode: '2201050' }, 'regionCode', '区划代码应为 2、4、6、9 或 12 位数字'],
  ])('%j → %s: %s', (patch, path, message) => {
    const result = paramInput.safeParse({ regionCode: '22', key: 'dibao.standard.urban', value: 60000, effectiveFrom: '2025-01-01', ...patch });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([path, message]);
  });
});

describe('PARAM_CATALOG', () => {
  it('gives every key a Chinese name, a basis and a default of its own unit', () => {
    for (const [key, def] of Object.entries(PARAM_CATALOG)) {
      expect(def.name, key).toMatch(/[\u4e00-\u9fa5]/);
      expect(def.basis, key).toMatch(/[\u4e00-\u9fa5]/);
      expect(key.startsWith(`${def.programme}.`), key).toBe(true);
      if (def.default !== undefined && def.default !== null) expect(parseParamValue(key, def.default), key).toBe(def.default);
    }
  });

  it('has no national default for the standards (set per region)', () => {
    expect(PARAM_CATALOG['dibao.standard.urban'].default).toBeUndefined();
    expect(PARAM_CATALOG['dibao.standard.rural'].default).toBeUndefined();
  });

  it('has supplement keys for every 分类施保 category and care keys for every tier and mode', () => {
    for (const category of ['elderly', 'minor', 'student', 'single_parent', 'severe_disability', 'serious_illness']) {
      for (const part of ['ratio', 'fixed', 'cap']) expect(PARAM_CATALOG[`dibao.supplement.${category}.${part}`]).toBeDefined();
    }
    for (const mode of ['centralized', 'dispersed']) {
      for (const tier of ['self', 'semi', 'full']) expect(PARAM_CATALOG[`tekun.care.${mode}.${tier}.fixed`]?.unit).toBe('fen');
    }
  });
});
