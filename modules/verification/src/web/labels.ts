/**
 * How the 核对监测 pages name and show things, and how their forms become request bodies. Pure:
 * no React, no fetch, so every rule here is table-tested.
 */
import { formatFen } from '@mz/kernel';
import type { StatusOption } from '@mz/ui';
import {
  ALERT_STATUS_NAMES, CONCLUSION_NAMES, findSource, SEVERITY_NAMES, TRANSFER_DEPARTMENTS,
  type AlertAction, type AlertStatus, type CheckResult, type Conclusion, type Severity,
} from '../domain/index.ts';

export const EMPTY = '—';

/** Integer fen → "¥1,234.56"; null → "—". */
export function money(fen: number | null | undefined): string {
  return fen === null || fen === undefined || !Number.isSafeInteger(fen) ? EMPTY : formatFen(fen);
}

export const ALERT_STATUS_OPTIONS: Record<AlertStatus, StatusOption> = {
  open: { text: ALERT_STATUS_NAMES.open, tone: 'error' },
  verifying: { text: ALERT_STATUS_NAMES.verifying, tone: 'processing' },
  adjust: { text: ALERT_STATUS_NAMES.adjust, tone: 'warning' },
  kept: { text: ALERT_STATUS_NAMES.kept, tone: 'success' },
  transferred: { text: ALERT_STATUS_NAMES.transferred, tone: 'default' },
  closed: { text: ALERT_STATUS_NAMES.closed, tone: 'success' },
};
export const SEVERITY_OPTIONS: Record<Severity, StatusOption> = {
  high: { text: SEVERITY_NAMES.high, tone: 'error' },
  medium: { text: SEVERITY_NAMES.medium, tone: 'warning' },
  low: { text: SEVERITY_NAMES.low, tone: 'default' },
};
export const SNAPSHOT_STATUS_OPTIONS: Record<string, StatusOption> = {
  importing: { text: '导入中', tone: 'processing' },
  current: { text: '当前版本', tone: 'success' },
  superseded: { text: '已被替换', tone: 'default' },
  failed: { text: '导入失败', tone: 'error' },
  purged: { text: '已清除', tone: 'default' },
};
export const RUN_STATUS_OPTIONS: Record<string, StatusOption> = {
  queued: { text: '排队中', tone: 'processing' },
  running: { text: '运行中', tone: 'processing' },
  done: { text: '已完成', tone: 'success' },
  failed: { text: '失败', tone: 'error' },
};
export const CONCLUSION_OPTIONS: Record<Conclusion, StatusOption> = {
  eligible: { text: CONCLUSION_NAMES.eligible, tone: 'success' },
  ineligible: { text: CONCLUSION_NAMES.ineligible, tone: 'error' },
  manual: { text: CONCLUSION_NAMES.manual, tone: 'warning' },
};
export const CHECK_OPTIONS: Record<CheckResult, StatusOption> = {
  pass: { text: '未超过', tone: 'success' },
  fail: { text: '超过', tone: 'error' },
  unknown: { text: '无法判断', tone: 'warning' },
};
export const SOURCE_STATE_OPTIONS: Record<string, StatusOption> = {
  used: { text: '已比对', tone: 'success' },
  stale: { text: '数据过期，未使用', tone: 'warning' },
  missing: { text: '未导入', tone: 'default' },
};

export const selectOf = (options: Record<string, StatusOption>) => Object.entries(options).map(([value, o]) => ({ value, label: o.text }));
export const DEPARTMENT_SELECT = TRANSFER_DEPARTMENTS.map((d) => ({ value: d, label: d }));

/** The case page of the assistance module an alert or report links to. */
export const casePath = (caseId: string) => `/assistance/cases/${caseId}`;

export interface ActionFormValues { opinion?: string; department?: string; caseId?: string }

/** The body of POST …/alerts/{id}/actions/{action}: only what the action takes, trimmed. */
export function actionPayload(action: AlertAction, version: number, v: ActionFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { version };
  const opinion = v.opinion?.trim();
  if (opinion) body.opinion = opinion;
  if (action === 'transfer' && v.department) body.department = v.department;
  if (action === 'adjust' && v.caseId?.trim()) body.caseId = v.caseId.trim();
  return body;
}

const EVIDENCE_LABELS: Record<string, string> = {
  source: '数据来源', member: '家庭成员', asOf: '数据截止日期', version: '快照版本', date: '日期', from: '开始日期', to: '结束日期', kind: '类型',
  daysInMonth: '当月天数', count: '数量', maxCount: '上限', dwellings: '住宅套数', maxDwellings: '住宅上限', nonResidential: '非住宅',
  maxCapitalFen: '注册资本上限', members: '家庭人数', totalFen: '合计', perCapitaFen: '人均', limitFen: '标准', thresholdFen: '阈值',
  settlements: '结算笔数', category: '类别', grade: '等级', validTo: '有效期至', missing: '未享受', birthDate: '出生日期', age: '年龄', minAge: '年龄标准',
};
const MISSING_NAMES: Record<string, string> = { disability_living: '困难残疾人生活补贴', disability_care: '重度残疾人护理补贴' };
const PROGRAMME_NAMES: Record<string, string> = {
  dibao: '低保', tekun: '特困供养', linshi: '临时救助', longevity: '高龄津贴', ...MISSING_NAMES,
};

/** What a person is paid, by name (codes of programmes this page does not know are shown as they are). */
export function programmesText(codes: readonly string[]): string {
  return codes.map((c) => PROGRAMME_NAMES[c] ?? c).join('、') || EMPTY;
}

/** One evidence value as an official reads it: amounts in yuan, sources by name. */
export function evidenceValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (key.endsWith('Fen') && typeof value === 'number') return money(value);
  if (key === 'source' && typeof value === 'string') return findSource(value)?.name ?? value;
  if (key === 'missing' && Array.isArray(value)) return value.map((c) => MISSING_NAMES[c] ?? c).join('、') || EMPTY;
  if (key === 'programme' && typeof value === 'string') return programmesText([value]);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The scalar fields of an alert's evidence as label/value rows (lists are shown as tables). */
export function evidenceRows(evidence: Record<string, unknown>): { key: string; label: string; value: string }[] {
  return Object.entries(evidence)
    .filter(([, v]) => !Array.isArray(v) || v.every((x) => typeof x !== 'object'))
    .map(([key, v]) => ({ key, label: EVIDENCE_LABELS[key] ?? key, value: evidenceValue(key, v) }));
}

/** The list fields of an evidence (items, entitlements, cases): rows of label → value. */
export function evidenceLists(evidence: Record<string, unknown>): { key: string; rows: Record<string, string>[] }[] {
  return Object.entries(evidence)
    .filter(([, v]) => Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null))
    .map(([key, v]) => ({
      key,
      rows: (v as Record<string, unknown>[]).map((row) => Object.fromEntries(Object.entries(row).map(([k, x]) => [k, evidenceValue(k, x)]))),
    }));
}
