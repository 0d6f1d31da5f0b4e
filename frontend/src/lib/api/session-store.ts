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

export const useSession = create<SessionState>((set) => ({
  status: 'restoring',
  accessToken: null,
  user: null,
  signIn: (accessToken, user) => set({ status: 'signed-in', accessToken, user }),
  setUser: (user) => set({ user }),
  signOut: () => set({ status: 'anonymous', accessToken: null, user: null }),
}));
