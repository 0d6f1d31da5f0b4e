import { z } from 'zod/mini';
import { apiData, refreshSession, restoreSession } from './client';
import { ApiError } from './errors';
import { useSession } from './session-store';

const user = {
  id: 'u1',
  email: 'a@b.c',
  full_name: 'Ani',
  phone: '',
  role: 'customer',
  is_verified: true,
  locale: 'id',
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

const expired = () =>
  json(401, { success: false, error: { code: 'AUTH_004', message: 'Token expired' } });

// A fake API: /auth/refresh swaps token "old" for "new" (after a delay, so parallel callers
// overlap); /things answers 401 to "old" and data to "new".
function installApi(options: { refreshOk: boolean }) {
  const calls: string[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push(url);
    if (url.endsWith('/auth/refresh')) {
      await new Promise((r) => setTimeout(r, 20));
      if (!options.refreshOk) {
        return json(401, { success: false, error: { code: 'AUTH_005', message: 'Invalid' } });
      }
      return json(200, {
        success: true,
        data: {
          access_token: 'new',
          refresh_token: 'r2',
          token_type: 'Bearer',
          expires_in: 900,
          user,
        },
      });
    }
    const auth = new Headers(init?.headers).get('Authorization');
    if (auth !== 'Bearer new') return expired();
    return json(200, { success: true, data: { n: 1 } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

const thing = z.object({ n: z.number() });

describe('API client', () => {
  beforeEach(() => {
    useSession.setState({
      status: 'signed-in',
      accessToken: 'old',
      user: { ...user, role: 'customer', locale: 'id' },
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('refreshes once for ten parallel 401s and retries each request', async () => {
    const calls = installApi({ refreshOk: true });
    const results = await Promise.all(Array.from({ length: 10 }, () => apiData('/things', thing)));
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ n: 1 })));
    expect(calls.filter((c) => c.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(calls.filter((c) => c.endsWith('/things'))).toHaveLength(20);
    expect(useSession.getState().accessToken).toBe('new');
  });

  it('signs out cleanly when the refresh fails', async () => {
    const calls = installApi({ refreshOk: false });
    const outcomes = await Promise.allSettled([
      apiData('/things', thing),
      apiData('/things', thing),
    ]);
    for (const o of outcomes) {
      expect(o.status).toBe('rejected');
      if (o.status === 'rejected') expect((o.reason as ApiError).status).toBe(401);
    }
    expect(calls.filter((c) => c.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(useSession.getState()).toMatchObject({
      status: 'anonymous',
      accessToken: null,
      user: null,
    });
  });

  it('does not refresh on a failed login', async () => {
    const calls = installApi({ refreshOk: true });
    await expect(
      apiData('/auth/login', thing, { method: 'POST', body: { email: 'x', password: 'y' } }),
    ).rejects.toMatchObject({ status: 401, code: 'AUTH_004' });
    expect(calls.some((c) => c.endsWith('/auth/refresh'))).toBe(false);
  });

  it('rejects an answer that does not match the schema', async () => {
    useSession.setState({ accessToken: 'new' });
    installApi({ refreshOk: true });
    await expect(apiData('/things', z.object({ n: z.string() }))).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
    });
  });

  it('passes the API error message and field details through', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(400, {
          success: false,
          error: {
            code: 'VALIDATION_001',
            message: 'Invalid input',
            details: { email: 'must be an e-mail address' },
          },
        }),
      ),
    );
    await expect(apiData('/things', thing)).rejects.toMatchObject({
      status: 400,
      message: 'Invalid input',
      details: { email: 'must be an e-mail address' },
    });
  });

  it('restores the session from the refresh answer in one request', async () => {
    useSession.setState({ status: 'restoring', accessToken: null, user: null });
    const calls = installApi({ refreshOk: true });
    expect(await refreshSession()).toBe(true);
    expect(calls).toEqual(['/api/v1/auth/refresh']);
    expect(useSession.getState()).toMatchObject({ status: 'signed-in', accessToken: 'new' });
    expect(useSession.getState().user?.email).toBe('a@b.c');
  });

  it('a refresh without a session cookie leaves the visitor anonymous', async () => {
    useSession.setState({ status: 'restoring', accessToken: null, user: null });
    installApi({ refreshOk: false });
    expect(await refreshSession()).toBe(false);
  });
});

describe('session restore', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = 'janji_session=; Path=/; Max-Age=0';
  });

  it('asks nothing for a browser that never signed in, and refreshes for one that did', async () => {
    const fetchMock = vi.fn(async () =>
      json(400, { success: false, error: { code: 'X', message: '' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    useSession.getState().signOut();
    await restoreSession();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(useSession.getState().status).toBe('anonymous');

    // What the server's login answer leaves in the browser.
    document.cookie = 'janji_session=1; Path=/';
    useSession.setState({ status: 'restoring', accessToken: null, user: null });
    await restoreSession();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(useSession.getState().status).toBe('anonymous');
    await restoreSession();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
