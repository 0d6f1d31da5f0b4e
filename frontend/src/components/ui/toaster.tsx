import { CheckCircle2, Info, X, XCircle } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { cn } from '@/lib/cn';

// Short notices after an action ("Booking confirmed"). Written here rather than taken from a
// library: this is ~80 lines, a library was 9 kB gzip on every page.
type Tone = 'success' | 'error' | 'info';

interface ToastItem {
  id: number;
  tone: Tone;
  message: string;
}

interface ToastState {
  items: ToastItem[];
  push: (tone: Tone, message: string) => void;
  dismiss: (id: number) => void;
}

const kShownMs = 6000;
let nextId = 1;

const useToasts = create<ToastState>((set, get) => ({
  items: [],
  push: (tone, message) => {
    const id = nextId++;
    set({ items: [...get().items.slice(-3), { id, tone, message }] });
    setTimeout(() => get().dismiss(id), kShownMs);
  },
  dismiss: (id) => set({ items: get().items.filter((t) => t.id !== id) }),
}));

export const toast = {
  success: (message: string) => useToasts.getState().push('success', message),
  error: (message: string) => useToasts.getState().push('error', message),
  info: (message: string) => useToasts.getState().push('info', message),
};

const kIcon = { success: CheckCircle2, error: XCircle, info: Info } as const;
const kToneClass = {
  success: 'border-success/60',
  error: 'border-destructive/60',
  info: 'border-border',
} as const;

export function Toaster() {
  const { t } = useTranslation();
  const items = useToasts((s) => s.items);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div
      aria-live="polite"
      className="pointer-events-none fixed inset-x-0 top-2 z-[60] flex flex-col items-center gap-2 px-2"
    >
      {items.map((item) => {
        const Icon = kIcon[item.tone];
        return (
          <div
            key={item.id}
            role={item.tone === 'error' ? 'alert' : 'status'}
            className={cn(
              'pointer-events-auto flex w-full max-w-sm items-start gap-2 rounded-md border-2 bg-card p-3 text-sm text-card-foreground shadow-lg',
              kToneClass[item.tone],
            )}
          >
            <Icon
              className={cn(
                'mt-0.5 size-4 shrink-0',
                item.tone === 'success' && 'text-success',
                item.tone === 'error' && 'text-destructive',
              )}
              aria-hidden="true"
            />
            <p className="flex-1">{item.message}</p>
            <button
              type="button"
              onClick={() => dismiss(item.id)}
              className="rounded-sm opacity-80 hover:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              <X className="size-4" aria-hidden="true" />
              <span className="sr-only">{t('actions.close')}</span>
            </button>
          </div>
        );
      })}
    </div>
  );
}
