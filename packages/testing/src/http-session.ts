/** What app.inject() needs; kept structural so this package does not depend on Fastify. */
interface Injectable {
  inject(opts: { method: string; url: string; payload?: unknown; headers?: Record<string, string> }): Promise<{
    statusCode: number; headers: Record<string, unknown>; body: string; json(): any; cookies: { name: string; value: string }[];
  }>;
}

export interface HttpResult { status: number; body: any; headers: Record<string, unknown> }

/** A signed-in browser, seen through inject(): carries the session cookie and the CSRF token. */
export class HttpSession {
  constructor(private app: Injectable, public cookie: string | null, public csrf: string | null, public user: any) {}

  static anonymous(app: Injectable) {
    return new HttpSession(app, null, null, null);
  }

  static async login(app: Injectable, username: string, password: string): Promise<HttpSession> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'mz_session');
    const body = res.json();
    return new HttpSession(app, cookie!.value, body.csrfToken, body.user);
  }

  async request(method: string, url: string, payload?: unknown, opts: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<HttpResult> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookie) headers.cookie = `mz_session=${this.cookie}`;
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    const res = await this.app.inject({ method, url, payload: payload as any, headers });
    let body: any = res.body;
    try { body = res.body ? JSON.parse(res.body) : null; } catch { /* not JSON */ }
    return { status: res.statusCode, body, headers: res.headers };
  }

  get(url: string) { return this.request('GET', url); }
  post(url: string, payload?: unknown) { return this.request('POST', url, payload ?? {}); }
  patch(url: string, payload: unknown) { return this.request('PATCH', url, payload); }
  delete(url: string) { return this.request('DELETE', url); }
}
