import type { QueryValue } from '@mz/ui';
import { PERSON_STATUSES, type PersonStatus } from '../domain/person.codes.ts';

/** URL keys of the 人员查询 filters and sort (page/pageSize and `region` are handled elsewhere). */
export const PERSON_FILTER_KEYS = ['q', 'status', 'ageMin', 'ageMax', 'sort', 'order'] as const;
export type PersonFilterKey = (typeof PERSON_FILTER_KEYS)[number];

export type PersonSort = 'name' | 'birthDate' | 'createdAt';
export type SortOrder = 'asc' | 'desc';

/** With no sort chosen the newest registrations come first. */
export const DEFAULT_SORT: { sort: PersonSort; order: SortOrder } = { sort: 'createdAt', order: 'desc' };

const SORTS: readonly string[] = ['name', 'birthDate', 'createdAt'];

export interface PersonListQuery {
  q?: string;
  regionCode?: string;
  status?: PersonStatus;
  ageMin?: number;
  ageMax?: number;
  sort: PersonSort;
  order: SortOrder;
  page: number;
  pageSize: number;
}

export function isPersonStatus(v: unknown): v is PersonStatus {
  return typeof v === 'string' && Object.hasOwn(PERSON_STATUSES, v);
}

/** A whole number of years 0–150 from the URL, else undefined. */
export function ageParam(raw: string | undefined): number | undefined {
  if (!raw || !/^\d{1,3}$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return n <= 150 ? n : undefined;
}

/** The URL state of the list → the query GET /registry/persons understands; odd values are dropped. */
export function personListQuery(
  filters: Partial<Record<PersonFilterKey, string | undefined>>,
  ctx: { regionCode?: string; page: number; pageSize: number },
): PersonListQuery {
  const sort = filters.sort && SORTS.includes(filters.sort) ? (filters.sort as PersonSort) : undefined;
  const order = filters.order === 'asc' || filters.order === 'desc' ? filters.order : undefined;
  let ageMin = ageParam(filters.ageMin);
  let ageMax = ageParam(filters.ageMax);
  // A reversed range is what the clerk meant the other way round.
  if (ageMin !== undefined && ageMax !== undefined && ageMin > ageMax) [ageMin, ageMax] = [ageMax, ageMin];
  return {
    q: filters.q?.trim() || undefined,
    regionCode: ctx.regionCode,
    status: isPersonStatus(filters.status) ? filters.status : undefined,
    ageMin,
    ageMax,
    sort: sort ?? DEFAULT_SORT.sort,
    order: sort ? (order ?? 'asc') : DEFAULT_SORT.order,
    page: ctx.page,
    pageSize: ctx.pageSize,
  };
}

/** Query string values for GET /registry/persons. */
export function personListParams(q: PersonListQuery): Record<string, QueryValue> {
  return {
    q: q.q,
    regionCode: q.regionCode,
    status: q.status,
    ageMin: q.ageMin,
    ageMax: q.ageMax,
    sort: q.sort,
    order: q.order,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Query of GET /registry/persons/export.xlsx: the list's filters and sort, the whole result (no paging). */
export function personExportParams(q: PersonListQuery, unmasked: boolean): Record<string, QueryValue> {
  const { page: _page, pageSize: _pageSize, ...rest } = personListParams(q);
  return { ...rest, unmasked: unmasked ? 'true' : 'false' };
}

/** antd Table sorter → URL values (`undefined` clears back to the default sort). */
export function sortFromTable(
  field: unknown,
  order: 'ascend' | 'descend' | null | undefined,
): { sort: string | undefined; order: string | undefined } {
  if (!order || typeof field !== 'string' || !SORTS.includes(field)) return { sort: undefined, order: undefined };
  return { sort: field, order: order === 'ascend' ? 'asc' : 'desc' };
}

/** The antd column `sortOrder` for a column, from the list query. */
export function columnSortOrder(q: Pick<PersonListQuery, 'sort' | 'order'>, field: PersonSort): 'ascend' | 'descend' | null {
  if (q.sort !== field) return null;
  return q.order === 'asc' ? 'ascend' : 'descend';
}
