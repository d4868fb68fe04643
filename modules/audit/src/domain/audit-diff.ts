export type AuditDiff = Record<string, { before: unknown; after: unknown }>;

/** Fields that never enter the audit log, even as a diff: secrets stay out of every copy. */
const NEVER_LOGGED = new Set(['password', 'passwordHash', 'password_hash', 'tokenHash', 'token_hash', 'token', 'csrfToken']);

/**
 * The changed fields between two versions of a record, for the audit log. Creation is a diff from
 * nothing (before = null), deletion a diff to nothing. Secret fields are replaced by a marker so the
 * log still says *that* they changed.
 */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditDiff | null {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const diff: AuditDiff = {};
  for (const key of [...keys].sort()) {
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    if (same(b, a)) continue;
    diff[key] = NEVER_LOGGED.has(key) ? { before: b === null ? null : '***', after: a === null ? null : '***' } : { before: b, after: a };
  }
  return Object.keys(diff).length ? diff : null;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}
