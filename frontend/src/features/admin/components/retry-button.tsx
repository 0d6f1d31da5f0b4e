import { RotateCcw } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toaster';
import { useErrorText } from '@/lib/api/use-error-text';
import { useRetryNotification } from '../api/notifications';

interface RetryButtonProps {
  id: string;
  // Every row has a Retry button: each names its row ("Kirim ulang Pemesanan baru untuk ...").
  type: string;
  recipient: string;
}

export function RetryButton({ id, type, recipient }: RetryButtonProps) {
  const { t } = useTranslation('admin');
  const errorText = useErrorText();
  const retry = useRetryNotification();
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={retry.isPending}
      aria-label={t('retry.label', { type, recipient })}
      onClick={() =>
        retry.mutate(id, {
          onSuccess: () => toast.success(t('retry.done')),
          onError: (e) => toast.error(errorText(e)),
        })
      }
    >
      <RotateCcw aria-hidden="true" />
      {t('retry.action')}
    </Button>
  );
}
