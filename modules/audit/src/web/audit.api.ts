import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@mz/ui';
import type { AuditQuery, AuditRow } from '@mz/audit';

export type { AuditRow } from '@mz/audit';

export type { AuditQuery } from '@mz/audit';

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
