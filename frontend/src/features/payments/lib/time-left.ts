import { useEffect, useState } from 'react';
import { serverNow } from '@/lib/server-clock';

// Milliseconds left until `dueAt` on the server's clock, updated every second; 0 once over.
export function useTimeLeft(dueAt: string): number {
  const due = Date.parse(dueAt);
  const [left, setLeft] = useState(() => Math.max(0, due - serverNow()));
  useEffect(() => {
    const tick = () => setLeft(Math.max(0, due - serverNow()));
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [due]);
  return Number.isFinite(due) ? left : 0;
}

// 14:05 or, an hour or more, 1:02:03.
export function formatTimeLeft(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}
