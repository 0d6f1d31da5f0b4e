import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CalendarDays, CalendarOff, Clock, Inbox, Scissors } from 'lucide-react';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { formatDate } from '@/lib/format';
import { useProviderBookings } from '@/features/inbox/api/bookings';
import { BookingList } from '@/features/inbox/components/booking-list';
import type { Provider } from '../api/schemas';
import { CalendarFeedCard } from '../components/calendar-feed-card';
import { PaymentSettingsCard } from '../components/payment-settings-card';
import { ProviderForm } from '../components/provider-form';
import { ProviderPage } from '../components/provider-page';
import { todayIn } from '../lib/time-zones';

const kShortcuts = [
  { to: '/business/services', key: 'services', icon: Scissors },
  { to: '/business/hours', key: 'hours', icon: Clock },
  { to: '/business/exceptions', key: 'exceptions', icon: CalendarOff },
  { to: '/business/bookings', key: 'inbox', icon: Inbox },
  { to: '/business/calendar', key: 'calendar', icon: CalendarDays },
] as const;

export function DashboardPage() {
  const { t } = useTranslation('business');
  return (
    <ProviderPage
      title={t('dashboard.title')}
      withoutProvider={() => (
        <section aria-labelledby="create-business" className="grid max-w-2xl gap-3">
          <h2 id="create-business" className="text-lg font-semibold">
            {t('dashboard.createTitle')}
          </h2>
          <p className="text-sm text-muted-foreground">{t('dashboard.createBody')}</p>
          <ProviderForm provider={null} />
        </section>
      )}
    >
      {(provider) => <Overview provider={provider} />}
    </ProviderPage>
  );
}

function PendingCount() {
  const { t } = useTranslation('business');
  const pending = useProviderBookings({ status: 'pending', limit: 1 });
  if (pending.isPending) return <Skeleton className="h-8 w-16" />;
  const count = pending.data?.pagination.total_items ?? 0;
  return (
    <p className="text-sm">
      <span className="text-3xl font-semibold">{count}</span>{' '}
      <span className="text-muted-foreground">{t('dashboard.pendingCount', { count })}</span>
    </p>
  );
}

function Overview({ provider }: { provider: Provider }) {
  const { t, i18n } = useTranslation('business');
  const today = todayIn(provider.timezone);
  return (
    <div className="grid gap-6">
      <p className="text-lg font-medium">
        {provider.business_name}
        {provider.is_active ? null : (
          <span className="ml-2 text-sm text-muted-foreground">({t('dashboard.inactive')})</span>
        )}
      </p>
      <div className="grid gap-4 md:grid-cols-3">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">{t('dashboard.pendingTitle')}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-2">
            <PendingCount />
            <Link to="/business/bookings" className="text-sm text-primary underline">
              {t('dashboard.openInbox')}
            </Link>
          </CardContent>
        </Card>
        <Card className="md:col-span-2">
          <CardHeader>
            <CardTitle className="text-base">{t('dashboard.shortcuts')}</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3">
              {kShortcuts.map(({ to, key, icon: Icon }) => (
                <li key={to}>
                  <Link
                    to={to}
                    className="flex items-center gap-2 rounded-md border p-3 text-sm font-medium hover:bg-accent"
                  >
                    <Icon className="size-4 text-primary" aria-hidden="true" />
                    {t(`nav.${key}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      </div>

      <section aria-labelledby="agenda" className="grid gap-3">
        <h2 id="agenda" className="text-lg font-semibold">
          {t('dashboard.agenda', { date: formatDate(today, i18n.language, 'weekday') })}
        </h2>
        <BookingList
          providerId={provider.id}
          filter={{ start_date: today, end_date: today, limit: 100 }}
          emptyTitle={t('dashboard.agendaEmpty')}
          chronological
          showDate={false}
        />
      </section>

      <section aria-labelledby="profile" className="grid max-w-2xl gap-3">
        <h2 id="profile" className="text-lg font-semibold">
          {t('dashboard.profileTitle')}
        </h2>
        <ProviderForm provider={provider} />
      </section>

      <section className="grid max-w-2xl gap-3">
        <PaymentSettingsCard provider={provider} />
      </section>

      <section className="grid max-w-2xl gap-3">
        <CalendarFeedCard providerId={provider.id} />
      </section>
    </div>
  );
}
