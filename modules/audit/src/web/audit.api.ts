import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@mz/ui';
import type { AuditRow } from '@mz/audit';

export type { AuditRow } from '@mz/audit';

export interface AuditQuery {
  actor?: string;
  action?: string;
  entityType?: string;
  regionCode?: string;
  /** 'YYYY-MM-DD', both ends inclusive (Beijing dates). */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface AuditAction {
  action: string;
  name: string;
}

export function useAuditLog(q: AuditQuery) {
  return useQuery({
    queryKey: ['audit', 'log', q],
    queryFn: ({ signal }) => apiFetch<{ items: AuditRow[]; total: number }>('/audit', { signal, query: { ...q } }),
    placeholderData: keepPreviousData,
  });
}

export function useAuditActions() {
  return useQuery({
    queryKey: ['audit', 'actions'],
    queryFn: async () => (await apiFetch<{ items: AuditAction[] }>('/audit/actions')).items,
    staleTime: 30 * 60_000,
  });
}
