import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/feedback/empty-state';
import { ErrorState } from '@/components/feedback/error-state';
import { Pagination } from '@/components/feedback/pagination';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { usePageTitle } from '@/lib/page-title';
import { parseBusinessType, useProviders } from '../api/providers';
import { ProviderCard } from '../components/provider-card';
import { SearchForm } from '../components/search-form';

function pageOf(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

// `/`: find a provider. The filters live in the URL (?q=&type=&page=), so links, reloads and
// back/forward all show the same list.
export function HomePage() {
  const { t } = useTranslation(['catalog', 'common']);
  usePageTitle(t('home.pageTitle'));
  const [params, setParams] = useSearchParams();
  const filters = {
    search: params.get('q') ?? '',
    businessType: parseBusinessType(params.get('type')),
    page: pageOf(params.get('page')),
  };
  const providers = useProviders(filters);

  const go = (next: Partial<typeof filters>) => {
    const merged = { ...filters, ...next };
    const out = new URLSearchParams();
    if (merged.search) out.set('q', merged.search);
    if (merged.businessType) out.set('type', merged.businessType);
    if (merged.page > 1) out.set('page', String(merged.page));
    setParams(out);
  };
  const filtered = filters.search !== '' || filters.businessType !== '';

  return (
    <div className="grid gap-8">
      <section
        aria-labelledby="home-title"
        className="grid gap-4 rounded-xl border bg-card p-4 sm:p-8"
      >
        <div className="grid gap-2">
          <h1 id="home-title" className="text-2xl font-bold tracking-tight sm:text-3xl">
            {t('home.title')}
          </h1>
          <p className="text-muted-foreground">{t('home.subtitle')}</p>
        </div>
        <SearchForm
          search={filters.search}
          businessType={filters.businessType}
          onSearch={(search, businessType) => go({ search, businessType, page: 1 })}
        />
      </section>

      <section aria-labelledby="results-title" className="grid gap-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="results-title" className="text-lg font-semibold">
            {t('home.results')}
          </h2>
          {providers.data ? (
            <p className="text-sm text-muted-foreground" aria-live="polite">
              {t('home.count', { count: providers.data.pagination.total_items })}
            </p>
          ) : null}
        </div>
        {providers.isPending ? (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-busy="true">
            {Array.from({ length: 6 }, (_, i) => (
              <li key={i}>
                <Skeleton className="h-36 w-full" />
              </li>
            ))}
          </ul>
        ) : providers.isError ? (
          <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />
        ) : providers.data.items.length === 0 ? (
          filtered ? (
            <EmptyState
              title={t('home.emptyFiltered')}
              body={t('home.emptyFilteredBody')}
              action={
                <Button
                  variant="outline"
                  onClick={() => go({ search: '', businessType: '', page: 1 })}
                >
                  {t('common:actions.clear')}
                </Button>
              }
            />
          ) : (
            <EmptyState title={t('home.empty')} />
          )
        ) : (
          <>
            <ul
              className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
              aria-busy={providers.isPlaceholderData}
            >
              {providers.data.items.map((p) => (
                <li key={p.id}>
                  <ProviderCard provider={p} />
                </li>
              ))}
            </ul>
            <Pagination
              pagination={providers.data.pagination}
              onPage={(page) => {
                go({ page });
                window.scrollTo({ top: 0 });
              }}
            />
          </>
        )}
      </section>
    </div>
  );
}
