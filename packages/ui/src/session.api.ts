import { apiFetch, setCsrfToken } from './api.ts';
import type { RegionLevel, RegionRef } from './region.ts';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  regionCode: string;
  regionName: string;
  regionLevel: RegionLevel;
  regionPath: RegionRef[];
  roles: string[];
  roleNames: string[];
  permissions: string[];
}

export interface SessionPayload {
  user: Me;
  csrfToken: string;
}

export const sessionKey = ['auth', 'me'] as const;

/** GET /auth/me; `null` when there is no session (401). */
export async function fetchSession(): Promise<SessionPayload | null> {
  try {
    const payload = await apiFetch<SessionPayload>('/auth/me', { redirectOn401: false });
    setCsrfToken(payload.csrfToken);
    return payload;
  } catch (err) {
    if ((err as { status?: number }).status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export async function postLogin(username: string, password: string): Promise<SessionPayload> {
  const payload = await apiFetch<SessionPayload>('/auth/login', {
    method: 'POST',
    body: { username, password },
    redirectOn401: false,
  });
  setCsrfToken(payload.csrfToken);
  return payload;
}

export async function postLogout(): Promise<void> {
  try {
    await apiFetch<void>('/auth/logout', { method: 'POST', redirectOn401: false });
  } finally {
    setCsrfToken(null);
  }
}

export function postChangePassword(oldPassword: string, newPassword: string): Promise<void> {
  return apiFetch<void>('/auth/password', { method: 'POST', body: { oldPassword, newPassword } });
}

/** The jurisdiction path, root first, home region last (whether or not the server included it). */
export function jurisdictionPath(me: Me): RegionRef[] {
  const path = me.regionPath ?? [];
  if (path.length && path[path.length - 1]!.code === me.regionCode) return path;
  return [...path, { code: me.regionCode, name: me.regionName, level: me.regionLevel }];
}

export function hasPermission(me: Pick<Me, 'permissions'> | null | undefined, permission?: string): boolean {
  if (!permission) return true;
  return !!me && me.permissions.includes(permission);
}
