import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CalendarSync, Copy } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toaster';
import { ErrorState } from '@/components/feedback/error-state';
import { useErrorText } from '@/lib/api/use-error-text';
import { formatInstant } from '@/lib/format';
import {
  useCalendarFeed,
  useCreateCalendarFeed,
  useRevokeCalendarFeed,
} from '../api/calendar-feed';

// The provider's private calendar subscription: a secret link that calendar apps (Google,
// Apple, Outlook) poll for the business's bookings. The API shows the link once, when it is
// made; afterwards only whether one is on.
export function CalendarFeedCard({ providerId }: { providerId: string }) {
  const { t, i18n } = useTranslation('business');
  const errorText = useErrorText();
  const status = useCalendarFeed(providerId);
  const create = useCreateCalendarFeed(providerId);
  const revoke = useRevokeCalendarFeed(providerId);
  const [url, setUrl] = useState<string | null>(null);
  const [confirmingNew, setConfirmingNew] = useState(false);
  const failure = create.error ?? revoke.error;

  const makeLink = () => {
    setConfirmingNew(false);
    create.mutate(undefined, { onSuccess: (link) => setUrl(link.url) });
  };
  const turnOff = () => {
    revoke.mutate(undefined, { onSuccess: () => setUrl(null) });
  };
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      toast.success(t('calendarFeed.copied'));
    } catch {
      toast.error(t('calendarFeed.copyFailed'));
    }
  };

  let body;
  if (status.isPending) {
    body = <Skeleton className="h-10 w-full" />;
  } else if (status.isError) {
    body = <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  } else {
    const active = status.data.active;
    const busy = create.isPending || revoke.isPending;
    body = (
      <div className="grid gap-3">
        <p className="text-sm">
          {active && status.data.created_at
            ? t('calendarFeed.activeSince', {
                date: formatInstant(status.data.created_at, i18n.language),
              })
            : t('calendarFeed.off')}
        </p>
        {url ? (
          <div className="grid gap-2">
            <label htmlFor="calendar-feed-url" className="text-sm font-medium">
              {t('calendarFeed.urlLabel')}
            </label>
            <div className="flex gap-2">
              <Input
                id="calendar-feed-url"
                readOnly
                value={url}
                onFocus={(e) => e.currentTarget.select()}
              />
              <Button type="button" variant="outline" onClick={() => void copy()}>
                <Copy aria-hidden="true" />
                {t('calendarFeed.copy')}
              </Button>
            </div>
            <p className="text-sm text-muted-foreground">{t('calendarFeed.shownOnce')}</p>
          </div>
        ) : null}
        {confirmingNew ? (
          <Alert tone="warning" className="grid gap-2">
            <p>{t('calendarFeed.replaceWarning')}</p>
            <div className="flex gap-2">
              <Button type="button" size="sm" onClick={makeLink} disabled={busy}>
                {t('calendarFeed.replaceConfirm')}
              </Button>
              <Button
                type="button"
                size="sm"
                variant="ghost"
                onClick={() => setConfirmingNew(false)}
              >
                {t('calendarFeed.cancel')}
              </Button>
            </div>
          </Alert>
        ) : null}
        {failure ? <Alert tone="error">{errorText(failure)}</Alert> : null}
        <div className="flex flex-wrap gap-2">
          {active ? (
            <>
              <Button
                type="button"
                variant="outline"
                onClick={() => setConfirmingNew(true)}
                disabled={busy || confirmingNew}
              >
                {t('calendarFeed.newLink')}
              </Button>
              <Button type="button" variant="destructive" onClick={turnOff} disabled={busy}>
                {t('calendarFeed.turnOff')}
              </Button>
            </>
          ) : (
            <Button type="button" onClick={makeLink} disabled={busy}>
              {t('calendarFeed.create')}
            </Button>
          )}
        </div>
      </div>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          <CalendarSync className="size-4 text-primary" aria-hidden="true" />
          {t('calendarFeed.title')}
        </CardTitle>
        <CardDescription>{t('calendarFeed.description')}</CardDescription>
      </CardHeader>
      <CardContent>{body}</CardContent>
    </Card>
  );
}
