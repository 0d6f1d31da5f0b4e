import { lazy, Suspense, useMemo, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { z } from 'zod/mini';
import { ErrorState } from '@/components/feedback/error-state';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { Field } from '@/components/ui/field';
import { NativeSelect, Textarea } from '@/components/ui/input';
import { MonthCalendar, type DayInfo } from '@/components/ui/month-calendar';
import { toast } from '@/components/ui/toaster';
import { isApiError } from '@/lib/api/errors';
import { errorMessage } from '@/lib/api/messages';
import { browserTimeZone, formatDate, formatRupiah, formatTime, toIsoDate } from '@/lib/format';
import type { ProviderDetail } from '@/features/catalog/api/providers';
import { useDurationText } from '@/features/catalog/components/duration-text';
import { kMaxNoteLength } from '@/lib/api/schemas';
import { noteServerTime } from '@/lib/server-clock';
import { needsPayment } from '@/features/payments/api/payments';
import { refreshDay, useMonthAvailability } from '../api/availability';
import {
  createBooking,
  kSlotTakenCode,
  newIdempotencyKey,
  type CreateBookingInput,
  type CreatedBooking,
} from '../api/bookings';
import { SlotPicker } from './slot-picker';

// Loaded only when a booking needs payment: the booking page's first visit stays small.
const loadPaymentStep = () => import('@/features/payments/components/payment-step');
const PaymentStep = lazy(() => loadPaymentStep().then((m) => ({ default: m.PaymentStep })));

interface BookingFlowProps {
  detail: ProviderDetail;
  serviceId: string;
  onServiceChange: (serviceId: string) => void;
}

function startOfMonth(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), 1);
}

// Service -> day -> time -> notes -> confirm, on one page. Availability comes one month at a
// time; the booking itself is checked again by the API, which settles races (409).
export function BookingFlow({ detail, serviceId, onServiceChange }: BookingFlowProps) {
  const { t, i18n } = useTranslation(['booking', 'common']);
  const { t: tc } = useTranslation('common');
  const locale = i18n.language;
  const { provider, services } = detail;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const duration = useDurationText();

  const today = useMemo(() => new Date(), []);
  const todayIso = toIsoDate(today);
  const [month, setMonth] = useState(() => startOfMonth(today));
  const [date, setDate] = useState<string | undefined>(undefined);
  const [startsAt, setStartsAt] = useState<string | undefined>(undefined);
  const [taken, setTaken] = useState(false);
  const [awaitingPayment, setAwaitingPayment] = useState<CreatedBooking | null>(null);
  // One key per booking attempt: a double click or a retry of the same request books once.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const service = services.find((s) => s.id === serviceId);
  // Paid online right after booking (issue 13): priced services of a provider that asks for it.
  const payable = Boolean(provider.requires_payment) && (service?.price ?? 0) > 0;
  const availability = useMonthAvailability(provider.id, serviceId, month);
  // The chosen day stays chosen while another month is shown: its slots come from its own
  // month's answer (the same query when that month is the one shown).
  const chosenMonth = date
    ? new Date(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, 1)
    : month;
  const chosenAvailability = useMonthAvailability(provider.id, serviceId, chosenMonth);
  const daySlots = date
    ? chosenAvailability.isError
      ? []
      : chosenAvailability.data?.days.find((d) => d.date === date)?.slots
    : undefined;
  const slot = daySlots?.find((s) => s.starts_at === startsAt);
  const zone = availability.data?.time_zone ?? provider.timezone;
  const lastDay = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  lastDay.setDate(lastDay.getDate() + provider.max_advance_days);

  const dayInfo = (iso: string): DayInfo => {
    if (iso < todayIso) return { disabled: true };
    const day = availability.data?.days.find((d) => d.date === iso);
    if (!day) return {};
    return day.slots.length > 0
      ? { tone: 'available', label: t('calendar.hasSlots') }
      : { disabled: true, label: t('calendar.noSlots') };
  };

  // One optional field, checked by the API's rule: React Hook Form and its resolver would add
  // ~13 kB gzip to the booking page, which must stay under 150 kB on a first visit.
  const [notes, setNotes] = useState('');
  const [notesError, setNotesError] = useState<string | undefined>(undefined);
  const notesSchema = z
    .string()
    .check(z.maxLength(kMaxNoteLength, t('notes.tooLong', { max: kMaxNoteLength })));

  const mutation = useMutation({
    mutationFn: ({ input, key }: { input: CreateBookingInput; key: string }) =>
      createBooking(input, key),
    onSuccess: (booking) => {
      attempt.current = null;
      void queryClient.invalidateQueries({ queryKey: ['bookings'] });
      if (needsPayment(booking)) {
        // The booking was stamped with the server's "now": the hold counts down from it.
        if (booking.created_at) noteServerTime(Date.parse(booking.created_at));
        setAwaitingPayment(booking);
        return;
      }
      toast.success(t('done'));
      navigate(`/bookings/${booking.id}`);
    },
    onError: (error, { input }) => {
      if (isApiError(error) && error.status === 409 && error.code === kSlotTakenCode) {
        attempt.current = null;
        setTaken(true);
        setStartsAt(undefined);
        const day = date;
        if (day) {
          void refreshDay(queryClient, input.provider_id, input.service_id, day).catch(() =>
            chosenAvailability.refetch(),
          );
        }
      }
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = notesSchema.safeParse(notes);
    if (!checked.success) {
      setNotesError(checked.error.issues[0]?.message);
      document.getElementById('notes')?.focus();
      return;
    }
    setNotesError(undefined);
    if (!slot || !service || mutation.isPending) return;
    const input: CreateBookingInput = {
      provider_id: provider.id,
      service_id: service.id,
      starts_at: slot.starts_at,
      customer_notes: notes.trim() === '' ? null : notes.trim(),
    };
    const body = JSON.stringify(input);
    if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() };
    setTaken(false);
    // Fetched while the booking is made, so the payment step shows at once.
    if (payable) void loadPaymentStep().catch(() => undefined);
    mutation.mutate({ input, key: attempt.current.key });
  };

  const durationText = service ? duration(service.duration) : '';
  const otherZone = zone !== browserTimeZone();
  const failure = mutation.isError && !taken ? mutation.error : null;

  if (awaitingPayment?.payment_due_at) {
    const b = awaitingPayment;
    return (
      <Suspense fallback={<Skeleton className="mx-auto h-80 w-full max-w-lg" />}>
        <PaymentStep
          bookingId={b.id}
          dueAt={awaitingPayment.payment_due_at}
          amount={service?.price ?? 0}
          serviceName={service?.name ?? ''}
          when={`${formatDate(b.booking_date, locale, 'weekday')}, ${formatTime(b.start_time, locale)} (${zone})`}
        />
      </Suspense>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="grid min-w-0 gap-6">
        <section aria-labelledby="step-service" className="grid gap-2">
          <h2 id="step-service" className="text-lg font-semibold">
            {t('steps.service')}
          </h2>
          <Field id="service" label={t('service.label')}>
            <NativeSelect
              value={serviceId}
              onChange={(e) => {
                setStartsAt(undefined);
                setTaken(false);
                onServiceChange(e.target.value);
              }}
            >
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {`${s.name} · ${formatRupiah(s.price, locale)}`}
                </option>
              ))}
            </NativeSelect>
          </Field>
        </section>

        {/* Date and time side by side where both fit, so the slots are in view on a laptop. */}
        <div className="grid content-start gap-6 md:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
          <section aria-labelledby="step-date" className="grid content-start gap-2">
            <h2 id="step-date" className="text-lg font-semibold">
              {t('steps.date')}
            </h2>
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <span aria-hidden="true" className="inline-block size-2 rounded-full bg-success" />
              {t('calendar.legend')}
            </p>
            {availability.isError ? (
              <ErrorState error={availability.error} onRetry={() => void availability.refetch()} />
            ) : null}
            <div aria-busy={availability.isPending}>
              <MonthCalendar
                month={month}
                onMonthChange={setMonth}
                selected={date}
                onSelect={(iso) => {
                  setDate(iso);
                  setStartsAt(undefined);
                  setTaken(false);
                }}
                dayInfo={dayInfo}
                minMonth={today}
                maxMonth={lastDay}
                locale={locale}
                labelledBy="step-date"
              />
            </div>
          </section>

          <section aria-labelledby="step-time" className="grid content-start gap-2">
            <h2 id="step-time" className="text-lg font-semibold">
              {t('steps.time')}
            </h2>
            {otherZone ? (
              <Alert tone="info" role="note">
                {t('slots.zoneNote', { zone })}
              </Alert>
            ) : null}
            {taken ? <Alert tone="error">{t('slots.taken')}</Alert> : null}
            <SlotPicker
              slots={date ? daySlots : []}
              value={startsAt}
              onChange={(value) => {
                setStartsAt(value);
                setTaken(false);
              }}
              locale={locale}
              legend={
                date
                  ? t('slots.legend', { date: formatDate(date, locale, 'weekday') })
                  : t('slots.legendNoDate')
              }
              emptyText={date ? t('slots.empty') : t('slots.pickDate')}
            />
          </section>
        </div>
      </div>

      <section aria-labelledby="step-confirm" className="grid content-start gap-4">
        <h2 id="step-confirm" className="text-lg font-semibold">
          {t('steps.confirm')}
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-md border p-3 text-sm">
          <dt className="text-muted-foreground">{t('summary.service')}</dt>
          <dd>{service?.name ?? '–'}</dd>
          <dt className="text-muted-foreground">{t('summary.duration')}</dt>
          <dd>{durationText || '–'}</dd>
          <dt className="text-muted-foreground">{t('summary.price')}</dt>
          <dd>{service ? formatRupiah(service.price, locale) : '–'}</dd>
          <dt className="text-muted-foreground">{t('summary.date')}</dt>
          <dd>{date ? formatDate(date, locale, 'weekday') : '–'}</dd>
          <dt className="text-muted-foreground">{t('summary.time')}</dt>
          <dd>
            {slot
              ? `${formatTime(slot.start_time, locale)}–${formatTime(slot.end_time, locale)} (${zone})`
              : '–'}
          </dd>
        </dl>
        <Field
          id="notes"
          label={`${t('notes.label')} (${t('common:form.optional')})`}
          hint={t('notes.hint', { max: kMaxNoteLength })}
          error={notesError}
        >
          <Textarea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
        {payable ? <p className="text-sm text-muted-foreground">{t('payNote')}</p> : null}
        {failure ? <Alert tone="error">{errorMessage(failure, tc)}</Alert> : null}
        <Button type="submit" size="lg" disabled={!slot || mutation.isPending}>
          {mutation.isPending ? t('confirming') : t('confirm')}
        </Button>
        {!slot ? <p className="text-sm text-muted-foreground">{t('pickSlotFirst')}</p> : null}
      </section>
    </form>
  );
}
