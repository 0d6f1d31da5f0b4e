import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
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
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { toast } from '@/components/ui/toaster';
import { useErrorText } from '@/lib/api/use-error-text';
import { formatDate, formatTime } from '@/lib/format';
import {
  useBookingAction,
  useBookingDetail,
  type Booking,
  type BookingAction,
} from '../api/bookings';
import { kMaxNoteLength } from '@/lib/api/schemas';

const kBadge = {
  pending: 'secondary',
  confirmed: 'default',
  cancelled: 'outline',
  completed: 'outline',
  no_show: 'destructive',
} as const;

interface BookingCardProps {
  booking: Booking;
  serviceName?: string | undefined;
  showDate?: boolean;
}

// One booking as the provider sees it, with the transitions its status allows.
export function BookingCard({ booking, serviceName, showDate = true }: BookingCardProps) {
  const { t, i18n } = useTranslation(['inbox', 'common']);
  const locale = i18n.language;
  const time = `${formatTime(booking.start_time.slice(0, 5), locale)}–${formatTime(booking.end_time.slice(0, 5), locale)}`;
  const title = booking.service_name || serviceName || t('card.unknownService');
  return (
    <article
      aria-label={`${title}, ${showDate ? `${formatDate(booking.booking_date, locale, 'medium')} ` : ''}${time}`}
      className="grid gap-3 rounded-lg border bg-card p-4 text-card-foreground"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="grid gap-0.5">
          <h3 className="font-medium">{title}</h3>
          {booking.customer_name ? <p className="text-sm">{booking.customer_name}</p> : null}
          <p className="text-sm text-muted-foreground">
            {showDate ? `${formatDate(booking.booking_date, locale, 'medium')} · ` : ''}
            {time}
          </p>
        </div>
        <Badge variant={kBadge[booking.status]}>{t(`common:status.${booking.status}`)}</Badge>
      </div>
      {booking.customer_notes ? (
        <p className="text-sm">
          <span className="font-medium">{t('card.notes')}: </span>
          {booking.customer_notes}
        </p>
      ) : null}
      {booking.cancellation_reason ? (
        <p className="text-sm text-muted-foreground">
          <span className="font-medium">{t('card.reason')}: </span>
          {booking.cancellation_reason}
        </p>
      ) : null}
      <BookingActions booking={booking} label={title} />
    </article>
  );
}

interface BookingActionsProps {
  booking: Booking;
  label: string;
}

export function BookingActions({ booking, label }: BookingActionsProps) {
  const errorText = useErrorText();
  const { t } = useTranslation(['inbox', 'common']);
  const action = useBookingAction();
  const [rejecting, setRejecting] = useState(false);
  const [showDetail, setShowDetail] = useState(false);
  const [reason, setReason] = useState('');

  const run = (kind: BookingAction, extra?: string) => {
    action.mutate(
      { id: booking.id, action: kind, reason: extra },
      {
        onSuccess: () => {
          toast.success(t(`actions.done.${kind}`));
          setRejecting(false);
          setReason('');
        },
        onError: (e) => toast.error(errorText(e)),
      },
    );
  };

  const pending = booking.status === 'pending';
  const confirmed = booking.status === 'confirmed';
  return (
    <div className="grid gap-2">
      {action.isError && !rejecting ? <Alert tone="error">{errorText(action.error)}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        {pending ? (
          <Button size="sm" disabled={action.isPending} onClick={() => run('confirm')}>
            {t('actions.confirm')}
          </Button>
        ) : null}
        {confirmed ? (
          <>
            <Button size="sm" disabled={action.isPending} onClick={() => run('complete')}>
              {t('actions.complete')}
            </Button>
            <Button
              size="sm"
              variant="outline"
              disabled={action.isPending}
              onClick={() => run('no-show')}
            >
              {t('actions.noShow')}
            </Button>
          </>
        ) : null}
        {pending || confirmed ? (
          <Button
            size="sm"
            variant="outline"
            disabled={action.isPending}
            onClick={() => {
              action.reset();
              setRejecting(true);
            }}
          >
            {t('actions.reject')}
          </Button>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => setShowDetail(true)}>
          {t('actions.details')}
        </Button>
      </div>

      <Dialog open={rejecting} onOpenChange={setRejecting}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{t('reject.title')}</DialogTitle>
            <DialogDescription>{t('reject.body', { label })}</DialogDescription>
          </DialogHeader>
          <form
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              run('reject', reason);
            }}
          >
            {action.isError ? <Alert tone="error">{errorText(action.error)}</Alert> : null}
            <Field
              id={`reject-reason-${booking.id}`}
              label={`${t('reject.reason')} (${t('common:form.optional')})`}
              error={reason.length > kMaxNoteLength ? t('reject.tooLong') : undefined}
            >
              <Textarea
                value={reason}
                maxLength={kMaxNoteLength}
                onChange={(e) => setReason(e.target.value)}
              />
            </Field>
            <DialogFooter>
              <Button variant="outline" onClick={() => setRejecting(false)}>
                {t('common:actions.cancel')}
              </Button>
              <Button type="submit" variant="destructive" disabled={action.isPending}>
                {t('reject.submit')}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={showDetail} onOpenChange={setShowDetail}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{t('detail.title')}</DialogTitle>
            <DialogDescription>{label}</DialogDescription>
          </DialogHeader>
          {showDetail ? <BookingDetail id={booking.id} /> : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}

function BookingDetail({ id }: { id: string }) {
  const errorText = useErrorText();
  const { t, i18n } = useTranslation(['inbox', 'common']);
  const detail = useBookingDetail(id);
  if (detail.isPending) return <p aria-busy="true">{t('common:states.loading')}</p>;
  if (detail.isError) return <Alert tone="error">{errorText(detail.error)}</Alert>;
  const { booking, customer, service } = detail.data;
  const locale = i18n.language;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      <dt className="text-muted-foreground">{t('detail.customer')}</dt>
      <dd>{customer.full_name}</dd>
      <dt className="text-muted-foreground">{t('detail.email')}</dt>
      <dd className="break-all">{customer.email}</dd>
      {customer.phone ? (
        <>
          <dt className="text-muted-foreground">{t('detail.phone')}</dt>
          <dd>{customer.phone}</dd>
        </>
      ) : null}
      <dt className="text-muted-foreground">{t('detail.service')}</dt>
      <dd>{service.name}</dd>
      <dt className="text-muted-foreground">{t('detail.when')}</dt>
      <dd>
        {formatDate(booking.booking_date, locale, 'weekday')},{' '}
        {formatTime(booking.start_time.slice(0, 5), locale)}–
        {formatTime(booking.end_time.slice(0, 5), locale)}
      </dd>
      <dt className="text-muted-foreground">{t('detail.status')}</dt>
      <dd>{t(`common:status.${booking.status}`)}</dd>
    </dl>
  );
}
