import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  apiFetch,
  apiUrl,
  loginUrl,
  parseErrorResponse,
  safeRedirect,
  setCsrfToken,
  setUnauthorizedHandler,
  toProblem,
} from './api.ts';

const problemResponse = (status: number, body: unknown, type = 'application/problem+json') =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('toProblem / parseErrorResponse', () => {
  it('keeps a problem+json body: code, Chinese title, detail, field errors', async () => {
    const err = await parseErrorResponse(
      problemResponse(422, {
        type: 'about:blank',
        title: '提交的数据未通过校验',
        status: 422,
        code: 'VALIDATION',
        detail: '请检查标红的字段',
        errors: [{ path: 'password', message: '密码至少 8 位' }],
      }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: 'VALIDATION', title: '提交的数据未通过校验', detail: '请检查标红的字段' });
    expect(err.errors).toEqual([{ path: 'password', message: '密码至少 8 位' }]);
  });

  it('reads the lock time from a 423 AUTH_LOCKED detail', async () => {
    const err = await parseErrorResponse(
      problemResponse(423, { title: '账号已锁定', status: 423, code: 'AUTH_LOCKED', detail: '请于 2025-06-01 10:30 后再试' }),
    );
    expect(err.code).toBe('AUTH_LOCKED');
    expect(err.message).toBe('账号已锁定：请于 2025-06-01 10:30 后再试');
  });

  it('falls back to a Chinese title and HTTP_<status> code for a non-JSON body', async () => {
    const err = await parseErrorResponse(problemResponse(502, '<html>Bad Gateway</html>', 'text/html'));
    expect(err).toMatchObject({ status: 502, code: 'HTTP_502', title: '服务暂不可用', detail: undefined, errors: [] });
  });

  it('normalises array paths and drops malformed field errors', () => {
    const p = toProblem(400, { code: 'VALIDATION', errors: [{ path: ['roles', 0], message: '角色不存在' }, { path: 'x' }, 'junk'] });
    expect(p.errors).toEqual([{ path: 'roles.0', message: '角色不存在' }]);
    expect(p.title).toBe('请求参数有误');
  });
});

describe('apiUrl', () => {
  it('prefixes /api/v1 and leaves out empty query values', () => {
    expect(apiUrl('/users', { keyword: '张', status: '', regionCode: undefined, page: 2 })).toBe(
      '/api/v1/users?keyword=%E5%BC%A0&page=2',
    );
    expect(apiUrl('/api/health')).toBe('/api/health');
  });
});

describe('apiFetch', () => {
  const fetchMock = vi.fn<typeof fetch>();
  const onUnauthorized = vi.fn();

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    setUnauthorizedHandler(onUnauthorized);
    setCsrfToken('csrf-123');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
    onUnauthorized.mockReset();
    setCsrfToken(null);
  });

  const lastInit = () => fetchMock.mock.calls.at(-1)![1]!;
  const headers = () => lastInit().headers as Record<string, string>;

  it('sends JSON with credentials and the CSRF token on non-GET', async () => {
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ id: '1' }), { status: 201 }));
    await expect(apiFetch('/users', { method: 'POST', body: { username: 'a' } })).resolves.toEqual({ id: '1' });
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/users');
    expect(lastInit()).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"username":"a"}' });
    expect(headers()).toMatchObject({ 'content-type': 'application/json', 'x-csrf-token': 'csrf-123' });
  });

  it('does not send the CSRF token on GET', async () => {
    fetchMock.mockResolvedValue(new Response('{"items":[]}', { status: 200 }));
    await apiFetch('/roles');
    expect(headers()['x-csrf-token']).toBeUndefined();
  });

  it('returns undefined for 204', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(apiFetch('/users/1/unlock', { method: 'POST' })).resolves.toBeUndefined();
  });

  it('throws ApiError and sends the user to login on a 401 from a business endpoint', async () => {
    fetchMock.mockResolvedValue(problemResponse(401, { title: '请先登录', status: 401, code: 'AUTH_REQUIRED' }));
    await expect(apiFetch('/users')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('does not redirect on a 401 from /auth/login (wrong password is an answer)', async () => {
    fetchMock.mockResolvedValue(problemResponse(401, { title: '账号或密码错误', status: 401, code: 'AUTH_INVALID' }));
    await expect(apiFetch('/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('turns a network failure into a Chinese NETWORK error', async () => {
    fetchMock.mockRejectedValue(new TypeError('fetch failed'));
    await expect(apiFetch('/roles')).rejects.toMatchObject({ code: 'NETWORK', title: '无法连接服务器' });
  });
});

describe('login redirects', () => {
  it('builds /login?redirect= for where the user was going', () => {
    expect(loginUrl('/system/users?region=220100000000')).toBe('/login?redirect=%2Fsystem%2Fusers%3Fregion%3D220100000000');
    expect(loginUrl('/')).toBe('/login');
  });

  it('only follows same-site paths', () => {
    expect(safeRedirect('/system/users?page=2')).toBe('/system/users?page=2');
    expect(safeRedirect('//evil.example/x')).toBe('/');
    expect(safeRedirect('https://evil.example')).toBe('/');
    expect(safeRedirect('/\\evil.example')).toBe('/');
    expect(safeRedirect('/login?redirect=/x')).toBe('/');
    expect(safeRedirect(null)).toBe('/');
  });
});
