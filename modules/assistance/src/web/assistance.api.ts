import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiUrl } from '@mz/ui';
import type { HouseholdDetail, PersonDetail, PersonSummary } from '@mz/registry';
import type {
  Breakdown, CaseDetail, CaseSummary, EdgeFamilySummary, ParamUnit, ParamValue, RecognitionQuery, RigidAssessment, RigidFamilySummary,
} from '@mz/assistance';

export type { Breakdown, CaseDetail, CaseSummary, EdgeFamilySummary, ParamUnit, ParamValue } from '@mz/assistance';
export type { HouseholdDetail, PersonDetail, PersonSummary } from '@mz/registry';

// ---- types of the contract (docs/api/assistance-contract.md) beyond the domain's view types -----

export type Programme = CaseSummary['programme'];

export interface CaseQuery {
  programme?: string;
  state?: string;
  regionCode?: string;
  overdue?: boolean;
  flag?: string;
  /** Only 低保 cases whose re-check is due now. */
  recheckDue?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

/** One policy parameter in force for a region on a date (catalog order). */
export interface EffectiveParam {
  key: string;
  name: string;
  unit: ParamUnit;
  programme: Programme;
  /** Where the rule comes from: '低保办法第二十二条'. */
  basis: string;
  value: ParamValue;
  /** The row in force; null for a catalog default or an unset key. */
  id: string | null;
  regionCode: string | null;
  regionName: string | null;
  effectiveFrom: string | null;
  /** Set by an ancestor region (or the national default), not by the region looked at. */
  inherited: boolean;
  source: 'row' | 'default' | 'unset';
}

/** One stored row of a parameter's history (rows are never edited; a later row supersedes). */
export interface ParamRow {
  id: string;
  regionCode: string;
  regionName: string;
  key: string;
  name: string;
  unit: ParamUnit;
  value: ParamValue;
  effectiveFrom: string;
  note: string | null;
  createdByName: string | null;
  createdAt: string;
}

export interface NewParamBody {
  regionCode: string;
  key: string;
  value: ParamValue;
  effectiveFrom: string;
  note: string;
}

export type OfficialRole = 'case_worker' | 'committee_member';

/** 近亲属备案: an official and a relative of theirs who may apply (低保办法第十一条). */
export interface NearKinEntry {
  id: string;
  /** Where the official serves. */
  regionCode: string;
  regionName: string | null;
  officialName: string;
  officialRole: OfficialRole;
  officialRoleName: string;
  officialUserId: string | null;
  relativePersonId: string;
  relativeName: string;
  relativeIdMasked: string;
  relation: string;
  relationName: string;
  note: string | null;
  createdAt: string;
  createdByName: string | null;
  /** Removed entries stay on record (shown on request). */
  removedAt: string | null;
  removedByName: string | null;
}

export interface NewNearKinBody {
  officialName: string;
  officialRole: OfficialRole;
  officialUserId?: string | null;
  relativePersonId: string;
  relation: string;
  regionCode?: string | null;
  note?: string | null;
}

export interface NearKinQuery {
  regionCode?: string;
  includeRemoved?: boolean;
  page: number;
  pageSize: number;
}

/** Body of POST /assistance/edge-families: the household's economic situation as 低保 records it. */
export interface NewEdgeFamilyBody {
  householdId: string;
  hukouType: 'urban' | 'rural';
  recognisedOn?: string | null;
  incomes: unknown[];
  deductions: unknown[];
  property: Record<string, number>;
  note?: string | null;
}

/** Body of POST /assistance/{edge,rigid}-families/{id}/end. */
export interface EndRecognitionBody {
  endedOn: string;
  reason: string;
}

export interface ActionBody {
  version: number;
  opinion?: string;
  attachments?: { name: string; ref: string }[];
  data?: unknown;
}

export interface CalculateBody {
  programme: Programme;
  regionCode: string;
  month: string;
  household: Record<string, unknown>;
}

export interface SpotCheckResult {
  drawn: string[];
  pool: number;
}

/** A registry household as the households list returns it. */
export interface HouseholdRow {
  id: string;
  regionCode: string;
  regionName: string;
  address: string;
  headName: string | null;
  headIdNumberMasked: string | null;
  memberCount: number;
}

// ---- keys ----------------------------------------------------------------------------------------

/** Everything a case action or a new case may change (lists, queue, details, overdue). */
const casesKey = ['assistance', 'cases'] as const;
const keys = {
  cases: (q: unknown) => [...casesKey, 'list', q] as const,
  queue: [...casesKey, 'queue'] as const,
  case: (id: string) => [...casesKey, 'detail', id] as const,
  calculate: (body: unknown) => ['assistance', 'calculate', body] as const,
  params: (regionCode: string, on: string) => ['assistance', 'params', 'effective', regionCode, on] as const,
  paramHistory: (regionCode: string, key: string) => ['assistance', 'params', 'history', regionCode, key] as const,
  nearKin: ['assistance', 'near-kin'] as const,
  nearKinList: (q: unknown) => ['assistance', 'near-kin', q] as const,
  register: (path: RegisterPath) => ['assistance', path] as const,
  registerList: (path: RegisterPath, q: unknown) => ['assistance', path, q] as const,
  households: (q: string, regionCode?: string) => ['registry', 'data', 'assistance-household-search', q, regionCode ?? ''] as const,
  household: (id: string) => ['registry', 'data', 'household', id, ''] as const,
  person: (id: string) => ['registry', 'data', 'person', id] as const,
  personSearch: (q: string, regionCode?: string) => ['registry', 'data', 'person-search', q, regionCode ?? ''] as const,
};

const enc = encodeURIComponent;

// ---- cases ---------------------------------------------------------------------------------------

export function useCases(q: CaseQuery) {
  return useQuery({
    queryKey: keys.cases(q),
    queryFn: ({ signal }) =>
      apiFetch<{ items: CaseSummary[]; total: number }>('/assistance/cases', {
        signal,
        query: { ...q, overdue: q.overdue ? 'true' : undefined, recheckDue: q.recheckDue ? 'true' : undefined },
      }),
    placeholderData: keepPreviousData,
  });
}

/** GET /assistance/queue: cases the caller can act on now, earliest due first. */
export function useQueue() {
  return useQuery({
    queryKey: keys.queue,
    queryFn: ({ signal }) => apiFetch<{ items: CaseSummary[] }>('/assistance/queue', { signal }),
    // Colleagues act on the same cases; a queue left open should not offer yesterday's work.
    refetchInterval: 60_000,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: keys.case(id ?? ''),
    queryFn: ({ signal }) => apiFetch<CaseDetail>(`/assistance/cases/${enc(id!)}`, { signal }),
    enabled: !!id,
    // Each read is audited as a view of personal data: read when the page is opened (colleagues may
    // have acted since), never in the background.
    staleTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

export function useCreateCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<CaseDetail>('/assistance/cases', { method: 'POST', body }),
    onSuccess: (detail) => {
      qc.setQueryData(keys.case(detail.id), detail);
      void qc.invalidateQueries({ queryKey: casesKey, predicate: (q) => q.queryKey[2] !== 'detail' });
    },
  });
}

/** POST /assistance/cases/{id}/actions/{action}; the answer is the updated case. */
export function useCaseAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: string; body: ActionBody }) =>
      apiFetch<CaseDetail>(`/assistance/cases/${enc(id)}/actions/${enc(action)}`, { method: 'POST', body }),
    onSuccess: (detail) => {
      qc.setQueryData(keys.case(id), detail);
      void qc.invalidateQueries({ queryKey: casesKey, predicate: (q) => q.queryKey[2] !== 'detail' });
    },
  });
}

/** Re-reads a case (after a version conflict, for instance). */
export function useRefreshCase() {
  const qc = useQueryClient();
  return (id: string) => qc.invalidateQueries({ queryKey: keys.case(id) });
}

/** POST /assistance/calculate: a trial calculation, nothing saved. `null` = not enough input yet. */
export function useCalculation(body: CalculateBody | null) {
  return useQuery({
    queryKey: keys.calculate(body),
    queryFn: ({ signal }) => apiFetch<Breakdown>('/assistance/calculate', { method: 'POST', body: body!, signal }),
    enabled: !!body,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}

export const noticePdfUrl = (id: string) => apiUrl(`/assistance/cases/${enc(id)}/notice.pdf`);
/**
 * 公示名单 (name, household size, amount only). `preliminary` lists the cases now in 公示 after
 * 初审; `decided` the confirmed recipients.
 */
export const publicityPdfUrl = (regionCode: string, programme: string, stage: 'preliminary' | 'decided' = 'decided', periodFrom?: string) =>
  apiUrl('/assistance/publicity.pdf', { regionCode, programme, stage, periodFrom });

export function useSpotCheck() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (countyCode: string) =>
      apiFetch<SpotCheckResult>('/assistance/tekun/spot-checks', { method: 'POST', body: { countyCode } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: casesKey }),
  });
}

// ---- policy parameters ---------------------------------------------------------------------------

export function useEffectiveParams(regionCode: string | undefined, on: string) {
  return useQuery({
    queryKey: keys.params(regionCode ?? '', on),
    queryFn: ({ signal }) =>
      apiFetch<{ items: EffectiveParam[] }>('/assistance/params', { signal, query: { regionCode, on } }),
    enabled: !!regionCode,
    placeholderData: keepPreviousData,
  });
}

export function useParamHistory(regionCode: string | undefined, key: string | undefined) {
  return useQuery({
    queryKey: keys.paramHistory(regionCode ?? '', key ?? ''),
    queryFn: ({ signal }) =>
      apiFetch<{ items: ParamRow[] }>('/assistance/params/history', { signal, query: { regionCode, key } }),
    enabled: !!regionCode && !!key,
  });
}

export function useAddParam() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewParamBody) => apiFetch<ParamRow>('/assistance/params', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['assistance', 'params'] }),
  });
}

// ---- 近亲属备案 ----------------------------------------------------------------------------------

export function useNearKin(q: NearKinQuery) {
  return useQuery({
    queryKey: keys.nearKinList(q),
    queryFn: ({ signal }) =>
      apiFetch<{ items: NearKinEntry[]; total: number }>('/assistance/near-kin', {
        signal,
        query: { ...q, includeRemoved: q.includeRemoved ? 'true' : undefined },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useAddNearKin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewNearKinBody) => apiFetch<NearKinEntry>('/assistance/near-kin', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.nearKin }),
  });
}

export function useRemoveNearKin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/assistance/near-kin/${enc(id)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.nearKin }),
  });
}

// ---- 低保边缘家庭 -------------------------------------------------------------------------------

export function useEdgeFamilies(q: RecognitionQuery) {
  return useRecognitions<EdgeFamilySummary>('edge-families', q);
}

/** POST /assistance/edge-families: the 低保 calculator decides; a household that does not qualify gets 409 with the reason. */
export function useRecogniseEdgeFamily() {
  return useRecognise<NewEdgeFamilyBody, EdgeFamilySummary & { breakdown: Breakdown }>('edge-families');
}

export function useEndEdgeFamily() {
  return useEndRecognition<EdgeFamilySummary>('edge-families');
}

// ---- the household registers' calls, one path each ------------------------------------------------

type RegisterPath = 'edge-families' | 'rigid-families';

function useRecognitions<T>(path: RegisterPath, q: RecognitionQuery) {
  return useQuery({
    queryKey: keys.registerList(path, q),
    queryFn: ({ signal }) =>
      apiFetch<{ items: T[]; total: number }>(`/assistance/${path}`, {
        signal,
        query: { ...q, active: q.active === undefined ? undefined : String(q.active) },
      }),
    placeholderData: keepPreviousData,
  });
}

function useRecognise<B, T>(path: RegisterPath) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => apiFetch<T>(`/assistance/${path}`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.register(path) }),
  });
}

function useEndRecognition<T>(path: RegisterPath) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: EndRecognitionBody }) =>
      apiFetch<T>(`/assistance/${path}/${enc(id)}/end`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.register(path) }),
  });
}

// ---- the registry, through its HTTP API (another module's pages are not ours to import) ---------

/** Households by 户主姓名 / 身份证号 / 地址, first 20. */
export function useHouseholdSearch(term: string, regionCode?: string) {
  const q = term.trim();
  return useQuery({
    queryKey: keys.households(q, regionCode),
    queryFn: ({ signal }) =>
      apiFetch<{ items: HouseholdRow[]; total: number }>('/registry/households', {
        signal,
        query: { q: q || undefined, regionCode, page: 1, pageSize: 20 },
      }),
    placeholderData: keepPreviousData,
  });
}

/** A household with today's members. */
export function useHousehold(id: string | undefined) {
  return useQuery({
    queryKey: keys.household(id ?? ''),
    queryFn: ({ signal }) => apiFetch<HouseholdDetail>(`/registry/households/${enc(id!)}`, { signal }),
    enabled: !!id,
  });
}

/** One person, masked (age, 户籍类型 and disability feed the 特困 calculation). */
export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: keys.person(id ?? ''),
    queryFn: ({ signal }) => apiFetch<PersonDetail>(`/registry/persons/${enc(id!)}`, { signal }),
    enabled: !!id,
  });
}

/** Persons by ID number, name part or pinyin initials, first 20. */
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

/** Forget cached registry look-ups (after registering a household in another tab). */
export function useRefreshRegistry() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['registry', 'data'] });
}

// ---- inline household registration (registry API) ----------------------------------------------

/** GB/T 4761 relations (与户主关系) from the registry's code tables. */
export function useRelationCodes() {
  return useQuery({
    queryKey: ['registry', 'codes'] as const,
    queryFn: ({ signal }) => apiFetch<{ relations: { code: string; name: string }[] }>('/registry/codes', { signal }),
    staleTime: Infinity,
  });
}

/** The registry calls of 登记新家庭 (household-register.ts), and a cache refresh once it is saved. */
export function useRegistryCalls() {
  const qc = useQueryClient();
  return {
    createPerson: (body: Record<string, unknown>) => apiFetch<{ id: string }>('/registry/persons', { method: 'POST', body }),
    findByIdNumber: async (idNumber: string) =>
      (await apiFetch<{ items: PersonSummary[] }>('/registry/persons', { query: { q: idNumber, page: 1, pageSize: 5 } })).items,
    createHousehold: async (body: Record<string, unknown>) => {
      const saved = await apiFetch<HouseholdDetail>('/registry/households', { method: 'POST', body });
      await qc.invalidateQueries({ queryKey: ['registry', 'data'] });
      return saved;
    },
  };
}

// ---- 刚性支出困难家庭 -----------------------------------------------------------------------------

export function useRigidFamilies(q: RecognitionQuery) {
  return useRecognitions<RigidFamilySummary>('rigid-families', q);
}

/** POST /assistance/rigid-families: the rule decides; a household that does not qualify gets 409 with the reasons. */
export function useRecogniseRigidFamily() {
  return useRecognise<Record<string, unknown>, RigidFamilySummary & { assessment: RigidAssessment }>('rigid-families');
}

export function useEndRigidFamily() {
  return useEndRecognition<RigidFamilySummary>('rigid-families');
}
