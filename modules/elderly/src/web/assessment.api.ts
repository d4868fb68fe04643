/** The 老年人能力评估 API as the pages use it (docs/api/elderly-assessment-contract.md). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiUrl } from '@mz/ui';
import type { AbilityLevel, AssessmentReason, AssessmentStatus, RiskEventKind } from '../domain/assessment.names.ts';

export interface AssessmentSummary {
  id: string; personId: string; personName: string; idMasked: string; regionCode: string; regionName: string | null;
  assessedOn: string; reason: AssessmentReason; reasonName: string; status: AssessmentStatus; statusName: string;
  totalScore: number | null; preliminaryLevel: AbilityLevel | null; finalLevel: AbilityLevel | null; finalLevelName: string | null;
  nextDueOn: string | null; current: boolean; dueState: 'overdue' | 'due' | null;
  completedByName: string | null; createdByName: string | null; updatedAt: string; version: number;
}

export interface AssessmentDetail extends AssessmentSummary {
  sex: string | null; birthDate: string | null; ageOnAssessment: number | null; place: string | null;
  answers: Record<string, number>;
  dimensionScores: { code: string; name: string; score: number; max: number }[] | null;
  preliminaryLevelName: string | null;
  changeReasons: { rule: string; text: string }[];
  diagnoses: { code: string; name?: string | null }[];
  riskEvents: { kind: RiskEventKind; kindName: string; date: string; note?: string | null }[];
  assessors: { name?: string; certNo?: string }[];
  completedAt: string | null; voidedAt: string | null; voidedByName: string | null; voidReason: string | null; createdAt: string;
}

export interface AssessmentQuery {
  status?: string; level?: string; dueWithinDays?: string; overdue?: string; regionCode?: string; personId?: string; q?: string;
  page: number; pageSize: number;
}

export interface AssessmentSaveBody {
  version: number;
  assessedOn?: string;
  reason?: AssessmentReason;
  place?: string | null;
  answers?: Record<string, number | null>;
  diagnoses?: { code: string; name?: string | null }[];
  riskEvents?: { kind: RiskEventKind; date: string; note?: string | null }[];
  assessors?: { name?: string; certNo?: string }[];
}

const BASE = '/elderly/assessments';
const enc = encodeURIComponent;
export const ASSESSMENT_KEY = ['elderly', 'assessments'] as const;

export const assessmentReportUrl = (id: string) => apiUrl(`${BASE}/${enc(id)}/report.pdf`);

export function useAssessments(q: AssessmentQuery, enabled = true) {
  return useQuery({
    queryKey: [...ASSESSMENT_KEY, 'list', q],
    queryFn: ({ signal }) => apiFetch<{ items: AssessmentSummary[]; total: number }>(BASE, { signal, query: { ...q } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAssessment(id: string | undefined) {
  return useQuery({
    queryKey: [...ASSESSMENT_KEY, 'one', id ?? ''],
    queryFn: ({ signal }) => apiFetch<AssessmentDetail>(`${BASE}/${enc(id!)}`, { signal }),
    enabled: !!id,
    // Each fetch is an audited full view: do not refetch on every focus.
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
}

function useWrite<V>(fn: (v: V) => Promise<AssessmentDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (detail) => {
      qc.setQueryData([...ASSESSMENT_KEY, 'one', detail.id], detail);
      await qc.invalidateQueries({ queryKey: [...ASSESSMENT_KEY, 'list'] });
    },
  });
}

export function useCreateAssessment() {
  return useWrite((body: { personId: string; assessedOn: string; reason: AssessmentReason }) => apiFetch<AssessmentDetail>(BASE, { method: 'POST', body }));
}
export function useSaveAssessment(id: string) {
  return useWrite((body: AssessmentSaveBody) => apiFetch<AssessmentDetail>(`${BASE}/${enc(id)}`, { method: 'PATCH', body }));
}
export function useCompleteAssessment(id: string) {
  return useWrite((version: number) => apiFetch<AssessmentDetail>(`${BASE}/${enc(id)}/complete`, { method: 'POST', body: { version } }));
}
export function useVoidAssessment(id: string) {
  return useWrite((body: { version: number; reason: string }) => apiFetch<AssessmentDetail>(`${BASE}/${enc(id)}/void`, { method: 'POST', body }));
}

export interface PersonOption { id: string; name: string; idNumberMasked: string; birthDate: string; age: number; regionName: string; status: string }

/** Registry search for the person picker (name, ID number or pinyin initials), at least 2 characters. */
export function usePersonSearch(term: string) {
  const q = term.trim();
  return useQuery({
    queryKey: ['elderly', 'assessment-person-search', q],
    queryFn: ({ signal }) => apiFetch<{ items: PersonOption[] }>('/registry/persons', { signal, query: { q, page: 1, pageSize: 20 } }),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
}

/** One registry person (masked view), to label a person chosen before the page opened (复评 from a list). */
export function useRegistryPerson(id: string | null) {
  return useQuery({
    queryKey: ['elderly', 'assessment-person', id ?? ''],
    queryFn: ({ signal }) => apiFetch<PersonOption>(`/registry/persons/${enc(id!)}`, { signal }),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}
