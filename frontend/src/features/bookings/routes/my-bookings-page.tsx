import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RequireAuth } from '@/app/guards';
import { EmptyState } from '@/components/feedback/empty-state';
import { ErrorState } from '@/components/feedback/error-state';
import { Pagination } from '@/components/feedback/pagination';
import { buttonVariants } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { usePageTitle } from '@/lib/page-title';
import {
  kBookingStatuses,
  kBookingsKey,
  listMyBookings,
  type BookingStatus,
  type BookingTab,
} from '../api/bookings-api';
import { BookingCard } from '../components/booking-card';

function statusOf(raw: string | null): BookingStatus | '' {
  return kBookingStatuses.find((s) => s === raw) ?? '';
}

// Tab, status and page live in the address, so the back button and a shared link keep them.
export function MyBookingsPage() {
  const { t } = useTranslation('bookings');
  const { t: tc } = useTranslation();
  usePageTitle(t('list.title'));
  const [params, setParams] = useSearchParams();
  const tab: BookingTab = params.get('tab') === 'past' ? 'past' : 'upcoming';
  const status = statusOf(params.get('status'));
  const page = Math.max(1, Number(params.get('page')) || 1);

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  return (
    <RequireAuth>
      <div className="grid gap-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h1 className="text-2xl font-semibold">{t('list.title')}</h1>
          <div className="grid gap-1.5">
            <Label htmlFor="bookings-status">{t('list.statusFilter')}</Label>
            <NativeSelect
              id="bookings-status"
              className="w-auto min-w-48"
              value={status}
              onChange={(e) => update({ status: e.target.value, page: '' })}
            >
              <option value="">{t('list.allStatuses')}</option>
              {kBookingStatuses.map((s) => (
                <option key={s} value={s}>
                  {tc(`status.${s}`)}
                </option>
              ))}
            </NativeSelect>
          </div>
        </div>
        <Tabs
          value={tab}
          onValueChange={(v) => update({ tab: v === 'past' ? 'past' : '', page: '' })}
        >
          <TabsList aria-label={t('list.tabsLabel')}>
            <TabsTrigger value="upcoming">{t('list.upcoming')}</TabsTrigger>
            <TabsTrigger value="past">{t('list.past')}</TabsTrigger>
          </TabsList>
          <TabsContent value="upcoming">
            <BookingList
              tab="upcoming"
              status={status}
              page={page}
              onPage={(p) => update({ page: String(p) })}
            />
          </TabsContent>
          <TabsContent value="past">
            <BookingList
              tab="past"
              status={status}
              page={page}
              onPage={(p) => update({ page: String(p) })}
            />
          </TabsContent>
        </Tabs>
      </div>
    </RequireAuth>
  );
}

interface BookingListProps {
  tab: BookingTab;
  status: BookingStatus | '';
  page: number;
  onPage: (page: number) => void;
}

function BookingList({ tab, status, page, onPage }: BookingListProps) {
  const { t } = useTranslation('bookings');
  const { t: tc } = useTranslation();
  // The server splits upcoming and past by the moment each booking ends.
  const query = useQuery({
    queryKey: [...kBookingsKey, 'mine', { tab, status, page }],
    queryFn: () => listMyBookings({ tab, status, page }),
    placeholderData: keepPreviousData,
  });

  if (query.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true">
        <span className="sr-only">{tc('states.loading')}</span>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-28 w-full" />
        ))}
      </div>
    );
  }
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;

  const { items, pagination } = query.data;
  if (items.length === 0) {
    return (
      <EmptyState
        title={tab === 'upcoming' ? t('list.emptyUpcoming') : t('list.emptyPast')}
        body={status ? t('list.emptyFiltered') : t('list.emptyBody')}
        action={
          <Link to="/" className={buttonVariants({ size: 'sm' })}>
            {t('list.findProvider')}
          </Link>
        }
      />
    );
  }
  return (
    <div className="grid gap-4" aria-busy={query.isFetching}>
      <ul className="grid gap-3">
        {items.map((b) => (
          <BookingCard key={b.id} booking={b} />
        ))}
      </ul>
      <Pagination pagination={pagination} onPage={onPage} />
    </div>
  );
}
