import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '@/lib/api/session-store';
import type { Provider } from '../api/schemas';
import { PaymentSettingsCard } from './payment-settings-card';

const kProvider: Provider = {
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
  requires_payment: false,
};

describe('PaymentSettingsCard', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    useSession.setState({ status: 'signed-in', accessToken: 'tok', user: null });
    fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { requires_payment: boolean };
      return new Response(
        JSON.stringify({ success: true, data: { provider: { ...kProvider, ...body } } }),
        { status: 200 },
      );
    });
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('switches requires_payment on with only that field, and explains it', async () => {
    const user = userEvent.setup();
    const client = new QueryClient();
    render(
      <QueryClientProvider client={client}>
        <PaymentSettingsCard provider={kProvider} />
      </QueryClientProvider>,
    );
    const toggle = screen.getByRole('switch', { name: 'Wajib bayar saat memesan' });
    expect(toggle).not.toBeChecked();
    expect(toggle).toHaveAccessibleDescription(/dalam 15 menit/);
    await user.click(toggle);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/providers/p-1');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(String(init.body))).toEqual({ requires_payment: true });
  });
});
