import type { FieldError } from './api.ts';

/** The slice of antd's FormInstance that applyFieldErrors needs (keeps this file free of React). */
export interface FieldErrorTarget {
  getFieldsError(): { name: (string | number)[]; errors: string[] }[];
  // antd types `setFields` per form shape; any form instance is fine here.
  setFields(fields: any[]): void;
}

/** Wrapper segments a server may put in front of the form field path. */
const WRAPPERS = new Set(['body', 'query', 'params']);

/**
 * `"roles.0"`, `"/body/password"`, `"items[2].name"` → `['roles', 0]`, `['password']`, `['items', 2, 'name']`.
 */
export function toNamePath(path: string): (string | number)[] {
  const segments = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter((s) => s !== '');
  if (segments.length > 1 && WRAPPERS.has(segments[0]!)) segments.shift();
  return segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const keyOf = (name: (string | number)[]) => name.map(String).join('\u0000');

export interface AppliedFieldErrors {
  /** How many form fields received an error. */
  applied: number;
  /** Errors that matched no field of the form: show them elsewhere (ProblemAlert). */
  unmatched: FieldError[];
}

/**
 * Puts a problem's field errors (`errors[].path`) onto the matching antd Form fields.
 * An error for `roles.0` lands on `roles` when the form has no `roles.0` field.
 */
export function applyFieldErrors(form: FieldErrorTarget, error: unknown): AppliedFieldErrors {
  const errors = (error as { errors?: FieldError[] } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return { applied: 0, unmatched: [] };

  const registered = new Map<string, (string | number)[]>();
  for (const field of form.getFieldsError()) registered.set(keyOf(field.name), field.name);

  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const unmatched: FieldError[] = [];
  for (const fe of errors) {
    const path = toNamePath(fe.path ?? '');
    let name: (string | number)[] | undefined;
    for (let len = path.length; len > 0 && !name; len--) name = registered.get(keyOf(path.slice(0, len)));
    if (!name) {
      unmatched.push(fe);
      continue;
    }
    const key = keyOf(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(fe.message)) entry.errors.push(fe.message);
    byField.set(key, entry);
  }
  if (byField.size) form.setFields([...byField.values()]);
  return { applied: byField.size, unmatched };
}
