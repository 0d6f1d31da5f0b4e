import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { useSession } from '@/lib/api/session-store';
import type { Booking } from '../api/bookings-api';
import { RescheduleDialog } from './reschedule-dialog';

const booking: Booking = {
  id: 'b1',
  provider_id: 'p1',
  service_id: 's1',
  booking_date: '2030-01-14',
  start_time: '09:00',
  end_time: '10:00',
  starts_at: '2030-01-14T02:00:00Z',
  ends_at: '2030-01-14T03:00:00Z',
  status: 'pending',
  payment_status: 'unpaid',
  customer_notes: null,
  cancellation_reason: null,
  rescheduled_from_id: null,
  rescheduled_to_id: null,
  cancelled_at: null,
  created_at: '2030-01-01T00:00:00Z',
};

function slot(start: string, startsAt: string) {
  return {
    start_time: start,
    end_time: '',
    starts_at: startsAt,
    ends_at: startsAt,
    utc_offset: '+07:00',
  };
}

function options(slots: ReturnType<typeof slot>[]) {
  return {
    success: true,
    data: {
      booking_id: 'b1',
      time_zone: 'Asia/Jakarta',
      days: [
        { date: '2030-01-14', available_slots: [], slots: [slot('09:00', '2030-01-14T02:00:00Z')] },
        { date: '2030-01-15', available_slots: [], slots },
      ],
    },
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status });
}

function renderDialog() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/bookings/b1']}>
        <Routes>
          <Route path="/bookings/b1" element={<RescheduleDialog booking={booking} />} />
          <Route path="/bookings/b2" element={<p>new booking page</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('RescheduleDialog', () => {
  beforeEach(() => useSession.setState({ status: 'signed-in', accessToken: 'tok', user: null }));
  afterEach(() => vi.unstubAllGlobals());

  it('moves to the chosen start, and after a 409 offers fresh starts with the message', async () => {
    let optionCalls = 0;
    const posts: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        if (url.endsWith('/reschedule-options')) {
          optionCalls += 1;
          return json(
            200,
            optionCalls === 1
              ? options([
                  slot('10:00', '2030-01-15T03:00:00Z'),
                  slot('11:00', '2030-01-15T04:00:00Z'),
                ])
              : options([slot('11:00', '2030-01-15T04:00:00Z')]),
          );
        }
        posts.push(JSON.parse(String(init?.body)));
        if (posts.length === 1) {
          return json(409, {
            success: false,
            error: { code: 'BOOKING_001', message: 'This time slot is no longer available' },
          });
        }
        const moved = { ...booking, id: 'b2', starts_at: '2030-01-15T04:00:00Z' };
        return json(201, { success: true, data: { booking: moved, previous: booking } });
      }),
    );
    renderDialog();
    const u = userEvent.setup();
    await u.click(screen.getByRole('button', { name: 'Pindahkan jadwal' }));
    // The first day holds only the booking's own time, shown but not choosable.
    expect(await screen.findByRole('radio', { name: '09.00 (saat ini)' })).toBeDisabled();
    await u.selectOptions(screen.getByLabelText('Tanggal'), '2030-01-15');
    await u.click(screen.getByRole('radio', { name: '10.00' }));
    await u.type(screen.getByLabelText('Alasan pindah (opsional)'), 'Rapat');
    await u.click(screen.getByRole('button', { name: 'Pindahkan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This time slot is no longer available',
    );
    await waitFor(() =>
      expect(screen.queryByRole('radio', { name: '10.00' })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('button', { name: 'Pindahkan' })).toBeDisabled();
    await u.click(screen.getByRole('radio', { name: '11.00' }));
    await u.click(screen.getByRole('button', { name: 'Pindahkan' }));
    expect(await screen.findByText('new booking page')).toBeInTheDocument();
    expect(posts).toEqual([
      { new_starts_at: '2030-01-15T03:00:00Z', reason: 'Rapat' },
      { new_starts_at: '2030-01-15T04:00:00Z', reason: 'Rapat' },
    ]);
    expect(optionCalls).toBe(2);
  });
});
