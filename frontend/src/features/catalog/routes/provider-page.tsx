import { Link, useParams } from 'react-router-dom';
import { ChevronLeft, MapPin } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/feedback/empty-state';
import { ErrorState } from '@/components/feedback/error-state';
import { Badge } from '@/components/ui/badge';
import { Skeleton } from '@/components/ui/skeleton';
import { usePageTitle } from '@/lib/page-title';
import { useProvider } from '../api/providers';
import { ServiceList } from '../components/service-list';
import { WeeklyHours } from '../components/weekly-hours';

// `/providers/:id`: the business, what it offers and when it is open.
export function ProviderPage() {
  const { t, i18n } = useTranslation(['catalog', 'common']);
  const { id = '' } = useParams();
  const query = useProvider(id);
  usePageTitle(
    query.data?.provider.business_name ?? (query.isError ? t('common:errors.title') : undefined),
  );

  const back = (
    <Link
      to="/"
      className="inline-flex w-fit items-center gap-1 text-sm text-primary underline-offset-4 hover:underline"
    >
      <ChevronLeft className="size-4" aria-hidden="true" />
      {t('provider.back')}
    </Link>
  );

  if (query.isPending) {
    return (
      <div className="grid gap-4" aria-busy="true">
        {back}
        <Skeleton className="h-9 w-2/3" />
        <Skeleton className="h-5 w-1/2" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="grid gap-4">
        {back}
        <h1 className="text-2xl font-bold">{t('common:errors.title')}</h1>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }

  const { provider, services, schedules } = query.data;
  return (
    <div className="grid gap-8">
      <div className="grid gap-3">
        {back}
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">
            {provider.business_name}
          </h1>
          <Badge variant="secondary">{t(`common:businessTypes.${provider.business_type}`)}</Badge>
        </div>
        {provider.address ? (
          <p className="flex items-start gap-1 text-muted-foreground">
            <MapPin className="mt-1 size-4 shrink-0" aria-hidden="true" />
            <span>{provider.address}</span>
          </p>
        ) : null}
        {provider.description ? (
          <p className="max-w-prose whitespace-pre-line">{provider.description}</p>
        ) : null}
      </div>
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby="services-title" className="grid content-start gap-3">
          <h2 id="services-title" className="text-xl font-semibold">
            {t('provider.services')}
          </h2>
          {services.length === 0 ? (
            <EmptyState title={t('provider.noServices')} />
          ) : (
            <ServiceList providerId={provider.id} services={services} locale={i18n.language} />
          )}
        </section>
        <section aria-labelledby="hours-title" className="grid content-start gap-3">
          <h2 id="hours-title" className="text-xl font-semibold">
            {t('provider.hours')}
          </h2>
          <WeeklyHours schedules={schedules} timeZone={provider.timezone} locale={i18n.language} />
        </section>
      </div>
    </div>
  );
}
