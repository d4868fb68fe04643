import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@mz/ui';

export interface Role {
  code: string;
  name: string;
  description: string;
  permissions: string[];
}

/** GET /roles (needs user.read). */
export function useRoles(enabled = true) {
  return useQuery({
    queryKey: ['iam', 'roles'],
    queryFn: async () => (await apiFetch<{ items: Role[] }>('/roles')).items,
    staleTime: 10 * 60_000,
    enabled,
  });
}

export function roleNamer(roles: Role[] | undefined): (code: string) => string {
  const names = new Map((roles ?? []).map((r) => [r.code, r.name]));
  return (code) => names.get(code) ?? code;
}
