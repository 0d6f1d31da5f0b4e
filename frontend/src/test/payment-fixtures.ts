import type { Payment } from '@/features/payments/api/payments';

// A payment attempt as the API sends it, for tests.
export function payment(overrides: Partial<Payment> = {}): Payment {
  return {
    id: 'pay-1',
    booking_id: 'b-1',
    attempt: 1,
    order_id: 'JNJ-b1-1',
    gross_amount: 75000,
    currency: 'IDR',
    status: 'pending',
    redirect_url: 'http://127.0.0.1/pay/JNJ-b1-1',
    expires_at: '2026-12-10T03:15:00Z',
    payment_type: null,
    transaction_id: null,
    refunded_amount: 0,
    paid_at: null,
    created_at: '2026-12-10T03:00:00Z',
    updated_at: '2026-12-10T03:00:00Z',
    ...overrides,
  };
}
