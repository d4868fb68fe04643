import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { countIndicator } from '../domain/index.ts';
import { findIndicator, listIndicators, registerIndicators, type FactSource } from './fact-source.ts';
import { registerBuiltinIndicators } from './sources/builtin.ts';

const source: FactSource = {
  code: 'test.beds', module: 'test', recordName: '床位', personal: false, hasMeasure: (m) => m === 'beds' || m === 'elderly',
  facts: () => sql`SELECT '220105003005'::varchar AS region_code, 1 AS beds, 0 AS elderly`,
};
const beds = countIndicator({ code: 'test.beds', name: '床位数', unit: '张', group: '测试', numerator: '床位', sourceModule: 'test', source: 'test.beds', numeratorMeasure: 'beds', nature: 'stock' }, 900);

describe('registering indicators', () => {
  it('adds a module\'s indicators to the catalogue, idempotently', () => {
    registerBuiltinIndicators();
    registerIndicators({ source, indicators: [beds] });
    registerIndicators({ source, indicators: [beds] });
    expect(findIndicator('test.beds')).toMatchObject({ name: '床位数', order: 900 });
    expect(listIndicators().filter((d) => d.code === 'test.beds')).toHaveLength(1);
    expect(listIndicators()[0]!.code).toBe('dibao.households');
  });

  it.each<[string, () => void, string]>([
    ['a measure the source lacks', () => registerIndicators({ source, indicators: [{ ...beds, code: 'test.x', numeratorMeasure: 'staff' }] }), '数据来源 test.beds 没有度量 staff'],
    ['another definition under a taken code', () => registerIndicators({ source, indicators: [{ ...beds, name: '另一个' }] }), '指标代码 test.beds 已登记为另一定义'],
    ['a source code taken by another query', () => registerIndicators({ source: { ...source }, indicators: [] }), '统计数据来源 test.beds 已由 test 以另一定义登记'],
    ['an incremental indicator', () => registerIndicators({ source, indicators: [{ ...beds, code: 'test.live', refresh: 'incremental' }] }), '实时累计（incremental）尚未支持'],
    ['an indicator pointing at another source', () => registerIndicators({ source, indicators: [{ ...beds, code: 'test.y', source: 'other' }] }), '数据来源应为 test.beds'],
  ])('refuses %s at start-up', (_, register, message) => {
    expect(register).toThrow(message);
  });
});
