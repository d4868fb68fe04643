import { describe, expect, it } from 'vitest';
import { cellText, parseCsv } from './table-text.ts';

describe('parseCsv', () => {
  it.each([
    ['plain, with a final newline', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['CRLF and a byte-order mark', '\uFEFFa,b\r\n1,2', [['a', 'b'], ['1', '2']]],
    ['quoted comma, doubled quote, line break', 'a,"b,c","d""e"\r\n1,"x\ny",3\n', [['a', 'b,c', 'd"e'], ['1', 'x\ny', '3']]],
    ['a quote inside an unquoted field is a character', 'a"b,c\n', [['a"b', 'c']]],
    ['empty fields and a last line without newline', ',,\n"",x', [['', '', ''], ['', 'x']]],
    ['Chinese text', '姓名,结果\n张伟,"成功"\n', [['姓名', '结果'], ['张伟', '成功']]],
  ])('%s', (_name, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });
});

describe('cellText', () => {
  it.each([
    ['empty', null, ''],
    ['a string', '张伟', '张伟'],
    ['a whole number (an account typed as a number)', 6217000012345678, '6217000012345678'],
    ['a decimal', 820.5, '820.5'],
    ['a boolean', true, 'TRUE'],
    ['a date', new Date(Date.UTC(2026, 10, 22)), '2026-11-22'],
    ['rich text', { richText: [{ text: '成' }, { text: '功' }] }, '成功'],
    ['a formula: its cached result, never evaluated', { formula: 'A1+1', result: 42 }, '42'],
    ['a hyperlink cell', { text: '说明', hyperlink: 'http://example.invalid' }, '说明'],
    ['an error cell', { error: '#N/A' }, ''],
  ])('%s', (_name, value, text) => {
    expect(cellText(value)).toBe(text);
  });
});
