import { useTranslation } from 'react-i18next';
import { formatTime } from '@/lib/format';
import type { Schedule } from '../api/providers';

// Monday first, as in the calendar; day_of_week is 0 = Sunday .. 6 = Saturday.
const kWeekOrder = [1, 2, 3, 4, 5, 6, 0] as const;

interface WeeklyHoursProps {
  schedules: Schedule[];
  timeZone: string;
  locale: string;
}

// Opening hours per weekday in the provider's own time zone; several ranges a day are listed
// in order, a day without any is shown closed.
export function WeeklyHours({ schedules, timeZone, locale }: WeeklyHoursProps) {
  const { t } = useTranslation(['catalog', 'common']);
  return (
    <div className="grid gap-2">
      <p className="text-sm text-muted-foreground">{t('provider.zone', { zone: timeZone })}</p>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-sm">
        {kWeekOrder.map((day) => {
          const ranges = schedules
            .filter((s) => s.is_active && s.day_of_week === day)
            .sort((a, b) => a.start_time.localeCompare(b.start_time));
          return (
            <div key={day} className="contents">
              <dt className="font-medium">{t(`common:weekdays.${day}`)}</dt>
              <dd className={ranges.length === 0 ? 'text-muted-foreground' : undefined}>
                {ranges.length === 0
                  ? t('provider.closed')
                  : ranges
                      .map(
                        (r) =>
                          `${formatTime(r.start_time, locale)}–${formatTime(r.end_time, locale)}`,
                      )
                      .join(', ')}
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}
