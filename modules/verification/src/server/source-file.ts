import ExcelJS from 'exceljs';
import { cellText, DomainError, parseCsv, parseIdNumber } from '@mz/kernel';
import { bareHeader, ID_HEADER, type RecordField, type SourceDefinition } from '../domain/index.ts';

/** One data row of a delivery: its row number in the file, the ID number and the mapped fields. */
export interface SourceRow {
  rowNo: number;
  idNo: string;
  fields: Partial<Record<RecordField, string>>;
}

export const MAX_SOURCE_BYTES = 50 * 1024 * 1024;
export const MAX_SOURCE_ROWS = 1_000_000;

const refuse = (title: string, detail?: string) => new DomainError({ code: 'SOURCE_FILE', status: 422, title, detail });

type ColumnMap = ({ kind: 'id' } | { kind: 'field'; field: RecordField } | null)[];

function columnMap(source: SourceDefinition, header: string[]): ColumnMap {
  const bare = header.map(bareHeader);
  const required = [ID_HEADER, ...source.columns.filter((c) => c.required).map((c) => c.header)];
  const missing = required.filter((h) => !bare.includes(h));
  if (missing.length) throw refuse(`「${source.name}」文件缺少必需的列`, `缺少列：${missing.join('、')}。第一行应为表头，格式见数据模板。`);
  return bare.map((h) => {
    if (h === ID_HEADER) return { kind: 'id' as const };
    const c = source.columns.find((col) => col.header === h);
    return c ? { kind: 'field' as const, field: c.field } : null;
  });
}

/**
 * The ID number as the keyed hash is computed from it: spaces removed, upper case, a 15-digit
 * number upgraded to 18 (what the registry stores). Anything else is passed through unchanged;
 * SQL decides whether it is valid.
 */
export function normaliseIdNumber(raw: string): string {
  const text = raw.replace(/\s+/g, '').toUpperCase();
  if (text.length === 15) {
    const parsed = parseIdNumber(text);
    if (parsed.ok) return parsed.value;
  }
  return text;
}

function toRow(rowNo: number, cells: string[], map: ColumnMap): SourceRow | null {
  let idNo = '';
  const fields: Partial<Record<RecordField, string>> = {};
  let any = false;
  for (let i = 0; i < map.length; i++) {
    const m = map[i];
    if (!m) continue;
    const v = (cells[i] ?? '').trim();
    if (!v) continue;
    any = true;
    if (m.kind === 'id') idNo = normaliseIdNumber(v);
    else fields[m.field] = v;
  }
  return any ? { rowNo, idNo, fields } : null;
}

/** Reads a delivery (.csv UTF-8 or .xlsx, first sheet with the ID header), refusing in Chinese what it cannot use. */
export async function readSourceFile(source: SourceDefinition, fileName: string, data: Buffer, maxRows = MAX_SOURCE_ROWS): Promise<SourceRow[]> {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext !== 'xlsx' && ext !== 'csv') throw refuse('不支持的文件类型', '请上传 .xlsx 或 .csv 文件（格式见数据模板）');
  if (data.length === 0) throw refuse('文件是空的', '请选择部门提供的数据文件');
  const zip = data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  let records: string[][];
  if (ext === 'csv') {
    if (zip) throw refuse('文件内容与扩展名不符', '这是一个 Excel（.xlsx）文件，请将扩展名改为 .xlsx');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      throw refuse('CSV 文件不是 UTF-8 编码', '请另存为“CSV UTF-8（逗号分隔）”后再导入');
    }
    records = parseCsv(text);
  } else {
    if (!zip) throw refuse('文件内容与扩展名不符', '这不是有效的 .xlsx 文件');
    records = await readXlsx(data);
  }
  const headerAt = records.findIndex((r) => r.map(bareHeader).includes(ID_HEADER));
  if (headerAt < 0) {
    if (!records.some((r) => r.some((c) => c.trim()))) throw refuse('文件是空的', '第一行应为表头');
    columnMap(source, records[0] ?? []); // throws, naming the missing columns
  }
  const map = columnMap(source, records[headerAt]!);
  const rows: SourceRow[] = [];
  for (let i = headerAt + 1; i < records.length; i++) {
    const row = toRow(i + 1, records[i]!, map);
    if (!row) continue;
    if (rows.length >= maxRows) throw refuse('文件行数过多', `单个文件最多 ${maxRows} 行数据，请拆分后分批导入`);
    rows.push(row);
  }
  if (!rows.length) throw refuse('文件中没有数据行', '表头下方没有任何数据');
  return rows;
}

async function readXlsx(data: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as any);
  } catch {
    throw refuse('无法读取 Excel 文件', '文件已损坏或不是 .xlsx 格式，请另存为 .xlsx 后再导入');
  }
  for (const sheet of wb.worksheets) {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      rows[row.number - 1] = ((row.values as unknown[]) ?? []).slice(1).map(cellText);
    });
    const dense = Array.from(rows, (r) => r ?? []);
    if (dense.some((r) => r.map(bareHeader).includes(ID_HEADER))) return dense;
  }
  return [];
}

/** A CSV field as written: quoted when it holds a comma, quote or line break. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
