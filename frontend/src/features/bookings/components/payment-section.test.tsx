import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Payment } from '@/features/payments/api/payments';
import type { Role } from '@/lib/api/schemas';
import { useSession } from '@/lib/api/session-store';
import { payment } from '@/test/payment-fixtures';
import type { BookingDetail } from '../api/bookings-api';
import { PaymentSection } from './payment-section';

vi.mock('@/features/payments/lib/leave-for-payment', () => ({ leaveForPayment: vi.fn() }));

const kDue = new Date(Date.now() + 10 * 60_000).toISOString();

function detail(booking: Partial<BookingDetail['booking']>, payments: Payment[]): BookingDetail {
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

function signIn(id: string, role: Role) {
  useSession.setState({
    status: 'signed-in',
    accessToken: 'tok',
    user: { id, email: 'x@example.com', full_name: 'X', role, is_verified: true, locale: 'id' },
  });
}

function renderSection(d: BookingDetail) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <PaymentSection detail={d} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('PaymentSection', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows nothing for a booking that never needed payment', () => {
    signIn('u-1', 'customer');
    renderSection(detail({ payment_due_at: null, status: 'confirmed' }, []));
    expect(screen.queryByText('Pembayaran')).not.toBeInTheDocument();
  });

  it('offers the customer to pay, and to pay again after a failed attempt', () => {
    signIn('u-1', 'customer');
    renderSection(detail({}, [payment({ status: 'failed', attempt: 1 })]));
    expect(screen.getByText('Percobaan pembayaran terakhir: Gagal.')).toBeInTheDocument();
    expect(screen.getByRole('timer')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Bayar lagi' })).toBeEnabled();
  });

  it('shows the countdown but no pay button to someone else', () => {
    signIn('u-9', 'provider');
    renderSection(detail({}, []));
    expect(screen.getByRole('timer')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Bayar/ })).not.toBeInTheDocument();
  });

  it('shows the receipt with the refunded amount; no refund for a customer', () => {
    signIn('u-1', 'customer');
    renderSection(
      detail({ status: 'confirmed', payment_status: 'paid', payment_due_at: null }, [
        payment({
          status: 'partially_refunded',
          payment_type: 'bank_transfer',
          paid_at: '2026-12-10T03:04:00Z',
          refunded_amount: 25000,
        }),
      ]),
    );
    expect(screen.getByText('Dikembalikan sebagian')).toBeInTheDocument();
    expect(screen.getByText('Transfer bank (virtual account)')).toBeInTheDocument();
    expect(screen.getByText(/Rp\s?25\.000/)).toBeInTheDocument();
    expect(screen.getByText('JNJ-b1-1')).toBeInTheDocument();
    expect(screen.queryByRole('timer')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Kembalikan dana' })).not.toBeInTheDocument();
  });

  it('lets an admin refund part of a paid payment, with a reason', async () => {
    signIn('admin-1', 'admin');
    const paid = payment({ status: 'paid', paid_at: '2026-12-10T03:04:00Z' });
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({
          success: true,
          data: { payment: { ...paid, status: 'partially_refunded', refunded_amount: 25000 } },
        }),
        { status: 200 },
      ),
    );
    const user = userEvent.setup();
    renderSection(
      detail({ status: 'confirmed', payment_status: 'paid', payment_due_at: null }, [paid]),
    );
    await user.click(screen.getByRole('button', { name: 'Kembalikan dana' }));
    const dialog = await screen.findByRole('dialog');
    const submit = within(dialog).getByRole('button', { name: 'Kembalikan' });

    // Checked before sending: a reason is needed, the amount must fit what was paid.
    await user.type(within(dialog).getByLabelText(/Jumlah dalam rupiah/), '80000');
    await user.click(submit);
    expect(
      within(dialog).getByText('Masukkan jumlah bulat dari 1 sampai 75000.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Tulis alasan dana dikembalikan.')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();

    await user.clear(within(dialog).getByLabelText(/Jumlah dalam rupiah/));
    await user.type(within(dialog).getByLabelText(/Jumlah dalam rupiah/), '25000');
    await user.type(within(dialog).getByLabelText('Alasan'), 'Layanan dipersingkat');
    await user.click(submit);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/admin/payments/pay-1/refund');
    expect(JSON.parse(String(init.body))).toEqual({
      amount: 25000,
      reason: 'Layanan dipersingkat',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});
