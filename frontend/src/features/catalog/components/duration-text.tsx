import { useTranslation } from 'react-i18next';
import { splitMinutes } from '@/lib/format';

// "1 jam 30 menit" / "1 h 30 min" for a service's duration in minutes.
export function useDurationText(): (minutes: number) => string {
  const { t } = useTranslation('common');
  return (total) => {
    const { hours, minutes } = splitMinutes(total);
    if (hours === 0) return t('duration.minutes', { count: minutes });
    if (minutes === 0) return t('duration.hours', { count: hours });
    return t('duration.hoursMinutes', { hours, minutes });
  };
}
