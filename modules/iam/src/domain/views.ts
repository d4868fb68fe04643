/** Account and token shapes as the API returns them; the server builds them, the web shows them. */
export type UserStatus = 'active' | 'disabled';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  regionCode: string;
  regionName: string;
  roles: string[];
  status: UserStatus;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface TokenRow {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
  permissions: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** Display name of the administrator who created it. */
  createdBy: string | null;
}
