import { create } from 'zustand';
import type { User } from './schemas';

// The signed-in session lives in memory only: the access token is never written to storage
// (XSS could read it there); a reload restores the session through the httpOnly refresh
// cookie (see restoreSession in client.ts).
export type SessionStatus = 'restoring' | 'anonymous' | 'signed-in';

interface SessionState {
  status: SessionStatus;
  accessToken: string | null;
  user: User | null;
  signIn: (accessToken: string, user: User) => void;
  setUser: (user: User) => void;
  signOut: () => void;
}

// The server sets a readable cookie `janji_session=1` beside the httpOnly refresh cookie, for
// as long as that lives: a browser without it never signed in (or signed out), so a visitor is
// not sent to /auth/refresh on every page load (a request, and a 400 in the console, for
// nothing).
const kSessionHintCookie = 'janji_session';

export function hasSessionHint(): boolean {
  return document.cookie.split(';').some((c) => c.trim() === `${kSessionHintCookie}=1`);
}

function clearSessionHint(): void {
  document.cookie = `${kSessionHintCookie}=; Path=/; Max-Age=0; SameSite=Strict`;
}

export const useSession = create<SessionState>((set) => ({
  status: 'restoring',
  accessToken: null,
  user: null,
  signIn: (accessToken, user) => set({ status: 'signed-in', accessToken, user }),
  setUser: (user) => set({ user }),
  signOut: () => {
    clearSessionHint();
    set({ status: 'anonymous', accessToken: null, user: null });
  },
}));
