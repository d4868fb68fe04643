/** Labels, tags and small shared controls of the 居家养老 pages. */
import { Select, Spin } from 'antd';
import type { StatusOption } from '@mz/ui';
import { useEffect, useRef, useState } from 'react';
import {
  HOMECARE_GROUP_NAMES, PROVIDER_STATUS_NAMES, SERVICE_CATEGORY_NAMES, SERVICE_UNIT_NAMES, TIMEBANK_KIND_NAMES,
} from '../domain/homecare.names.ts';
import { ORDER_STATE_NAMES, type OrderState } from '../domain/homecare.rules.ts';
import { searchPersons, type PersonHit } from './homecare.api.ts';

export const READ = 'elderly.read';
export const MANAGE = 'elderly.homecare.manage';
export const ORDER = 'elderly.homecare.order';
export const SETTLE = 'elderly.homecare.settle';
export const TIMEBANK = 'elderly.homecare.timebank';

const TONES: Record<OrderState, StatusOption['tone']> = {
  registered: 'default', dispatched: 'processing', in_service: 'processing', served: 'warning', visited: 'success', settled: 'success', cancelled: 'error',
};
export const ORDER_STATE_OPTIONS: Record<string, StatusOption> = Object.fromEntries(
  (Object.keys(ORDER_STATE_NAMES) as OrderState[]).map((s) => [s, { text: ORDER_STATE_NAMES[s], tone: TONES[s] }]),
);
export const PROVIDER_STATUS_OPTIONS: Record<string, StatusOption> = {
  active: { text: PROVIDER_STATUS_NAMES.active, tone: 'success' }, suspended: { text: PROVIDER_STATUS_NAMES.suspended, tone: 'warning' },
  terminated: { text: PROVIDER_STATUS_NAMES.terminated, tone: 'default' },
};
export const selectOf = (names: Record<string, string>) => Object.entries(names).map(([value, label]) => ({ value, label }));
export const GROUP_SELECT = selectOf(HOMECARE_GROUP_NAMES);
export const CATEGORY_SELECT = selectOf(SERVICE_CATEGORY_NAMES);
export const UNIT_SELECT = selectOf(SERVICE_UNIT_NAMES);
export const PROVIDER_STATUS_SELECT = selectOf(PROVIDER_STATUS_NAMES);
export const TIMEBANK_KIND_TEXT = TIMEBANK_KIND_NAMES;

/** ¥ with two decimals from integer fen. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${(fen / 100).toFixed(2)}`;
}
export const hours = (minutes: number) => `${Math.round((minutes / 60) * 100) / 100} 小时`;

/** The current month in Beijing time, 'YYYY-MM'. */
export function thisMonth(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
}
export function todayIso(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** A person from the registry (within the official's jurisdiction), searched by name, initials or ID number. */
export function PersonPicker({ value, onChange, placeholder, id }: { value?: string; onChange?: (v: string | undefined) => void; placeholder?: string; id?: string }) {
  const [options, setOptions] = useState<PersonHit[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => { clearTimeout(timer.current); abort.current?.abort(); }, []);
  const search = (q: string) => {
    clearTimeout(timer.current);
    if (q.trim().length < 2) return;
    timer.current = setTimeout(() => {
      abort.current?.abort();
      abort.current = new AbortController();
      setLoading(true);
      searchPersons(q.trim(), abort.current.signal).then((r) => setOptions(r.items)).catch(() => {}).finally(() => setLoading(false));
    }, 300);
  };
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={placeholder ?? '输入姓名、拼音首字母或身份证号'}
      notFoundContent={loading ? <Spin size="small" /> : '输入至少2个字查找'}
      options={options.map((p) => ({ value: p.id, label: `${p.name}（${p.age}岁，${p.idNumberMasked}，${p.regionName}）` }))}
    />
  );
}
