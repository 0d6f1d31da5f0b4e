import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { isApiError } from '@/lib/api/errors';
import { errorMessage } from '@/lib/api/messages';
import { newIdempotencyKey } from '@/features/booking/api/bookings';
import { kBookingsKey } from '@/features/bookings/api/bookings-api';
import { createPayment, kPaymentCodes } from '../api/payments';
import { leaveForPayment } from '../lib/leave-for-payment';

const kKnownCodes: readonly string[] = Object.values(kPaymentCodes);

interface PayButtonProps {
  bookingId: string;
  again?: boolean;
  size?: 'default' | 'lg';
}

// "Pay now": asks the API for the payment page (a new attempt, or the live one again) and sends
// the browser there. Snap (or the simulator) brings it back to /bookings/:id/payment.
export function PayButton({ bookingId, again = false, size = 'default' }: PayButtonProps) {
  const { t } = useTranslation('payments');
  const { t: tc } = useTranslation('common');
  const queryClient = useQueryClient();
  const mutation = useMutation({
    // A fresh key per click: a double submit of one click is the same request, a later click
    // asks again (the server hands back the live attempt).
    mutationFn: () => createPayment(bookingId, newIdempotencyKey()),
    onSuccess: (created) => leaveForPayment(created.payment_url),
    onError: (error) => {
      // Paid, released or changed meanwhile: show the booking as it is now.
      if (isApiError(error) && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: kBookingsKey });
      }
    },
  });
  const error = mutation.error;
  const message =
    error === null
      ? null
      : isApiError(error) && kKnownCodes.includes(error.code)
        ? t(`errors.${error.code as (typeof kPaymentCodes)[keyof typeof kPaymentCodes]}`)
        : errorMessage(error, tc);
  // Still disabled after success: the browser is on its way to the payment page.
  const busy = mutation.isPending || mutation.isSuccess;

  return (
    <div className="grid gap-2">
      {message ? <Alert tone="error">{message}</Alert> : null}
      <Button size={size} disabled={busy} onClick={() => mutation.mutate()}>
        {busy ? t('pay.opening') : again ? t('pay.again') : t('pay.now')}
      </Button>
    </div>
  );
}
