import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ChevronRight } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { formatRupiah } from '@/lib/format';
import { getProviderSummary, kBookingsKey, type Booking } from '../api/bookings-api';
import { BookingWhen } from './booking-when';
import { StatusBadge } from './status-badge';

// One booking in the list, the whole card a link to its page. The list answer has ids only:
// the provider's name, zone and the service's name and price come from the provider (cached,
// so a page of bookings at one salon costs one request).
export function BookingCard({ booking }: { booking: Booking }) {
  const { t, i18n } = useTranslation('bookings');
  const provider = useQuery({
    queryKey: [...kBookingsKey, 'provider', booking.provider_id],
    queryFn: () => getProviderSummary(booking.provider_id),
    staleTime: 5 * 60_000,
  });
  const service = provider.data?.services.find((s) => s.id === booking.service_id);
  const providerName = provider.data?.provider.business_name;

  return (
    <li>
      <Link
        to={`/bookings/${booking.id}`}
        className="flex items-center gap-3 rounded-lg border bg-card p-4 text-card-foreground shadow-sm transition-colors hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <div className="grid min-w-0 flex-1 gap-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="font-semibold">
              {providerName ?? (provider.isPending ? '…' : t('list.unknownProvider'))}
            </h2>
            <StatusBadge status={booking.status} />
          </div>
          <p className="text-sm">{service?.name ?? t('list.unknownService')}</p>
          <div className="text-sm text-muted-foreground">
            <BookingWhen booking={booking} timeZone={provider.data?.provider.timezone} />
          </div>
          {service ? (
            <p className="text-sm font-medium">{formatRupiah(service.price, i18n.language)}</p>
          ) : null}
        </div>
        <ChevronRight className="size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
      </Link>
    </li>
  );
}
