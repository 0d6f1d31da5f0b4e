import { afterEach, describe, expect, it } from 'vitest';
import { noteDateHeader, noteServerTime, resetServerClock, serverNow } from '@/lib/server-clock';
import { parseRefundAmount } from '../lib/refund-amount';
import { formatTimeLeft } from '../lib/time-left';
import {
  createdPaymentSchema,
  endedUnpaid,
  needsPayment,
  paymentSchema,
  receiptOf,
  refundable,
  type Payment,
} from './payments';
import { payment } from '@/test/payment-fixtures';

describe('payment schemas', () => {
  it('parses a payment as the API sends it', () => {
    const raw = {
      ...payment(),
      status: 'paid',
      payment_type: 'qris',
      paid_at: '2026-12-10T03:05:00Z',
    };
    expect(paymentSchema.parse(raw)).toEqual(raw);
  });

  it('refuses an unknown status and a fractional amount', () => {
    expect(paymentSchema.safeParse({ ...payment(), status: 'settlement' }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...payment(), gross_amount: 75000.5 }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...payment(), redirect_url: undefined }).success).toBe(false);
  });

  it('takes an http(s) or same-site payment_url and nothing else', () => {
    const answer = (url: string) => ({
      payment: payment(),
      payment_url: url,
      payment_token: 'tok',
    });
    expect(
      createdPaymentSchema.safeParse(answer('https://app.sandbox.midtrans.com/snap/v4/x')).success,
    ).toBe(true);
    expect(createdPaymentSchema.safeParse(answer('/pay/JNJ-b1-1')).success).toBe(true);
    expect(createdPaymentSchema.safeParse(answer('javascript:alert(1)')).success).toBe(false);
    expect(createdPaymentSchema.safeParse(answer('data:text/html,hi')).success).toBe(false);
    // The simulator has no Snap token.
    expect(
      createdPaymentSchema.safeParse({ ...answer('/pay/x'), payment_token: null }).success,
    ).toBe(true);
  });
});

describe('payment rules', () => {
  const due = '2026-12-10T03:15:00Z';
  it('needs payment only while pending, unpaid and held', () => {
    expect(needsPayment({ status: 'pending', payment_status: 'unpaid', payment_due_at: due })).toBe(
      true,
    );
    expect(
      needsPayment({ status: 'pending', payment_status: 'unpaid', payment_due_at: null }),
    ).toBe(false);
    expect(needsPayment({ status: 'pending', payment_status: 'unpaid' })).toBe(false);
    expect(needsPayment({ status: 'confirmed', payment_status: 'paid', payment_due_at: due })).toBe(
      false,
    );
    expect(
      needsPayment({ status: 'cancelled', payment_status: 'unpaid', payment_due_at: due }),
    ).toBe(false);
  });

  it('tells ended attempts, the receipt and what can be refunded', () => {
    expect(
      ['denied', 'failed', 'expired', 'cancelled'].every((s) =>
        endedUnpaid(s as Payment['status']),
      ),
    ).toBe(true);
    expect(endedUnpaid('pending')).toBe(false);
    expect(endedUnpaid('paid')).toBe(false);
    const failed = payment({ id: 'a1', status: 'failed' });
    const paid = payment({ id: 'a2', status: 'paid' });
    // Newest first: the paid attempt is the receipt even when a later one exists.
    expect(receiptOf([payment({ id: 'a3', status: 'expired' }), paid, failed])?.id).toBe('a2');
    expect(receiptOf([failed])?.id).toBe('a1');
    expect(receiptOf([])).toBeUndefined();
    expect(refundable(paid)).toBe(true);
    expect(refundable(payment({ status: 'partially_refunded' }))).toBe(true);
    expect(refundable(payment({ status: 'refunded' }))).toBe(false);
    expect(refundable(failed)).toBe(false);
  });

  it('reads the refund amount', () => {
    expect(parseRefundAmount('', 75000)).toBeNull();
    expect(parseRefundAmount(' 25000 ', 75000)).toBe(25000);
    expect(parseRefundAmount('75000', 75000)).toBe(75000);
    expect(parseRefundAmount('75001', 75000)).toBe('invalid');
    expect(parseRefundAmount('0', 75000)).toBe('invalid');
    expect(parseRefundAmount('12.5', 75000)).toBe('invalid');
    expect(parseRefundAmount('-5', 75000)).toBe('invalid');
  });

  it('formats the time left', () => {
    expect(formatTimeLeft(15 * 60_000)).toBe('15:00');
    expect(formatTimeLeft(61_000)).toBe('1:01');
    expect(formatTimeLeft(500)).toBe('0:01');
    expect(formatTimeLeft(3_723_000)).toBe('1:02:03');
  });
});

describe('server clock', () => {
  afterEach(() => resetServerClock());

  it('follows the server when the device clock is off', () => {
    const device = Date.now();
    noteServerTime(device + 120_000, device);
    expect(serverNow() - Date.now()).toBeGreaterThan(119_000);
    expect(serverNow() - Date.now()).toBeLessThan(121_000);
  });

  it('takes a Date header only when it disagrees by more than a second', () => {
    const device = Date.parse('2026-12-10T03:00:00.400Z');
    noteServerTime(device + 60_400, device);
    const before = serverNow() - Date.now();
    noteDateHeader('Thu, 10 Dec 2026 03:01:00 GMT', device);
    expect(serverNow() - Date.now()).toBe(before);
    noteDateHeader('Thu, 10 Dec 2026 02:55:00 GMT', device);
    expect(Math.round((serverNow() - Date.now()) / 1000)).toBe(-300);
    noteDateHeader('not a date', device);
    noteDateHeader(null, device);
    expect(Math.round((serverNow() - Date.now()) / 1000)).toBe(-300);
  });
});
