import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './api.ts';
import type { RegionDetail, RegionNode } from './region.ts';

export const regionKeys = {
  detail: (code: string) => ['regions', 'detail', code] as const,
  children: (code: string) => ['regions', 'children', code] as const,
};

export function fetchRegion(code: string): Promise<RegionDetail> {
  return apiFetch<RegionDetail>(`/regions/${encodeURIComponent(code)}`);
}

export async function fetchRegionChildren(code: string): Promise<RegionNode[]> {
  const res = await apiFetch<{ items: RegionNode[] }>(`/regions/${encodeURIComponent(code)}/children`);
  return res.items;
}

/** Region names change rarely: cache them for the session. */
const REGION_STALE = 30 * 60_000;

export function useRegion(code: string | undefined) {
  return useQuery({
    queryKey: regionKeys.detail(code ?? ''),
    queryFn: () => fetchRegion(code!),
    enabled: !!code,
    staleTime: REGION_STALE,
  });
}

export function useRegionChildren(code: string | undefined) {
  return useQuery({
    queryKey: regionKeys.children(code ?? ''),
    queryFn: () => fetchRegionChildren(code!),
    enabled: !!code,
    staleTime: REGION_STALE,
  });
}

export const regionQueryOptions = {
  detail: (code: string) => ({ queryKey: regionKeys.detail(code), queryFn: () => fetchRegion(code), staleTime: REGION_STALE }),
  children: (code: string) => ({
    queryKey: regionKeys.children(code),
    queryFn: () => fetchRegionChildren(code),
    staleTime: REGION_STALE,
  }),
};
