import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toaster';
import { EmptyState } from '@/components/feedback/empty-state';
import { ErrorState } from '@/components/feedback/error-state';
import { useErrorText } from '@/lib/api/use-error-text';
import { formatRupiah } from '@/lib/format';
import { useDeleteService, useSaveService, useServices } from '../api/queries';
import type { Provider, Service } from '../api/schemas';
import { ProviderPage } from '../components/provider-page';
import { ServiceForm } from '../components/service-form';

export function ServicesPage() {
  const { t } = useTranslation('business');
  return (
    <ProviderPage title={t('services.title')} description={t('services.intro')}>
      {(provider) => <Services provider={provider} />}
    </ProviderPage>
  );
}

function Services({ provider }: { provider: Provider }) {
  const errorText = useErrorText();
  const { t, i18n } = useTranslation(['business', 'common']);
  const services = useServices(provider.id);
  const save = useSaveService(provider.id);
  const remove = useDeleteService(provider.id);
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Service | null>(null);

  const toggle = (service: Service) =>
    save.mutate(
      { id: service.id, input: { is_active: !service.is_active } },
      {
        onSuccess: (s) =>
          toast.success(s.is_active ? t('services.activated') : t('services.deactivated')),
        onError: (e) => toast.error(errorText(e)),
      },
    );

  const minutes = (count: number) => t('common:duration.minutes', { count });
  let list;
  if (services.isPending) {
    list = (
      <div className="grid gap-3" aria-busy="true" aria-label={t('loading')}>
        <Skeleton className="h-20 w-full" />
        <Skeleton className="h-20 w-full" />
      </div>
    );
  } else if (services.isError) {
    list = <ErrorState error={services.error} onRetry={() => void services.refetch()} />;
  } else if (services.data.length === 0) {
    list = <EmptyState title={t('services.empty')} body={t('services.emptyBody')} />;
  } else {
    list = (
      <ul className="grid gap-3 md:grid-cols-2">
        {services.data.map((s) => (
          <li key={s.id} className="grid gap-2 rounded-lg border bg-card p-4">
            <div className="flex items-start justify-between gap-2">
              <h2 className="font-medium">{s.name}</h2>
              <Badge variant={s.is_active ? 'default' : 'outline'}>
                {s.is_active ? t('services.active') : t('services.inactive')}
              </Badge>
            </div>
            {s.description ? (
              <p className="text-sm text-muted-foreground">{s.description}</p>
            ) : null}
            <p className="text-sm">
              {minutes(s.duration)} · {formatRupiah(s.price, i18n.language)}
            </p>
            {s.buffer_before_minutes || s.buffer_after_minutes ? (
              <p className="text-xs text-muted-foreground">
                {t('services.buffers', {
                  before: minutes(s.buffer_before_minutes),
                  after: minutes(s.buffer_after_minutes),
                })}
              </p>
            ) : null}
            <div className="flex flex-wrap gap-2">
              <Button size="sm" variant="outline" onClick={() => setEditing(s)}>
                {t('common:actions.edit')}
                <span className="sr-only"> {s.name}</span>
              </Button>
              <Button
                size="sm"
                variant="outline"
                disabled={save.isPending}
                onClick={() => toggle(s)}
              >
                {s.is_active ? t('services.deactivate') : t('services.activate')}
                <span className="sr-only"> {s.name}</span>
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setDeleting(s)}>
                {t('common:actions.delete')}
                <span className="sr-only"> {s.name}</span>
              </Button>
            </div>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="grid gap-4">
      <div>
        <Button onClick={() => setEditing('new')}>
          <Plus aria-hidden="true" />
          {t('services.add')}
        </Button>
      </div>
      {list}

      <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>
              {editing === 'new' ? t('services.addTitle') : t('services.editTitle')}
            </DialogTitle>
            <DialogDescription>{t('services.formHint')}</DialogDescription>
          </DialogHeader>
          {editing !== null ? (
            <ServiceForm
              providerId={provider.id}
              service={editing === 'new' ? null : editing}
              onDone={() => setEditing(null)}
            />
          ) : null}
        </DialogContent>
      </Dialog>

      <Dialog open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{t('services.deleteTitle')}</DialogTitle>
            <DialogDescription>
              {t('services.deleteBody', { name: deleting?.name ?? '' })}
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" onClick={() => setDeleting(null)}>
              {t('common:actions.cancel')}
            </Button>
            <Button
              variant="destructive"
              disabled={remove.isPending}
              onClick={() =>
                deleting &&
                remove.mutate(deleting.id, {
                  onSuccess: () => {
                    toast.success(t('services.deleted'));
                    setDeleting(null);
                  },
                  onError: (e) => toast.error(errorText(e)),
                })
              }
            >
              {t('common:actions.delete')}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
