import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { useSession } from '@/lib/api/session-store';
import type { Booking } from '../api/bookings-api';
import { CancelDialog } from './cancel-dialog';

const inThreeDays = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
const inTwoHours = new Date(Date.now() + 2 * 3600 * 1000).toISOString();

function booking(overrides: Partial<Booking> = {}): Booking {
  return {
    id: 'b1',
    provider_id: 'p1',
    service_id: 's1',
    booking_date: '2026-12-10',
    start_time: '10:00',
    end_time: '11:00',
    starts_at: inThreeDays,
    ends_at: inThreeDays,
    status: 'confirmed',
    payment_status: 'unpaid',
    customer_notes: null,
    cancellation_reason: null,
    rescheduled_from_id: null,
    rescheduled_to_id: null,
    cancelled_at: null,
    created_at: '2026-12-01T00:00:00Z',
    ...overrides,
  };
}

function renderDialog(b: Booking) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <CancelDialog booking={b} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status });
}

describe('CancelDialog', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    useSession.setState({ status: 'signed-in', accessToken: 'tok', user: null });
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('explains the cut-off and sends the reason', async () => {
    fetchMock.mockResolvedValue(
      json(200, { success: true, data: { booking: { ...booking(), status: 'cancelled' } } }),
    );
    renderDialog(booking());
    const u = userEvent.setup();
    await u.click(screen.getByRole('button', { name: 'Batalkan pemesanan' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('paling lambat 24 jam sebelum dimulai');
    await u.type(screen.getByLabelText('Alasan (opsional)'), 'Ada acara keluarga');
    await u.click(screen.getByRole('button', { name: 'Ya, batalkan' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/bookings/b1');
    expect(init.method).toBe('DELETE');
    expect(JSON.parse(String(init.body))).toEqual({ cancellation_reason: 'Ada acara keluarga' });
  });

  it("warns inside the cut-off and shows the API's refusal", async () => {
    fetchMock.mockResolvedValue(
      json(409, {
        success: false,
        error: {
          code: 'BOOKING_003',
          message: 'Bookings can only be cancelled up to 24 hours before the start',
        },
      }),
    );
    renderDialog(booking({ starts_at: inTwoHours }));
    const u = userEvent.setup();
    await u.click(screen.getByRole('button', { name: 'Batalkan pemesanan' }));
    expect(await screen.findByText(/tinggal kurang dari 24 jam lagi/)).toBeInTheDocument();
    await u.click(screen.getByRole('button', { name: 'Ya, batalkan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Bookings can only be cancelled up to 24 hours before the start',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('shows a 422 message as the API words it', async () => {
    fetchMock.mockResolvedValue(
      json(422, { success: false, error: { code: 'BOOKING_X', message: 'Not allowed now' } }),
    );
    renderDialog(booking({ status: 'pending' }));
    const u = userEvent.setup();
    await u.click(screen.getByRole('button', { name: 'Batalkan pemesanan' }));
    expect(screen.queryByText(/tinggal kurang dari/)).not.toBeInTheDocument();
    await u.click(await screen.findByRole('button', { name: 'Ya, batalkan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not allowed now');
  });
});
