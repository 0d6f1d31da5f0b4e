import { useState } from 'react';
import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '@/lib/api/session-store';
import { ResendVerification } from './resend-verification';

// For signed-in users whose address is not verified yet: a reminder with a resend button,
// dismissible for this visit. Meant for the app shell, above <Outlet />.
export function VerifyBanner() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const user = useSession((s) => s.user);
  const [hidden, setHidden] = useState(false);
  if (!user || user.is_verified || hidden) return null;
  return (
    <section
      aria-label={t('verify.title')}
      className="relative mb-4 grid gap-2 rounded-md border border-warning/50 bg-warning/10 p-3 pr-10 text-sm sm:flex sm:items-center sm:justify-between"
    >
      <p>{t('verify.banner')}</p>
      <ResendVerification />
      <button
        type="button"
        onClick={() => setHidden(true)}
        className="absolute right-2 top-2 rounded-sm p-1 opacity-80 hover:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <X className="size-4" aria-hidden="true" />
        <span className="sr-only">{tc('actions.close')}</span>
      </button>
    </section>
  );
}
