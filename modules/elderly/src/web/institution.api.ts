/** The 养老机构 API as the pages use it (docs/api/elderly-institution-contract.md): queries, mutations, the upload. */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiUrl, getCsrfToken, parseErrorResponse } from '@mz/ui';
import type { BedView, CheckInCandidate, InstitutionDetail, InstitutionDocument, InstitutionSummary, ResidentView, StaffFigures, StaffView } from '../domain/institution.views.ts';

export type { BedView, CheckInCandidate, InstitutionDetail, InstitutionDocument, InstitutionSummary, ResidentView, StaffFigures, StaffView };

export interface Page<T> { items: T[]; total: number }

export const INSTITUTIONS = '/elderly/institutions';
const enc = encodeURIComponent;
const root = ['elderly', 'institutions'] as const;

export interface InstitutionQuery {
  kind?: string; operatorType?: string; status?: string; regionCode?: string; name?: string; page?: number; pageSize?: number;
}

export function useInstitutions(q: InstitutionQuery) {
  return useQuery({
    queryKey: [...root, 'list', q],
    queryFn: ({ signal }) => apiFetch<Page<InstitutionSummary>>(INSTITUTIONS, { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useInstitution(id: string | undefined) {
  return useQuery({
    queryKey: [...root, 'detail', id],
    queryFn: ({ signal }) => apiFetch<InstitutionDetail>(`${INSTITUTIONS}/${enc(id!)}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useBeds(id: string) {
  return useQuery({ queryKey: [...root, 'beds', id], queryFn: ({ signal }) => apiFetch<{ items: BedView[] }>(`${INSTITUTIONS}/${enc(id)}/beds`, { signal }) });
}

export function useResidents(id: string, state: 'current' | 'past' | 'all', page: number, pageSize: number) {
  return useQuery({
    queryKey: [...root, 'residents', id, state, page, pageSize],
    queryFn: ({ signal }) => apiFetch<Page<ResidentView>>(`${INSTITUTIONS}/${enc(id)}/residents`, { query: { state, page, pageSize }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useStaff(id: string, includeLeft: boolean) {
  return useQuery({
    queryKey: [...root, 'staff', id, includeLeft],
    queryFn: ({ signal }) => apiFetch<{ items: StaffView[]; figures: StaffFigures }>(`${INSTITUTIONS}/${enc(id)}/staff`, { query: { includeLeft }, signal }),
  });
}

export function searchCandidates(id: string, q: string): Promise<{ items: CheckInCandidate[] }> {
  return apiFetch(`${INSTITUTIONS}/${enc(id)}/candidates`, { query: { q } });
}

/**
 * A write under `/elderly/institutions…`; afterwards every institution query is refetched, since
 * figures (beds, residents, occupancy) change with almost any write.
 */
export function useInstitutionWrite() {
  const qc = useQueryClient();
  return async <R = unknown>(path: string, body?: unknown, method: 'POST' | 'PATCH' | 'DELETE' = 'POST'): Promise<R> => {
    const result = await apiFetch<R>(`${INSTITUTIONS}${path}`, { method, body });
    await qc.invalidateQueries({ queryKey: root });
    return result;
  };
}

export function useInvalidateInstitutions() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: root });
}

export async function uploadDocument(id: string, kind: string, name: string, file: File): Promise<InstitutionDocument> {
  const body = new FormData();
  body.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(apiUrl(`${INSTITUTIONS}/${enc(id)}/documents`, { kind, name }), { method: 'POST', headers, body, credentials: 'same-origin' });
  if (!res.ok) throw await parseErrorResponse(res);
  return res.json() as Promise<InstitutionDocument>;
}

export function documentUrl(id: string, documentId: string): string {
  return apiUrl(`${INSTITUTIONS}/${enc(id)}/documents/${enc(documentId)}`);
}
