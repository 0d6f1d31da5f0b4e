import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { ArrowLeft } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { RequireAuth } from '@/app/guards';
import { ErrorState } from '@/components/feedback/error-state';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { formatInstant, formatRupiah } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import {
  bookingDetailKey,
  getBooking,
  isChangeable,
  kCancellationCutoffHours,
  pastCutoff,
  type BookingDetail,
} from '../api/bookings-api';
import { AddToCalendar } from '../components/add-to-calendar';
import { BookingWhen } from '../components/booking-when';
import { CancelDialog } from '../components/cancel-dialog';
import { PaymentSection } from '../components/payment-section';
import { RescheduleDialog } from '../components/reschedule-dialog';
import { StatusBadge } from '../components/status-badge';

const kLinkClass = 'font-medium text-primary underline-offset-4 hover:underline';

export function BookingDetailPage() {
  const { t } = useTranslation('bookings');
  const { t: tc } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('detail.title'));
  return (
    <RequireAuth>
      <div className="mx-auto grid w-full max-w-2xl gap-4">
        <Link to="/bookings" className={`${kLinkClass} inline-flex items-center gap-1 text-sm`}>
          <ArrowLeft className="size-4" aria-hidden="true" />
          {tc('nav.myBookings')}
        </Link>
        <h1 className="text-2xl font-semibold">{t('detail.title')}</h1>
        <DetailContent id={id} />
      </div>
    </RequireAuth>
  );
}

function DetailContent({ id }: { id: string }) {
  const { t: tc } = useTranslation();
  const query = useQuery({
    queryKey: bookingDetailKey(id),
    queryFn: () => getBooking(id),
  });
  if (query.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true">
        <span className="sr-only">{tc('states.loading')}</span>
        <Skeleton className="h-48 w-full" />
        <Skeleton className="h-10 w-56" />
      </div>
    );
  }
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <Detail detail={query.data} />;
}

function Detail({ detail }: { detail: BookingDetail }) {
  const { t, i18n } = useTranslation('bookings');
  const locale = i18n.language;
  const { booking, provider, service } = detail;
  const changeable = isChangeable(booking);

  return (
    <>
      <Card>
        <CardHeader>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <CardTitle>{service.name}</CardTitle>
            <StatusBadge status={booking.status} />
          </div>
          <p className="text-sm text-muted-foreground">
            <Link to={`/providers/${provider.id}`} className={kLinkClass}>
              {provider.business_name}
            </Link>
            {provider.address ? ` · ${provider.address}` : null}
          </p>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-muted-foreground">{t('detail.when')}</dt>
            <dd>
              <BookingWhen booking={booking} timeZone={provider.timezone} />
            </dd>
            <dt className="text-muted-foreground">{t('detail.duration')}</dt>
            <dd>{t('detail.minutes', { count: service.duration })}</dd>
            <dt className="text-muted-foreground">{t('detail.price')}</dt>
            <dd>{formatRupiah(service.price, locale)}</dd>
            <dt className="text-muted-foreground">{t('detail.payment')}</dt>
            <dd>
              {t(
                `payment.${booking.payment_status === 'paid' || booking.payment_status === 'refunded' ? booking.payment_status : 'unpaid'}`,
              )}
            </dd>
            {booking.customer_notes ? (
              <>
                <dt className="text-muted-foreground">{t('detail.notes')}</dt>
                <dd className="whitespace-pre-line">{booking.customer_notes}</dd>
              </>
            ) : null}
            {booking.status === 'cancelled' ? (
              <>
                <dt className="text-muted-foreground">{t('detail.cancelledAt')}</dt>
                <dd>{booking.cancelled_at ? formatInstant(booking.cancelled_at, locale) : '–'}</dd>
                <dt className="text-muted-foreground">{t('detail.reason')}</dt>
                <dd className="whitespace-pre-line">
                  {booking.cancellation_reason || t('detail.noReason')}
                </dd>
              </>
            ) : null}
            <dt className="text-muted-foreground">{t('detail.bookedAt')}</dt>
            <dd>{formatInstant(booking.created_at, locale)}</dd>
          </dl>
        </CardContent>
      </Card>
      <PaymentSection detail={detail} />
      {booking.status !== 'cancelled' ? (
        <div>
          <AddToCalendar bookingId={booking.id} />
        </div>
      ) : null}
      {booking.rescheduled_to_id ? (
        <Alert>
          {t('detail.movedTo')}{' '}
          <Link to={`/bookings/${booking.rescheduled_to_id}`} className={kLinkClass}>
            {t('detail.openNew')}
          </Link>
        </Alert>
      ) : null}
      {booking.rescheduled_from_id ? (
        <Alert>
          {t('detail.movedFrom')}{' '}
          <Link to={`/bookings/${booking.rescheduled_from_id}`} className={kLinkClass}>
            {t('detail.openOld')}
          </Link>
        </Alert>
      ) : null}
      {changeable ? (
        <section aria-labelledby="booking-actions" className="grid gap-3">
          <h2 id="booking-actions" className="text-lg font-semibold">
            {t('detail.actions')}
          </h2>
          <p className="text-sm text-muted-foreground">
            {pastCutoff(booking)
              ? t('cancel.pastCutoff', { count: kCancellationCutoffHours })
              : t('cancel.cutoff', { count: kCancellationCutoffHours })}
          </p>
          <div className="flex flex-wrap gap-2">
            <RescheduleDialog booking={booking} />
            <CancelDialog booking={booking} />
          </div>
        </section>
      ) : null}
    </>
  );
}
