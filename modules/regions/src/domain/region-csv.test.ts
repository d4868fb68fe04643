import { describe, expect, it } from 'vitest';
import { buildRegionCsv } from './region-csv.ts';

const files = [
  { level: 1 as const, text: 'code,name\n44,"广东省"\n35,"福建省"\n' },
  { level: 2 as const, text: 'code,name,provinceCode\n4419,"东莞市",44\n3505,"泉州市",35\n' },
  { level: 3 as const, text: 'code,name,cityCode,provinceCode\n441900,"东莞市",4419,44\n350527,"金门县",3505,35\n' },
  { level: 4 as const, text: 'code,name,areaCode,provinceCode,cityCode\r\n441900003,"东城街道",441900,44,4419\r\n350527000,"金门县",350527,35,3505\r\n' },
  { level: 5 as const, text: 'code,name,streetCode,provinceCode,cityCode,areaCode\n441900003001,"岗贝社区",441900003,44,4419,441900\n350527000000,"金门县",350527000,35,3505,350527\n' },
];

describe('buildRegionCsv', () => {
  it('pads codes to 12 digits, keeps levels and links each row to its padded parent', () => {
    const { csv, rows } = buildRegionCsv(files);
    expect(rows).toBe(7);
    expect(csv.split('\n').filter(Boolean)).toEqual([
      '440000000000,"广东省",1,',
      '350000000000,"福建省",1,',
      '441900000000,"东莞市",2,440000000000',
      '350500000000,"泉州市",2,350000000000',
      '350527000000,"金门县",3,350500000000',
      '441900003000,"东城街道",4,441900000000', // parent is the city: the pseudo-county collapsed into it
      '441900003001,"岗贝社区",5,441900003000',
    ]);
  });

  it('collapses the repeats of cities without counties and of 金门县, keeping the highest level', () => {
    expect(buildRegionCsv(files).collapsed).toEqual(['441900000000', '350527000000', '350527000000']);
  });

  it('loads one subtree only', () => {
    const { csv } = buildRegionCsv(files, '4419');
    expect(csv.split('\n').filter(Boolean).map((l) => l.slice(0, 12))).toEqual(['441900000000', '441900003000', '441900003001']);
  });

  it('escapes quotes in names and refuses malformed lines', () => {
    const quoted = buildRegionCsv([{ level: 1, text: 'code,name\n11,"北""京"\n' }]);
    expect(quoted.csv).toBe('110000000000,"北""京",1,\n');
    expect(() => buildRegionCsv([{ level: 1, text: 'code,name\n11,北京\n' }])).toThrow(/1 行格式不正确/);
  });
});
