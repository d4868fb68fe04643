import { describe, expect, it } from 'vitest';
import { fullPath, isWithin, regionLevelName, resolveViewRegion } from './region.ts';

const changchun = { code: '220100000000', level: 2 };
const erdao = { code: '220105000000', level: 3 };

describe('jurisdiction', () => {
  it('knows what lies inside a region', () => {
    expect(isWithin('220105007001', changchun)).toBe(true);
    expect(isWithin('220100000000', changchun)).toBe(true);
    expect(isWithin('220200000000', changchun)).toBe(false);
    expect(isWithin('220102000000', erdao)).toBe(false);
  });

  it('names levels in Chinese', () => {
    expect(regionLevelName(4)).toBe('乡镇（街道）');
    expect(regionLevelName(5)).toBe('村（社区）');
  });
});

describe('resolveViewRegion', () => {
  it('takes the URL region when it is inside the jurisdiction', () => {
    expect(resolveViewRegion('220105007000', changchun)).toBe('220105007000');
  });

  it('falls back to home for a missing, malformed or out-of-scope region', () => {
    expect(resolveViewRegion(null, changchun)).toBe(changchun.code);
    expect(resolveViewRegion('2201', changchun)).toBe(changchun.code);
    expect(resolveViewRegion('110101000000', changchun)).toBe(changchun.code);
  });
});

describe('fullPath', () => {
  it('appends the region itself to its ancestors', () => {
    const path = fullPath({
      code: '220105000000',
      name: '二道区',
      level: 3,
      parentCode: '220100000000',
      hasChildren: true,
      path: [
        { code: '220000000000', name: '吉林省', level: 1 },
        { code: '220100000000', name: '长春市', level: 2 },
      ],
    });
    expect(path.map((r) => r.name)).toEqual(['吉林省', '长春市', '二道区']);
  });
});
