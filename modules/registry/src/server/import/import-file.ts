import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellText, DomainError, parseCsv } from '@mz/kernel';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, type ImportColumnKey } from './import-template.ts';

/** One data row of an import file: its row number in the file and the template fields as text. */
export interface ImportRow {
  rowNo: number;
  values: Record<ImportColumnKey, string>;
}

export interface ImportFile {
  kind: 'xlsx' | 'csv';
  rows: ImportRow[];
}

const refuse = (title: string, detail?: string) => new DomainError({ code: 'IMPORT_FILE', status: 422, title, detail });

/** "户籍类型（城镇/农村）", " *身份证号 " → the bare header the template uses. */
function bareHeader(h: string): string {
  return h.replace(/[（(][^）)]*[）)]/g, '').replace(/[\s*＊]/g, '');
}

function columnMap(header: string[]): (ImportColumnKey | null)[] {
  const bare = header.map(bareHeader);
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !bare.includes(c.header)).map((c) => c.header);
  if (missing.length) {
    throw refuse('导入文件缺少必需的列', `缺少列：${missing.join('、')}。请使用导入模板，第一行为表头。`);
  }
  return bare.map((h) => IMPORT_COLUMNS.find((c) => c.header === h)?.key ?? null);
}

function toRow(rowNo: number, cells: string[], map: (ImportColumnKey | null)[]): ImportRow | null {
  const values = {} as Record<ImportColumnKey, string>;
  for (const c of IMPORT_COLUMNS) values[c.key] = '';
  let any = false;
  for (let i = 0; i < map.length; i++) {
    const key = map[i];
    if (!key) continue;
    const v = (cells[i] ?? '').trim();
    if (v) { values[key] = v; any = true; }
  }
  return any ? { rowNo, values } : null;
}

function tooMany(maxRows: number): DomainError {
  return refuse('导入文件行数过多', `单个文件最多 ${maxRows} 行数据，请拆分后分批导入`);
}

/**
 * Reads an upload: .xlsx (zip, streamed sheet by sheet) or .csv (UTF-8, optional BOM). Refuses,
 * with a Chinese reason, what is not what its name says, empty files, files without the required
 * headers and files over the row limit.
 */
export async function readImportFile(fileName: string, data: Buffer, options: { maxRows?: number } = {}): Promise<ImportFile> {
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext !== 'xlsx' && ext !== 'csv') throw refuse('不支持的文件类型', '请上传 .xlsx 或 .csv 文件（可先下载导入模板）');
  if (data.length === 0) throw refuse('文件是空的', '请选择填好数据的导入文件');
  return ext === 'xlsx' ? readXlsx(data, maxRows) : readCsv(data, maxRows);
}

function readCsv(data: Buffer, maxRows: number): ImportFile {
  if (data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw refuse('文件内容与扩展名不符', '这是一个 Excel（.xlsx）文件，请将扩展名改为 .xlsx，或另存为 CSV（UTF-8）');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    throw refuse('CSV 文件不是 UTF-8 编码', '请在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”，或用记事本另存为 UTF-8 编码后再导入（GBK/ANSI 编码的文件无法识别）');
  }
  if (text.includes('\u0000')) throw refuse('文件内容不是文本', '请上传 .csv 文本文件或 .xlsx 文件');
  const records = parseCsv(text);
  if (!records.length || records[0]!.every((c) => !c.trim())) throw refuse('文件是空的', '第一行应为表头');
  const map = columnMap(records[0]!);
  const rows: ImportRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const row = toRow(i + 1, records[i]!, map);
    if (!row) continue;
    if (rows.length >= maxRows) throw tooMany(maxRows);
    rows.push(row);
  }
  if (!rows.length) throw refuse('文件中没有数据行', '表头下方没有任何人员数据');
  return { kind: 'csv', rows };
}

async function readXlsx(data: Buffer, maxRows: number): Promise<ImportFile> {
  if (!data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw refuse('文件内容与扩展名不符', '这不是有效的 .xlsx 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）');
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore',
  } as any);
  let map: (ImportColumnKey | null)[] | null = null;
  let headerSeen = false;
  const rows: ImportRow[] = [];
  try {
    for await (const sheet of reader as any) {
      let isData: boolean | null = null;
      for await (const row of sheet) {
        if (isData === false) continue; // drain a sheet that is not the data (说明)
        const cells = ((row.values as unknown[]) ?? []).slice(1).map(cellText);
        if (isData === null) {
          if (cells.every((c) => !c.trim())) continue;
          headerSeen = true;
          isData = cells.map(bareHeader).includes('身份证号');
          if (!isData) continue;
          map = columnMap(cells);
          continue;
        }
        const r = toRow(row.number as number, cells, map!);
        if (!r) continue;
        if (rows.length >= maxRows) throw tooMany(maxRows);
        rows.push(r);
      }
      if (isData) break;
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw refuse('无法读取 Excel 文件', '文件已损坏或不是 .xlsx 格式，请用 Excel 打开后另存为 .xlsx 再导入');
  }
  if (!map) {
    if (headerSeen) columnMap([]); // throws, naming the missing columns
    throw refuse('文件是空的', '第一行应为表头');
  }
  if (!rows.length) throw refuse('文件中没有数据行', '表头下方没有任何人员数据');
  return { kind: 'xlsx', rows };
}
