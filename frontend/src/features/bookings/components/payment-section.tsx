import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { useSession } from '@/lib/api/session-store';
import { endedUnpaid, needsPayment, receiptOf, refundable } from '@/features/payments/api/payments';
import { HoldCountdown } from '@/features/payments/components/hold-countdown';
import { PayButton } from '@/features/payments/components/pay-button';
import { PaymentReceipt } from '@/features/payments/components/payment-receipt';
import { RefundDialog } from '@/features/payments/components/refund-dialog';
import { bookingDetailKey, type BookingDetail } from '../api/bookings-api';

// The booking's payment: while it awaits payment, the hold's countdown and "Pay now" (or "Pay
// again" after a failed attempt) for its customer; the receipt of the attempt that counts; for
// an admin, a refund of a paid payment. Nothing for a booking that never needed payment.
export function PaymentSection({ detail }: { detail: BookingDetail }) {
  const { t } = useTranslation('payments');
  const queryClient = useQueryClient();
  const user = useSession((s) => s.user);
  // The hold ran out here: no more paying, whatever the (not yet updated) booking says.
  const [over, setOver] = useState(false);
  const { booking } = detail;
  const payments = detail.payments ?? [];
  const awaiting = needsPayment(booking);
  if (!awaiting && payments.length === 0) return null;

  const receipt = receiptOf(payments);
  const latest = payments[0];
  const failedLast = latest !== undefined && endedUnpaid(latest.status);
  const isCustomer = user !== null && user.id === booking.customer_id;

  return (
    <Card>
      <CardHeader>
        <CardTitle id="booking-payment" className="text-lg">
          {t('receipt.title')}
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        {awaiting && booking.payment_due_at ? (
          <>
            {failedLast && latest ? (
              <p className="text-sm">
                {t('receipt.lastAttempt', { status: t(`status.${latest.status}`) })}
              </p>
            ) : null}
            <HoldCountdown
              dueAt={booking.payment_due_at}
              onOver={() => {
                setOver(true);
                void queryClient.invalidateQueries({ queryKey: bookingDetailKey(booking.id) });
              }}
            />
            {isCustomer && !over ? (
              <div>
                <PayButton bookingId={booking.id} again={failedLast} />
              </div>
            ) : null}
          </>
        ) : null}
        {receipt && !(awaiting && failedLast) ? <PaymentReceipt payment={receipt} /> : null}
        {receipt && user?.role === 'admin' && refundable(receipt) ? (
          <div>
            <RefundDialog payment={receipt} />
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
