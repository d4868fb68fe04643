import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { TablePaginationConfig } from 'antd';
import { PAGE_SIZES, readListParams, writeListParams, type Filters } from './list-params.ts';

/**
 * 查询表格 state in the URL: `filters` (the given keys), `page`, `pageSize`.
 * Back/forward and shared links reproduce the same query.
 */
export function useListParams<K extends string>(filterKeys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const keysKey = filterKeys.join(',');
  const state = useMemo(
    () => readListParams(params, filterKeys),
    [params, keysKey],
  );

  const setFilters = useCallback(
    (filters: Partial<Record<K, string | undefined>>) => setParams((prev) => writeListParams(prev, { filters: filters as Filters })),
    [setParams],
  );
  const setPage = useCallback(
    (page: number, pageSize?: number) => setParams((prev) => writeListParams(prev, { page, pageSize })),
    [setParams],
  );

  const pagination = useCallback(
    (total: number | undefined): TablePaginationConfig => ({
      current: state.page,
      pageSize: state.pageSize,
      total: total ?? 0,
      pageSizeOptions: PAGE_SIZES.map(String),
      showSizeChanger: true,
      showQuickJumper: true,
      showTotal: (t) => `共 ${t} 条`,
      onChange: (page, pageSize) => setPage(page, pageSize),
    }),
    [state.page, state.pageSize, setPage],
  );

  return {
    filters: state.filters as Record<K, string | undefined>,
    page: state.page,
    pageSize: state.pageSize,
    setFilters,
    setPage,
    pagination,
  };
}
