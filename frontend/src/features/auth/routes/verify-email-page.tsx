import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { buttonVariants } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { errorMessage } from '@/lib/api/messages';
import { useSession } from '@/lib/api/session-store';
import { usePageTitle } from '@/lib/page-title';
import { verifyEmail } from '../api/auth-api';
import { AuthCard } from '../components/auth-card';
import { ResendVerification } from '../components/resend-verification';

// The page the verification e-mail links to. The token works once, so the call is a query
// that never retries or refetches (StrictMode's double mount shares the one request).
export function VerifyEmailPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  usePageTitle(t('verify.title'));
  const { token = '' } = useParams();
  const query = useQuery({
    queryKey: ['auth', 'verify-email', token],
    queryFn: () => verifyEmail(token).then(() => true),
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
  });

  const verified = query.isSuccess;
  useEffect(() => {
    if (!verified) return;
    const { user, setUser } = useSession.getState();
    if (user && !user.is_verified) setUser({ ...user, is_verified: true });
  }, [verified]);

  const signedIn = useSession((s) => s.user !== null);

  return (
    <AuthCard title={t('verify.title')}>
      {query.isPending ? (
        <div className="grid gap-2" aria-busy="true">
          <p className="text-sm text-muted-foreground">{t('verify.checking')}</p>
          <Skeleton className="h-10 w-full" />
        </div>
      ) : query.isSuccess ? (
        <>
          <Alert tone="success">{t('verify.done')}</Alert>
          <Link to={signedIn ? '/' : '/login'} className={buttonVariants()}>
            {signedIn ? t('verify.continue') : t('verify.toLogin')}
          </Link>
        </>
      ) : (
        <>
          <Alert tone="error">{errorMessage(query.error, tc)}</Alert>
          <p className="text-sm text-muted-foreground">{t('verify.resendIntro')}</p>
          <ResendVerification />
        </>
      )}
    </AuthCard>
  );
}
