import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from './api.ts';
import { fetchSession, hasPermission, postLogin, postLogout, sessionKey, type Me, type SessionPayload } from './session.api.ts';

export interface Session {
  /** `undefined` while loading, `null` when signed out. */
  me: Me | null | undefined;
  csrfToken: string | null;
  loading: boolean;
  /** A failure other than "not signed in" (server down, for instance). */
  error: ApiError | null;
  refetch: () => void;
  login: (username: string, password: string) => Promise<Me>;
  /** Ends the session on the server, then reloads at /login (even if the server did not answer). */
  logout: () => Promise<void>;
  can: (permission?: string) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery<SessionPayload | null, ApiError>({
    queryKey: sessionKey,
    queryFn: fetchSession,
    staleTime: 5 * 60_000,
    retry: false,
    refetchOnWindowFocus: true,
  });

  const login = useCallback(
    async (username: string, password: string) => {
      const payload = await postLogin(username, password);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, payload);
      return payload.user;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await postLogout();
    } finally {
      // A full page load to /login drops every cached query and half-filled form of this user.
      if (typeof window !== 'undefined') window.location.replace('/login');
      else queryClient.setQueryData(sessionKey, null);
    }
  }, [queryClient]);

  const value = useMemo<Session>(() => {
    const me = query.isPending ? undefined : (query.data?.user ?? null);
    return {
      me,
      csrfToken: query.data?.csrfToken ?? null,
      loading: query.isPending,
      error: query.error ?? null,
      refetch: () => void query.refetch(),
      login,
      logout,
      can: (permission?: string) => hasPermission(me, permission),
    };
  }, [query.isPending, query.data, query.error, query.refetch, login, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession() must be used inside <SessionProvider>');
  return ctx;
}

/** For pages behind the auth guard: the signed-in user, never null. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe() called without a signed-in user');
  return me;
}
