import { expect, type APIRequestContext } from '@playwright/test';
import { waitForLink } from './outbox';

// Direct API calls for test set-up that a test is not about (a provider with hours for a
// customer test, say). What a test is about, it does through the pages.
const kPassword = 'Rahasia123!';

export interface Account {
  email: string;
  password: string;
  token: string;
  userId: string;
}

let counter = 0;
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${counter}@example.com`;
}

export async function registerAccount(
  request: APIRequestContext,
  role: 'customer' | 'provider',
  fullName: string,
  options: { verify?: boolean } = {},
): Promise<Account> {
  const email = uniqueEmail(role);
  const res = await request.post('/api/v1/auth/register', {
    data: { email, password: kPassword, full_name: fullName, role, phone: '081234567890' },
  });
  expect(res.status(), await res.text()).toBe(201);
  const body = (await res.json()) as { data: { access_token: string; user: { id: string } } };
  if (options.verify ?? true) {
    const link = await waitForLink(email, '/verify-email/');
    const token = link.split('/verify-email/')[1] ?? '';
    const v = await request.get(`/api/v1/auth/verify-email/${token}`);
    expect(v.status(), await v.text()).toBe(200);
  }
  return { email, password: kPassword, token: body.data.access_token, userId: body.data.user.id };
}

export async function apiCall<T>(
  request: APIRequestContext,
  token: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  data?: unknown,
): Promise<T> {
  const res = await request.fetch(`/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}` },
    data,
  });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
  const body = (await res.json()) as { data: T };
  return body.data;
}

// A verified provider with a business, one service and weekly hours on every day 08:00-20:00
// (so a test finds free slots whatever day it runs).
export async function providerWithHours(request: APIRequestContext, name: string) {
  const owner = await registerAccount(request, 'provider', `Pemilik ${name}`);
  const { provider } = await apiCall<{ provider: { id: string } }>(
    request,
    owner.token,
    'POST',
    '/providers',
    {
      business_name: name,
      business_type: 'salon',
      description: 'Potong rambut dan perawatan.',
      address: 'Jl. Melati 1, Jakarta',
      timezone: 'Asia/Jakarta',
    },
  );
  const { service } = await apiCall<{ service: { id: string } }>(
    request,
    owner.token,
    'POST',
    `/providers/${provider.id}/services`,
    { name: 'Potong rambut', duration: 60, price: 75000 },
  );
  for (let day = 0; day < 7; day += 1) {
    await apiCall(request, owner.token, 'POST', `/providers/${provider.id}/schedules`, {
      day_of_week: day,
      start_time: '08:00',
      end_time: '20:00',
    });
  }
  return { owner, providerId: provider.id, serviceId: service.id };
}

// Moves the server's clock (TEST_CLOCK_API, refused in production) by `seconds` from real time.
export async function setClockOffset(request: APIRequestContext, seconds: number): Promise<void> {
  const res = await request.put('/api/v1/test/clock', { data: { offset_seconds: seconds } });
  expect(res.ok(), await res.text()).toBeTruthy();
}
