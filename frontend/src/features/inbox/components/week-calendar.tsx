import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import listPlugin from '@fullcalendar/react/list';
import classicThemePlugin from '@fullcalendar/react/themes/classic';
import idLocale from '@fullcalendar/react/locales/id';
import enGbLocale from '@fullcalendar/react/locales/en-gb';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import type { Booking, BookingStatus } from '../api/bookings';

interface WeekCalendarProps {
  timeZone: string;
  locale: string;
  bookings: Booking[];
  serviceName: (serviceId: string) => string;
  statusLabel: (status: BookingStatus) => string;
  onRange: (range: { start: string; end: string }) => void;
  onSelect: (bookingId: string) => void;
}

const kStatusClass: Record<BookingStatus, string> = {
  pending: 'janji-event-pending',
  confirmed: 'janji-event-confirmed',
  cancelled: 'janji-event-cancelled',
  completed: 'janji-event-completed',
  no_show: 'janji-event-no-show',
};

function isoDay(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(date);
}

// A week of bookings (a day list on a phone) in the provider's time zone; a click on a
// booking hands its id to the page, which opens its actions.
export function WeekCalendar(props: WeekCalendarProps) {
  const { timeZone, locale, bookings, serviceName, statusLabel, onRange, onSelect } = props;
  const narrow = typeof window !== 'undefined' && window.innerWidth < 640;
  return (
    <div className="janji-calendar text-sm">
      <FullCalendar
        plugins={[timeGridPlugin, listPlugin, classicThemePlugin]}
        initialView={narrow ? 'listWeek' : 'timeGridWeek'}
        locales={[idLocale, enGbLocale]}
        locale={locale === 'en' ? 'en-gb' : 'id'}
        timeZone={timeZone}
        firstDay={1}
        height="auto"
        allDaySlot={false}
        nowIndicator
        slotMinTime="06:00:00"
        slotMaxTime="22:00:00"
        headerToolbar={{ start: 'prev,next today', center: 'title', end: 'timeGridWeek,listWeek' }}
        events={bookings
          .filter((b) => b.status !== 'cancelled')
          .map((b) => ({
            id: b.id,
            title: `${serviceName(b.service_id)} · ${statusLabel(b.status)}`,
            start: b.starts_at,
            end: b.ends_at,
            classNames: [kStatusClass[b.status]],
          }))}
        datesSet={(info) => {
          // `end` is exclusive: the last shown day is the one before.
          const last = new Date(info.end.getTime() - 1);
          onRange({ start: isoDay(info.start, timeZone), end: isoDay(last, timeZone) });
        }}
        eventClick={(info) => {
          info.jsEvent.preventDefault();
          onSelect(info.event.id);
        }}
      />
    </div>
  );
}
