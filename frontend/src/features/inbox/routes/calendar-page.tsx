import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { useErrorText } from '@/lib/api/use-error-text';
import { formatDate, formatTime } from '@/lib/format';
import { useServices } from '@/features/business/api/queries';
import { ProviderPage } from '@/features/business/components/provider-page';
import type { Provider } from '@/features/business/api/schemas';
import { fetchAllBookings, inboxKeys, type Booking } from '../api/bookings';
import { BookingActions } from '../components/booking-card';

// FullCalendar is heavy (about 80 kB gzip): only this page downloads it.
const WeekCalendar = lazy(() =>
  import('../components/week-calendar').then((m) => ({ default: m.WeekCalendar })),
);

export function CalendarPage() {
  const { t } = useTranslation('inbox');
  return (
    <ProviderPage title={t('calendar.title')} description={t('calendar.intro')}>
      {(provider) => <Calendar provider={provider} />}
    </ProviderPage>
  );
}

function Calendar({ provider }: { provider: Provider }) {
  const errorText = useErrorText();
  const { t, i18n } = useTranslation(['inbox', 'common']);
  const [range, setRange] = useState<{ start: string; end: string } | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const services = useServices(provider.id);
  const bookings = useQuery({
    queryKey: [...inboxKeys.all, 'week', range?.start, range?.end],
    queryFn: () => fetchAllBookings(range?.start ?? '', range?.end ?? ''),
    enabled: range !== null,
  });
  const names = new Map((services.data ?? []).map((s) => [s.id, s.name]));
  const selected: Booking | undefined = bookings.data?.find((b) => b.id === selectedId);
  const locale = i18n.language;

  return (
    <div className="grid gap-3">
      {bookings.isError ? <Alert tone="error">{errorText(bookings.error)}</Alert> : null}
      <Suspense fallback={<Skeleton className="h-[36rem] w-full" />}>
        <WeekCalendar
          timeZone={provider.timezone}
          locale={locale}
          bookings={bookings.data ?? []}
          serviceName={(id) => names.get(id) ?? t('card.unknownService')}
          statusLabel={(s) => t(`common:status.${s}`)}
          onRange={(next) =>
            // FullCalendar reports its dates after every update: keep the same range object
            // when nothing moved, or each report would render (and report) again.
            setRange((old) => (old?.start === next.start && old.end === next.end ? old : next))
          }
          onSelect={setSelectedId}
        />
      </Suspense>
      <Dialog open={selected !== undefined} onOpenChange={(open) => !open && setSelectedId(null)}>
        <DialogContent>
          {selected ? (
            <>
              <DialogHeader>
                <DialogTitle>
                  {names.get(selected.service_id) ?? t('card.unknownService')}
                </DialogTitle>
                <DialogDescription>
                  {formatDate(selected.booking_date, locale, 'weekday')},{' '}
                  {formatTime(selected.start_time.slice(0, 5), locale)}–
                  {formatTime(selected.end_time.slice(0, 5), locale)} ·{' '}
                  {t(`common:status.${selected.status}`)}
                </DialogDescription>
              </DialogHeader>
              {selected.customer_notes ? (
                <p className="text-sm">
                  <span className="font-medium">{t('card.notes')}: </span>
                  {selected.customer_notes}
                </p>
              ) : null}
              <BookingActions
                booking={selected}
                label={names.get(selected.service_id) ?? t('card.unknownService')}
              />
            </>
          ) : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}
