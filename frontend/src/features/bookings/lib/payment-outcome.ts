import { endedUnpaid } from '@/features/payments/api/payments';
import type { BookingDetail } from '../api/bookings-api';

// How long the page asks before it says "still waiting", and how often.
export const kPollEveryMs = 1500;
export const kPollForMs = 60_000;

export type PaymentOutcome = 'paid' | 'failed' | 'released' | 'waiting';

// What the booking says about the payment. The return address's transaction_status is the
// payment page's word only; the booking changes when the server-side notification lands.
export function paymentOutcome(detail: BookingDetail): PaymentOutcome {
  const { booking } = detail;
  const latest = detail.payments?.[0];
  if (booking.payment_status === 'paid' || booking.payment_status === 'refunded') return 'paid';
  if (booking.status === 'cancelled') return 'released';
  if (latest && endedUnpaid(latest.status)) return 'failed';
  return 'waiting';
}
