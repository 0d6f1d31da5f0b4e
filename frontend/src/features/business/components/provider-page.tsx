import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RequireAuth } from '@/app/guards';
import { buttonVariants } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState } from '@/components/feedback/empty-state';
import { ErrorState } from '@/components/feedback/error-state';
import { usePageTitle } from '@/lib/page-title';
import { useMyProvider } from '../api/queries';
import type { Provider } from '../api/schemas';
import { BusinessNav } from './business-nav';

interface ProviderPageProps {
  title: string;
  description?: string;
  // Rendered once the business is known; `null` only reaches pages that accept it.
  children: (provider: Provider) => ReactNode;
  withoutProvider?: () => ReactNode;
}

function PageBody({ title, description, children, withoutProvider }: ProviderPageProps) {
  const { t } = useTranslation('business');
  usePageTitle(title);
  const query = useMyProvider();
  let body: ReactNode;
  if (query.isPending) {
    body = (
      <div className="grid gap-3" aria-busy="true" aria-label={t('loading')}>
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  } else if (query.isError) {
    body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  } else if (query.data === null) {
    body = withoutProvider ? (
      withoutProvider()
    ) : (
      <EmptyState
        title={t('noProvider.title')}
        body={t('noProvider.body')}
        action={
          <Link to="/business" className={buttonVariants()}>
            {t('noProvider.action')}
          </Link>
        }
      />
    );
  } else {
    body = children(query.data);
  }
  return (
    <div className="grid gap-5">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {query.data ? <BusinessNav /> : null}
      {body}
    </div>
  );
}

// The frame of every provider page: a signed-in provider (or admin), the page's one <h1>,
// the sub-navigation, and the business loaded (or a way to create it).
export function ProviderPage(props: ProviderPageProps) {
  return (
    <RequireAuth roles={['provider', 'admin']}>
      <PageBody {...props} />
    </RequireAuth>
  );
}
