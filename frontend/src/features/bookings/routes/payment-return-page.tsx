import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { CheckCircle2, Loader2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { RequireAuth } from '@/app/guards';
import { ErrorState } from '@/components/feedback/error-state';
import { Alert } from '@/components/ui/alert';
import { Button, buttonVariants } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { useSession } from '@/lib/api/session-store';
import { serverNow } from '@/lib/server-clock';
import { usePageTitle } from '@/lib/page-title';
import { needsPayment, receiptOf } from '@/features/payments/api/payments';
import { PayButton } from '@/features/payments/components/pay-button';
import { PaymentReceipt } from '@/features/payments/components/payment-receipt';
import { bookingDetailKey, getBooking } from '../api/bookings-api';
import { BookingWhen } from '../components/booking-when';
import { kPollEveryMs, kPollForMs, paymentOutcome } from '../lib/payment-outcome';

// /bookings/:id/payment: where Snap (or the simulator) sends the customer back.
export function PaymentReturnPage() {
  const { t } = useTranslation('payments');
  usePageTitle(t('return.title'));
  const { id = '' } = useParams();
  return (
    <RequireAuth>
      <div className="mx-auto grid w-full max-w-2xl gap-4">
        <h1 className="text-2xl font-semibold">{t('return.title')}</h1>
        <PaymentStatus id={id} />
      </div>
    </RequireAuth>
  );
}

function PaymentStatus({ id }: { id: string }) {
  const { t } = useTranslation('payments');
  const { t: tc } = useTranslation();
  const [params] = useSearchParams();
  const userId = useSession((s) => s.user?.id);
  // Restarted by "Check again".
  const [round, setRound] = useState(0);
  const [timedOut, setTimedOut] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setTimedOut(true), kPollForMs);
    return () => window.clearTimeout(timer);
  }, [round]);

  const query = useQuery({
    queryKey: bookingDetailKey(id),
    queryFn: () => getBooking(id),
    refetchInterval: (q) => {
      const data = q.state.data;
      if (timedOut || (data && paymentOutcome(data) !== 'waiting')) return false;
      return kPollEveryMs;
    },
  });

  if (query.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true">
        <span className="sr-only">{tc('states.loading')}</span>
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (query.isError && !query.data) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }

  const detail = query.data;
  const outcome = paymentOutcome(detail);
  const { booking, provider, service } = detail;
  const latest = detail.payments?.[0];
  const receipt = receiptOf(detail.payments ?? []);
  const canPayAgain =
    needsPayment(booking) &&
    userId === booking.customer_id &&
    Date.parse(booking.payment_due_at ?? '') > serverNow();
  const toBooking = (
    <Link to={`/bookings/${booking.id}`} className={buttonVariants({ variant: 'outline' })}>
      {t('return.toBooking')}
    </Link>
  );

  return (
    <>
      {/* One live region: the outcome is read out when it changes. */}
      <div aria-live="polite" className="grid gap-3">
        {outcome === 'paid' ? (
          <Alert tone="success" className="grid gap-1">
            <p className="flex items-center gap-2 text-base font-semibold">
              <CheckCircle2 className="size-5 text-success" aria-hidden="true" />
              {t('return.paid')}
            </p>
            <p>{t('return.paidBody')}</p>
          </Alert>
        ) : outcome === 'failed' && latest ? (
          <Alert tone="error" role="status" className="grid gap-1">
            <p className="font-semibold">
              {t('return.failed', { status: t(`status.${latest.status}`) })}
            </p>
            {canPayAgain ? <p>{t('return.failedAgain')}</p> : null}
          </Alert>
        ) : outcome === 'released' ? (
          <Alert tone="warning">{t('return.released')}</Alert>
        ) : timedOut ? (
          <Alert tone="warning" className="grid gap-1">
            <p className="font-semibold">{t('return.stillWaiting')}</p>
            <p>{t('return.stillWaitingBody')}</p>
          </Alert>
        ) : (
          <Alert tone="info" className="grid gap-1">
            <p className="flex items-center gap-2 font-semibold">
              <Loader2
                className="size-4 animate-spin motion-reduce:animate-none"
                aria-hidden="true"
              />
              {t('return.checking')}
            </p>
            <p>{t('return.checkingBody')}</p>
            {params.get('transaction_status') === 'pending' ? (
              <p>{t('return.pendingHint')}</p>
            ) : null}
          </Alert>
        )}
      </div>
      <Card>
        <CardContent className="grid gap-4 pt-4 sm:pt-6">
          <div className="grid gap-1">
            <p className="font-semibold">
              {service.name} · {provider.business_name}
            </p>
            <div className="text-sm text-muted-foreground">
              <BookingWhen booking={booking} timeZone={provider.timezone} />
            </div>
            <p className="text-sm">{tc(`status.${booking.status}`)}</p>
          </div>
          {receipt ? <PaymentReceipt payment={receipt} /> : null}
        </CardContent>
      </Card>
      <div className="flex flex-wrap gap-2">
        {outcome === 'failed' && canPayAgain ? <PayButton bookingId={booking.id} again /> : null}
        {outcome === 'waiting' && timedOut ? (
          <Button
            onClick={() => {
              setTimedOut(false);
              setRound((r) => r + 1);
              void query.refetch();
            }}
          >
            {t('return.refresh')}
          </Button>
        ) : null}
        {toBooking}
      </div>
    </>
  );
}
