import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Trash2 } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { MonthCalendar } from '@/components/ui/month-calendar';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toaster';
import { ErrorState } from '@/components/feedback/error-state';
import { isApiError } from '@/lib/api/errors';
import { useErrorText } from '@/lib/api/use-error-text';
import { formatDate, formatTime, toIsoDate } from '@/lib/format';
import { useCreateException, useDeleteException, useExceptions } from '../api/queries';
import type { Provider, ScheduleException } from '../api/schemas';
import { ProviderPage } from '../components/provider-page';
import { endMinutes, isTimeOfDay, normalizeTime, toMinutes } from '../lib/hours';
import { todayIn } from '../lib/time-zones';

export function ExceptionsPage() {
  const { t } = useTranslation('business');
  return (
    <ProviderPage title={t('exceptions.title')} description={t('exceptions.intro')}>
      {(provider) => <Exceptions provider={provider} />}
    </ProviderPage>
  );
}

function monthBounds(month: Date): { from: string; to: string } {
  const first = new Date(month.getFullYear(), month.getMonth(), 1);
  const last = new Date(month.getFullYear(), month.getMonth() + 1, 0);
  return { from: toIsoDate(first), to: toIsoDate(last) };
}

function Exceptions({ provider }: { provider: Provider }) {
  const { t, i18n } = useTranslation(['business', 'common']);
  const locale = i18n.language;
  const today = todayIn(provider.timezone);
  const [selected, setSelected] = useState<string>(today);
  const [month, setMonth] = useState<Date>(() => {
    const [y, m] = today.split('-').map(Number);
    return new Date(y ?? 2000, (m ?? 1) - 1, 1);
  });
  const { from, to } = monthBounds(month);
  const exceptions = useExceptions(provider.id, from, to);
  const byDate = new Map<string, ScheduleException[]>();
  for (const e of exceptions.data ?? []) {
    byDate.set(e.exception_date, [...(byDate.get(e.exception_date) ?? []), e]);
  }

  return (
    <div className="grid gap-6 md:grid-cols-[minmax(0,22rem)_1fr] md:items-start">
      <div className="grid gap-2">
        {exceptions.isError ? (
          <ErrorState error={exceptions.error} onRetry={() => void exceptions.refetch()} />
        ) : null}
        <MonthCalendar
          month={month}
          onMonthChange={setMonth}
          selected={selected}
          onSelect={setSelected}
          locale={locale}
          dayInfo={(iso) =>
            byDate.has(iso) ? { tone: 'special', label: t('exceptions.marked') } : {}
          }
        />
      </div>
      <section aria-labelledby="exception-day" className="grid gap-4">
        <h2 id="exception-day" className="text-lg font-semibold">
          {t('exceptions.dayTitle', { date: formatDate(selected, locale, 'weekday') })}
        </h2>
        {exceptions.isPending ? (
          <Skeleton className="h-16 w-full" />
        ) : (
          <DayExceptions provider={provider} items={byDate.get(selected) ?? []} />
        )}
        <ExceptionForm key={selected} provider={provider} date={selected} />
      </section>
    </div>
  );
}

function describe(e: ScheduleException, t: (k: 'exceptions.wholeDay') => string, locale: string) {
  if (!e.start_time || !e.end_time) return t('exceptions.wholeDay');
  return `${formatTime(normalizeTime(e.start_time), locale)}–${formatTime(normalizeTime(e.end_time), locale)}`;
}

function DayExceptions({ provider, items }: { provider: Provider; items: ScheduleException[] }) {
  const errorText = useErrorText();
  const { t, i18n } = useTranslation(['business', 'common']);
  const remove = useDeleteException(provider.id);
  if (items.length === 0) {
    return <p className="text-sm text-muted-foreground">{t('exceptions.none')}</p>;
  }
  return (
    <ul className="grid gap-2" aria-label={t('exceptions.listLabel')}>
      {items.map((e) => {
        const kind = e.is_available ? 'special' : e.start_time ? 'block' : 'closed';
        const what = `${t(`exceptions.kind.${kind}`)} ${describe(e, t, i18n.language)}`;
        return (
          <li
            key={e.id}
            className="flex items-start justify-between gap-2 rounded-lg border bg-card p-3"
          >
            <div className="grid gap-0.5 text-sm">
              <span className="font-medium">{t(`exceptions.kind.${kind}`)}</span>
              <span className="text-muted-foreground">{describe(e, t, i18n.language)}</span>
              {e.reason ? <span>{e.reason}</span> : null}
            </div>
            <Button
              size="icon"
              variant="ghost"
              disabled={remove.isPending}
              onClick={() =>
                remove.mutate(e.id, {
                  onSuccess: () => toast.success(t('exceptions.deleted')),
                  onError: (err) => toast.error(errorText(err)),
                })
              }
            >
              <Trash2 aria-hidden="true" />
              <span className="sr-only">{t('exceptions.deleteLabel', { what })}</span>
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

type Kind = 'closed' | 'block' | 'special';

function ExceptionForm({ provider, date }: { provider: Provider; date: string }) {
  const errorText = useErrorText();
  const { t } = useTranslation(['business', 'common']);
  const create = useCreateException(provider.id);
  const [kind, setKind] = useState<Kind>('closed');
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('17:00');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const withTimes = kind !== 'closed';
  const validate = (): Record<string, string> => {
    const out: Record<string, string> = {};
    if (withTimes) {
      if (!isTimeOfDay(start) || start === '24:00') out.start_time = t('hours.errors.invalidTime');
      if (!isTimeOfDay(end)) out.end_time = t('hours.errors.invalidTime');
      if (!out.start_time && !out.end_time && toMinutes(start) >= endMinutes(end)) {
        out.end_time = t('hours.errors.endBeforeStart');
      }
    }
    if (reason.length > 255) out.reason = t('form.errors.tooLong', { max: 255 });
    return out;
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate(
      {
        exception_date: date,
        start_time: withTimes ? start : null,
        end_time: withTimes ? end : null,
        reason: reason.trim() || null,
        is_available: kind === 'special',
      },
      {
        onSuccess: () => {
          toast.success(t('exceptions.added'));
          setReason('');
        },
        onError: (err) => {
          if (isApiError(err)) setErrors(err.details);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-3 rounded-lg border p-4">
      {create.isError ? <Alert tone="error">{errorText(create.error)}</Alert> : null}
      <Field id="exception-kind" label={t('exceptions.kindLabel')}>
        <NativeSelect value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="closed">{t('exceptions.kind.closed')}</option>
          <option value="block">{t('exceptions.kind.block')}</option>
          <option value="special">{t('exceptions.kind.special')}</option>
        </NativeSelect>
      </Field>
      {withTimes ? (
        <div className="grid grid-cols-2 gap-3">
          <Field id="exception-start" label={t('exceptions.start')} error={errors.start_time}>
            <Input
              inputMode="numeric"
              maxLength={5}
              value={start}
              onChange={(e) => setStart(e.target.value)}
            />
          </Field>
          <Field id="exception-end" label={t('exceptions.end')} error={errors.end_time}>
            <Input
              inputMode="numeric"
              maxLength={5}
              value={end}
              onChange={(e) => setEnd(e.target.value)}
            />
          </Field>
        </div>
      ) : null}
      <Field
        id="exception-reason"
        label={`${t('exceptions.reason')} (${t('common:form.optional')})`}
        error={errors.reason}
      >
        <Input value={reason} maxLength={255} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div>
        <Button type="submit" disabled={create.isPending}>
          {t('exceptions.add')}
        </Button>
      </div>
    </form>
  );
}
