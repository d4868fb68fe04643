import { createHash, randomBytes } from 'node:crypto';

export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are high-entropy, so a plain SHA-256 is enough to store them irreversibly. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
