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

// A hint, not a secret: "this browser had a session", so a visitor who never signed in is not
// sent to /auth/refresh on every page load (a request, and a 400 in the console, for nothing).
const kSessionHintKey = 'janji.session';

function setSessionHint(present: boolean): void {
  try {
    if (present) localStorage.setItem(kSessionHintKey, '1');
    else localStorage.removeItem(kSessionHintKey);
  } catch {
    // Storage blocked: restoreSession then always asks the server.
  }
}

export function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(kSessionHintKey) !== null;
  } catch {
    return true;
  }
}

export const useSession = create<SessionState>((set) => ({
  status: 'restoring',
  accessToken: null,
  user: null,
  signIn: (accessToken, user) => {
    setSessionHint(true);
    set({ status: 'signed-in', accessToken, user });
  },
  setUser: (user) => set({ user }),
  signOut: () => {
    setSessionHint(false);
    set({ status: 'anonymous', accessToken: null, user: null });
  },
}));
