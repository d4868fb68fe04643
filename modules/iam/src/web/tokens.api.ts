import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@mz/ui';
import type { TokenRow } from '@mz/iam';

/** An integration's token as listed (the secret itself is never returned again). */
export type ApiToken = TokenRow;

export interface CreateTokenInput {
  name: string;
  regionCode: string;
  permissions: string[];
  /** ISO date (YYYY-MM-DD). */
  expiresAt?: string;
}

const tokensKey = ['iam', 'api-tokens'] as const;

export function useTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: async ({ signal }) => (await apiFetch<{ items: ApiToken[] }>('/api-tokens', { signal })).items,
  });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: CreateTokenInput) => apiFetch<{ token: string; item: ApiToken }>('/api-tokens', { method: 'POST', body: v }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api-tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
}

export type TokenState = 'active' | 'expired' | 'revoked';

export function tokenState(t: Pick<ApiToken, 'revokedAt' | 'expiresAt'>, now: Date = new Date()): TokenState {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && expiryTime(t.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** A date-only expiry (YYYY-MM-DD) is taken to mean "valid through that day" (local time). */
function expiryTime(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1).getTime();
  return Date.parse(value);
}
