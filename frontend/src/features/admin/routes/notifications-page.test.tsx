import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { Toaster } from '@/components/ui/toaster';
import type { User } from '@/lib/api/schemas';
import { useSession } from '@/lib/api/session-store';
import type { Notification } from '../api/notifications';
import { NotificationsPage } from './notifications-page';

function user(role: User['role']): User {
  return {
    id: `${role}-1`,
    email: `${role}@example.com`,
    full_name: role,
    role,
    is_verified: true,
    locale: 'id',
  };
}

function notification(patch: Partial<Notification>): Notification {
  return {
    id: 'n1',
    type: 'booking_created',
    channel: 'email',
    status: 'sent',
    user_id: 'u1',
    recipient_email: 'budi@example.com',
    booking_id: 'b1',
    attempts: 1,
    next_attempt_at: null,
    error_message: null,
    sent_at: '2026-12-07T02:00:05Z',
    provider_message_id: null,
    created_at: '2026-12-07T02:00:00Z',
    updated_at: '2026-12-07T02:00:05Z',
    ...patch,
  };
}

function page(items: Notification[], total = items.length): Response {
  return new Response(
    JSON.stringify({
      success: true,
      data: items,
      pagination: { page: 1, limit: 20, total_pages: Math.ceil(total / 20), total_items: total },
    }),
    { status: 200 },
  );
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status });
}

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

function renderPage(entry = '/admin/notifications') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[entry]}>
        <Routes>
          <Route path="/admin/notifications" element={<NotificationsPage />} />
          <Route path="/login" element={<p>login page</p>} />
        </Routes>
        <Where />
      </MemoryRouter>
      <Toaster />
    </QueryClientProvider>,
  );
}

// The requests made, as "METHOD path?query".
function calls(fetchMock: ReturnType<typeof vi.fn>): string[] {
  return fetchMock.mock.calls.map((args: unknown[]) => {
    const url = new URL(String(args[0]), 'http://localhost');
    const init = args[1] as RequestInit | undefined;
    return `${init?.method ?? 'GET'} ${url.pathname}${url.search}`;
  });
}

const kFailed = notification({
  id: 'n-failed',
  status: 'failed',
  attempts: 5,
  sent_at: null,
  error_message: `550 5.1.1 <budi@example.com>: Recipient address rejected: ${'x'.repeat(120)}`,
});

describe('NotificationsPage', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    useSession.setState({ status: 'signed-in', accessToken: 'tok', user: user('admin') });
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('asks the API with the filters of the URL and puts new ones in the URL', async () => {
    const u = userEvent.setup();
    fetchMock.mockImplementation(() => Promise.resolve(page([notification({})], 41)));
    renderPage('/admin/notifications?type=booking_created&recipient=budi%40example.com&page=2');
    const table = await screen.findByRole('table', { name: 'Notifikasi, yang terbaru di atas' });
    expect(within(table).getByRole('columnheader', { name: 'Percobaan' })).toBeInTheDocument();
    expect(within(table).getByText('Pemesanan baru')).toBeInTheDocument();
    expect(within(table).getByText('Terkirim', { selector: 'span' })).toBeInTheDocument();
    expect(screen.getByText('41 notifikasi')).toBeInTheDocument();
    expect(calls(fetchMock)).toEqual([
      'GET /api/v1/admin/notifications?type=booking_created&recipient=budi%40example.com&page=2&limit=20',
    ]);
    expect(screen.getByLabelText('Jenis')).toHaveValue('booking_created');
    expect(screen.getByLabelText('Penerima')).toHaveValue('budi@example.com');

    // A status applies at once and goes back to the first page.
    await u.selectOptions(screen.getByLabelText('Status'), 'failed');
    expect(screen.getByTestId('where')).toHaveTextContent(
      '/admin/notifications?status=failed&type=booking_created&recipient=budi%40example.com',
    );
    await waitFor(() =>
      expect(calls(fetchMock).at(-1)).toBe(
        'GET /api/v1/admin/notifications?status=failed&type=booking_created&recipient=budi%40example.com&page=1&limit=20',
      ),
    );

    // Recipient and dates apply with the button; a range ending before it starts does not.
    await u.clear(screen.getByLabelText('Penerima'));
    await u.type(screen.getByLabelText('Penerima'), '  sari@example.com ');
    await u.type(screen.getByLabelText('Dibuat sejak'), '2026-12-07');
    await u.type(screen.getByLabelText('Dibuat sampai'), '2026-12-01');
    await u.click(screen.getByRole('button', { name: 'Terapkan filter' }));
    expect(screen.getByText('Tanggal akhir tidak boleh sebelum tanggal awal.')).toBeInTheDocument();
    expect(screen.getByTestId('where')).not.toHaveTextContent('sari');

    await u.clear(screen.getByLabelText('Dibuat sampai'));
    await u.type(screen.getByLabelText('Dibuat sampai'), '2026-12-08');
    await u.click(screen.getByRole('button', { name: 'Terapkan filter' }));
    expect(screen.getByTestId('where')).toHaveTextContent(
      '/admin/notifications?status=failed&type=booking_created&recipient=sari%40example.com&from=2026-12-07&to=2026-12-08',
    );
    await waitFor(() =>
      expect(calls(fetchMock).at(-1)).toBe(
        'GET /api/v1/admin/notifications?status=failed&type=booking_created&recipient=sari%40example.com&from=2026-12-07&to=2026-12-08&page=1&limit=20',
      ),
    );

    // Clearing empties the URL and the form.
    await u.click(screen.getByRole('button', { name: 'Hapus filter' }));
    expect(screen.getByTestId('where')).toHaveTextContent(/^\/admin\/notifications$/);
    expect(screen.getByLabelText('Penerima')).toHaveValue('');
    expect(screen.getByLabelText('Status')).toHaveValue('');
  });

  it('takes a typed recipient along when a type is picked', async () => {
    const u = userEvent.setup();
    fetchMock.mockImplementation(() => Promise.resolve(page([])));
    renderPage();
    await u.type(screen.getByLabelText('Penerima'), 'sari@example.com');
    await u.selectOptions(screen.getByLabelText('Jenis'), 'Pengingat pemesanan');
    expect(screen.getByTestId('where')).toHaveTextContent(
      '/admin/notifications?type=booking_reminder&recipient=sari%40example.com',
    );
    expect(screen.getByLabelText('Penerima')).toHaveValue('sari@example.com');
  });

  it('retries a failed notification, says so and reloads the list', async () => {
    const u = userEvent.setup();
    fetchMock
      .mockResolvedValueOnce(page([kFailed, notification({})]))
      .mockResolvedValueOnce(
        json(200, {
          success: true,
          data: { notification: { ...kFailed, status: 'pending', attempts: 0 } },
        }),
      )
      .mockResolvedValueOnce(
        page([{ ...kFailed, status: 'pending', attempts: 0 }, notification({})]),
      );
    renderPage();
    const table = await screen.findByRole('table');
    // Only the failed row offers a retry; its error is cut short, the rest on demand.
    const retry = within(table).getByRole('button', {
      name: 'Kirim ulang Pemesanan baru untuk budi@example.com',
    });
    expect(within(table).getAllByRole('button', { name: /^Kirim ulang/ })).toHaveLength(1);
    expect(within(table).queryByText(kFailed.error_message ?? '')).not.toBeInTheDocument();
    await u.click(within(table).getByRole('button', { name: 'Tampilkan semua' }));
    expect(within(table).getByText(kFailed.error_message ?? '')).toBeInTheDocument();
    expect(within(table).getByRole('button', { name: 'Ringkas' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );

    await u.click(retry);
    expect(
      await screen.findByText('Notifikasi masuk antrean untuk dikirim ulang.'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(within(table).queryAllByRole('button', { name: /^Kirim ulang/ })).toHaveLength(0),
    );
    expect(calls(fetchMock)).toEqual([
      'GET /api/v1/admin/notifications?page=1&limit=20',
      'POST /api/v1/admin/notifications/n-failed/retry',
      'GET /api/v1/admin/notifications?page=1&limit=20',
    ]);
  });

  it("shows the API's message when the notification was sent meanwhile (409)", async () => {
    const u = userEvent.setup();
    fetchMock
      .mockResolvedValueOnce(page([kFailed]))
      .mockResolvedValueOnce(
        json(409, {
          success: false,
          error: { code: 'NOTIFICATION_002', message: 'The notification was already sent' },
        }),
      )
      .mockResolvedValueOnce(page([notification({ id: 'n-failed' })]));
    renderPage();
    const table = await screen.findByRole('table');
    await u.click(within(table).getByRole('button', { name: /^Kirim ulang/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The notification was already sent');
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3));
  });

  it('shows an empty state, and one with a way out when filtered', async () => {
    const u = userEvent.setup();
    fetchMock.mockImplementation(() => Promise.resolve(page([])));
    renderPage('/admin/notifications?status=skipped');
    expect(
      await screen.findByText('Tidak ada notifikasi yang cocok dengan filter ini.'),
    ).toBeInTheDocument();
    const clear = screen.getAllByRole('button', { name: 'Hapus filter' });
    await u.click(clear[clear.length - 1] as HTMLElement);
    expect(await screen.findByText('Belum ada notifikasi.')).toBeInTheDocument();
  });

  it('shows an error with a retry when the list fails', async () => {
    fetchMock.mockResolvedValue(
      json(500, { success: false, error: { code: 'INTERNAL', message: 'Something broke' } }),
    );
    renderPage();
    const alert = (await screen.findByText('Something broke')).closest('[role="alert"]');
    expect(alert).toHaveTextContent('Ada masalah');
    expect(within(alert as HTMLElement).getByRole('button', { name: 'Coba lagi' })).toBeVisible();
  });
});

describe('NotificationsPage guard', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it.each(['customer', 'provider'] as const)('tells a %s there is no access', (role) => {
    useSession.setState({ status: 'signed-in', accessToken: 'tok', user: user(role) });
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'Tidak ada akses' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('sends a visitor to the login page and back', () => {
    useSession.setState({ status: 'anonymous', accessToken: null, user: null });
    renderPage('/admin/notifications?status=failed');
    expect(screen.getByText('login page')).toBeInTheDocument();
    expect(screen.getByTestId('where')).toHaveTextContent(
      `/login?next=${encodeURIComponent('/admin/notifications?status=failed')}`,
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
