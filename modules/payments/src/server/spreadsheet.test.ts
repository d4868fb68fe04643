import { describe, expect, it } from 'vitest';
import { readTable, writeWorkbook } from './spreadsheet.ts';

// A bank's .xlsx return file of a large roll: every row's Chinese status and reason must come
// back exactly, however deep in the file it sits (a garbled 成功 would record a paid transfer as
// failed).

describe('reading an uploaded .xlsx return file', () => {
  it('reads a 3,000-row return with Chinese status text exactly, row by row', async () => {
    const n = 3000;
    // Banks write the payee's name and a remark in Chinese on every row: the file is then large
    // enough that its XML arrives in several chunks (the streaming reader garbled 3 of these rows).
    const rows = Array.from({ length: n }, (_, i) => [
      String(i + 1), `62170000${String(i).padStart(8, '0')}`, '300.00', i % 97 === 0 ? '失败' : '成功',
      i % 97 === 0 ? '账户已销户，请核实' : `吉林银行长春分行营业部代发${'张王李赵'[i % 4]}某某第${i}笔`,
    ]);
    const body = await writeWorkbook([{ name: '回盘', headers: ['序号', '账号', '金额', '处理结果', '失败原因'], rows, literalColumns: [0, 1] }]);
    const table = await readTable('回盘.xlsx', body, n + 10);
    expect(table).toHaveLength(n + 1);
    expect(table[0]!.cells).toEqual(['序号', '账号', '金额', '处理结果', '失败原因']);
    const statuses = table.slice(1).map((r) => r.cells[3]);
    expect(new Set(statuses)).toEqual(new Set(['成功', '失败']));
    expect(statuses.filter((s) => s === '成功')).toHaveLength(rows.filter((r) => r[3] === '成功').length);
    expect(table.slice(1).map((r) => r.cells)).toEqual(rows);
    expect(table[98]).toMatchObject({ rowNo: 99, cells: ['98', '6217000000000097', '300.00', '失败', '账户已销户，请核实'] });
  });

  it('keeps an empty cell in its column', async () => {
    const body = await writeWorkbook([{ name: '回盘', headers: ['序号', '账号', '金额', '处理结果', '失败原因'], rows: [['1', null, '5.00', '成功', null]] }]);
    const table = await readTable('r.xlsx', body, 10);
    expect(table[1]!.cells.slice(0, 4)).toEqual(['1', '', '5.00', '成功']);
  });

  it('refuses a damaged .xlsx in Chinese', async () => {
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]);
    await expect(readTable('r.xlsx', broken, 10)).rejects.toMatchObject({ code: 'RETURN_FILE', title: '无法读取 Excel 文件' });
  });
});
