import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { appRoutes } from '@/app/routes';
import { AppShell } from '@/components/layout/app-shell';
import type { User } from '@/lib/api/schemas';
import { useSession } from '@/lib/api/session-store';

function setRole(role: User['role'] | null) {
  useSession.setState(
    role
      ? {
          status: 'signed-in',
          accessToken: 'tok',
          user: {
            id: 'u1',
            email: `${role}@example.com`,
            full_name: role,
            role,
            is_verified: true,
            locale: 'id',
          },
        }
      : { status: 'anonymous', accessToken: null, user: null },
  );
}

function renderShell(role: User['role'] | null) {
  setRole(role);
  const router = createMemoryRouter(
    [{ element: <AppShell />, children: [{ path: '/', element: <p>home</p> }] }],
    { initialEntries: ['/'] },
  );
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe('the shell navigation', () => {
  it('offers the admin pages to an admin', () => {
    renderShell('admin');
    const nav = screen.getByRole('navigation', { name: 'Menu' });
    expect(within(nav).getByRole('link', { name: 'Admin' })).toHaveAttribute(
      'href',
      '/admin/notifications',
    );
  });

  it.each(['customer', 'provider', null] as const)('hides them from %s', (role) => {
    renderShell(role);
    const nav = screen.getByRole('navigation', { name: 'Menu' });
    expect(within(nav).getByRole('link', { name: 'Beranda' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Admin' })).not.toBeInTheDocument();
  });
});

describe('the /admin routes of the app', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  function openApp(path: string) {
    const router = createMemoryRouter(appRoutes, { initialEntries: [path] });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
    return router;
  }

  it('loads the page lazily and refuses a customer', async () => {
    setRole('customer');
    openApp('/admin');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Tidak ada akses' }),
    ).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
