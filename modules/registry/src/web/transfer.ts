import { apiUrl, getCsrfToken, loginUrl, parseErrorResponse, type QueryValue } from '@mz/ui';

/** `attachment; filename*=UTF-8''%E4%BA%BA.xlsx` / `filename="a.xlsx"` → the file name, else `fallback`. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1]!.trim() : fallback;
}

function onSessionGone(res: Response): void {
  if (res.status === 401 && typeof window !== 'undefined') {
    window.location.assign(loginUrl(window.location.pathname + window.location.search));
  }
}

/**
 * Downloads a file from the API with the cookie session (GET, so no CSRF token), and hands it to the
 * browser as a download. Errors come back as the server's problem (ApiError) instead of a JSON page.
 */
export async function downloadFile(path: string, query: Record<string, QueryValue> | undefined, fallbackName: string): Promise<void> {
  const res = await fetch(apiUrl(path, query), { credentials: 'same-origin' });
  if (!res.ok) {
    onSessionGone(res);
    throw await parseErrorResponse(res);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameFromDisposition(res.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * POSTs a file as multipart (`field`), with the session's CSRF token as apiFetch sends it. The
 * browser sets the multipart content type and boundary itself.
 */
export async function uploadFile<T>(path: string, file: File, opts: { field?: string; signal?: AbortSignal } = {}): Promise<T> {
  const body = new FormData();
  body.append(opts.field ?? 'file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(apiUrl(path), { method: 'POST', headers, body, credentials: 'same-origin', signal: opts.signal });
  if (!res.ok) {
    onSessionGone(res);
    throw await parseErrorResponse(res);
  }
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
