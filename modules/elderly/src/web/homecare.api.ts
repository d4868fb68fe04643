/** The 居家养老服务 API as the pages use it (docs/api/elderly-homecare-contract.md): types, queries, mutations, downloads. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiUrl, getCsrfToken, parseErrorResponse, type QueryValue } from '@mz/ui';
import type { HomecareGroup, ProviderStatus, ServiceCategory, ServiceUnit, TimebankKind } from '../domain/homecare.names.ts';
import type { OrderApiAction, OrderState } from '../domain/homecare.rules.ts';

export interface Page<T> { items: T[]; total: number }

export interface ProviderView {
  id: string; regionCode: string; regionName: string | null; name: string; creditCode: string; contactName: string; contactPhone: string;
  serviceRegions: { code: string; name: string | null }[]; contractFrom: string; contractTo: string; status: ProviderStatus; statusName: string; inContract: boolean; version: number;
}
export interface CatalogueView {
  id: string; regionCode: string; code: string; name: string; category: ServiceCategory; categoryName: string; unit: ServiceUnit; unitName: string;
  priceFen: number; effectiveFrom: string; effectiveTo: string | null;
}
export interface BudgetParamView { id: string; regionCode: string; regionName: string | null; group: HomecareGroup; groupName: string; monthlyBudgetFen: number; fromMonth: string; toMonth: string | null }
export interface BeneficiaryView {
  id: string; personId: string; name: string; idMasked: string; sex: string; age: number; regionCode: string; regionName: string | null; groups: HomecareGroup[];
  groupNames: string[]; declaredReason: string | null; monthlyBudgetFen: number; month: string; spentFen: number; remainingFen: number; enrolledOn: string;
  stoppedOn: string | null; stopReason: string | null; note: string | null; createdByName: string | null; version: number;
}
export interface EligibilityRow {
  personId: string; name: string; idMasked: string; sex: string; birthDate: string; age: number; regionCode: string; regionName: string | null;
  groups: HomecareGroup[]; groupNames: string[]; assessmentLevel: number | null; suggestedBudgetFen: number | null;
}
export interface OrderView {
  id: string; orderNo: number; state: OrderState; stateName: string; beneficiaryId: string; personId: string; name: string; idMasked: string; regionCode: string;
  regionName: string | null; itemCode: string; itemName: string; category: ServiceCategory; categoryName: string; unit: ServiceUnit; unitName: string; priceFen: number;
  quantity: number | null; demand: string | null; plannedOn: string; serviceMonth: string; providerId: string | null; providerName: string | null; workerName: string | null;
  dispatchedAt: string | null; startedAt: string | null; endedAt: string | null; minutes: number | null; amountFen: number | null; budgetFen: number | null;
  selfPayFen: number | null; rating: number | null; visitComment: string | null; visitedAt: string | null; settlementId: string | null; cancelReason: string | null;
  createdByName: string | null; createdAt: string; version: number;
}
export interface OrderDetail extends OrderView {
  events: { action: string; actionName: string; fromState: OrderState | null; toState: OrderState; note: string | null; byName: string | null; at: string }[];
  availableActions: { key: OrderApiAction; name: string }[];
  budget: { month: string; budgetFen: number; spentFen: number; remainingFen: number };
  warning?: string | null;
}
export interface SettlementView {
  id: string; regionCode: string; providerId: string; providerName: string; creditCode: string; month: string; batchNo: number; orderCount: number;
  amountFen: number; budgetFen: number; selfPayFen: number; createdByName: string | null; createdAt: string;
}
export interface PendingSettlement { providerId: string; providerName: string; orderCount: number; amountFen: number; budgetFen: number; selfPayFen: number }
export interface TimebankAccount {
  personId: string; name: string; idMasked: string; regionCode: string; regionName: string | null; balanceMinutes: number; creditedMinutes: number; redeemedMinutes: number; updatedAt: string;
}
export interface TimebankEntry {
  id: number; kind: TimebankKind; kindName: string; minutes: number; counterpartName: string | null; serviceDate: string; description: string;
  balanceAfterMinutes: number; createdByName: string | null; createdAt: string;
}

const BASE = '/elderly/homecare';
const enc = encodeURIComponent;
const ROOT = ['elderly', 'homecare'] as const;

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ROOT });
}
function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: fn, onSuccess: async () => { await invalidate(); } });
}
const post = <O,>(path: string, body: unknown) => apiFetch<O>(path, { method: 'POST', body });

export const useProviders = () => useQuery({ queryKey: [...ROOT, 'providers'], queryFn: ({ signal }) => apiFetch<{ items: ProviderView[] }>(`${BASE}/providers`, { signal }) });
export const useCreateProvider = () => useWrite((body: Record<string, unknown>) => post<ProviderView>(`${BASE}/providers`, body));
export const useUpdateProvider = () => useWrite(({ id, body }: { id: string; body: Record<string, unknown> }) => apiFetch<ProviderView>(`${BASE}/providers/${enc(id)}`, { method: 'PATCH', body }));

export const useCatalogue = (history = false) => useQuery({
  queryKey: [...ROOT, 'catalogue', history], queryFn: ({ signal }) => apiFetch<{ items: CatalogueView[] }>(`${BASE}/catalogue`, { signal, query: { history: history ? 'true' : undefined } }),
});
export const useSaveCatalogue = () => useWrite((body: Record<string, unknown>) => post<CatalogueView>(`${BASE}/catalogue`, body));
export const useBudgetParams = () => useQuery({ queryKey: [...ROOT, 'budget-params'], queryFn: ({ signal }) => apiFetch<{ items: BudgetParamView[] }>(`${BASE}/budget-params`, { signal }) });
export const useSetBudgetParam = () => useWrite((body: Record<string, unknown>) => post<{ items: BudgetParamView[] }>(`${BASE}/budget-params`, body));

export interface BeneficiaryQuery { status?: string; group?: string; q?: string; regionCode?: string; page: number; pageSize: number }
export const useBeneficiaries = (q: BeneficiaryQuery) => useQuery({
  queryKey: [...ROOT, 'beneficiaries', q], placeholderData: keepPreviousData,
  queryFn: ({ signal }) => apiFetch<Page<BeneficiaryView> & { month: string }>(`${BASE}/beneficiaries`, { signal, query: { ...q } }),
});
export const useSuggestions = (q: { page: number; pageSize: number }, enabled: boolean) => useQuery({
  queryKey: [...ROOT, 'suggestions', q], enabled, placeholderData: keepPreviousData,
  queryFn: ({ signal }) => apiFetch<Page<EligibilityRow> & { notes: string[] }>(`${BASE}/beneficiaries/suggestions`, { signal, query: { ...q } }),
});
export const useEnrol = () => useWrite((body: Record<string, unknown>) => post<BeneficiaryView>(`${BASE}/beneficiaries`, body));
export const useStopBeneficiary = () => useWrite(({ id, body }: { id: string; body: Record<string, unknown> }) => post<BeneficiaryView>(`${BASE}/beneficiaries/${enc(id)}/stop`, body));

export interface OrderQuery { state?: string; month?: string; providerId?: string; q?: string; regionCode?: string; page: number; pageSize: number }
export const useOrders = (q: OrderQuery) => useQuery({
  queryKey: [...ROOT, 'orders', q], placeholderData: keepPreviousData,
  queryFn: ({ signal }) => apiFetch<Page<OrderView> & { counts: Record<OrderState, number> }>(`${BASE}/orders`, { signal, query: { ...q } }),
});
export const useOrder = (id: string | undefined) => useQuery({
  queryKey: [...ROOT, 'order', id ?? ''], enabled: !!id, queryFn: ({ signal }) => apiFetch<OrderDetail>(`${BASE}/orders/${enc(id!)}`, { signal }),
});
export const useRegisterOrder = () => useWrite((body: Record<string, unknown>) => post<OrderDetail>(`${BASE}/orders`, body));
export function useOrderAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: OrderApiAction; body: Record<string, unknown> }) => post<OrderDetail>(`${BASE}/orders/${enc(id)}/actions/${action}`, body),
    onSuccess: async (detail) => {
      qc.setQueryData([...ROOT, 'order', id], detail);
      await qc.invalidateQueries({ queryKey: [...ROOT, 'orders'] });
      await qc.invalidateQueries({ queryKey: [...ROOT, 'beneficiaries'] });
    },
  });
}

export const useSettlements = (month: string) => useQuery({
  queryKey: [...ROOT, 'settlements', month],
  queryFn: ({ signal }) => apiFetch<{ items: SettlementView[]; pending: PendingSettlement[] }>(`${BASE}/settlements`, { signal, query: { month } }),
});
export const useGenerateSettlement = () => useWrite((month: string) => post<{ items: SettlementView[] }>(`${BASE}/settlements`, { month }));

export const useTimebankAccounts = (q: { q?: string; page: number; pageSize: number }) => useQuery({
  queryKey: [...ROOT, 'timebank', q], placeholderData: keepPreviousData,
  queryFn: ({ signal }) => apiFetch<Page<TimebankAccount>>(`${BASE}/timebank/accounts`, { signal, query: { ...q } }),
});
export const useTimebankEntries = (personId: string | null) => useQuery({
  queryKey: [...ROOT, 'timebank-entries', personId ?? ''], enabled: !!personId,
  queryFn: ({ signal }) => apiFetch<{ items: TimebankEntry[] }>(`${BASE}/timebank/accounts/${enc(personId!)}/entries`, { signal }),
});
export const useTimebankEntry = () => useWrite(({ kind, body }: { kind: 'credit' | 'redeem'; body: Record<string, unknown> }) => post<{ balanceMinutes: number }>(`${BASE}/timebank/${kind}`, body));

/** The settlement workbook: a GET the server audits, handed to the browser as a download. */
export async function downloadSettlement(month: string): Promise<void> {
  const query: Record<string, QueryValue> = { month };
  const headers: Record<string, string> = { accept: '*/*' };
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(apiUrl(`${BASE}/settlements/export.xlsx`, query), { headers, credentials: 'same-origin' });
  if (!res.ok) throw await parseErrorResponse(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `居家养老服务结算-${month}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
