import { describe, expect, it } from 'vitest';
import { fileNameFromDisposition } from './transfer.ts';

describe('fileNameFromDisposition', () => {
  it.each([
    [`attachment; filename*=UTF-8''%E4%BA%BA%E5%91%98.xlsx`, '人员.xlsx'],
    [`attachment; filename="persons.xlsx"; filename*=UTF-8''%E4%BA%BA%E5%91%98.xlsx`, '人员.xlsx'],
    ['attachment; filename="persons.xlsx"', 'persons.xlsx'],
    ['attachment; filename=persons.csv', 'persons.csv'],
    ['attachment', '导出.xlsx'],
    [null, '导出.xlsx'],
  ])('%s', (header, name) => {
    expect(fileNameFromDisposition(header, '导出.xlsx')).toBe(name);
  });
});
