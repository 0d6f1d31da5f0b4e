import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useSession } from '@/lib/api/session-store';
import { CalendarFeedCard } from './calendar-feed-card';

const kUrl = 'https://janji.example/api/v1/providers/p1/calendar.ics?token=abc_DEF-123';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status });
}

function renderCard() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <CalendarFeedCard providerId="p1" />
    </QueryClientProvider>,
  );
}

// The calls the card made, as "METHOD path".
function calls(fetchMock: ReturnType<typeof vi.fn>): string[] {
  return fetchMock.mock.calls.map((args: unknown[]) => {
    const url = String(args[0]);
    const init = args[1] as RequestInit | undefined;
    return `${init?.method ?? 'GET'} ${new URL(url, 'http://localhost').pathname}`;
  });
}

describe('CalendarFeedCard', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    useSession.setState({ status: 'signed-in', accessToken: 'tok', user: null });
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('creates a link, shows it once and copies it', async () => {
    const user = userEvent.setup();
    fetchMock
      .mockResolvedValueOnce(
        json(200, { success: true, data: { active: false, created_at: null } }),
      )
      .mockResolvedValueOnce(
        json(201, { success: true, data: { url: kUrl, created_at: '2027-01-15T08:00:00Z' } }),
      );
    renderCard();
    expect(await screen.findByText('Nonaktif: tidak ada tautan yang aktif.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Buat tautan' }));

    const field = await screen.findByLabelText('Tautan langganan');
    expect(field).toHaveValue(kUrl);
    expect(screen.getByText(/hanya ditampilkan sekarang/)).toBeInTheDocument();
    expect(screen.getByText(/^Aktif sejak/)).toBeInTheDocument();
    expect(calls(fetchMock)).toEqual([
      'GET /api/v1/providers/p1/calendar-feed',
      'POST /api/v1/providers/p1/calendar-feed',
    ]);

    await user.click(screen.getByRole('button', { name: 'Salin' }));
    expect(await navigator.clipboard.readText()).toBe(kUrl);
  });

  it('warns before replacing a link and turns the feed off', async () => {
    const user = userEvent.setup();
    fetchMock
      .mockResolvedValueOnce(
        json(200, { success: true, data: { active: true, created_at: '2027-01-10T01:00:00Z' } }),
      )
      .mockResolvedValueOnce(
        json(201, { success: true, data: { url: kUrl, created_at: '2027-01-15T08:00:00Z' } }),
      )
      .mockResolvedValueOnce(json(200, { success: true, message: 'Calendar feed turned off' }));
    renderCard();
    await user.click(await screen.findByRole('button', { name: 'Tautan baru' }));
    expect(screen.getByText(/tidak lagi menerima pembaruan/)).toBeInTheDocument();
    expect(calls(fetchMock)).toHaveLength(1); // nothing replaced yet

    await user.click(screen.getByRole('button', { name: 'Batal' }));
    expect(screen.queryByText(/tidak lagi menerima pembaruan/)).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Tautan baru' }));
    await user.click(screen.getByRole('button', { name: 'Buat tautan baru' }));
    expect(await screen.findByLabelText('Tautan langganan')).toHaveValue(kUrl);

    await user.click(screen.getByRole('button', { name: 'Nonaktifkan' }));
    expect(await screen.findByText('Nonaktif: tidak ada tautan yang aktif.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Tautan langganan')).not.toBeInTheDocument();
    expect(calls(fetchMock)).toEqual([
      'GET /api/v1/providers/p1/calendar-feed',
      'POST /api/v1/providers/p1/calendar-feed',
      'DELETE /api/v1/providers/p1/calendar-feed',
    ]);
  });

  it('shows an API refusal', async () => {
    const user = userEvent.setup();
    fetchMock
      .mockResolvedValueOnce(
        json(200, { success: true, data: { active: false, created_at: null } }),
      )
      .mockResolvedValueOnce(
        json(403, {
          success: false,
          error: {
            code: 'AUTH_003',
            message: "Only the provider's owner or an admin can change it",
          },
        }),
      );
    renderCard();
    await user.click(await screen.findByRole('button', { name: 'Buat tautan' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.queryByLabelText('Tautan langganan')).not.toBeInTheDocument();
  });
});
