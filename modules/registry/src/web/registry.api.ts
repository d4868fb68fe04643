import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@mz/ui';
import type { HouseholdDetail, HouseholdMember, PersonDetail, PersonFull, PersonSummary } from '@mz/registry';
import type { PersonBody } from './person-form.values.ts';
import { personListParams, type PersonListQuery } from './person-query.ts';
import { uploadFile } from './transfer.ts';

export type { PersonDetail, PersonFull, PersonSummary } from '@mz/registry';

// ---- types of the contract (docs/api/registry-contract.md) ----------------------------------------

export interface CodeName {
  code: string;
  name: string;
}

export interface RegistryCodes {
  ethnicities: CodeName[];
  relations: CodeName[];
}

export interface HouseholdRow {
  id: string;
  regionCode: string;
  regionName: string;
  address: string;
  headName: string | null;
  headIdNumberMasked: string | null;
  memberCount: number;
}

export type { HouseholdDetail };
export type Member = HouseholdMember;

export type ImportStatus = 'running' | 'done' | 'failed' | 'undone';

export interface ImportRow {
  id: string;
  fileName: string;
  status: ImportStatus;
  total: number;
  imported: number;
  duplicatesSkipped: number;
  rejected: number;
  createdBy: string;
  createdAt: string;
}

export interface ImportResult {
  batchId: string;
  total: number;
  imported: number;
  duplicatesSkipped: number;
  rejected: number;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job<R = unknown> {
  id: string;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number };
  result: R | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export type DuplicateReason = 'name_birth' | 'id_typo';

export interface DuplicatePair {
  id: string;
  reason: DuplicateReason;
  a: PersonSummary;
  b: PersonSummary;
  status: string;
}

// ---- keys ----------------------------------------------------------------------------------------

/** Everything that changes when registry data changes (codes stay cached). */
const dataKey = ['registry', 'data'] as const;
const keys = {
  codes: ['registry', 'codes'] as const,
  persons: (q: unknown) => [...dataKey, 'persons', q] as const,
  personSearch: (term: string, regionCode?: string) => [...dataKey, 'person-search', term, regionCode ?? ''] as const,
  person: (id: string) => [...dataKey, 'person', id] as const,
  households: (q: unknown) => [...dataKey, 'households', q] as const,
  household: (id: string, on?: string) => [...dataKey, 'household', id, on ?? ''] as const,
  imports: [...dataKey, 'imports'] as const,
  duplicates: [...dataKey, 'duplicates'] as const,
  job: (id: string) => ['jobs', id] as const,
};

const enc = encodeURIComponent;

function useDataMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: dataKey }) });
}

// ---- code tables ---------------------------------------------------------------------------------

/** GET /registry/codes: 民族 (GB/T 3304) and 与户主关系 (GB/T 4761). Fixed lists: cached for the session. */
export function useCodes() {
  return useQuery({
    queryKey: keys.codes,
    queryFn: ({ signal }) => apiFetch<RegistryCodes>('/registry/codes', { signal }),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

// ---- persons -------------------------------------------------------------------------------------

export function usePersons(q: PersonListQuery) {
  return useQuery({
    queryKey: keys.persons(q),
    queryFn: ({ signal }) =>
      apiFetch<{ items: PersonSummary[]; total: number }>('/registry/persons', { signal, query: personListParams(q) }),
    placeholderData: keepPreviousData,
  });
}

/** The person picker's look-up: ID number, name part or pinyin initials, first 20 hits. */
export function usePersonSearch(term: string, regionCode?: string) {
  const q = term.trim();
  return useQuery({
    queryKey: keys.personSearch(q, regionCode),
    queryFn: ({ signal }) =>
      apiFetch<{ items: PersonSummary[]; total: number }>('/registry/persons', {
        signal,
        query: { q, regionCode, sort: 'name', order: 'asc', page: 1, pageSize: 20 },
      }),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: keys.person(id ?? ''),
    queryFn: ({ signal }) => apiFetch<PersonDetail>(`/registry/persons/${enc(id!)}`, { signal }),
    enabled: !!id,
  });
}

/** GET /registry/persons/{id}/full: one audited read per click, so a mutation, never cached or refetched. */
export function useRevealPerson() {
  return useMutation({ mutationFn: (id: string) => apiFetch<PersonFull>(`/registry/persons/${enc(id)}/full`) });
}

export const useCreatePerson = () =>
  useDataMutation((body: PersonBody) => apiFetch<PersonDetail>('/registry/persons', { method: 'POST', body }));

export const useUpdatePerson = () =>
  useDataMutation(({ id, body }: { id: string; body: PersonBody & { version: number } }) =>
    apiFetch<PersonDetail>(`/registry/persons/${enc(id)}`, { method: 'PATCH', body }),
  );

// ---- households ----------------------------------------------------------------------------------

export interface HouseholdQuery {
  q?: string;
  regionCode?: string;
  page: number;
  pageSize: number;
}

export function useHouseholds(q: HouseholdQuery, enabled = true) {
  return useQuery({
    queryKey: keys.households(q),
    queryFn: ({ signal }) =>
      apiFetch<{ items: HouseholdRow[]; total: number }>('/registry/households', {
        signal,
        query: { q: q.q, regionCode: q.regionCode, page: q.page, pageSize: q.pageSize },
      }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** GET /registry/households/{id}?on=: members on that date (default today) and the whole history. */
export function useHousehold(id: string | undefined, on?: string) {
  return useQuery({
    queryKey: keys.household(id ?? '', on),
    queryFn: ({ signal }) => apiFetch<HouseholdDetail>(`/registry/households/${enc(id!)}`, { signal, query: { on } }),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}

export interface CreateHouseholdBody {
  regionCode: string;
  address: string;
  headPersonId: string;
  members: { personId: string; relation: string }[];
  validFrom?: string;
}

export const useCreateHousehold = () =>
  useDataMutation((body: CreateHouseholdBody) => apiFetch<HouseholdDetail>('/registry/households', { method: 'POST', body }));

export const useAddMember = () =>
  useDataMutation(({ id, ...body }: { id: string; personId: string; relation: string; validFrom: string }) =>
    apiFetch<HouseholdDetail>(`/registry/households/${enc(id)}/members`, { method: 'POST', body }),
  );

export const useLeaveMember = () =>
  useDataMutation(({ id, memberId, ...body }: { id: string; memberId: string; validTo: string; reason: string }) =>
    apiFetch<HouseholdDetail>(`/registry/households/${enc(id)}/members/${enc(memberId)}/leave`, { method: 'POST', body }),
  );

export const useSplitHousehold = () =>
  useDataMutation(({ id, ...body }: { id: string; personIds: string[]; headPersonId: string; address: string; date: string }) =>
    apiFetch<HouseholdDetail>(`/registry/households/${enc(id)}/split`, { method: 'POST', body }),
  );

export const useMergeHousehold = () =>
  useDataMutation(({ id, ...body }: { id: string; intoHouseholdId: string; date: string }) =>
    apiFetch<HouseholdDetail>(`/registry/households/${enc(id)}/merge`, { method: 'POST', body }),
  );

// ---- imports -------------------------------------------------------------------------------------

export function useImports() {
  return useQuery({
    queryKey: keys.imports,
    queryFn: ({ signal }) => apiFetch<{ items: ImportRow[] }>('/registry/imports', { signal }),
    // While a batch is still running elsewhere (another tab, another clerk), keep its row fresh.
    refetchInterval: (query) => (query.state.data?.items.some((i) => i.status === 'running') ? 3000 : false),
  });
}

export const useUploadImport = () =>
  useMutation({ mutationFn: (file: File) => uploadFile<{ jobId: string; batchId: string }>('/registry/imports', file) });

export const useUndoImport = () =>
  useDataMutation((id: string) => apiFetch<void>(`/registry/imports/${enc(id)}/undo`, { method: 'POST' }));

const isFinished = (s: JobStatus | undefined) => s === 'succeeded' || s === 'failed';

/** GET /jobs/{id}, every second until the job has finished. */
export function useJob<R>(id: string | undefined) {
  return useQuery({
    queryKey: keys.job(id ?? ''),
    queryFn: ({ signal }) => apiFetch<Job<R>>(`/jobs/${enc(id!)}`, { signal }),
    enabled: !!id,
    refetchInterval: (query) => (isFinished(query.state.data?.status) || query.state.error ? false : 1000),
    staleTime: 0,
  });
}

export { isFinished as isJobFinished };

// ---- duplicates ----------------------------------------------------------------------------------

export function useDuplicates() {
  return useQuery({
    queryKey: keys.duplicates,
    queryFn: ({ signal }) => apiFetch<{ items: DuplicatePair[] }>('/registry/duplicates', { signal, query: { status: 'open' } }),
  });
}

export const useMergeDuplicate = () =>
  useDataMutation(({ id, keepPersonId }: { id: string; keepPersonId: string }) =>
    apiFetch<void>(`/registry/duplicates/${enc(id)}/merge`, { method: 'POST', body: { keepPersonId } }),
  );

export const useDismissDuplicate = () =>
  useDataMutation((id: string) => apiFetch<void>(`/registry/duplicates/${enc(id)}/dismiss`, { method: 'POST' }));
