import { apiData, apiSend } from '@/lib/api/client';
import { sessionSchema, type Locale, type Session } from '@/lib/api/schemas';

// The auth endpoints the pages call (docs/openapi.yaml, tag Auth).
export interface RegisterInput {
  email: string;
  password: string;
  full_name: string;
  phone?: string;
  role: 'customer' | 'provider';
  locale: Locale;
}

export function register(input: RegisterInput): Promise<Session> {
  return apiData('/auth/register', sessionSchema, { method: 'POST', body: input });
}

export function login(email: string, password: string): Promise<Session> {
  return apiData('/auth/login', sessionSchema, { method: 'POST', body: { email, password } });
}

export function verifyEmail(token: string): Promise<void> {
  return apiSend(`/auth/verify-email/${encodeURIComponent(token)}`);
}

export function resendVerification(email: string): Promise<void> {
  return apiSend('/auth/resend-verification', { method: 'POST', body: { email } });
}

export function forgotPassword(email: string): Promise<void> {
  return apiSend('/auth/forgot-password', { method: 'POST', body: { email } });
}

export function resetPassword(token: string, newPassword: string): Promise<void> {
  return apiSend('/auth/reset-password', {
    method: 'POST',
    body: { token, new_password: newPassword },
  });
}

export function changePassword(currentPassword: string, newPassword: string): Promise<Session> {
  return apiData('/auth/change-password', sessionSchema, {
    method: 'POST',
    body: { current_password: currentPassword, new_password: newPassword },
  });
}

// `?next=` is honoured only for a path of this site: "/x", never "//evil" or "/\evil", which
// browsers read as another host.
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return null;
  }
  return next;
}
