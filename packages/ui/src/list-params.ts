/** Page, page size and filters of a 查询表格, kept in the URL search params. */

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

export type Filters = Record<string, string | undefined>;

export interface ListState {
  filters: Filters;
  page: number;
  pageSize: number;
}

function positiveInt(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 ? n : undefined;
}

export function readListParams(params: URLSearchParams, filterKeys: readonly string[]): ListState {
  const filters: Filters = {};
  for (const key of filterKeys) {
    const value = params.get(key);
    filters[key] = value === null || value === '' ? undefined : value;
  }
  const size = positiveInt(params.get('pageSize'));
  return {
    filters,
    page: positiveInt(params.get('page')) ?? 1,
    pageSize: size && (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

export interface ListPatch {
  filters?: Filters;
  page?: number;
  pageSize?: number;
}

/**
 * Returns new params with the patch applied; other params (such as `region`) are kept.
 * Changing filters or page size goes back to page 1. Defaults are left out of the URL.
 */
export function writeListParams(params: URLSearchParams, patch: ListPatch): URLSearchParams {
  const next = new URLSearchParams(params);
  let page = patch.page;
  if (patch.filters) {
    for (const [key, value] of Object.entries(patch.filters)) {
      const v = value?.trim();
      if (v) next.set(key, v);
      else next.delete(key);
    }
    page = patch.page ?? 1;
  }
  if (patch.pageSize !== undefined) {
    const current = positiveInt(params.get('pageSize')) ?? DEFAULT_PAGE_SIZE;
    if (patch.pageSize !== current) page = 1;
    if (patch.pageSize === DEFAULT_PAGE_SIZE) next.delete('pageSize');
    else next.set('pageSize', String(patch.pageSize));
  }
  if (page !== undefined) {
    if (page <= 1) next.delete('page');
    else next.set('page', String(page));
  }
  return next;
}
