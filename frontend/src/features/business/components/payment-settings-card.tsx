import { CreditCard } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { toast } from '@/components/ui/toaster';
import { useErrorText } from '@/lib/api/use-error-text';
import { useSetRequiresPayment } from '../api/queries';
import type { Provider } from '../api/schemas';

// "Require payment when booking": saved as soon as it is switched.
export function PaymentSettingsCard({ provider }: { provider: Provider }) {
  const { t } = useTranslation('payments');
  const errorText = useErrorText();
  const save = useSetRequiresPayment(provider.id);
  const on = save.isPending ? (save.variables ?? false) : (provider.requires_payment ?? false);

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          <CreditCard className="size-4 text-primary" aria-hidden="true" />
          {t('settings.title')}
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex items-start justify-between gap-4">
          <div className="grid gap-1">
            <Label htmlFor="requires-payment">{t('settings.label')}</Label>
            <p id="requires-payment-help" className="text-sm text-muted-foreground">
              {t('settings.help')}
            </p>
          </div>
          <Switch
            id="requires-payment"
            checked={on}
            disabled={save.isPending}
            aria-describedby="requires-payment-help"
            onCheckedChange={(checked) =>
              save.mutate(checked, {
                onSuccess: (p) =>
                  toast.success(p.requires_payment ? t('settings.on') : t('settings.off')),
              })
            }
          />
        </div>
        {save.isError ? <Alert tone="error">{errorText(save.error)}</Alert> : null}
      </CardContent>
    </Card>
  );
}
