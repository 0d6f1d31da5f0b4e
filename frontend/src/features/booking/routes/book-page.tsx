import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ChevronLeft } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/feedback/empty-state';
import { ErrorState } from '@/components/feedback/error-state';
import { Skeleton } from '@/components/ui/skeleton';
import { RequireAuth } from '@/app/guards';
import { useProvider } from '@/features/catalog/api/providers';
import { usePageTitle } from '@/lib/page-title';
import { BookingFlow } from '../components/booking-flow';

// /providers/:id/book?service=<id>: signed-in users only (visitors log in and come back).
export function BookPage() {
  return (
    <RequireAuth>
      <BookPageContent />
    </RequireAuth>
  );
}

function BookPageContent() {
  const { t } = useTranslation('booking');
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const provider = useProvider(id);
  const name = provider.data?.provider.business_name;
  usePageTitle(name ? t('title', { name }) : undefined);

  if (provider.isPending) {
    return (
      <div className="grid gap-4" aria-busy="true">
        <Skeleton className="h-9 w-64" />
        <Skeleton className="h-10 w-full max-w-sm" />
        <Skeleton className="h-80 w-full max-w-sm" />
      </div>
    );
  }
  if (provider.isError) {
    return <ErrorState error={provider.error} onRetry={() => void provider.refetch()} />;
  }

  const detail = provider.data;
  const wanted = params.get('service');
  const serviceId =
    detail.services.find((s) => s.id === wanted)?.id ?? detail.services[0]?.id ?? '';

  return (
    <div className="grid gap-6">
      <div className="grid gap-2">
        <Link
          to={`/providers/${detail.provider.id}`}
          className="inline-flex w-fit items-center gap-1 text-sm text-primary underline-offset-4 hover:underline"
        >
          <ChevronLeft className="size-4" aria-hidden="true" />
          {t('backToProvider', { name: detail.provider.business_name })}
        </Link>
        <h1 className="text-2xl font-bold tracking-tight">
          {t('title', { name: detail.provider.business_name })}
        </h1>
        <p className="text-muted-foreground">{t('intro')}</p>
      </div>
      {serviceId === '' ? (
        <EmptyState title={t('noServices')} />
      ) : (
        <BookingFlow
          detail={detail}
          serviceId={serviceId}
          onServiceChange={(next) => setParams({ service: next }, { replace: true })}
        />
      )}
    </div>
  );
}
