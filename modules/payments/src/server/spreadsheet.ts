/** Reading and writing the spreadsheets and CSV files this module exchanges with people and banks. */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellText, DomainError, parseCsv } from '@mz/kernel';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Content-Disposition with the Chinese name (RFC 5987) and an ASCII fallback for old clients. */
export function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * A text cell that a spreadsheet program would run as a formula (leading = + - @, or a tab or
 * carriage return some programs skip first) is written with an apostrophe, so it shows as text.
 */
function textCell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const s = String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export interface SheetSpec {
  name: string;
  headers: string[];
  widths?: number[];
  rows: Iterable<unknown[]>;
  /** Columns (0-based) whose text must stay text, such as account numbers of 19 digits. */
  literalColumns?: number[];
}

/** An .xlsx with one sheet per spec, streamed (no shared strings) into memory. */
export async function writeWorkbook(sheets: SheetSpec[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { out.on('end', resolve); out.on('error', reject); });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    ws.columns = spec.headers.map((h, i) => ({ header: h, width: spec.widths?.[i] ?? 16 }));
    const literal = new Set(spec.literalColumns ?? []);
    for (const row of spec.rows) {
      // Numbers a bank must read digit by digit (accounts, ID numbers) are never formula-guarded:
      // they are digits only, and an apostrophe would become part of them.
      ws.addRow(row.map((v, i) => (literal.has(i) ? (v === null || v === undefined ? null : String(v)) : textCell(v)))).commit();
    }
    ws.commit();
  }
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

const fileProblem = (title: string, detail?: string) => new DomainError({ code: 'RETURN_FILE', status: 422, title, detail });

/**
 * A bank's CSV: UTF-8 (with or without BOM), or GBK, which many bank systems still write. UTF-8
 * is tried strictly first; GBK text is not valid UTF-8 as soon as it holds a Chinese character.
 */
export function decodeCsv(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    try {
      return new TextDecoder('gbk', { fatal: true }).decode(data);
    } catch {
      throw fileProblem('无法识别回盘文件的编码', '请使用 UTF-8 或 GBK 编码的 CSV 文件，或 .xlsx 文件');
    }
  }
}


/** The rows of an uploaded table (first sheet holding data), each as text cells with its row number. */
export async function readTable(fileName: string, data: Buffer, maxRows: number): Promise<{ rowNo: number; cells: string[] }[]> {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (data.length === 0) throw fileProblem('文件是空的');
  const isZip = data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const out: { rowNo: number; cells: string[] }[] = [];
  const push = (rowNo: number, cells: string[]) => {
    if (cells.every((c) => !c.trim())) return;
    if (out.length >= maxRows) throw fileProblem('文件行数过多', `回盘文件最多 ${maxRows} 行`);
    out.push({ rowNo, cells });
  };
  if (ext === 'xlsx' || (ext !== 'csv' && isZip)) {
    if (!isZip) throw fileProblem('文件内容与扩展名不符', '这不是有效的 .xlsx 文件');
    // Read whole, not streamed: ExcelJS's streaming reader decodes each chunk of a sheet's XML on
    // its own and splits a Chinese character that straddles two chunks, so a 成功 deep in a large
    // file could read as garbage (and a paid transfer as failed). Return files are at most 20 MB.
    const wb = new ExcelJS.Workbook();
    try {
      // (ExcelJS's typings predate Node's generic Buffer; the value is the Buffer it expects.)
      await wb.xlsx.load(data as unknown as Parameters<typeof wb.xlsx.load>[0], { ignoreNodes: ['dataValidations', 'conditionalFormatting', 'hyperlinks'] });
    } catch {
      throw fileProblem('无法读取 Excel 文件', '文件已损坏或不是 .xlsx 格式');
    }
    for (const sheet of wb.worksheets) {
      // Array.from, not map: a row's values are sparse (no entry for an empty cell), and map keeps the holes.
      sheet.eachRow({ includeEmpty: false }, (row) => push(row.number, Array.from(((row.values as unknown[]) ?? []).slice(1), cellText)));
      if (out.length) break;
    }
    return out;
  }
  if (ext !== 'csv') throw fileProblem('不支持的文件类型', '请上传银行回盘的 .csv 或 .xlsx 文件');
  if (isZip) throw fileProblem('文件内容与扩展名不符', '这是一个 Excel 文件，请将扩展名改为 .xlsx');
  parseCsv(decodeCsv(data)).forEach((cells, i) => push(i + 1, cells));
  return out;
}
