/** Labels, tags and small shared controls of the 居家养老 pages. */
import type { StatusOption } from '@mz/ui';
import { todayInShanghai, yearMonthOf } from '@mz/kernel';
import {
  HOMECARE_GROUP_NAMES, PROVIDER_STATUS_NAMES, SERVICE_CATEGORY_NAMES, SERVICE_UNIT_NAMES, TIMEBANK_KIND_NAMES,
} from '../domain/homecare.names.ts';
import { ORDER_STATE_NAMES, type OrderState } from '../domain/homecare.rules.ts';

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

/** Today and this month in Beijing time (the kernel's calendar), whatever the browser's zone. */
export const todayIso = (): string => todayInShanghai();
export const thisMonth = (): string => yearMonthOf(todayInShanghai());

/** A person from the registry (within the official's jurisdiction), searched by name, initials or ID number. */
/** The registry's person picker (身份证号、姓名、拼音首字母), as every page built on the registry uses. */
export { PersonPicker } from '@mz/registry/web';
