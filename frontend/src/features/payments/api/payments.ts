import { z } from 'zod/mini';
import { apiData } from '@/lib/api/client';

// The payment endpoints (issue 13: Midtrans Snap, or janji's simulator when no Midtrans key is
// configured), each answer checked here. A payment is one attempt at paying a booking; the
// booking, not the payment page's return address, says whether it is paid.

export const kPaymentStatuses = [
  'pending',
  'challenge',
  'denied',
  'failed',
  'expired',
  'cancelled',
  'paid',
  'partially_refunded',
  'refunded',
] as const;
export const paymentStatusSchema = z.enum(kPaymentStatuses);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

export const paymentSchema = z.object({
  id: z.string(),
  booking_id: z.string(),
  attempt: z.int(),
  order_id: z.string(),
  gross_amount: z.int(),
  currency: z.string(),
  status: paymentStatusSchema,
  redirect_url: z.nullable(z.string()),
  expires_at: z.string(),
  payment_type: z.nullable(z.string()),
  transaction_id: z.nullable(z.string()),
  refunded_amount: z.int(),
  paid_at: z.nullable(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Payment = z.infer<typeof paymentSchema>;

// Where the browser is sent to pay: Snap's page (absolute) or the simulator's (absolute, or a
// path on this site). Anything but http(s) is refused: the answer decides a navigation.
export function isPaymentUrl(value: string): boolean {
  try {
    const url = new URL(value, window.location.origin);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export const createdPaymentSchema = z.object({
  payment: paymentSchema,
  payment_url: z.string().check(z.refine(isPaymentUrl)),
  payment_token: z.optional(z.nullable(z.string())),
});
export type CreatedPayment = z.infer<typeof createdPaymentSchema>;

// The error codes of POST /payments/create the pages tell apart.
export const kPaymentCodes = {
  notAwaiting: 'PAYMENT_002',
  tryAgain: 'PAYMENT_003',
  alreadyPaid: 'PAYMENT_004',
  holdOver: 'PAYMENT_005',
} as const;

// An attempt that ended without money: the customer may try again while the hold lasts.
const kEndedUnpaid: readonly PaymentStatus[] = ['denied', 'failed', 'expired', 'cancelled'];
export function endedUnpaid(status: PaymentStatus): boolean {
  return kEndedUnpaid.includes(status);
}

// Money was taken (some of it may have been given back since).
const kReceived: readonly PaymentStatus[] = ['paid', 'partially_refunded', 'refunded'];
export function moneyReceived(status: PaymentStatus): boolean {
  return kReceived.includes(status);
}

export function refundable(payment: Payment): boolean {
  return payment.status === 'paid' || payment.status === 'partially_refunded';
}

// The fields of a booking that say whether it waits for the customer's payment.
export interface PayableBooking {
  status: string;
  payment_status?: string | undefined;
  payment_due_at?: string | null | undefined;
}

export function needsPayment(booking: PayableBooking): boolean {
  return (
    booking.payment_due_at != null &&
    booking.payment_status === 'unpaid' &&
    booking.status === 'pending'
  );
}

// The attempt a receipt is about: the one that was paid, else the newest (the API lists them
// newest first).
export function receiptOf(payments: readonly Payment[]): Payment | undefined {
  return payments.find((p) => moneyReceived(p.status)) ?? payments[0];
}

// Starts (or, with the same live attempt, resumes) paying: the answer's payment_url is Snap's
// page or the simulator's. A fresh key per click: the server gives the live attempt back.
export function createPayment(bookingId: string, idempotencyKey: string): Promise<CreatedPayment> {
  return apiData('/payments/create', createdPaymentSchema, {
    method: 'POST',
    body: { booking_id: bookingId },
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export interface RefundInput {
  amount?: number;
  reason: string;
}

// Admins only: gives money back through Midtrans (all of what is left when no amount).
export function refundPayment(paymentId: string, input: RefundInput): Promise<Payment> {
  return apiData(
    `/admin/payments/${encodeURIComponent(paymentId)}/refund`,
    z.object({ payment: paymentSchema }),
    { method: 'POST', body: input },
  ).then((d) => d.payment);
}
