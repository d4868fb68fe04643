/** The 核对监测 API as the pages use it (docs/api/verification-contract.md): queries, mutations, the upload. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiUrl, getCsrfToken, parseErrorResponse } from '@mz/ui';
import type { AlertAction, AlertStatus, Conclusion, HouseholdReport, Severity } from '../domain/index.ts';

export interface Page<T> { items: T[]; total: number }

export interface SourceView {
  code: string; name: string; owner: string; kind: 'file' | 'internal'; description: string; refreshDays: number; retentionDays: number;
  columns: { header: string; required: boolean; values: string[] | null; hint: string | null }[];
  current: { snapshotId: string; version: number; asOf: string; regionCode: string; accepted: number; persons: number; stale: boolean }[];
}
export interface SnapshotView {
  id: string; sourceCode: string; sourceName: string; version: number; asOf: string; regionCode: string; fileName: string;
  status: 'importing' | 'current' | 'superseded' | 'failed' | 'purged'; total: number; accepted: number; rejected: number; persons: number;
  error: string | null; jobId: string | null; createdAt: string; finishedAt: string | null;
}
export interface SnapshotDetail extends SnapshotView { rejections: { rowNo: number; idMasked: string; errors: string }[] }
export interface RuleOutcome { code: string; name: string; ran: boolean; snapshotIds: string[]; found: number; raised: number; notes: string[] }
export interface RunView {
  id: string; kind: 'monitor' | 'silent'; regionCode: string; month: string; status: 'queued' | 'running' | 'done' | 'failed'; beneficiaries: number; alertsNew: number; alertsSeen: number;
  rules: RuleOutcome[]; error: string | null; jobId: string | null; createdAt: string; finishedAt: string | null;
}
export interface RuleView { code: string; name: string; severity: Severity; severityName: string; active: boolean }
export interface AlertView {
  id: string; alertNo: number; ruleCode: string; ruleName: string; severity: Severity; severityName: string; handlingLevel: 3 | 4;
  status: AlertStatus; statusName: string; version: number; personId: string | null; householdId: string | null; personName: string | null;
  idMasked: string | null; regionCode: string; regionName: string | null; programmes: string[]; caseIds: string[]; raisedOn: string; dueOn: string;
  overdue: boolean; lastSeenAt: string; transferDepartment: string | null; linkedCaseId: string | null; handledByName: string | null; handledAt: string | null;
}
export interface AlertDetail extends AlertView {
  advice: string; evidence: Record<string, unknown>;
  events: { action: AlertAction; actionName: string; fromStatus: AlertStatus; toStatus: AlertStatus; opinion: string | null; department: string | null; caseId: string | null; byName: string | null; at: string }[];
  availableActions: { key: AlertAction; name: string }[];
}
export interface AlertStats {
  byRule: { ruleCode: string; ruleName: string; total: number; open: number; verifying: number; kept: number; transferred: number; adjust: number; overdue: number }[];
  byRegion: { regionCode: string; regionName: string | null; total: number; unresolved: number; overdue: number }[];
  byStatus: { status: AlertStatus; statusName: string; total: number }[];
}
export interface RequestView {
  id: string; requestNo: number; caseId: string; caseNo: string; programme: string; regionCode: string; regionName: string | null; applicantName: string;
  members: number; status: 'reported' | 'failed'; statusName: string; conclusion: Conclusion | null; conclusionName: string | null;
  requestedOn: string; dueOn: string; reportedAt: string | null; createdByName: string | null; createdAt: string;
}
export interface RequestDetail extends RequestView { report: HouseholdReport | null; error: string | null }

const BASE = '/verification';
const enc = encodeURIComponent;
const root = ['verification'] as const;

export function useInvalidateAll() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: root });
}

export function useSources() {
  return useQuery({ queryKey: ['verification', 'sources'], queryFn: ({ signal }) => apiFetch<{ items: SourceView[] }>(`${BASE}/sources`, { signal }) });
}
export function useSnapshots(source?: string) {
  return useQuery({
    queryKey: ['verification', 'snapshots', source ?? null],
    queryFn: ({ signal }) => apiFetch<{ items: SnapshotView[] }>(`${BASE}/snapshots`, { signal, query: { source } }),
    // An import runs as a job: poll while one is still importing.
    refetchInterval: (q) => (q.state.data?.items.some((s) => s.status === 'importing') ? 1500 : false),
  });
}
export function useSnapshot(id: string | undefined) {
  return useQuery({
    queryKey: ['verification', 'snapshot', id ?? ''],
    queryFn: ({ signal }) => apiFetch<SnapshotDetail>(`${BASE}/snapshots/${enc(id!)}`, { signal }),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'importing' ? 1500 : false),
  });
}

/** POST …/sources/{code}/snapshots (multipart `file`): 202 { jobId, snapshotId, version }. */
export async function uploadDelivery(source: string, asOf: string, file: File): Promise<{ jobId: string; snapshotId: string; version: number }> {
  const body = new FormData();
  body.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(apiUrl(`${BASE}/sources/${enc(source)}/snapshots`, { asOf }), { method: 'POST', headers, body, credentials: 'same-origin' });
  if (!res.ok) throw await parseErrorResponse(res);
  return res.json() as Promise<{ jobId: string; snapshotId: string; version: number }>;
}

export function useRuns() {
  return useQuery({
    queryKey: ['verification', 'runs'],
    queryFn: ({ signal }) => apiFetch<{ items: RunView[] }>(`${BASE}/runs`, { signal }),
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'queued' || r.status === 'running') ? 1500 : false),
  });
}
export function useStartRun() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (month: string) => apiFetch<{ runId: string; jobId: string }>(`${BASE}/runs`, { method: 'POST', body: { month } }),
    onSuccess: invalidate,
  });
}
export function useRules() {
  return useQuery({ queryKey: ['verification', 'rules'], queryFn: ({ signal }) => apiFetch<{ items: RuleView[] }>(`${BASE}/rules`, { signal }), staleTime: 60_000 });
}

export interface AlertQuery { rule?: string; status?: string; severity?: string; regionCode?: string; overdue?: string; q?: string; page: number; pageSize: number }
export function useAlerts(q: AlertQuery) {
  return useQuery({
    queryKey: ['verification', 'alerts', q],
    queryFn: ({ signal }) => apiFetch<Page<AlertView>>(`${BASE}/alerts`, { signal, query: { ...q } }),
    placeholderData: keepPreviousData,
  });
}
export function useAlert(id: string | undefined) {
  return useQuery({
    queryKey: ['verification', 'alert', id ?? ''],
    queryFn: ({ signal }) => apiFetch<AlertDetail>(`${BASE}/alerts/${enc(id!)}`, { signal }),
    enabled: !!id,
    staleTime: 60_000,
  });
}
export function useAlertAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: AlertAction; body: Record<string, unknown> }) =>
      apiFetch<AlertDetail>(`${BASE}/alerts/${enc(id)}/actions/${action}`, { method: 'POST', body }),
    onSuccess: async (detail) => {
      // The answer is the alert as it now stands; the lists and statistics are stale.
      qc.setQueryData(['verification', 'alert', id], detail);
      await qc.invalidateQueries({ queryKey: ['verification', 'alerts'] });
      await qc.invalidateQueries({ queryKey: ['verification', 'stats'] });
    },
  });
}
export function useAlertStats(q: { from?: string; to?: string }) {
  return useQuery({ queryKey: ['verification', 'stats', q], queryFn: ({ signal }) => apiFetch<AlertStats>(`${BASE}/alerts/stats`, { signal, query: { ...q } }) });
}

export function useRequests(q: { caseId?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['verification', 'requests', q],
    queryFn: ({ signal }) => apiFetch<Page<RequestView>>(`${BASE}/requests`, { signal, query: { ...q } }),
    placeholderData: keepPreviousData,
  });
}
export function useRequest(id: string | undefined) {
  return useQuery({
    queryKey: ['verification', 'request', id ?? ''],
    queryFn: ({ signal }) => apiFetch<RequestDetail>(`${BASE}/requests/${enc(id!)}`, { signal }),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}
export function useCreateRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (caseId: string) => apiFetch<RequestDetail>(`${BASE}/requests`, { method: 'POST', body: { caseId } }),
    onSuccess: async (detail) => {
      qc.setQueryData(['verification', 'request', detail.id], detail);
      await qc.invalidateQueries({ queryKey: ['verification', 'requests'] });
    },
  });
}
