import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RequireAuth } from '@/app/guards';
import { ErrorState } from '@/components/feedback/error-state';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { formatInstant } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import { ResendVerification } from '@/features/auth/components/resend-verification';
import { fetchMe, kMeKey } from '../api/account-api';
import { ChangePasswordForm } from '../components/change-password-form';
import { ProfileForm } from '../components/profile-form';

export function ProfilePage() {
  const { t } = useTranslation('account');
  usePageTitle(t('profile.title'));
  return (
    <RequireAuth>
      <div className="mx-auto grid w-full max-w-2xl gap-6">
        <h1 className="text-2xl font-semibold">{t('profile.title')}</h1>
        <ProfileContent />
      </div>
    </RequireAuth>
  );
}

function ProfileContent() {
  const { t, i18n } = useTranslation('account');
  const { t: tc } = useTranslation();
  const query = useQuery({ queryKey: kMeKey, queryFn: fetchMe });

  if (query.isPending) {
    return (
      <div className="grid gap-4" aria-busy="true">
        <span className="sr-only">{tc('states.loading')}</span>
        <Skeleton className="h-40 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;

  const { user, provider } = query.data;
  return (
    <>
      <Card>
        <CardHeader>
          <CardTitle>{t('account.title')}</CardTitle>
          <CardDescription>{t('account.intro')}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3 text-sm">
          <dl className="grid gap-3 sm:grid-cols-[10rem_1fr]">
            <dt className="text-muted-foreground">{t('account.email')}</dt>
            <dd className="flex flex-wrap items-center gap-2 break-all">
              {user.email}
              <Badge variant={user.is_verified ? 'secondary' : 'outline'}>
                {user.is_verified ? t('account.verified') : t('account.unverified')}
              </Badge>
            </dd>
            <dt className="text-muted-foreground">{t('account.role')}</dt>
            <dd>{t(`account.roles.${user.role}`)}</dd>
            {provider ? (
              <>
                <dt className="text-muted-foreground">{t('account.business')}</dt>
                <dd>
                  <Link
                    to="/business"
                    className="font-medium text-primary underline-offset-4 hover:underline"
                  >
                    {provider.business_name}
                  </Link>
                </dd>
              </>
            ) : null}
            {user.created_at ? (
              <>
                <dt className="text-muted-foreground">{t('account.since')}</dt>
                <dd>{formatInstant(user.created_at, i18n.language)}</dd>
              </>
            ) : null}
          </dl>
          {user.is_verified ? null : (
            <div className="grid gap-2 rounded-md border p-3">
              <p>{t('account.verifyHint')}</p>
              <ResendVerification />
            </div>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('profile.details')}</CardTitle>
        </CardHeader>
        <CardContent>
          <ProfileForm key={user.id} user={user} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('password.title')}</CardTitle>
          <CardDescription>{t('password.intro')}</CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
    </>
  );
}
