/**
 * How the 资金发放 pages name and show things, and how their forms become request bodies. Pure:
 * no React, no fetch, so every rule here is table-tested.
 */
import { addMonths, formatFen, yuanToFen } from '@mz/kernel';
import type { StatusOption } from '@mz/ui';
import {
  LINE_KIND_NAMES, ROLL_KIND_NAMES, ROLL_STATE_NAMES, RUN_KIND_NAMES, TRANSFER_STATUS_NAMES,
  type BankField, type LineKind, type RollKind, type RollState, type RunKind, type TransferStatus,
} from '../domain/index.ts';
import type { BankProfileInput, RunInput } from '../domain/index.ts';

export const EMPTY = '—';

/** Integer fen → "¥1,234.56"; null (not known yet, e.g. before the bank return) → "—". */
export function money(fen: number | null | undefined): string {
  return fen === null || fen === undefined || !Number.isSafeInteger(fen) ? EMPTY : formatFen(fen);
}

/** '2026-05' → '2026年5月'; anything else is shown as it is. */
export function monthText(month: string | null | undefined): string {
  if (!month) return EMPTY;
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[1]}年${Number(m[2])}月` : month;
}

/** Colours: work still to do is blue/orange, finished is green, a bank failure is red. */
export const ROLL_STATE_OPTIONS: Record<RollState, StatusOption> = {
  draft: { text: ROLL_STATE_NAMES.draft, tone: 'default' },
  reviewed: { text: ROLL_STATE_NAMES.reviewed, tone: 'processing' },
  approved: { text: ROLL_STATE_NAMES.approved, tone: 'processing' },
  exported: { text: ROLL_STATE_NAMES.exported, tone: 'warning' },
  returned: { text: ROLL_STATE_NAMES.returned, tone: 'warning' },
  reconciled: { text: ROLL_STATE_NAMES.reconciled, tone: 'success' },
};

export const TRANSFER_STATUS_OPTIONS: Record<TransferStatus, StatusOption> = {
  sent: { text: TRANSFER_STATUS_NAMES.sent, tone: 'processing' },
  paid: { text: TRANSFER_STATUS_NAMES.paid, tone: 'success' },
  failed: { text: TRANSFER_STATUS_NAMES.failed, tone: 'error' },
};

const options = <K extends string>(names: Record<K, string>) => (Object.entries(names) as [K, string][]).map(([value, label]) => ({ value, label }));
export const ROLL_STATE_SELECT = options<RollState>(ROLL_STATE_NAMES);
export const ROLL_KIND_SELECT = options<RollKind>(ROLL_KIND_NAMES);
export const LINE_KIND_SELECT = options<LineKind>(LINE_KIND_NAMES);
export const TRANSFER_STATUS_SELECT = options<TransferStatus>(TRANSFER_STATUS_NAMES);
export const RUN_KIND_SELECT = options<RunKind>(RUN_KIND_NAMES);

export const LEVEL_NAMES: Record<number, string> = { 1: '省', 2: '市', 3: '县（区）', 4: '乡镇（街道）', 5: '村（社区）' };

/** The roll of a programme a clerk most likely generates next: the month after the latest, else this month. */
export function nextRollMonth(latestMonths: readonly string[], today: string): string {
  const latest = latestMonths.filter((m) => /^\d{4}-\d{2}$/.test(m)).sort().at(-1);
  return latest ? addMonths(latest, 1) : today.slice(0, 7);
}

/** A line's source as a link target: an assistance case opens its case page; other modules have none yet. */
export function sourceLink(source: { module: string; id: string } | null | undefined): string | null {
  if (!source) return null;
  if (source.module === 'assistance') return `/assistance/cases/${encodeURIComponent(source.id)}`;
  return null;
}

/** Buttons of a roll page for the server's `availableActions`, in the order the work goes. */
export const ACTION_ORDER = ['regenerate', 'review', 'approve', 'export', 'import_return', 'reissue', 'reconcile', 'return', 'discard'] as const;

export function orderActions<A extends { key: string }>(actions: readonly A[]): A[] {
  const rank = (k: string) => {
    const i = (ACTION_ORDER as readonly string[]).indexOf(k);
    return i < 0 ? ACTION_ORDER.length : i;
  };
  return [...actions].sort((a, b) => rank(a.key) - rank(b.key));
}

/**
 * The buttons a roll page shows: the server's offer in working order. What is offered is the
 * server's decision (a reissue batch is offered no 重新生成 there), so the page filters nothing.
 */
export function rollButtons<A extends { key: string }>(roll: { availableActions: readonly A[] }): A[] {
  return orderActions(roll.availableActions);
}

/** Yuan typed in a form → fen, or a Chinese message for the field. */
export function yuanField(text: string | number | null | undefined, label = '金额'): { fen: number } | { error: string } {
  const t = String(text ?? '').trim();
  if (!t) return { error: `请填写${label}` };
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return { error: `${label}应为元，最多两位小数` };
  try {
    const fen = yuanToFen(t);
    return fen > 0 ? { fen } : { error: `${label}必须大于 0` };
  } catch {
    return { error: `${label}过大` };
  }
}

export interface RunFormValues {
  kind: RunKind;
  name: string;
  programmes: string[];
  basis: 'person' | 'household';
  amountYuan: string;
  month: string;
  note?: string;
  indicator?: 'cpi' | 'food_cpi';
  thresholdPct?: string;
  observedPct?: string;
  observedMonth?: string;
  source?: string;
  reason?: string;
}

/** The 一次性发放 dialog → POST /payments/runs body (the trigger only for a price subsidy). */
export function runPayload(v: RunFormValues): RunInput {
  const amount = yuanField(v.amountYuan, '金额');
  if ('error' in amount) throw new Error(amount.error);
  const body: RunInput = {
    kind: v.kind, name: v.name.trim(), programmes: v.programmes, basis: v.basis, amountFen: amount.fen, month: v.month, note: (v.note ?? '').trim(),
  };
  if (v.kind === 'price_subsidy') {
    body.trigger = {
      indicator: v.indicator ?? 'cpi', thresholdPct: (v.thresholdPct ?? '').trim(), observedPct: (v.observedPct ?? '').trim(),
      observedMonth: v.observedMonth ?? '', source: (v.source ?? '').trim(), reason: (v.reason ?? '').trim(),
    };
  }
  return body;
}

export interface BankProfileFormValues {
  code: string;
  name: string;
  bankName?: string;
  encoding: 'utf8' | 'utf8-bom';
  amountUnit: 'yuan' | 'fen';
  columns: { header: string; field: BankField }[];
  returnTransferNo: string;
  returnAccount: string;
  returnAmount: string;
  returnStatus: string;
  returnReason: string;
  /** Typed as one line: 成功,0000 (comma, 、 or space separated). */
  successValues: string;
}

/** The 银行格式 dialog → POST /payments/bank-profiles body. */
export function bankProfilePayload(v: BankProfileFormValues): BankProfileInput {
  return {
    code: v.code.trim(), name: v.name.trim(), bankName: (v.bankName ?? '').trim(), encoding: v.encoding, amountUnit: v.amountUnit,
    columns: (v.columns ?? []).filter((c) => c && c.header?.trim()).map((c) => ({ header: c.header.trim(), field: c.field })),
    returnColumns: {
      transferNo: v.returnTransferNo.trim(), account: v.returnAccount.trim(), amount: v.returnAmount.trim(),
      status: v.returnStatus.trim(), reason: v.returnReason.trim(),
    },
    successValues: v.successValues.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean),
  };
}

/** Server field paths of the profile body → the dialog's field names, so errors land on the right input. */
export function bankProfileFieldPath(path: string): string {
  const m = /^returnColumns\.(\w+)$/.exec(path);
  return m ? `return${m[1]![0]!.toUpperCase()}${m[1]!.slice(1)}` : path;
}

export interface ReturnProblemRow { row: number; transferNo: string; problem: string }

/** A rejected return's report as CSV text (BOM, so Excel opens it as UTF-8). Row 0 = missing from the file. */
export function returnReportCsv(report: readonly ReturnProblemRow[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['文件行号,序号,问题', ...report.map((p) => [p.row === 0 ? '（文件中缺少）' : String(p.row), p.transferNo, p.problem].map(cell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One drill-down step of the spending report: the next level below a region, or none below a village. */
export function nextLevel(level: number): number | null {
  return level >= 1 && level < 5 ? level + 1 : null;
}

const PREFIX = [0, 2, 4, 6, 9, 12] as const;

export type TotalNode<T extends { regionCode: string; level: number }> = T & { children?: TotalNode<T>[] };

/**
 * The control totals (parents first, as the server sends them) as a tree for a table: each row under
 * the nearest row of a higher level whose code it starts with. Rows without a parent stay at the top.
 */
export function totalsTree<T extends { regionCode: string; level: number }>(items: readonly T[]): TotalNode<T>[] {
  const roots: TotalNode<T>[] = [];
  const placed: TotalNode<T>[] = [];
  for (const item of [...items].sort((a, b) => a.level - b.level || a.regionCode.localeCompare(b.regionCode))) {
    const node: TotalNode<T> = { ...item };
    let parent: TotalNode<T> | undefined;
    for (const p of placed) {
      if (p.level < item.level && item.regionCode.startsWith(p.regionCode.slice(0, PREFIX[p.level] ?? 12)) && (!parent || p.level > parent.level)) parent = p;
    }
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
    placed.push(node);
  }
  return roots;
}
