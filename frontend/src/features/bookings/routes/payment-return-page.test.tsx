import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Payment } from '@/features/payments/api/payments';
import { useSession } from '@/lib/api/session-store';
import { payment } from '@/test/payment-fixtures';
import type { BookingDetail } from '../api/bookings-api';
import { PaymentReturnPage } from './payment-return-page';

// Fast polling for the tests: every 50 ms, for 600 ms.
vi.mock('../lib/payment-outcome', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lib/payment-outcome')>()),
  kPollEveryMs: 50,
  kPollForMs: 600,
}));
vi.mock('@/features/payments/lib/leave-for-payment', () => ({ leaveForPayment: vi.fn() }));

const kDue = new Date(Date.now() + 10 * 60_000).toISOString();

function detail(
  booking: Partial<BookingDetail['booking']>,
  payments: Payment[] = [payment()],
): BookingDetail {
  return {
    booking: {
      id: 'b-1',
      customer_id: 'u-1',
      provider_id: 'p-1',
      service_id: 's-1',
      booking_date: '2026-12-14',
      start_time: '09:30',
      end_time: '10:00',
      starts_at: '2026-12-14T02:30:00Z',
      ends_at: '2026-12-14T03:00:00Z',
      status: 'pending',
      payment_status: 'unpaid',
      payment_due_at: kDue,
      payment_id: null,
      customer_notes: null,
      cancellation_reason: null,
      rescheduled_from_id: null,
      rescheduled_to_id: null,
      cancelled_at: null,
      created_at: '2026-12-10T03:00:00Z',
      ...booking,
    },
    provider: { id: 'p-1', business_name: 'Salon Melati', address: null, timezone: 'Asia/Jakarta' },
    service: { id: 's-1', name: 'Potong rambut', duration: 30, price: 75000 },
    payments,
  };
}

const kPaid = detail({ status: 'confirmed', payment_status: 'paid', payment_due_at: null }, [
  payment({
    status: 'paid',
    payment_type: 'qris',
    paid_at: '2026-12-10T03:04:00Z',
    transaction_id: 't-1',
  }),
]);

function stubBooking(answers: BookingDetail[]) {
  const calls: string[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const path = new URL(String(input), 'http://localhost').pathname;
    calls.push(path);
    if (path !== '/api/v1/bookings/b-1') throw new Error(`unexpected ${path}`);
    // The last answer repeats.
    const data = answers.length > 1 ? answers.shift() : answers[0];
    return new Response(JSON.stringify({ success: true, data }), { status: 200 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter
        initialEntries={['/bookings/b-1/payment?order_id=JNJ-b1-1&transaction_status=settlement']}
      >
        <Routes>
          <Route path="/bookings/:id/payment" element={<PaymentReturnPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('PaymentReturnPage', () => {
  beforeEach(() => {
    useSession.setState({
      status: 'signed-in',
      accessToken: 'tok',
      user: {
        id: 'u-1',
        email: 'budi@example.com',
        full_name: 'Budi',
        role: 'customer',
        is_verified: true,
        locale: 'id',
      },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('polls until the payment has landed, then shows the receipt', async () => {
    const calls = stubBooking([detail({}), detail({}), kPaid]);
    renderPage();
    expect(await screen.findByText('Memeriksa pembayaran Anda…')).toBeInTheDocument();
    expect(
      await screen.findByText('Pembayaran diterima, pemesanan dikonfirmasi'),
    ).toBeInTheDocument();
    expect(screen.getByText('Dikonfirmasi')).toBeInTheDocument();
    expect(screen.getByText('Lunas')).toBeInTheDocument();
    expect(screen.getByText('QRIS')).toBeInTheDocument();
    expect(screen.getByText('JNJ-b1-1')).toBeInTheDocument();
    expect(screen.getByText(/Rp\s?75\.000/)).toBeInTheDocument();
    // It stops asking once the answer is final.
    const asked = calls.length;
    expect(asked).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls.length).toBe(asked);
  });

  it('says a failed attempt failed and offers to pay again', async () => {
    stubBooking([detail({}, [payment({ status: 'denied' })])]);
    renderPage();
    expect(await screen.findByText('Pembayaran tidak berhasil (Ditolak).')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Bayar lagi' })).toBeEnabled();
  });

  it('says when the booking was released', async () => {
    stubBooking([
      detail({ status: 'cancelled', payment_due_at: null }, [payment({ status: 'expired' })]),
    ]);
    renderPage();
    expect(await screen.findByText(/dilepas karena tidak dibayar/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Bayar lagi' })).not.toBeInTheDocument();
  });

  it('stops after a while and lets the customer check again', async () => {
    const calls = stubBooking([detail({})]);
    const user = userEvent.setup();
    renderPage();
    expect(
      await screen.findByText('Masih menunggu konfirmasi pembayaran', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    const asked = calls.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(calls.length).toBe(asked);

    stubBooking([kPaid]);
    await user.click(screen.getByRole('button', { name: 'Periksa lagi' }));
    expect(
      await screen.findByText('Pembayaran diterima, pemesanan dikonfirmasi'),
    ).toBeInTheDocument();
  });
});
