/** The 资金发放 API as the pages use it (docs/api/payments-contract.md): queries, mutations, files. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiUrl, getCsrfToken, loginUrl, parseErrorResponse, type QueryValue } from '@mz/ui';
import type {
  BankProfileInput, BankProfileView, EntitlementView, HistoryLine, LineView, Programme, RecoveryView, RegionTotal, ReturnProblem, ReturnResult,
  RollDetail, RollSummary, RunInput, RunView, SpendingRow, TransferView,
} from '../domain/index.ts';

export type {
  BankProfileView, EntitlementView, HistoryLine, LineView, Programme, RecoveryView, RegionTotal, ReturnProblem, ReturnResult, RollDetail,
  RollSummary, RunView, SpendingRow, TransferView,
} from '../domain/index.ts';

export interface Page<T> { items: T[]; total: number }
export interface ExportRecord { id: string; profileCode: string; format: 'csv' | 'xlsx'; rows: number; amountFen: number; sha256: string; byName: string | null; at: string }
export interface ReturnRecord { id: string; fileName: string; status: 'accepted' | 'rejected'; rows: number; paidRows: number; failedRows: number; problems: number; byName: string | null; at: string }
export interface SpendingReport { month: string; regionCode: string; level: number; rows: SpendingRow[]; total: SpendingRow[] }

const BASE = '/payments';
const enc = encodeURIComponent;
const root = ['payments'] as const;

export const keys = {
  programmes: ['payments', 'programmes'] as const,
  rolls: (q: unknown) => ['payments', 'rolls', q] as const,
  roll: (id: string) => ['payments', 'roll', id] as const,
  rollPart: (id: string, part: string, q?: unknown) => ['payments', 'roll', id, part, q ?? null] as const,
  entitlements: (q: unknown) => ['payments', 'entitlements', q] as const,
  entitlement: (id: string) => ['payments', 'entitlement', id] as const,
  recoveries: (q: unknown) => ['payments', 'recoveries', q] as const,
  runs: (q: unknown) => ['payments', 'runs', q] as const,
  bankProfiles: ['payments', 'bank-profiles'] as const,
  spending: (q: unknown) => ['payments', 'spending', q] as const,
  history: (personId: string) => ['payments', 'history', personId] as const,
};

/** Everything of the module is stale after a step on a roll (lists, totals, recoveries, reports). */
export function useInvalidateAll() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: root });
}

export function useProgrammes() {
  return useQuery({
    queryKey: keys.programmes,
    queryFn: ({ signal }) => apiFetch<{ items: Programme[] }>(`${BASE}/programmes`, { signal }),
    staleTime: 10 * 60_000,
  });
}

// ---- rolls ---------------------------------------------------------------------------------------

export interface RollQuery { kind?: string; programme?: string; month?: string; state?: string; page: number; pageSize: number }

export function useRolls(q: RollQuery) {
  return useQuery({
    queryKey: keys.rolls(q),
    queryFn: ({ signal }) => apiFetch<Page<RollSummary>>(`${BASE}/rolls`, { signal, query: { ...q } }),
    placeholderData: keepPreviousData,
  });
}

export function useRoll(id: string | undefined) {
  return useQuery({
    queryKey: keys.roll(id ?? ''),
    queryFn: ({ signal }) => apiFetch<RollDetail>(`${BASE}/rolls/${enc(id!)}`, { signal }),
    enabled: !!id,
    staleTime: 0,
  });
}

export function useRollTotals(id: string) {
  return useQuery({
    queryKey: keys.rollPart(id, 'totals'),
    queryFn: ({ signal }) => apiFetch<{ items: RegionTotal[] }>(`${BASE}/rolls/${enc(id)}/totals`, { signal }),
  });
}

export interface LineQuery { regionCode?: string; kind?: string; status?: string; q?: string; page: number; pageSize: number }

export function useRollLines(id: string, q: LineQuery) {
  return useQuery({
    queryKey: keys.rollPart(id, 'lines', q),
    queryFn: ({ signal }) => apiFetch<Page<LineView>>(`${BASE}/rolls/${enc(id)}/lines`, { signal, query: { ...q } }),
    placeholderData: keepPreviousData,
  });
}

export function useRollTransfers(id: string, q: { status?: string; page: number; pageSize: number }, enabled: boolean) {
  return useQuery({
    queryKey: keys.rollPart(id, 'transfers', q),
    queryFn: ({ signal }) => apiFetch<Page<TransferView>>(`${BASE}/rolls/${enc(id)}/transfers`, { signal, query: { ...q } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRollExports(id: string) {
  return useQuery({
    queryKey: keys.rollPart(id, 'exports'),
    queryFn: ({ signal }) => apiFetch<{ items: ExportRecord[] }>(`${BASE}/rolls/${enc(id)}/exports`, { signal }),
  });
}

export function useRollReturns(id: string) {
  return useQuery({
    queryKey: keys.rollPart(id, 'returns'),
    queryFn: ({ signal }) => apiFetch<{ items: ReturnRecord[] }>(`${BASE}/rolls/${enc(id)}/returns`, { signal }),
  });
}

export function useGenerateRoll() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (body: { programme: string; month: string }) => apiFetch<RollDetail>(`${BASE}/rolls`, { method: 'POST', body }),
    onSuccess: () => void invalidate(),
  });
}

/** Every step on a roll page: the answer (a roll, or nothing) and then a fresh read of the module. */
export function useRollStep() {
  const qc = useQueryClient();
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: async (step: { path: string; method?: 'POST' | 'DELETE'; body?: unknown; query?: Record<string, QueryValue> }) =>
      apiFetch<RollDetail | undefined>(step.path, { method: step.method ?? 'POST', body: step.body, query: step.query }),
    onSuccess: (detail) => {
      // The answer is the roll as it is now: shown at once, while the rest of the module is re-read.
      if (detail && typeof detail === 'object' && 'rollNo' in detail) qc.setQueryData(keys.roll(detail.id), detail);
      void invalidate();
    },
  });
}

export const rollPaths = {
  action: (id: string, action: string) => `${BASE}/rolls/${enc(id)}/actions/${enc(action)}`,
  regenerate: (id: string) => `${BASE}/rolls/${enc(id)}/regenerate`,
  discard: (id: string) => `${BASE}/rolls/${enc(id)}`,
  reissue: (id: string) => `${BASE}/rolls/${enc(id)}/reissue`,
  abandon: (id: string, transferNo: number) => `${BASE}/rolls/${enc(id)}/transfers/${transferNo}/abandon`,
  export: (id: string) => `${BASE}/rolls/${enc(id)}/export`,
  returns: (id: string) => `${BASE}/rolls/${enc(id)}/returns`,
  rollXlsx: (id: string) => `${BASE}/rolls/${enc(id)}/roll.xlsx`,
  returnReport: (returnId: string) => `${BASE}/returns/${enc(returnId)}/report.xlsx`,
};

// ---- entitlements, recoveries, runs, bank profiles, reports ---------------------------------------

export interface EntitlementQuery { programme?: string; current?: string; regionCode?: string; personId?: string; householdId?: string; page: number; pageSize: number }

export function useEntitlements(q: EntitlementQuery) {
  return useQuery({
    queryKey: keys.entitlements(q),
    queryFn: ({ signal }) => apiFetch<Page<EntitlementView>>(`${BASE}/entitlements`, { signal, query: { ...q } }),
    placeholderData: keepPreviousData,
  });
}

export function useEntitlement(id: string | null) {
  return useQuery({
    queryKey: keys.entitlement(id ?? ''),
    queryFn: ({ signal }) => apiFetch<EntitlementView & { versions: EntitlementView[] }>(`${BASE}/entitlements/${enc(id!)}`, { signal }),
    enabled: !!id,
  });
}

export function useRecoveries(q: { status?: string; programme?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: keys.recoveries(q),
    queryFn: ({ signal }) => apiFetch<Page<RecoveryView>>(`${BASE}/recoveries`, { signal, query: { ...q } }),
    placeholderData: keepPreviousData,
  });
}

export function useSettleRecovery() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ lineId, body }: { lineId: string; body: { amountFen: number; method: 'refund' | 'waived'; reason: string } }) =>
      apiFetch<RecoveryView>(`${BASE}/recoveries/${enc(lineId)}/settlements`, { method: 'POST', body }),
    onSuccess: () => void invalidate(),
  });
}

export function useRuns(q: { kind?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: keys.runs(q),
    queryFn: ({ signal }) => apiFetch<Page<RunView>>(`${BASE}/runs`, { signal, query: { ...q } }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateRun() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (body: RunInput) => apiFetch<RunView>(`${BASE}/runs`, { method: 'POST', body }),
    onSuccess: () => void invalidate(),
  });
}

export function useGenerateRunRoll() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (runId: string) => apiFetch<RollDetail>(`${BASE}/runs/${enc(runId)}/rolls`, { method: 'POST', body: {} }),
    onSuccess: () => void invalidate(),
  });
}

export function useBankProfiles() {
  return useQuery({
    queryKey: keys.bankProfiles,
    queryFn: ({ signal }) => apiFetch<{ items: BankProfileView[] }>(`${BASE}/bank-profiles`, { signal }),
  });
}

export function useCreateBankProfile() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (body: BankProfileInput) => apiFetch<BankProfileView>(`${BASE}/bank-profiles`, { method: 'POST', body }),
    onSuccess: () => void invalidate(),
  });
}

export interface SpendingQuery { month: string; regionCode?: string; programme?: string; level?: number }

export function useSpending(q: SpendingQuery | null) {
  return useQuery({
    queryKey: keys.spending(q),
    queryFn: ({ signal }) => apiFetch<SpendingReport>(`${BASE}/reports/spending`, { signal, query: { ...q! } }),
    enabled: !!q,
    placeholderData: keepPreviousData,
  });
}

export const spendingXlsxPath = `${BASE}/reports/spending.xlsx`;

export function usePaymentHistory(personId: string | undefined) {
  return useQuery({
    queryKey: keys.history(personId ?? ''),
    queryFn: ({ signal }) => apiFetch<{ items: HistoryLine[]; recoveries: { outstandingFen: number; items: RecoveryView[] } }>(`${BASE}/persons/${enc(personId!)}/history`, { signal }),
    enabled: !!personId,
  });
}

// ---- files ---------------------------------------------------------------------------------------

/** `attachment; filename*=UTF-8''…` → the file name the server chose, else `fallback`. */
export function dispositionName(header: string | null, fallback: string): string {
  const star = header && /filename\*=(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      return fallback;
    }
  }
  const plain = header && /filename="?([^";]+)"?/.exec(header);
  return plain ? plain[1]!.trim() : fallback;
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function fileRequest(path: string, init: RequestInit, query?: Record<string, QueryValue>): Promise<Response> {
  const headers: Record<string, string> = { accept: '*/*', ...(init.headers as Record<string, string> | undefined) };
  const csrf = getCsrfToken();
  if (init.method && init.method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(apiUrl(path, query), { ...init, headers, credentials: 'same-origin' });
  if (!res.ok) {
    if (res.status === 401 && typeof window !== 'undefined') window.location.assign(loginUrl(window.location.pathname + window.location.search));
    throw await parseErrorResponse(res);
  }
  return res;
}

/** A GET file (Excel of a roll, of a report, of a rejected return's report), audited by the server. */
export async function downloadGet(path: string, query: Record<string, QueryValue> | undefined, fallback: string): Promise<void> {
  const res = await fileRequest(path, { method: 'GET' }, query);
  saveBlob(await res.blob(), dispositionName(res.headers.get('content-disposition'), fallback));
}

/** POST …/export: the bank file; the first export moves the roll to 已导出. */
export async function exportBankFile(rollId: string, body: { profileCode: string; format: 'csv' | 'xlsx' }, fallback: string): Promise<{ name: string; sha256: string | null }> {
  const res = await fileRequest(rollPaths.export(rollId), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const name = dispositionName(res.headers.get('content-disposition'), fallback);
  saveBlob(await res.blob(), name);
  return { name, sha256: res.headers.get('x-file-sha256') };
}

export type ReturnOutcome =
  | { status: 'accepted'; result: ReturnResult }
  | { status: 'rejected'; returnId: string; detail: string; report: ReturnProblem[] };

/**
 * POST …/returns (multipart `file`). A file that does not match the roll is an answer, not an error:
 * the line-by-line report comes back to be shown; other problems throw as usual.
 */
export async function uploadReturn(rollId: string, file: File, profileCode?: string): Promise<ReturnOutcome> {
  const body = new FormData();
  if (profileCode) body.append('profileCode', profileCode);
  body.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(apiUrl(rollPaths.returns(rollId)), { method: 'POST', headers, body, credentials: 'same-origin' });
  if (res.status === 422) {
    const problem = await res.clone().json().catch(() => null) as { code?: string; returnId?: string; detail?: string; report?: ReturnProblem[] } | null;
    if (problem?.code === 'RETURN_MISMATCH') return { status: 'rejected', returnId: problem.returnId ?? '', detail: problem.detail ?? '', report: problem.report ?? [] };
  }
  if (!res.ok) throw await parseErrorResponse(res);
  return { status: 'accepted', result: await res.json() as ReturnResult };
}
