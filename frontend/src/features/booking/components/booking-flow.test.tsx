import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProviderDetail } from '@/features/catalog/api/providers';
import { leaveForPayment } from '@/features/payments/lib/leave-for-payment';
import { resetServerClock } from '@/lib/server-clock';
import { payment } from '@/test/payment-fixtures';
import type { Slot } from '../api/availability';
import { BookingFlow } from './booking-flow';

vi.mock('@/features/payments/lib/leave-for-payment', () => ({ leaveForPayment: vi.fn() }));

const kDetail: ProviderDetail = {
  provider: {
    id: 'p-1',
    user_id: 'u-1',
    business_name: 'Salon Melati',
    business_type: 'salon',
    description: null,
    address: null,
    timezone: 'Asia/Jakarta',
    slot_interval_minutes: 30,
    min_notice_minutes: 60,
    max_advance_days: 90,
    is_active: true,
  },
  services: [
    {
      id: 's-1',
      provider_id: 'p-1',
      name: 'Potong rambut',
      description: null,
      duration: 30,
      buffer_before_minutes: 0,
      buffer_after_minutes: 0,
      price: 75000,
      is_active: true,
    },
  ],
  schedules: [],
};

function slot(hhmm: string, utc: string): Slot {
  return {
    start_time: hhmm,
    end_time: hhmm,
    starts_at: `2026-12-14T${utc}:00Z`,
    ends_at: `2026-12-14T${utc}:00Z`,
    utc_offset: '+07:00',
  };
}

const kMorning = [slot('09:00', '02:00'), slot('09:30', '02:30')];

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

interface Call {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

// A stand-in API: December 2026 with free slots on the 14th; POST /bookings answers from
// `bookingAnswers` in turn.
function stubApi(bookingAnswers: Response[], paymentAnswers: Response[] = []) {
  const calls: Call[] = [];
  let dayTaken = false;
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ url, method, headers, body });
    if (url.pathname === '/api/v1/providers/p-1/availability') {
      const slotsOf = (date: string) =>
        date !== '2026-12-14' ? [] : dayTaken ? kMorning.slice(1) : kMorning;
      const date = url.searchParams.get('date');
      if (date)
        return json(200, {
          success: true,
          data: { date, time_zone: 'Asia/Jakarta', slots: slotsOf(date), available_slots: [] },
        });
      const start = url.searchParams.get('start_date') ?? '';
      const end = url.searchParams.get('end_date') ?? '';
      const days = [];
      for (let d = 1; d <= Number(end.slice(8)); d += 1) {
        const iso = `${start.slice(0, 8)}${String(d).padStart(2, '0')}`;
        days.push({ date: iso, available_slots: [], slots: slotsOf(iso) });
      }
      return json(200, {
        success: true,
        data: {
          start_date: start,
          end_date: end,
          time_zone: 'Asia/Jakarta',
          service_id: 's-1',
          days,
        },
      });
    }
    if (url.pathname === '/api/v1/bookings' && method === 'POST') {
      const answer = bookingAnswers.shift();
      if (!answer) throw new Error('unexpected POST');
      if (answer.status === 409) dayTaken = true;
      return answer;
    }
    if (url.pathname === '/api/v1/payments/create' && method === 'POST') {
      const answer = paymentAnswers.shift();
      if (!answer) throw new Error('unexpected payment POST');
      return answer;
    }
    throw new Error(`unexpected ${method} ${url.pathname}`);
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function App() {
  const [serviceId, setServiceId] = useState('s-1');
  return <BookingFlow detail={kDetail} serviceId={serviceId} onServiceChange={setServiceId} />;
}

function renderFlow() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/providers/p-1/book?service=s-1']}>
        <Routes>
          <Route path="/providers/:id/book" element={<App />} />
          <Route path="/bookings/:id" element={<h1>booking detail</h1>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const kBooked = {
  success: true,
  data: {
    booking: {
      id: 'b-1',
      status: 'pending',
      starts_at: '2026-12-14T02:30:00Z',
      booking_date: '2026-12-14',
      start_time: '09:30',
    },
  },
};

describe('BookingFlow', () => {
  beforeEach(() => {
    // Only Date is faked: user-event and React Query keep their real timers.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-10T03:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    resetServerClock();
  });

  it('shows the payment step when the booking awaits payment, then pays', async () => {
    const calls = stubApi(
      [
        json(201, {
          success: true,
          data: {
            booking: {
              ...kBooked.data.booking,
              payment_status: 'unpaid',
              // The server's clock is a minute ahead of this browser's.
              created_at: '2026-12-10T03:01:00Z',
              payment_due_at: '2026-12-10T03:16:00Z',
            },
          },
        }),
      ],
      [
        json(201, {
          success: true,
          data: {
            payment: payment(),
            payment_url: 'https://app.sandbox.midtrans.com/snap/v4/redirection/tok',
            payment_token: 'tok',
          },
        }),
      ],
    );
    const user = userEvent.setup();
    renderFlow();
    await user.click(
      await screen.findByRole('button', { name: 'Senin, 14 Desember 2026, ada slot kosong' }),
    );
    await user.click(screen.getByRole('radio', { name: '09.30' }));
    await user.click(screen.getByRole('button', { name: 'Konfirmasi pemesanan' }));

    // The step's code loads lazily: slow on a busy machine's first import.
    const heading = await screen.findByRole(
      'heading',
      { name: 'Bayar untuk mengonfirmasi pemesanan' },
      { timeout: 10_000 },
    );
    expect(heading).toHaveFocus();
    expect(screen.queryByRole('heading', { name: 'booking detail' })).not.toBeInTheDocument();
    const step = screen.getByRole('region', { name: 'Bayar untuk mengonfirmasi pemesanan' });
    expect(step).toHaveTextContent(/Rp\s?75\.000/);
    expect(step).toHaveTextContent('Potong rambut');
    expect(step).toHaveTextContent('09.30 (Asia/Jakarta)');
    // 15 minutes of hold on the server's clock, whatever this browser's clock says.
    expect(screen.getByRole('timer')).toHaveTextContent('15:00');
    expect(
      screen.getByRole('link', { name: 'Bayar nanti dari halaman pemesanan' }),
    ).toHaveAttribute('href', '/bookings/b-1');

    await user.click(screen.getByRole('button', { name: 'Bayar sekarang' }));
    await waitFor(() =>
      expect(leaveForPayment).toHaveBeenCalledWith(
        'https://app.sandbox.midtrans.com/snap/v4/redirection/tok',
      ),
    );
    const pay = calls.find((c) => c.url.pathname === '/api/v1/payments/create');
    expect(pay?.body).toEqual({ booking_id: 'b-1' });
    expect(pay?.headers['Idempotency-Key']).toBeTruthy();
  });

  it('on 409 refetches the day, says the slot was just taken, then books another', async () => {
    const calls = stubApi([
      json(409, {
        success: false,
        error: { code: 'BOOKING_001', message: 'This time slot is no longer available' },
      }),
      json(201, kBooked),
    ]);
    const user = userEvent.setup();
    renderFlow();

    // One range request for the shown month.
    const day = await screen.findByRole('button', {
      name: 'Senin, 14 Desember 2026, ada slot kosong',
    });
    const ranges = calls.filter((c) => c.url.searchParams.has('start_date'));
    expect(ranges).toHaveLength(1);
    expect(ranges[0]?.url.searchParams.get('start_date')).toBe('2026-12-01');
    expect(ranges[0]?.url.searchParams.get('end_date')).toBe('2026-12-31');

    await user.click(day);
    await user.click(screen.getByRole('radio', { name: '09.00' }));
    const confirm = screen.getByRole('button', { name: 'Konfirmasi pemesanan' });
    await user.click(confirm);

    expect(await screen.findByText(/baru saja dipesan orang lain/)).toBeInTheDocument();
    const firstPost = calls.find((c) => c.method === 'POST');
    expect(firstPost?.body).toEqual({
      provider_id: 'p-1',
      service_id: 's-1',
      starts_at: '2026-12-14T02:00:00Z',
      customer_notes: null,
    });
    const firstKey = firstPost?.headers['Idempotency-Key'];
    expect(firstKey).toBeTruthy();
    // That day is asked again and the taken time disappears.
    await waitFor(() =>
      expect(screen.queryByRole('radio', { name: '09.00' })).not.toBeInTheDocument(),
    );
    expect(calls.some((c) => c.url.searchParams.get('date') === '2026-12-14')).toBe(true);
    expect(screen.getByRole('button', { name: 'Konfirmasi pemesanan' })).toBeDisabled();

    await user.click(screen.getByRole('radio', { name: '09.30' }));
    expect(screen.queryByText(/baru saja dipesan orang lain/)).not.toBeInTheDocument();
    await user.type(screen.getByLabelText(/Catatan untuk penyedia/), 'Rambut pendek');
    await user.click(screen.getByRole('button', { name: 'Konfirmasi pemesanan' }));
    expect(await screen.findByRole('heading', { name: 'booking detail' })).toBeInTheDocument();
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]?.body).toMatchObject({
      starts_at: '2026-12-14T02:30:00Z',
      customer_notes: 'Rambut pendek',
    });
    // A new attempt gets a new key (the old one belongs to the refused request).
    expect(posts[1]?.headers['Idempotency-Key']).not.toBe(firstKey);
  });

  it('keeps the chosen day and its slots while another month is shown', async () => {
    const calls = stubApi([]);
    const user = userEvent.setup();
    renderFlow();
    await user.click(
      await screen.findByRole('button', { name: 'Senin, 14 Desember 2026, ada slot kosong' }),
    );
    await user.click(screen.getByRole('radio', { name: '09.30' }));
    await user.click(screen.getByRole('button', { name: 'Bulan berikutnya' }));
    expect(await screen.findByRole('grid', { name: /Januari 2027/ })).toBeInTheDocument();
    await waitFor(() =>
      expect(calls.some((c) => c.url.searchParams.get('start_date') === '2027-01-01')).toBe(true),
    );
    expect(screen.getByRole('radio', { name: '09.30' })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Konfirmasi pemesanan' })).toBeEnabled();
  });

  it('shows the API message for other failures and keeps the choice', async () => {
    stubApi([
      json(422, {
        success: false,
        error: { code: 'BOOKING_007', message: 'Waktu ini sudah terlalu dekat' },
      }),
    ]);
    const user = userEvent.setup();
    renderFlow();
    await user.click(
      await screen.findByRole('button', { name: 'Senin, 14 Desember 2026, ada slot kosong' }),
    );
    await user.click(screen.getByRole('radio', { name: '09.30' }));
    await user.click(screen.getByRole('button', { name: 'Konfirmasi pemesanan' }));
    expect(await screen.findByText('Waktu ini sudah terlalu dekat')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: '09.30' })).toBeChecked();
  });

  it('refuses notes over the API limit before sending', async () => {
    const calls = stubApi([]);
    const user = userEvent.setup();
    renderFlow();
    await user.click(
      await screen.findByRole('button', { name: 'Senin, 14 Desember 2026, ada slot kosong' }),
    );
    await user.click(screen.getByRole('radio', { name: '09.30' }));
    const notes = screen.getByLabelText(/Catatan untuk penyedia/);
    await user.click(notes);
    await user.paste('x'.repeat(2001));
    await user.click(screen.getByRole('button', { name: 'Konfirmasi pemesanan' }));
    expect(await screen.findByText('Catatan paling banyak 2000 karakter.')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });
});
