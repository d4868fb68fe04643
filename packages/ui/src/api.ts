/**
 * HTTP client for the platform API (`/api/v1`).
 *
 * - JSON in, JSON out, cookie session (`credentials: 'same-origin'`).
 * - Every non-GET request carries `x-csrf-token` from the current session.
 * - Errors (`application/problem+json`) become an {@link ApiError}.
 * - A 401 outside the auth endpoints means the session is gone: the user is sent to /login.
 */

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}：${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

const STATUS_TITLES: Record<number, string> = {
  400: '请求参数有误',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的资源不存在',
  409: '数据已被修改或存在冲突',
  413: '提交的内容过大',
  422: '提交的数据未通过校验',
  423: '账号已锁定',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误',
  502: '服务暂不可用',
  503: '服务暂不可用',
  504: '服务响应超时',
};

export function defaultTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? '服务器错误' : '请求失败');
}

function normaliseFieldErrors(raw: unknown): FieldError[] {
  if (!Array.isArray(raw)) return [];
  const out: FieldError[] = [];
  for (const item of raw) {
    if (!item || typeof item !== 'object') continue;
    const rec = item as { path?: unknown; message?: unknown };
    const path = Array.isArray(rec.path) ? rec.path.join('.') : typeof rec.path === 'string' ? rec.path : '';
    const message = typeof rec.message === 'string' ? rec.message : '';
    if (message) out.push({ path, message });
  }
  return out;
}

/** Turns a parsed response body (maybe problem+json, maybe anything) into a Problem. */
export function toProblem(status: number, body: unknown): Problem {
  const rec = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
  return {
    type: str(rec.type),
    status: typeof rec.status === 'number' ? rec.status : status,
    code: str(rec.code) ?? `HTTP_${status}`,
    title: str(rec.title) ?? defaultTitle(status),
    detail: str(rec.detail),
    errors: normaliseFieldErrors(rec.errors),
  };
}

/** Reads a non-OK Response into an ApiError. Never throws itself. */
export async function parseErrorResponse(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    const text = await res.text();
    if (text) body = JSON.parse(text);
  } catch {
    body = null; // an HTML error page from a proxy, for instance
  }
  return new ApiError(toProblem(res.status, body));
}

// ---- session state the client needs -------------------------------------------------------------

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

export function loginUrl(target?: string): string {
  if (!target || target === '/' || target.startsWith('/login')) return '/login';
  return `/login?redirect=${encodeURIComponent(target)}`;
}

function defaultUnauthorized(): void {
  if (typeof window === 'undefined') return;
  const { pathname, search } = window.location;
  if (pathname === '/login') return;
  window.location.assign(loginUrl(pathname + search));
}

let onUnauthorized: () => void = defaultUnauthorized;

/** Replace what happens on a 401 (tests; or an app that prefers client-side navigation). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

// ---- requests ------------------------------------------------------------------------------------

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Default: true, except for `/auth/*`, where a 401 is an answer (wrong password, no session). */
  redirectOn401?: boolean;
}

export const API_BASE = '/api/v1';

/** Builds `/api/v1/<path>?<query>`, leaving out empty query values. */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const base = path.startsWith('/api/') ? path : `${API_BASE}${path.startsWith('/') ? '' : '/'}${path}`;
  if (!query) return base;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

export async function apiFetch<T = unknown>(path: string, req: ApiRequest = {}): Promise<T> {
  const method = req.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(apiUrl(path, req.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: req.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, code: 'NETWORK', title: '无法连接服务器', detail: '请检查网络连接后重试。' });
  }

  if (!res.ok) {
    const error = await parseErrorResponse(res);
    const redirect = req.redirectOn401 ?? !path.replace(API_BASE, '').startsWith('/auth/');
    if (res.status === 401 && redirect) onUnauthorized();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A `redirect` param is followed only when it is a path on this site (not `//evil`, not /login). */
export function safeRedirect(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw === '/login' || raw.startsWith('/login?') || raw.startsWith('/login/')) return '/';
  return raw;
}
