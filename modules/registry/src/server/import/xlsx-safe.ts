import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Formula injection (CSV/DDE injection): a cell that starts with = + - @ (or a tab / carriage
 * return that some spreadsheet programs skip before looking for one) may be run as a formula when
 * the file is opened. Every text we write to a spreadsheet goes through here: such a value gets a
 * leading apostrophe, so it shows as text and never executes.
 */
export function safeCell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A one-sheet .xlsx streamed into memory (no shared strings or styles: fast and small). */
export async function writeSheet(sheetName: string, headers: string[], rows: Iterable<unknown[]>, widths: number[] = []): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { out.on('end', resolve); out.on('error', reject); });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(sheetName);
  ws.columns = headers.map((h, i) => ({ header: h, width: widths[i] ?? 16 }));
  for (const row of rows) ws.addRow(row.map(safeCell)).commit();
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

/** Content-Disposition for a Chinese file name (RFC 6266 / 5987), with an ASCII fallback. */
export function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
