/** The 高龄津贴与养老补贴 API as the pages use it (docs/api/elderly-allowance-contract.md). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@mz/ui';
import type { AgeBracket, AllowanceMode, AllowanceProgramme, LevelAmount, LowIncomeBasis, RunItemKind, RunScheme, StartRule, StopReason } from '../domain/allowance.rules.ts';

export interface Page<T> { items: T[]; total: number }

export interface ParamsView {
  id: string; regionCode: string; regionName: string | null; effectiveFrom: string; brackets: AgeBracket[]; mode: AllowanceMode; proactive: boolean;
  startRule: StartRule; subsidyMinAge: number; serviceLevels: LevelAmount[]; careLevels: LevelAmount[]; demo: boolean; note: string;
  createdByName: string | null; createdAt: string;
}
export interface RunView {
  id: string; scheme: RunScheme; schemeName: string; regionCode: string; regionName: string | null; month: string; status: 'draft' | 'approved'; statusName: string; paramId: string;
  proactive: boolean; mode: string; demoParams: boolean; version: number; counts: Record<RunItemKind, number>; newMonthlyFen: number;
  createdByName: string | null; generatedAt: string; approvedByName: string | null; approvedAt: string | null;
}
export interface RunItemView {
  personId: string; regionCode: string; regionName: string | null; kind: RunItemKind; kindName: string; personName: string; idMasked: string; birthDate: string;
  age: number | null; bracket: string | null; monthlyFen: number | null; previousFen: number | null; enrolmentId: string | null; effectiveMonth: string | null;
  lastMonth: string | null; lowIncome: LowIncomeBasis | null; deathDate: string | null; programme: AllowanceProgramme; programmeName: string;
  level: number | null; previousLevel: number | null; assessedOn: string | null; nextDueOn: string | null; lowIncomeUntil: string | null; reason: string;
}
export interface ApplicationView {
  id: string; programme: AllowanceProgramme; programmeName: string; personId: string; personName: string; idMasked: string; birthDate: string; regionCode: string;
  regionName: string | null; fromMonth: string; status: 'submitted' | 'approved' | 'rejected'; statusName: string; lowIncome: LowIncomeBasis | null;
  lowIncomeName: string | null; incomeConfirmed: boolean; incomeNote: string | null; level: number | null; monthlyFen: number; note: string | null;
  submittedByName: string | null; submittedAt: string; decidedByName: string | null; decidedAt: string | null; opinion: string | null; enrolmentId: string | null; version: number;
}
export interface EnrolmentView {
  id: string; programme: AllowanceProgramme; programmeName: string; personId: string; personName: string; idMasked: string; birthDate: string; regionCode: string;
  regionName: string | null; status: 'active' | 'stopped'; statusName: string; sinceMonth: string; monthlyFen: number; bracket: string | null; level: number | null;
  lowIncome: LowIncomeBasis | null; lowIncomeName: string | null; origin: 'proactive' | 'application'; originName: string; lastMonth: string | null;
  stopReason: StopReason | null; stopReasonName: string | null; stopNote: string | null; assessmentLevel: number | null; nextDueOn: string | null;
  reassessment: 'overdue' | 'due' | null; levelChanged: boolean; version: number;
}
export interface EnrolmentDetail extends EnrolmentView {
  events: { kind: string; kindName: string; month: string; monthlyFen: number | null; note: string; byName: string | null; at: string }[];
}
export interface PersonOption { id: string; name: string; idNumberMasked: string; age: number; regionName: string }

const BASE = '/elderly';
const root = ['elderly', 'allowance'] as const;

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: root });
}

export function useParams(month?: string) {
  return useQuery({
    queryKey: [...root, 'params', month],
    queryFn: ({ signal }) => apiFetch<{ items: ParamsView[]; effective: ParamsView | null; month: string }>(`${BASE}/allowance-params`, { signal, query: { month } }),
  });
}
export function useCreateParams() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: unknown) => apiFetch<ParamsView>(`${BASE}/allowance-params`, { method: 'POST', body }), onSuccess: invalidate });
}

export function useRuns(scheme: RunScheme, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...root, 'runs', scheme, page, pageSize],
    queryFn: ({ signal }) => apiFetch<Page<RunView>>(`${BASE}/allowance-runs`, { signal, query: { scheme, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}
export function useRun(id: string) {
  return useQuery({ queryKey: [...root, 'run', id], queryFn: ({ signal }) => apiFetch<RunView>(`${BASE}/allowance-runs/${id}`, { signal }) });
}
export function useRunItems(id: string, kind: string | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...root, 'run-items', id, kind, page, pageSize],
    queryFn: ({ signal }) => apiFetch<Page<RunItemView>>(`${BASE}/allowance-runs/${id}/items`, { signal, query: { kind, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}
export function useGenerateRun() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (r: { month: string; scheme: RunScheme }) => apiFetch<RunView>(`${BASE}/allowance-runs`, { method: 'POST', body: r }), onSuccess: invalidate,
  });
}
export function useApproveRun() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (r: { id: string; version: number }) => apiFetch<RunView>(`${BASE}/allowance-runs/${r.id}/approve`, { method: 'POST', body: { version: r.version } }),
    onSuccess: invalidate,
  });
}

export function useApplications(q: { programme?: string; scheme?: string; status?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...root, 'applications', q],
    queryFn: ({ signal }) => apiFetch<Page<ApplicationView>>(`${BASE}/allowance-applications`, { signal, query: q }),
    placeholderData: keepPreviousData,
  });
}
export function useSubmitApplication() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: unknown) => apiFetch<ApplicationView>(`${BASE}/allowance-applications`, { method: 'POST', body }), onSuccess: invalidate });
}
export function useDecideApplication() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (d: { id: string; decision: 'approve' | 'reject'; version: number; opinion?: string }) =>
      apiFetch<ApplicationView>(`${BASE}/allowance-applications/${d.id}/${d.decision}`, { method: 'POST', body: { version: d.version, opinion: d.opinion || undefined } }),
    onSuccess: invalidate,
  });
}

export function useEnrolments(q: { programme?: string; scheme?: string; personId?: string; status?: string; q?: string; reassessment?: string; page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: [...root, 'enrolments', q],
    queryFn: ({ signal }) => apiFetch<Page<EnrolmentView>>(`${BASE}/allowance-enrolments`, { signal, query: q }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
export function useEnrolment(id: string | null) {
  return useQuery({
    queryKey: [...root, 'enrolment', id],
    queryFn: ({ signal }) => apiFetch<EnrolmentDetail>(`${BASE}/allowance-enrolments/${id}`, { signal }),
    enabled: !!id,
  });
}
export function useStopEnrolment() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (s: { id: string; body: unknown }) => apiFetch<EnrolmentDetail>(`${BASE}/allowance-enrolments/${s.id}/stop`, { method: 'POST', body: s.body }),
    onSuccess: invalidate,
  });
}
export function useLevelChange() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (s: { id: string; version: number; fromMonth: string }) =>
      apiFetch<EnrolmentDetail>(`${BASE}/allowance-enrolments/${s.id}/level-change`, { method: 'POST', body: { version: s.version, fromMonth: s.fromMonth } }),
    onSuccess: invalidate,
  });
}

/** Persons of the caller's jurisdiction by 身份证号 / 姓名 / 拼音首字母 (the registry's search). */
export function usePersonOptions(term: string) {
  const q = term.trim();
  return useQuery({
    queryKey: [...root, 'person-search', q],
    queryFn: ({ signal }) => apiFetch<Page<PersonOption>>('/registry/persons', { signal, query: { q, sort: 'name', order: 'asc', page: 1, pageSize: 20 } }),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
}

export interface LedgerVersion { id: string; fromMonth: string; toMonth: string | null; monthlyAmountFen: number; current: boolean; ruleVersion: string; origin: { reason: string } }

/** The enrolment's series in the payments ledger (every version), for readers of 资金发放. */
export function useLedgerVersions(enrolmentId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...root, 'ledger', enrolmentId],
    queryFn: ({ signal }) => apiFetch<Page<LedgerVersion>>('/payments/entitlements', { signal, query: { sourceModule: 'elderly', sourceId: enrolmentId ?? '', pageSize: 100 } }),
    enabled: enabled && !!enrolmentId,
  });
}
