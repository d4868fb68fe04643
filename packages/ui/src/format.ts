import dayjs from 'dayjs';

export const EMPTY = '—';

export function formatDateTime(value: string | null | undefined, withSeconds = false): string {
  if (!value) return EMPTY;
  const d = dayjs(value);
  return d.isValid() ? d.format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : EMPTY;
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : EMPTY;
}

export function isFuture(value: string | null | undefined, now: Date = new Date()): boolean {
  if (!value) return false;
  const t = Date.parse(value);
  return Number.isFinite(t) && t > now.getTime();
}

/** A JSON value as a short, readable cell text. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.length ? value.join('、') : EMPTY;
  }
  return JSON.stringify(value);
}
