import { describe, expect, it } from 'vitest';
import { DIBAO_EXEMPT_INCOME } from './dibao.calculator.ts';
import * as labels from './labels.ts';
import { TEKUN_EXEMPT_INCOME } from './tekun.calculator.ts';

const lists = Object.entries(labels).filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v)) as [string, Record<string, string>][];

describe('labels', () => {
  it.each(lists)('%s has a Chinese label for every code', (_, list) => {
    expect(Object.keys(list).length).toBeGreaterThan(0);
    for (const [code, label] of Object.entries(list)) {
      expect(code).toMatch(/^[a-z0-9_]+$/);
      expect(label).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('does not count the items 低保办法第十三条 excludes', () => {
    expect([...DIBAO_EXEMPT_INCOME].map((k) => labels.INCOME_KINDS[k])).toEqual([
      '优待抚恤金', '计划生育奖励与扶助金', '奖学金', '见义勇为等奖励性补助', '政府发放的各类社会救助款物', '城乡居民基本养老保险基础养老金',
      '基本医疗保险等医疗保障待遇', '当地规定不计入家庭收入的其他项目',
    ]);
  });

  it('also excludes 高龄津贴 for 特困 (特困办法第六条)', () => {
    expect(TEKUN_EXEMPT_INCOME.has('old_age_allowance')).toBe(true);
    expect(DIBAO_EXEMPT_INCOME.has('old_age_allowance')).toBe(false);
  });

  it('lists the six self-care items of 特困办法第二十一条', () => {
    expect(Object.values(labels.SELF_CARE_ITEMS)).toEqual(['自主吃饭', '自主穿衣', '自主上下床', '自主如厕', '室内自主行走', '自主洗澡']);
  });
});
