/** The 统计与监测 API as the pages use it (docs/api/statistics-contract.md). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiUrl } from '@mz/ui';
import type { ReportKind, ValueFormat } from '../domain/index.ts';

export interface IndicatorView {
  code: string; name: string; unit: string; group: string; numerator: string; denominator: string | null; sourceModule: string; source: string;
  recordName: string; period: string; periodName: string; nature: 'stock' | 'flow'; natureName: string; additive: boolean; refresh: string; refreshName: string;
  format: ValueFormat; scale: number; headline: boolean;
}
export interface Change { delta: number; rate: number | null }
export interface Headline {
  indicator: string; name: string; unit: string; format: ValueFormat; group: string; value: number | null; previous: number | null; lastYear: number | null;
  mom: Change | null; yoy: Change | null; trend: { month: string; value: number | null }[];
}
export interface Dashboard {
  regionCode: string; regionName: string; level: number; month: string; refreshedAt: string | null; headlines: Headline[];
  columns: { indicator: string; name: string; unit: string; format: ValueFormat }[];
  children: { regionCode: string; regionName: string; level: number; values: Record<string, number | null> }[];
  rankBy: string; ranking: { regionCode: string; regionName: string; value: number | null }[];
}
export interface RecordsPage {
  indicator: string; indicatorName: string; unit: string; recordName: string; regionCode: string; regionName: string; month: string; total: number; measureTotal: number;
  items: { recordId: string; regionCode: string; regionName: string | null; name: string | null; idMasked: string | null; note: string | null; amountFen: number | null; measure: number }[];
}
export interface ReportView {
  id: string; kind: ReportKind; kindName: string; period: string; regionCode: string; regionName: string | null; status: 'draft' | 'submitted'; version: number;
  indicators: string[]; generatedByName: string; generatedAt: string; submittedByName: string | null; submittedAt: string | null;
}
export interface ReportDetail extends ReportView {
  content: {
    months: string[]; columns: { indicator: string; name: string; unit: string; format: ValueFormat; additive: boolean }[];
    rows: { regionCode: string; regionName: string; values: (number | null)[] }[]; total: { regionCode: string; regionName: string; values: (number | null)[] };
  };
}

export const useIndicators = () => useQuery({ queryKey: ['statistics', 'indicators'], queryFn: () => apiFetch<{ items: IndicatorView[] }>('/statistics/indicators'), staleTime: 300_000 });

export const useDashboard = (q: { regionCode?: string; month?: string; rankBy?: string }) => useQuery({
  queryKey: ['statistics', 'dashboard', q], queryFn: () => apiFetch<Dashboard>('/statistics/dashboard', { query: q }), placeholderData: keepPreviousData,
});

export const useRecords = (q: { indicator: string; month: string; regionCode?: string; page: number; pageSize: number }) => useQuery({
  queryKey: ['statistics', 'records', q], queryFn: () => apiFetch<RecordsPage>('/statistics/records', { query: q }), placeholderData: keepPreviousData, enabled: !!q.indicator && !!q.month,
});

export const useReports = (q: { period?: string; regionCode?: string }) => useQuery({
  queryKey: ['statistics', 'reports', q], queryFn: () => apiFetch<{ items: ReportView[] }>('/statistics/reports', { query: q }),
});

export const useReport = (id: string | undefined) => useQuery({
  queryKey: ['statistics', 'report', id], queryFn: () => apiFetch<ReportDetail>(`/statistics/reports/${id}`), enabled: !!id,
});

export function useGenerateReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { kind: ReportKind; period: string; regionCode?: string; indicators: string[] }) => apiFetch<ReportDetail>('/statistics/reports', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['statistics'] }),
  });
}

export function useSubmitReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (r: { id: string; version: number }) => apiFetch<ReportDetail>(`/statistics/reports/${r.id}/submit`, { method: 'POST', body: { version: r.version } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['statistics'] }),
  });
}

export function useQueueRefresh() {
  return useMutation({ mutationFn: (month: string) => apiFetch<{ jobId: string }>('/statistics/refreshes', { method: 'POST', body: { month } }) });
}

export const reportXlsxUrl = (id: string) => apiUrl(`/statistics/reports/${id}/report.xlsx`);

export interface RefreshJob { id: string; status: 'queued' | 'running' | 'succeeded' | 'failed'; error: string | null }

/** GET /jobs/{id} every second until the refresh has finished; then the figures are read again. */
export function useRefreshJob(id: string | undefined) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ['statistics', 'job', id],
    queryFn: async ({ signal }) => {
      const job = await apiFetch<RefreshJob>(`/jobs/${encodeURIComponent(id!)}`, { signal });
      if (job.status === 'succeeded') await qc.invalidateQueries({ queryKey: ['statistics', 'dashboard'] });
      return job;
    },
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'succeeded' || q.state.data?.status === 'failed' || q.state.error ? false : 1000),
    staleTime: 0,
  });
}
