import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState } from '@/components/feedback/empty-state';
import { ErrorState } from '@/components/feedback/error-state';
import { Pagination } from '@/components/feedback/pagination';
import { useServices } from '@/features/business/api/queries';
import { useProviderBookings, type Booking, type BookingFilter } from '../api/bookings';
import { BookingCard } from './booking-card';

interface BookingListProps {
  providerId: string;
  filter: BookingFilter;
  emptyTitle: string;
  onPage?: (page: number) => void;
  // Today's agenda reads in time order (the API lists newest first).
  chronological?: boolean;
  showDate?: boolean;
}

function byStart(a: Booking, b: Booking): number {
  return a.starts_at < b.starts_at ? -1 : a.starts_at > b.starts_at ? 1 : 0;
}

export function BookingList({
  providerId,
  filter,
  emptyTitle,
  onPage,
  chronological = false,
  showDate = true,
}: BookingListProps) {
  const { t } = useTranslation('inbox');
  const bookings = useProviderBookings(filter);
  const services = useServices(providerId);
  const names = useMemo(
    () => new Map((services.data ?? []).map((s) => [s.id, s.name])),
    [services.data],
  );
  if (bookings.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true" aria-label={t('loading')}>
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  if (bookings.isError) {
    return <ErrorState error={bookings.error} onRetry={() => void bookings.refetch()} />;
  }
  const items = chronological ? [...bookings.data.items].sort(byStart) : bookings.data.items;
  if (items.length === 0) return <EmptyState title={emptyTitle} />;
  return (
    <div className="grid gap-3">
      <ul className="grid gap-3">
        {items.map((b) => (
          <li key={b.id}>
            <BookingCard booking={b} serviceName={names.get(b.service_id)} showDate={showDate} />
          </li>
        ))}
      </ul>
      {onPage ? <Pagination pagination={bookings.data.pagination} onPage={onPage} /> : null}
    </div>
  );
}
