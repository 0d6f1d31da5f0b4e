import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useSession } from '@/lib/api/session-store';
import { VerifyBanner } from './verify-banner';

const user = {
  id: 'u1',
  email: 'rina@example.com',
  full_name: 'Rina',
  phone: '',
  role: 'customer' as const,
  is_verified: false,
  locale: 'id' as const,
};

function renderBanner() {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <VerifyBanner />
    </QueryClientProvider>,
  );
}

describe('VerifyBanner', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reminds an unverified user and resends to their own address', async () => {
    const fetchMock = vi.fn(
      async () => new Response(JSON.stringify({ success: true }), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    useSession.setState({ status: 'signed-in', accessToken: 'tok', user });
    renderBanner();
    expect(screen.getByText(/belum terverifikasi/)).toBeInTheDocument();
    await userEvent
      .setup()
      .click(screen.getByRole('button', { name: 'Kirim ulang tautan verifikasi' }));
    expect(await screen.findByText(/sudah mengirim tautan baru/)).toBeInTheDocument();
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ email: 'rina@example.com' });
  });

  it('stays away for verified users and visitors', () => {
    useSession.setState({
      status: 'signed-in',
      accessToken: 'tok',
      user: { ...user, is_verified: true },
    });
    renderBanner();
    expect(screen.queryByText(/belum terverifikasi/)).not.toBeInTheDocument();
    useSession.setState({ status: 'anonymous', accessToken: null, user: null });
    renderBanner();
    expect(screen.queryByText(/belum terverifikasi/)).not.toBeInTheDocument();
  });
});
