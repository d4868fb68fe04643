import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './api.ts';

export interface PermissionInfo {
  code: string;
  name: string;
}

/** GET /api/v1/permissions: every permission code with its Chinese name. */
export function usePermissions() {
  return useQuery({
    queryKey: ['permissions'],
    queryFn: async () => (await apiFetch<{ items: PermissionInfo[] }>('/permissions')).items,
    staleTime: 30 * 60_000,
  });
}

/** code → Chinese name, falling back to the code itself. */
export function permissionNamer(items: PermissionInfo[] | undefined): (code: string) => string {
  const names = new Map((items ?? []).map((p) => [p.code, p.name]));
  return (code) => names.get(code) ?? code;
}
