import { useTranslation } from 'react-i18next';
import { browserTimeZone, formatDate, formatInstant, formatTime } from '@/lib/format';
import type { Booking } from '../api/bookings-api';

// The provider-local date and time as the API gives them; when the provider's zone is not the
// browser's, the zone is named and the time is also given in the browser's.
export function BookingWhen({ booking, timeZone }: { booking: Booking; timeZone?: string }) {
  const { t, i18n } = useTranslation('bookings');
  const locale = i18n.language;
  const otherZone = timeZone !== undefined && timeZone !== browserTimeZone();
  return (
    <span className="grid gap-0.5">
      <span>
        {formatDate(booking.booking_date, locale, 'weekday')},{' '}
        {t('when.range', {
          start: formatTime(booking.start_time, locale),
          end: formatTime(booking.end_time, locale),
        })}
      </span>
      {otherZone ? (
        <span className="text-xs text-muted-foreground">
          {t('when.zone', { zone: timeZone, local: formatInstant(booking.starts_at, locale) })}
        </span>
      ) : null}
    </span>
  );
}
