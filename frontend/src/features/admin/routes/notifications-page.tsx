import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RequireAuth } from '@/app/guards';
import { EmptyState } from '@/components/feedback/empty-state';
import { ErrorState } from '@/components/feedback/error-state';
import { Pagination } from '@/components/feedback/pagination';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { usePageTitle } from '@/lib/page-title';
import {
  emptyFilter,
  filterFromParams,
  filterToParams,
  isFiltered,
  useNotifications,
  type NotificationFilter,
} from '../api/notifications';
import { NotificationFilters } from '../components/notification-filters';
import { NotificationList } from '../components/notification-list';

// `/admin/notifications`: the outbox, for admins only (anyone else gets the app's "no access"
// page). The filters and the page live in the URL, as on the home page.
export function NotificationsPage() {
  return (
    <RequireAuth roles={['admin']}>
      <NotificationCentre />
    </RequireAuth>
  );
}

function NotificationCentre() {
  const { t } = useTranslation(['admin', 'common']);
  usePageTitle(t('notifications.title'));
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const notifications = useNotifications(filter);
  const go = (next: NotificationFilter) => setParams(filterToParams(next));
  const clear = () => go(emptyFilter);

  return (
    <div className="grid gap-6">
      <div className="grid gap-2">
        <h1 className="text-2xl font-bold tracking-tight">{t('notifications.title')}</h1>
        <p className="text-muted-foreground">{t('notifications.intro')}</p>
      </div>
      <NotificationFilters filter={filter} onChange={go} onClear={clear} />
      <section aria-labelledby="notifications-results" className="grid gap-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="notifications-results" className="sr-only">
            {t('table.caption')}
          </h2>
          {notifications.data ? (
            <p className="text-sm text-muted-foreground" aria-live="polite">
              {t('notifications.count', { count: notifications.data.pagination.total_items })}
            </p>
          ) : null}
        </div>
        {notifications.isPending ? (
          <div className="grid gap-3" aria-busy="true" aria-label={t('notifications.loading')}>
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} className="h-14 w-full" />
            ))}
          </div>
        ) : notifications.isError ? (
          <ErrorState error={notifications.error} onRetry={() => void notifications.refetch()} />
        ) : notifications.data.items.length === 0 ? (
          isFiltered(filter) ? (
            <EmptyState
              title={t('notifications.emptyFiltered')}
              body={t('notifications.emptyFilteredBody')}
              action={
                <Button variant="outline" onClick={clear}>
                  {t('common:actions.clear')}
                </Button>
              }
            />
          ) : (
            <EmptyState title={t('notifications.empty')} body={t('notifications.emptyBody')} />
          )
        ) : (
          <div className="grid gap-4" aria-busy={notifications.isPlaceholderData}>
            <NotificationList items={notifications.data.items} />
            <Pagination
              pagination={notifications.data.pagination}
              onPage={(page) => {
                go({ ...filter, page });
                window.scrollTo({ top: 0 });
              }}
            />
          </div>
        )}
      </section>
    </div>
  );
}
