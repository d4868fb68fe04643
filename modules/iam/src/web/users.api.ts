import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@mz/ui';
import type { UserRow, UserStatus } from '@mz/iam';

export type { UserRow, UserStatus } from '@mz/iam';

export interface UserQuery {
  regionCode?: string;
  keyword?: string;
  status?: UserStatus;
  page: number;
  pageSize: number;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  regionCode: string;
  roles: string[];
  password: string;
}

export interface UpdateUserInput {
  displayName?: string;
  regionCode?: string;
  roles?: string[];
  status?: UserStatus;
}

const usersKey = ['iam', 'users'] as const;

export function useUsers(q: UserQuery) {
  return useQuery({
    queryKey: [...usersKey, q],
    queryFn: ({ signal }) =>
      apiFetch<{ items: UserRow[]; total: number }>('/users', {
        signal,
        query: { regionCode: q.regionCode, keyword: q.keyword, status: q.status, page: q.page, pageSize: q.pageSize },
      }),
    placeholderData: keepPreviousData,
  });
}

function useUserMutation<V>(fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: usersKey }) });
}

export const useCreateUser = () =>
  useUserMutation((v: CreateUserInput) => apiFetch<UserRow>('/users', { method: 'POST', body: v }));

export const useUpdateUser = () =>
  useUserMutation(({ id, ...body }: UpdateUserInput & { id: string }) =>
    apiFetch<UserRow>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  );

export const useResetPassword = () =>
  useUserMutation(({ id, password }: { id: string; password: string }) =>
    apiFetch<void>(`/users/${encodeURIComponent(id)}/reset-password`, { method: 'POST', body: { password } }),
  );

export const useUnlockUser = () =>
  useUserMutation((id: string) => apiFetch<void>(`/users/${encodeURIComponent(id)}/unlock`, { method: 'POST' }));
