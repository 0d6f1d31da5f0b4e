import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { useSession } from '@/lib/api/session-store';
import { LoginPage } from './login-page';

function renderPage(entry = '/login') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[entry]}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/bookings" element={<p>bookings page</p>} />
          <Route path="/" element={<p>home page</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

async function submit(email: string, password: string) {
  const u = userEvent.setup();
  await u.type(screen.getByLabelText('Email'), email);
  await u.type(screen.getByLabelText('Kata sandi'), password);
  await u.click(screen.getByRole('button', { name: 'Masuk' }));
}

describe('LoginPage', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    useSession.setState({ status: 'anonymous', accessToken: null, user: null });
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('asks for both fields before calling the API', async () => {
    renderPage();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Masuk' }));
    expect(await screen.findByText('Masukkan alamat email Anda.')).toBeInTheDocument();
    expect(screen.getByText('Masukkan kata sandi.')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("shows the API's message for wrong credentials (401)", async () => {
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({
          success: false,
          error: { code: 'AUTH_001', message: 'Invalid email or password' },
        }),
        { status: 401 },
      ),
    );
    renderPage();
    await submit('budi@example.com', 'salah123');
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
    expect(useSession.getState().status).toBe('anonymous');
  });

  it('says in words when to try again after a 429', async () => {
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({
          success: false,
          error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many attempts.' },
        }),
        { status: 429, headers: { 'Retry-After': '840' } },
      ),
    );
    renderPage();
    await submit('budi@example.com', 'salah123');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Terlalu banyak percobaan. Coba lagi dalam 14 menit.',
    );
  });

  it('goes to a same-site ?next= after signing in, never to another site', async () => {
    const session = {
      access_token: 'tok',
      refresh_token: 'r',
      token_type: 'Bearer',
      expires_in: 900,
      user: {
        id: 'u1',
        email: 'budi@example.com',
        full_name: 'Budi',
        phone: '',
        role: 'customer',
        is_verified: true,
        avatar_url: null,
        locale: 'id',
        created_at: '2026-12-07T08:00:00Z',
        updated_at: '2026-12-07T08:00:00Z',
      },
    };
    fetchMock.mockImplementation(
      async () => new Response(JSON.stringify({ success: true, data: session }), { status: 200 }),
    );
    renderPage('/login?next=%2Fbookings');
    await submit('budi@example.com', 'rahasia123');
    expect(await screen.findByText('bookings page')).toBeInTheDocument();
  });

  it('ignores a ?next= that leaves the site', async () => {
    fetchMock.mockImplementation(
      async () =>
        new Response(
          JSON.stringify({
            success: true,
            data: {
              access_token: 'tok',
              expires_in: 900,
              user: {
                id: 'u1',
                email: 'b@example.com',
                full_name: 'B',
                phone: '',
                role: 'customer',
                is_verified: true,
                locale: 'id',
              },
            },
          }),
          { status: 200 },
        ),
    );
    renderPage('/login?next=%2F%2Fevil.example');
    await submit('b@example.com', 'rahasia123');
    expect(await screen.findByText('home page')).toBeInTheDocument();
  });
});
