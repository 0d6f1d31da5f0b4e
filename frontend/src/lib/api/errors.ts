// An API failure in one shape for the UI: the HTTP status, the API's error code and message
// (safe to show; the API never puts internals there), and per-field details when given.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, string>;
  // Seconds from a 429's Retry-After header, so the UI can say when to try again.
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, string> = {},
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// Codes the client itself produces (the API's own codes look like AUTH_001, BOOKING_003).
export const kNetworkError = 'NETWORK';
export const kBadResponse = 'BAD_RESPONSE';

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
