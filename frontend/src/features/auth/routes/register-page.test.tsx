import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { useSession } from '@/lib/api/session-store';
import { RegisterPage } from './register-page';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

const user = {
  id: 'u1',
  email: 'budi@example.com',
  full_name: 'Budi Santoso',
  phone: '',
  role: 'provider',
  is_verified: false,
  avatar_url: null,
  locale: 'id',
  created_at: '2026-12-07T08:00:00Z',
  updated_at: '2026-12-07T08:00:00Z',
};

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/register']}>
        <Routes>
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/business" element={<p>business page</p>} />
          <Route path="/" element={<p>home page</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

async function fill(fields: { name?: string; email?: string; phone?: string; password?: string }) {
  const u = userEvent.setup();
  if (fields.name !== undefined) await u.type(screen.getByLabelText('Nama lengkap'), fields.name);
  if (fields.email !== undefined) await u.type(screen.getByLabelText('Email'), fields.email);
  if (fields.phone !== undefined)
    await u.type(screen.getByLabelText(/Nomor telepon/), fields.phone);
  if (fields.password !== undefined) {
    await u.type(screen.getByLabelText('Kata sandi'), fields.password);
  }
  return u;
}

describe('RegisterPage', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    useSession.setState({ status: 'anonymous', accessToken: null, user: null });
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('refuses what the API would refuse, in Indonesian, without calling it', async () => {
    renderPage();
    const u = await fill({ name: 'Budi', email: 'budi@', phone: '0812 abc', password: 'abcdefgh' });
    await u.click(screen.getByRole('button', { name: 'Daftar' }));
    expect(await screen.findByText(/Masukkan alamat email yang benar/)).toBeInTheDocument();
    expect(
      screen.getByText(/setidaknya satu huruf dan satu angka\./, { selector: '[role=alert]' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/hanya boleh berisi angka/)).toBeInTheDocument();
    expect(screen.getByLabelText('Kata sandi')).toHaveAttribute('aria-invalid', 'true');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says a short password needs 8 characters', async () => {
    renderPage();
    const u = await fill({ name: 'Budi', email: 'budi@example.com', password: 'abc123' });
    await u.click(screen.getByRole('button', { name: 'Daftar' }));
    expect(await screen.findByText('Kata sandi minimal 8 karakter.')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows a taken address (409) on the e-mail field', async () => {
    fetchMock.mockResolvedValue(
      json(409, {
        success: false,
        error: { code: 'AUTH_004', message: 'This email is already registered' },
      }),
    );
    renderPage();
    const u = await fill({ name: 'Budi', email: 'budi@example.com', password: 'rahasia123' });
    await u.click(screen.getByRole('button', { name: 'Daftar' }));
    expect(await screen.findByText('This email is already registered')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
  });

  it("puts the API's field details on their fields", async () => {
    fetchMock.mockResolvedValue(
      json(400, {
        success: false,
        error: {
          code: 'VALIDATION_001',
          message: 'Invalid input',
          details: { phone: 'must be at most 20 characters' },
        },
      }),
    );
    renderPage();
    const u = await fill({ name: 'Budi', email: 'budi@example.com', password: 'rahasia123' });
    await u.click(screen.getByRole('button', { name: 'Daftar' }));
    expect(await screen.findByText('must be at most 20 characters')).toBeInTheDocument();
    expect(screen.getByLabelText(/Nomor telepon/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('registers a provider, signs in and goes to the business page', async () => {
    fetchMock.mockResolvedValue(
      json(201, {
        success: true,
        data: {
          access_token: 'tok',
          refresh_token: 'r',
          token_type: 'Bearer',
          expires_in: 900,
          user,
        },
      }),
    );
    renderPage();
    const u = userEvent.setup();
    await u.click(screen.getByRole('radio', { name: /Menerima pemesanan/ }));
    await fill({ name: ' Budi Santoso ', email: 'budi@example.com', password: 'rahasia123' });
    await u.click(screen.getByRole('button', { name: 'Daftar' }));
    expect(await screen.findByText('business page')).toBeInTheDocument();
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/register');
    expect(JSON.parse(String(init.body))).toEqual({
      role: 'provider',
      full_name: 'Budi Santoso',
      email: 'budi@example.com',
      password: 'rahasia123',
      locale: 'id',
    });
    await waitFor(() => expect(useSession.getState().accessToken).toBe('tok'));
  });
});
