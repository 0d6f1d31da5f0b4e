import { Link } from 'react-router-dom';
import { ChevronRight } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import { formatRupiah } from '@/lib/format';
import { needsPayment } from '@/features/payments/api/payments';
import type { ListedBooking } from '../api/bookings-api';
import { BookingWhen } from './booking-when';
import { StatusBadge } from './status-badge';

// One booking in the list, the whole card a link to its page. The list answer names the
// provider, the service and the provider's zone, so a card needs no request of its own.
export function BookingCard({ booking }: { booking: ListedBooking }) {
  const { t, i18n } = useTranslation('bookings');
  const { t: tp } = useTranslation('payments');
  return (
    <li>
      <Link
        to={`/bookings/${booking.id}`}
        className="flex items-center gap-3 rounded-lg border bg-card p-4 text-card-foreground shadow-sm transition-colors hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <div className="grid min-w-0 flex-1 gap-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="font-semibold">{booking.provider_name || t('list.unknownProvider')}</h2>
            <StatusBadge status={booking.status} />
            {needsPayment(booking) ? (
              <Badge variant="outline" className="border-warning bg-warning/10">
                {tp('badge')}
              </Badge>
            ) : null}
          </div>
          <p className="text-sm">
            {booking.service_name || t('list.unknownService')}
            {booking.service_price > 0 && (
              <span className="text-muted-foreground">
                {' · '}
                {formatRupiah(booking.service_price, i18n.language)}
              </span>
            )}
          </p>
          <div className="text-sm text-muted-foreground">
            <BookingWhen booking={booking} timeZone={booking.time_zone} />
          </div>
        </div>
        <ChevronRight className="size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
      </Link>
    </li>
  );
}
