import { Link, isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { buttonVariants } from '@/components/ui/button';
import { usePageTitle } from '@/lib/page-title';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('states.notFoundTitle'));
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">{t('states.notFoundTitle')}</h1>
      <p className="mt-2 text-muted-foreground">{t('states.notFoundBody')}</p>
      <Link to="/" className={buttonVariants({ className: 'mt-6' })}>
        {t('states.goHome')}
      </Link>
    </div>
  );
}

// Shown when a page throws while rendering or its code fails to load (e.g. after a deploy).
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">{t('errors.title')}</h1>
      <p className="mt-2 text-muted-foreground">{t('errors.unknown')}</p>
      <a href="/" className={buttonVariants({ className: 'mt-6' })}>
        {t('states.goHome')}
      </a>
    </main>
  );
}
