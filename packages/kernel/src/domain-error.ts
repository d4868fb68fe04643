/**
 * The one error type that crosses layers. Domain code throws it; the HTTP
 * layer turns it into `application/problem+json`
 * (`{ type, title, status, code, detail, errors? }`, see docs/api/platform-contract.md).
 *
 * `title` is Chinese because it is shown to clerks as-is; `code` is the stable
 * machine-readable key that clients and tests match on, so it never changes
 * wording when the Chinese text is polished.
 */

export interface FieldError {
  /** Dotted/indexed path of the offending field, e.g. `members[2].idNumber`; '' for the whole input. */
  path: string;
  message: string;
}

export interface DomainErrorInit {
  code: string;
  status: number;
  title: string;
  detail?: string;
  errors?: FieldError[];
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
}

export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly errors?: FieldError[];

  constructor(init: DomainErrorInit) {
    // The message carries title and detail so that logs and test failures are readable
    // even when nobody looks at the structured fields.
    super(init.detail ? `${init.title}：${init.detail}` : init.title);
    this.name = 'DomainError';
    this.code = init.code;
    this.status = init.status;
    this.title = init.title;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.errors !== undefined) this.errors = init.errors;
  }

  /** Shape for `application/problem+json`; `type` is left to the caller (defaults to RFC 9457's `about:blank`). */
  toProblem(type = 'about:blank'): ProblemDocument {
    const problem: ProblemDocument = { type, title: this.title, status: this.status, code: this.code };
    if (this.detail !== undefined) problem.detail = this.detail;
    if (this.errors !== undefined) problem.errors = this.errors;
    return problem;
  }
}

/** Works across realms/duplicated module copies, where `instanceof` can fail. */
export function isDomainError(value: unknown): value is DomainError {
  return (
    value instanceof DomainError ||
    (value instanceof Error &&
      value.name === 'DomainError' &&
      typeof (value as Partial<DomainError>).code === 'string' &&
      typeof (value as Partial<DomainError>).status === 'number')
  );
}

export function notFound(title: string, detail?: string): DomainError {
  return new DomainError({ code: 'NOT_FOUND', status: 404, title, detail });
}

export function forbidden(title: string, detail?: string): DomainError {
  return new DomainError({ code: 'FORBIDDEN', status: 403, title, detail });
}

export function conflict(title: string, detail?: string): DomainError {
  return new DomainError({ code: 'CONFLICT', status: 409, title, detail });
}

/** 422: the request is well-formed but breaks a rule; `errors` points at the fields. */
export function invalid(title: string, errors?: FieldError[], detail?: string): DomainError {
  return new DomainError({ code: 'INVALID', status: 422, title, detail, errors });
}

export function unauthorized(title = '未登录或登录已过期', detail?: string): DomainError {
  return new DomainError({ code: 'UNAUTHORIZED', status: 401, title, detail });
}
