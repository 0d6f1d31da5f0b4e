import { z } from 'zod/mini';
import { ApiError, kBadResponse, kNetworkError } from './errors';
import {
  errorEnvelopeSchema,
  paginationSchema,
  sessionSchema,
  type Page,
  type Session,
} from './schemas';
import { hasSessionHint, useSession } from './session-store';
import { noteDateHeader } from '../server-clock';

// The one way the web app talks to the API: same origin, JSON in and out, every answer checked
// against a Zod schema, the access token sent when there is one, and a 401 answered by one
// refresh through the httpOnly cookie (shared by every request that hit it) and one retry.

export const kApiBase = '/api/v1';

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

// Paths whose 401 means "wrong credentials", never "token expired": no refresh for them.
const kNoRefreshPaths = ['/auth/login', '/auth/register', '/auth/refresh', '/auth/logout'];

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${kApiBase}${path}${qs ? `?${qs}` : ''}`;
}

function detailsOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (item && typeof item === 'object' && 'field' in item) {
        const { field, message } = item as { field: unknown; message?: unknown };
        if (typeof field === 'string') out[field] = typeof message === 'string' ? message : '';
      }
    }
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

async function send(path: string, options: RequestOptions, token: string | null) {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
    // Payment holds count down on the server's clock (lib/server-clock.ts).
    noteDateHeader(response.headers.get('Date'));
    return response;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, kNetworkError, '');
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(response.status, kBadResponse, '');
  }
}

function retryAfterOf(response: Response): number | undefined {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

function failure(response: Response, body: unknown): ApiError {
  const parsed = errorEnvelopeSchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, detailsOf(details), retryAfterOf(response));
  }
  return new ApiError(response.status, kBadResponse, '');
}

let refreshing: Promise<boolean> | null = null;

// Tabs of one browser share the refresh cookie: two tabs exchanging it at once would present
// the same token twice, which the API takes as theft (it ends the session). A Web Lock makes
// the tabs take turns; the second then sends the cookie the first one received.
function oneTabAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('janji-session-refresh', work) : work();
}

// Exchanges the refresh cookie for a new session. Concurrent callers share one request: ten
// parallel 401s cause one refresh (a second exchange of the same token would be taken as
// token theft and end the session).
export function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const response = await oneTabAtATime(() =>
          send('/auth/refresh', { method: 'POST', body: {} }, null),
        );
        // Read the body even of a refusal: an unread answer stays open in the browser (the
        // page never reaches network idle).
        const body = await readJson(response).catch(() => null);
        if (!response.ok) return false;
        const parsed = z.object({ data: sessionSchema }).safeParse(body);
        if (!parsed.success) return false;
        useSession.getState().signIn(parsed.data.data.access_token, parsed.data.data.user);
        return true;
      } catch {
        return false;
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

// Sends the request with the session's token; a 401 is answered by one shared refresh and one
// retry, and signs out when that fails.
async function authorizedResponse(path: string, options: RequestOptions): Promise<Response> {
  const token = useSession.getState().accessToken;
  let response = await send(path, options, token);
  if (response.status === 401 && token && !kNoRefreshPaths.includes(path)) {
    // Another request may already have refreshed: retry with the newer token first.
    const current = useSession.getState().accessToken;
    const renewed = current !== token ? true : await refreshSession();
    if (!renewed) {
      useSession.getState().signOut();
    } else {
      response = await send(path, options, useSession.getState().accessToken);
      if (response.status === 401) useSession.getState().signOut();
    }
  }
  return response;
}

// Sends the request and returns the parsed JSON body of a 2xx answer.
async function requestBody(path: string, options: RequestOptions): Promise<unknown> {
  const response = await authorizedResponse(path, options);
  const body = await readJson(response);
  if (!response.ok) throw failure(response, body);
  return body;
}

// A file the API answers (not JSON), e.g. a booking's calendar.ics; failures are the usual
// error envelope.
export async function apiFile(path: string): Promise<Blob> {
  const response = await authorizedResponse(path, {});
  if (!response.ok) throw failure(response, await readJson(response).catch(() => null));
  return response.blob();
}

// A call whose answer is {success, data}: returns data checked by the schema.
export async function apiData<T>(
  path: string,
  schema: z.ZodMiniType<T>,
  options: RequestOptions = {},
): Promise<T> {
  const body = await requestBody(path, options);
  const parsed = z.object({ data: schema }).safeParse(body);
  if (!parsed.success) {
    if (import.meta.env.DEV) console.error(path, parsed.error);
    throw new ApiError(200, kBadResponse, '');
  }
  return parsed.data.data;
}

// A paginated list: {success, data: [...], pagination}.
export async function apiPage<T>(
  path: string,
  item: z.ZodMiniType<T>,
  options: RequestOptions = {},
): Promise<Page<T>> {
  const body = await requestBody(path, options);
  const parsed = z.object({ data: z.array(item), pagination: paginationSchema }).safeParse(body);
  if (!parsed.success) {
    if (import.meta.env.DEV) console.error(path, parsed.error);
    throw new ApiError(200, kBadResponse, '');
  }
  return { items: parsed.data.data, pagination: parsed.data.pagination };
}

// A call answered by {success, message}: resolves when it succeeded.
export async function apiSend(path: string, options: RequestOptions = {}): Promise<void> {
  await requestBody(path, options);
}

// Signs in with a session answer (login, register, refresh, change-password).
export function startSession(session: Session): void {
  useSession.getState().signIn(session.access_token, session.user);
}

// Called once at start-up: a visitor with a live refresh cookie is signed in again.
export async function restoreSession(): Promise<void> {
  const ok = hasSessionHint() && (await refreshSession());
  if (!ok) useSession.getState().signOut();
}
