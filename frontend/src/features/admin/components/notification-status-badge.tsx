import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import type { NotificationStatus } from '../api/notifications';

const kVariant = {
  pending: 'secondary',
  sent: 'default',
  failed: 'destructive',
  skipped: 'outline',
} as const;

export function NotificationStatusBadge({ status }: { status: NotificationStatus }) {
  const { t } = useTranslation('admin');
  return <Badge variant={kVariant[status]}>{t(`status.${status}`)}</Badge>;
}
