import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '@/lib/api/session-store';
import { noteServerTime, resetServerClock } from '@/lib/server-clock';
import { payment } from '@/test/payment-fixtures';
import { leaveForPayment } from '../lib/leave-for-payment';
import { HoldCountdown } from './hold-countdown';
import { PayButton } from './pay-button';

vi.mock('../lib/leave-for-payment', () => ({ leaveForPayment: vi.fn() }));

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status });
}

function renderWith(ui: React.ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
}

describe('PayButton', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    useSession.setState({ status: 'signed-in', accessToken: 'tok', user: null });
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    vi.mocked(leaveForPayment).mockClear();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('creates the payment with a fresh key per click and goes to its page', async () => {
    fetchMock.mockImplementation(async () =>
      json(201, {
        success: true,
        data: { payment: payment(), payment_url: '/pay/JNJ-b1-1', payment_token: null },
      }),
    );
    const user = userEvent.setup();
    const { unmount } = renderWith(<PayButton bookingId="b-1" />);
    await user.click(screen.getByRole('button', { name: 'Bayar sekarang' }));
    await waitFor(() => expect(leaveForPayment).toHaveBeenCalledWith('/pay/JNJ-b1-1'));
    // On its way to the payment page: no second request from a second click.
    expect(screen.getByRole('button', { name: 'Membuka halaman pembayaran…' })).toBeDisabled();
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/payments/create');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ booking_id: 'b-1' });
    const firstKey = (init.headers as Record<string, string>)['Idempotency-Key'];
    expect(firstKey).toBeTruthy();
    unmount();

    // Another click (the page again, say after coming back) sends another key.
    renderWith(<PayButton bookingId="b-1" again />);
    await user.click(screen.getByRole('button', { name: 'Bayar lagi' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    const second = fetchMock.mock.calls[1] as [string, RequestInit];
    expect((second[1].headers as Record<string, string>)['Idempotency-Key']).not.toBe(firstKey);
  });

  it('says why when the API refuses', async () => {
    fetchMock.mockResolvedValue(
      json(409, {
        success: false,
        error: { code: 'PAYMENT_004', message: 'Booking already paid' },
      }),
    );
    const user = userEvent.setup();
    renderWith(<PayButton bookingId="b-1" />);
    await user.click(screen.getByRole('button', { name: 'Bayar sekarang' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Pemesanan ini sudah dibayar.');
    expect(leaveForPayment).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Bayar sekarang' })).toBeEnabled();
  });

  it('shows the API message for a gateway failure', async () => {
    fetchMock.mockResolvedValue(
      json(503, {
        success: false,
        error: { code: 'PAYMENT_001', message: 'Layanan pembayaran sedang tidak tersedia' },
      }),
    );
    const user = userEvent.setup();
    renderWith(<PayButton bookingId="b-1" />);
    await user.click(screen.getByRole('button', { name: 'Bayar sekarang' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Layanan pembayaran sedang tidak tersedia',
    );
  });
});

describe('HoldCountdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-10T03:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    resetServerClock();
  });

  it('counts down to the due time and says when it is over', () => {
    const onOver = vi.fn();
    render(<HoldCountdown dueAt="2026-12-10T03:15:00Z" onOver={onOver} />);
    expect(screen.getByRole('timer')).toHaveTextContent('Sisa waktu membayar: 15:00');
    act(() => vi.advanceTimersByTime(61_000));
    expect(screen.getByRole('timer')).toHaveTextContent('13:59');
    expect(onOver).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(14 * 60_000));
    expect(screen.queryByRole('timer')).not.toBeInTheDocument();
    expect(screen.getByText(/Waktu membayar sudah habis/)).toBeInTheDocument();
    expect(onOver).toHaveBeenCalledTimes(1);
    act(() => vi.advanceTimersByTime(5_000));
    expect(onOver).toHaveBeenCalledTimes(1);
  });

  it("counts on the server's clock, not the device's", () => {
    // The server is two minutes ahead of this device.
    noteServerTime(Date.parse('2026-12-10T03:02:00Z'));
    render(<HoldCountdown dueAt="2026-12-10T03:15:00Z" />);
    expect(screen.getByRole('timer')).toHaveTextContent('13:00');
  });
});
