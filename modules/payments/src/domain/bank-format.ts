import { fenToYuanString } from '@mz/kernel';

/**
 * Bank file layouts. Every bank that does 代发 for a county has its own column order and
 * headings, and its own way of writing results back; a profile maps our fields onto them, so a new
 * bank is configuration, not code.
 */
export const BANK_FIELDS = ['transferNo', 'account', 'payeeName', 'idNumber', 'amount', 'bankName', 'memo', 'programmeName', 'period', 'regionName', 'rollNo'] as const;
export type BankField = (typeof BANK_FIELDS)[number];

export const BANK_FIELD_NAMES: Record<BankField, string> = {
  transferNo: '序号（发放表内唯一，回盘据此对应）',
  account: '收款账号（导出时解密）',
  payeeName: '户名（开户名，未登记时为姓名）',
  idNumber: '身份证号（导出时解密）',
  amount: '金额',
  bankName: '开户行',
  memo: '摘要（如 2026年5月最低生活保障金）',
  programmeName: '项目名称',
  period: '发放月份',
  regionName: '村（社区）',
  rollNo: '发放批次号',
};

export interface BankProfileDefinition {
  bankName: string;
  /** The payment file's encoding. `utf8-bom` opens correctly in Excel as well as in bank tools. */
  encoding: 'utf8' | 'utf8-bom';
  /** How amounts are written in both files: yuan with two decimals ('600.00') or integer fen ('60000'). */
  amountUnit: 'yuan' | 'fen';
  columns: { header: string; field: BankField }[];
  /** Headings of the return file's columns. */
  returnColumns: { transferNo: string; account: string; amount: string; status: string; reason: string };
  /** Status values that mean paid; anything else is a failure whose reason is the reason column. */
  successValues: string[];
}

export interface BankProfile extends BankProfileDefinition {
  code: string;
  name: string;
}

/** 通用格式: the layout used when a bank has not asked for its own. */
export const STANDARD_PROFILE: BankProfile = {
  code: 'standard',
  name: '通用格式',
  bankName: '',
  encoding: 'utf8-bom',
  amountUnit: 'yuan',
  columns: [
    { header: '序号', field: 'transferNo' },
    { header: '户名', field: 'payeeName' },
    { header: '账号', field: 'account' },
    { header: '金额', field: 'amount' },
    { header: '开户行', field: 'bankName' },
    { header: '摘要', field: 'memo' },
  ],
  returnColumns: { transferNo: '序号', account: '账号', amount: '金额', status: '处理结果', reason: '失败原因' },
  successValues: ['成功'],
};

export function formatAmount(fen: number, unit: BankProfileDefinition['amountUnit']): string {
  return unit === 'fen' ? String(fen) : fenToYuanString(fen);
}

/**
 * An amount as a bank wrote it back, in fen, or null when it is not a clean amount. Yuan may carry
 * thousands separators; more than two decimals is not an amount we sent.
 */
export function parseAmount(text: string, unit: BankProfileDefinition['amountUnit']): number | null {
  const t = text.trim().replace(/,/g, '');
  if (unit === 'fen') return /^\d+$/.test(t) ? Number(t) : null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function isSuccess(status: string, profile: Pick<BankProfileDefinition, 'successValues'>): boolean {
  const s = status.trim();
  return profile.successValues.some((v) => v.trim() === s);
}
