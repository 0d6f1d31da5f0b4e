import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { NativeSelect, Textarea } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toaster';
import { ErrorState } from '@/components/feedback/error-state';
import { isApiError } from '@/lib/api/errors';
import { errorMessage } from '@/lib/api/messages';
import { browserTimeZone, formatDate, formatTime } from '@/lib/format';
import { cn } from '@/lib/cn';
import {
  getRescheduleOptions,
  kBookingsKey,
  kCancellationCutoffHours,
  rescheduleBooking,
  type Booking,
} from '../api/bookings-api';
import { kMaxNoteLength } from '@/lib/api/schemas';

// Moves a booking: the next 14 days of free starts (the booking's own time counts as free),
// one day at a time; a start taken meanwhile (409) refreshes the choices with the API's words.
export function RescheduleDialog({ booking }: { booking: Booking }) {
  const { t } = useTranslation('bookings');
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">{t('reschedule.open')}</Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{t('reschedule.title')}</DialogTitle>
          <DialogDescription>
            {t('reschedule.intro', { count: kCancellationCutoffHours })}
          </DialogDescription>
        </DialogHeader>
        {open ? <RescheduleForm booking={booking} onDone={() => setOpen(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function RescheduleForm({ booking, onDone }: { booking: Booking; onDone: () => void }) {
  const { t, i18n } = useTranslation('bookings');
  const { t: tc } = useTranslation();
  const locale = i18n.language;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const optionsKey = [...kBookingsKey, 'reschedule-options', booking.id];
  const options = useQuery({
    queryKey: optionsKey,
    queryFn: () => getRescheduleOptions(booking.id),
    staleTime: 0,
  });
  const [day, setDay] = useState<string | null>(null);
  const [startsAt, setStartsAt] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  const mutation = useMutation({
    mutationFn: (instant: string) => rescheduleBooking(booking.id, instant, reason.trim()),
    onSuccess: (moved) => {
      onDone();
      toast.success(t('reschedule.done'));
      // Everything about bookings is stale now, except these options: the dialog is closing.
      void queryClient.invalidateQueries({
        queryKey: kBookingsKey,
        predicate: (q) => q.queryKey[1] !== 'reschedule-options',
      });
      navigate(`/bookings/${moved.id}`);
    },
    onError: (error) => {
      // Taken meanwhile: show fresh choices.
      if (isApiError(error) && error.status === 409) {
        setStartsAt(null);
        void options.refetch();
      }
    },
  });

  if (options.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true">
        <span className="sr-only">{tc('states.loading')}</span>
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  if (options.isError) {
    return <ErrorState error={options.error} onRetry={() => void options.refetch()} />;
  }

  const days = options.data.days.filter((d) => d.slots.length > 0);
  if (days.length === 0) return <Alert>{t('reschedule.none')}</Alert>;
  const chosenDay = days.find((d) => d.date === day) ?? days[0];
  const slots = chosenDay?.slots ?? [];
  const zone = options.data.time_zone;
  const tooLong = reason.length > kMaxNoteLength;

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (startsAt && !tooLong) mutation.mutate(startsAt);
      }}
    >
      {mutation.error ? <Alert tone="error">{errorMessage(mutation.error, tc)}</Alert> : null}
      <Field id="reschedule-day" label={t('reschedule.day')}>
        <NativeSelect
          value={chosenDay?.date ?? ''}
          onChange={(e) => {
            setDay(e.target.value);
            setStartsAt(null);
          }}
        >
          {days.map((d) => (
            <option key={d.date} value={d.date}>
              {t('reschedule.dayOption', {
                day: formatDate(d.date, locale, 'medium'),
                count: d.slots.length,
              })}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">
          {zone !== browserTimeZone() ? t('reschedule.timesIn', { zone }) : t('reschedule.times')}
        </legend>
        <div className="grid grid-cols-3 gap-2 sm:grid-cols-4">
          {slots.map((slot) => {
            const current = slot.starts_at === booking.starts_at;
            const repeated = slots.filter((s) => s.start_time === slot.start_time).length > 1;
            const label = `${formatTime(slot.start_time, locale)}${repeated ? ` (UTC${slot.utc_offset})` : ''}`;
            return (
              <label
                key={slot.starts_at}
                className={cn(
                  'flex cursor-pointer items-center justify-center rounded-md border px-2 py-2 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary has-[:checked]:text-primary-foreground has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
                  current && 'cursor-not-allowed opacity-60',
                )}
              >
                <input
                  type="radio"
                  name="reschedule-slot"
                  className="sr-only"
                  value={slot.starts_at}
                  checked={startsAt === slot.starts_at}
                  disabled={current}
                  onChange={() => setStartsAt(slot.starts_at)}
                />
                {current ? t('reschedule.current', { time: label }) : label}
              </label>
            );
          })}
        </div>
      </fieldset>
      <Field
        id="reschedule-reason"
        label={t('reschedule.reason')}
        hint={t('cancel.reasonHint')}
        error={tooLong ? t('cancel.reasonTooLong', { count: kMaxNoteLength }) : undefined}
      >
        <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
      </Field>
      <DialogFooter>
        <Button variant="outline" onClick={onDone}>
          {tc('actions.cancel')}
        </Button>
        <Button type="submit" disabled={!startsAt || mutation.isPending}>
          {mutation.isPending ? t('reschedule.submitting') : t('reschedule.submit')}
        </Button>
      </DialogFooter>
    </form>
  );
}
