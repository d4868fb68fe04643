/** The quality API as the pages use it (docs/api/elderly-quality-contract.md). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@mz/ui';
import type {
  CheckCategory, CheckResult, FindingAction, FindingSeverity, FindingStatus, GradePartKey, GradeResult, GradeThreshold, IndicatorCounts, IndicatorValue,
  InspectionKind, PartScores, RatingAction, RatingStatus, RectifyDays,
} from '../domain/index.ts';

export interface Page<T> { items: T[]; total: number }
const BASE = '/elderly';
const enc = encodeURIComponent;
const root = ['elderly-quality'] as const;

export interface InstitutionPick { id: string; name: string; kind: string; status: string; regionCode: string; regionName: string | null; grade: number | null; gradedOn: string | null }
export interface ResolvedParam<V> { id: string | null; regionCode: string | null; regionName: string | null; effectiveFrom: string | null; value: V; source: string }
export interface ParamRow { id: string; kind: 'grade_thresholds' | 'rectify_days'; regionCode: string; regionName: string | null; effectiveFrom: string; value: unknown; note: string | null; createdByName: string | null; createdAt: string }
export interface QualityParams { gradeThresholds: ResolvedParam<GradeThreshold[]>; rectifyDays: ResolvedParam<RectifyDays>; versions: ParamRow[] }

export interface RatingView {
  id: string; ratingNo: number; institutionId: string; institutionName: string; regionCode: string; regionName: string | null;
  status: RatingStatus; statusName: string; ratedOn: string; scores: PartScores; total: number; grade: number | null; gradeName: string; gradedOn: string | null;
  evaluators: string | null; createdByName: string | null; submittedByName: string | null; confirmedByName: string | null; confirmedAt: string | null; version: number;
}
export interface RatingDetail extends RatingView {
  itemNotes: Partial<Record<GradePartKey, string>>; opinion: string | null; result: GradeResult; thresholds: GradeThreshold[]; thresholdsSource: string;
  events: { action: string; actionName: string; fromStatus: string | null; toStatus: string; opinion: string | null; byName: string | null; at: string }[];
  availableActions: { key: RatingAction; name: string }[];
}
export interface CheckItem { code: string; category: CheckCategory; categoryName: string; seq: number; title: string; basis: string; usualSeverity: FindingSeverity }
export interface InspectionView {
  id: string; inspectionNo: number; institutionId: string; institutionName: string; regionCode: string; regionName: string | null; kind: InspectionKind; kindName: string;
  inspectedOn: string; inspectors: string[]; itemsChecked: number; itemsFailed: number; openFindings: number; overdueFindings: number; createdByName: string | null; createdAt: string;
}
export interface FindingView {
  id: string; inspectionId: string; inspectionNo: number; institutionId: string; institutionName: string; regionCode: string; regionName: string | null;
  itemCode: string; itemTitle: string; category: CheckCategory; severity: FindingSeverity; severityName: string; description: string; foundOn: string; deadline: string;
  status: FindingStatus; statusName: string; overdue: boolean; daysLeft: number; rectifiedOn: string | null; rectification: string | null; rectifiedByName: string | null;
  verifiedOn: string | null; verifiedByName: string | null; version: number;
}
export interface InspectionDetail extends InspectionView {
  summary: string | null; items: { itemCode: string; category: CheckCategory; title: string; result: CheckResult; resultName: string; note: string | null }[]; findings: FindingView[];
}
export interface FindingDetail extends FindingView {
  events: { action: FindingAction; actionName: string; fromStatus: FindingStatus; toStatus: FindingStatus; note: string | null; byName: string | null; at: string }[];
  availableActions: { key: FindingAction; name: string }[];
}
export interface OpenFindingsRow { institutionId: string; institutionName: string; regionCode: string; regionName: string | null; open: number; awaitingVerification: number; overdue: number; major: number; earliestDeadline: string | null }
export interface IndicatorRow { regionCode: string; regionName: string; level: number; hasChildren: boolean; direct: boolean; counts: IndicatorCounts; values: IndicatorValue[] }
export interface IndicatorReport { region: { code: string; name: string; level: number; parentCode: string | null }; date: string; total: IndicatorRow; children: IndicatorRow[] }

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: root });
}

export function useInstitutionPicks(careHomesOnly = false) {
  return useQuery({
    queryKey: [...root, 'institutions', careHomesOnly],
    queryFn: ({ signal }) => apiFetch<{ items: InstitutionPick[] }>(`${BASE}/quality/institutions`, { signal, query: { careHomesOnly: careHomesOnly ? 'true' : undefined } }),
    staleTime: 60_000,
  });
}
export function useQualityParams(regionCode?: string, date?: string) {
  return useQuery({
    queryKey: [...root, 'params', regionCode ?? null, date ?? null],
    queryFn: ({ signal }) => apiFetch<QualityParams>(`${BASE}/quality/params`, { signal, query: { regionCode, date } }),
  });
}
export function useAddParam() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: Record<string, unknown>) => apiFetch<ParamRow>(`${BASE}/quality/params`, { method: 'POST', body }), onSuccess: invalidate });
}

export interface RatingQuery { regionCode?: string; status?: string; institutionId?: string; page: number; pageSize: number }
export function useRatings(q: RatingQuery) {
  return useQuery({ queryKey: [...root, 'ratings', q], queryFn: ({ signal }) => apiFetch<Page<RatingView>>(`${BASE}/ratings`, { signal, query: { ...q } }), placeholderData: keepPreviousData });
}
export function useRating(id: string | undefined) {
  return useQuery({ queryKey: [...root, 'rating', id ?? ''], queryFn: ({ signal }) => apiFetch<RatingDetail>(`${BASE}/ratings/${enc(id!)}`, { signal }), enabled: !!id });
}
export function useSaveRating(id?: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<RatingDetail>(id ? `${BASE}/ratings/${enc(id)}` : `${BASE}/ratings`, { method: id ? 'PATCH' : 'POST', body }),
    onSuccess: invalidate,
  });
}
export function useRatingAction(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { action: RatingAction; opinion?: string; version: number }) => apiFetch<RatingDetail>(`${BASE}/ratings/${enc(id)}/actions`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useCheckItems() {
  return useQuery({ queryKey: [...root, 'items'], queryFn: ({ signal }) => apiFetch<{ items: CheckItem[] }>(`${BASE}/inspection-items`, { signal }), staleTime: 300_000 });
}
export interface InspectionQuery { regionCode?: string; institutionId?: string; kind?: string; page: number; pageSize: number }
export function useInspections(q: InspectionQuery) {
  return useQuery({ queryKey: [...root, 'inspections', q], queryFn: ({ signal }) => apiFetch<Page<InspectionView>>(`${BASE}/inspections`, { signal, query: { ...q } }), placeholderData: keepPreviousData });
}
export function useInspection(id: string | undefined) {
  return useQuery({ queryKey: [...root, 'inspection', id ?? ''], queryFn: ({ signal }) => apiFetch<InspectionDetail>(`${BASE}/inspections/${enc(id!)}`, { signal }), enabled: !!id });
}
export function useCreateInspection() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: Record<string, unknown>) => apiFetch<InspectionDetail>(`${BASE}/inspections`, { method: 'POST', body }), onSuccess: invalidate });
}
export interface FindingQuery { regionCode?: string; status?: string; overdue?: string; severity?: string; institutionId?: string; page: number; pageSize: number }
export function useFindings(q: FindingQuery) {
  return useQuery({ queryKey: [...root, 'findings', q], queryFn: ({ signal }) => apiFetch<Page<FindingView>>(`${BASE}/findings`, { signal, query: { ...q } }), placeholderData: keepPreviousData });
}
export function useOpenFindingsByInstitution(regionCode?: string) {
  return useQuery({
    queryKey: [...root, 'by-institution', regionCode ?? null],
    queryFn: ({ signal }) => apiFetch<{ items: OpenFindingsRow[] }>(`${BASE}/findings/by-institution`, { signal, query: { regionCode } }),
  });
}
export function useFinding(id: string | undefined) {
  return useQuery({ queryKey: [...root, 'finding', id ?? ''], queryFn: ({ signal }) => apiFetch<FindingDetail>(`${BASE}/findings/${enc(id!)}`, { signal }), enabled: !!id });
}
export function useFindingAction(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { action: FindingAction; note?: string; rectifiedOn?: string; version: number }) => apiFetch<FindingDetail>(`${BASE}/findings/${enc(id)}/actions`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useIndicators(region: string | undefined, date: string | undefined) {
  return useQuery({
    queryKey: [...root, 'indicators', region ?? null, date ?? null],
    queryFn: ({ signal }) => apiFetch<IndicatorReport>(`${BASE}/indicators`, { signal, query: { region, date } }),
    placeholderData: keepPreviousData,
  });
}
