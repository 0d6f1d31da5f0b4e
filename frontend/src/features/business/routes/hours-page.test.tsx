import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useSession } from '@/lib/api/session-store';
import type { Provider, Schedule } from '../api/schemas';
import { HoursEditor } from './hours-page';

const provider: Provider = {
  id: 'p1',
  user_id: 'u1',
  business_name: 'Salon Melati',
  business_type: 'salon',
  description: null,
  address: null,
  timezone: 'Asia/Jakarta',
  slot_interval_minutes: 30,
  min_notice_minutes: 60,
  max_advance_days: 90,
  is_active: true,
};

function schedule(id: string, day: number, start: string, end: string): Schedule {
  return {
    id,
    provider_id: 'p1',
    day_of_week: day,
    start_time: start,
    end_time: end,
    is_active: true,
  };
}

function renderEditor(initial: Schedule[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <HoursEditor provider={provider} initial={initial} />
    </QueryClientProvider>,
  );
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status });
}

describe('HoursEditor', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    useSession.setState({ status: 'signed-in', accessToken: 'tok', user: null });
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('marks overlapping ranges and sends nothing until they are fixed', async () => {
    const user = userEvent.setup();
    renderEditor([schedule('a', 1, '09:00', '12:00')]);
    const monday = screen.getByRole('region', { name: 'Senin' });
    await user.click(within(monday).getByRole('button', { name: /Tambah rentang/ }));
    const start = within(monday).getByLabelText('Senin, rentang 2: jam mulai');
    await user.clear(start);
    await user.type(start, '11:00');
    expect(within(monday).getAllByText(/bertumpang tindih/)).toHaveLength(2);
    expect(start).toHaveAttribute('aria-invalid', 'true');
    await user.click(screen.getByRole('button', { name: 'Simpan jam buka' }));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(
      screen.getAllByText('Perbaiki jam yang ditandai sebelum menyimpan.').length,
    ).toBeGreaterThan(0);
  });

  it('shows the API refusal on the range it concerns', async () => {
    const user = userEvent.setup();
    fetchMock.mockResolvedValue(
      json(409, {
        success: false,
        error: { code: 'SCHEDULE_002', message: 'Rentang bertabrakan dengan jadwal lain' },
      }),
    );
    renderEditor([]);
    const tuesday = screen.getByRole('region', { name: 'Selasa' });
    await user.click(within(tuesday).getByRole('button', { name: /Tambah rentang/ }));
    await user.click(screen.getByRole('button', { name: 'Simpan jam buka' }));
    await waitFor(() =>
      expect(within(tuesday).getByRole('alert')).toHaveTextContent(
        'Rentang bertabrakan dengan jadwal lain',
      ),
    );
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/providers/p1/schedules');
    expect(JSON.parse(String(init.body))).toEqual({
      day_of_week: 2,
      start_time: '09:00',
      end_time: '17:00',
    });
  });
});
