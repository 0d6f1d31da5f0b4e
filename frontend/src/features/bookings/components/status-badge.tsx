import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import type { BookingStatus } from '../api/bookings-api';

const kVariant = {
  pending: 'secondary',
  confirmed: 'default',
  cancelled: 'destructive',
  completed: 'outline',
  no_show: 'outline',
} as const;

export function StatusBadge({ status }: { status: BookingStatus }) {
  const { t } = useTranslation();
  return <Badge variant={kVariant[status]}>{t(`status.${status}`)}</Badge>;
}
