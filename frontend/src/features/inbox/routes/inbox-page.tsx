import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Field } from '@/components/ui/field';
import { NativeSelect } from '@/components/ui/input';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { ProviderPage } from '@/features/business/components/provider-page';
import type { Provider } from '@/features/business/api/schemas';
import { todayIn } from '@/features/business/lib/time-zones';
import { bookingStatuses, bookingStatusSchema } from '../api/bookings';
import { BookingList } from '../components/booking-list';

export function InboxPage() {
  const { t } = useTranslation('inbox');
  return (
    <ProviderPage title={t('title')} description={t('intro')}>
      {(provider) => <Inbox provider={provider} />}
    </ProviderPage>
  );
}

const kTabs = ['pending', 'today', 'all'] as const;
type Tab = (typeof kTabs)[number];

function Inbox({ provider }: { provider: Provider }) {
  const { t } = useTranslation(['inbox', 'common']);
  const [params, setParams] = useSearchParams();
  const tab: Tab = (kTabs as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'pending';
  const parsedStatus = bookingStatusSchema.safeParse(params.get('status'));
  const status = parsedStatus.success ? parsedStatus.data : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [pendingPage, setPendingPage] = useState(1);
  const today = todayIn(provider.timezone);

  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  return (
    <Tabs value={tab} onValueChange={(v) => update({ tab: v === 'pending' ? null : v })}>
      <TabsList className="w-full sm:w-auto">
        {kTabs.map((k) => (
          <TabsTrigger key={k} value={k} className="flex-1 sm:flex-none">
            {t(`tabs.${k}`)}
          </TabsTrigger>
        ))}
      </TabsList>
      <TabsContent value="pending" className="mt-4">
        <BookingList
          providerId={provider.id}
          filter={{ status: 'pending', page: pendingPage, limit: 20 }}
          emptyTitle={t('empty.pending')}
          onPage={setPendingPage}
          chronological
        />
      </TabsContent>
      <TabsContent value="today" className="mt-4">
        <BookingList
          providerId={provider.id}
          filter={{ start_date: today, end_date: today, limit: 100 }}
          emptyTitle={t('empty.today')}
          chronological
          showDate={false}
        />
      </TabsContent>
      <TabsContent value="all" className="mt-4 grid gap-4">
        <Field id="inbox-status" label={t('filter.status')} className="max-w-xs">
          <NativeSelect
            value={status ?? ''}
            onChange={(e) => update({ status: e.target.value, page: null })}
          >
            <option value="">{t('filter.any')}</option>
            {bookingStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`common:status.${s}`)}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <BookingList
          providerId={provider.id}
          filter={{ status, page, limit: 20 }}
          emptyTitle={t('empty.all')}
          onPage={(p) => update({ page: p === 1 ? null : String(p) })}
        />
      </TabsContent>
    </Tabs>
  );
}
