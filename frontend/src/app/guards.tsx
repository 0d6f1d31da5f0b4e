import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Skeleton } from '@/components/ui/skeleton';
import type { Role } from '@/lib/api/schemas';
import { useSession } from '@/lib/api/session-store';
import { usePageTitle } from '@/lib/page-title';

interface RequireAuthProps {
  roles?: Role[];
  children: ReactNode;
}

// Pages for signed-in users: wait for the session to be restored, send visitors to the login
// page (coming back here afterwards), and tell a user of the wrong role plainly.
export function RequireAuth({ roles, children }: RequireAuthProps) {
  const status = useSession((s) => s.status);
  const user = useSession((s) => s.user);
  const location = useLocation();
  if (status === 'restoring') {
    return (
      <div className="grid gap-3" aria-busy="true">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (roles && !roles.includes(user.role)) return <Forbidden />;
  return <>{children}</>;
}

function Forbidden() {
  const { t } = useTranslation();
  usePageTitle(t('states.forbiddenTitle'));
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">{t('states.forbiddenTitle')}</h1>
      <p className="mt-2 text-muted-foreground">{t('states.forbiddenBody')}</p>
    </div>
  );
}
