import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { computeIdCheckChar } from '@mz/kernel';
import { findSource } from '../domain/index.ts';
import { parseCsv } from '@mz/kernel';
import { normaliseIdNumber, readSourceFile } from './source-file.ts';

const custody = findSource('police_custody')!;

describe('readSourceFile', () => {
  it('maps headers with stars and hints, ignores names and unknown columns, skips empty rows', async () => {
    const csv = '\ufeff*身份证号,姓名,备注,*羁押开始日期（YYYY-MM-DD）,羁押结束日期\n 220105 19800101001X ,张三,x,2026-01-02,\n,,,,\n';
    const rows = await readSourceFile(custody, 'a.csv', Buffer.from(csv));
    expect(rows).toEqual([{ rowNo: 2, idNo: '22010519800101001X', fields: { eventDate: '2026-01-02' } }]);
  });

  it('refuses missing columns, wrong types and encodings in Chinese', async () => {
    await expect(readSourceFile(custody, 'a.csv', Buffer.from('身份证号,姓名\n1,2\n'))).rejects.toThrow('「公安羁押服刑人员信息」文件缺少必需的列');
    await expect(readSourceFile(custody, 'a.txt', Buffer.from('x'))).rejects.toThrow('不支持的文件类型');
    await expect(readSourceFile(custody, 'a.csv', Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]))).rejects.toThrow('CSV 文件不是 UTF-8 编码');
    await expect(readSourceFile(custody, 'a.xlsx', Buffer.from('身份证号'))).rejects.toThrow('文件内容与扩展名不符');
  });

  it('reads the sheet of an xlsx that has the ID header, formulas by their cached value', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['填写说明']);
    const ws = wb.addWorksheet('数据');
    ws.addRow(['身份证号', '羁押开始日期', '羁押类型']);
    ws.addRow(['220105198001010019', { formula: 'TEXT(1,"0")', result: '2026-03-04' }, '服刑']);
    const rows = await readSourceFile(custody, 'a.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(rows).toEqual([{ rowNo: 2, idNo: '220105198001010019', fields: { eventDate: '2026-03-04', category: '服刑' } }]);
  });

  it('parses quoted CSV fields and upgrades 15-digit numbers', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n1,2,3\n')).toEqual([['a', 'b,c', 'd"e'], ['1', '2', '3']]);
    expect(normaliseIdNumber('220105800101001')).toBe('22010519800101001' + computeIdCheckChar('22010519800101001'));
    expect(normaliseIdNumber('22010519800101001x')).toBe('22010519800101001X');
  });
});
