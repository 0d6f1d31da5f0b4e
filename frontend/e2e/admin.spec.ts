import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { checkPage } from './support/a11y';
import { createAdmin } from './support/admin';
import { apiCall, providerWithHours, registerAccount } from './support/api';

// The admin notification centre against the real outbox: a customer books, the worker of
// `janji serve` (log driver) delivers the booking_created mails, and an admin finds them in
// /admin/notifications, filters them, and a customer is turned away from the page.

function jakartaDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(
    new Date(Date.now() + days * 24 * 3600 * 1000),
  );
}

async function logIn(page: Page, email: string, password: string, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

async function adminToken(request: APIRequestContext, email: string, password: string) {
  const res = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(res.ok(), await res.text()).toBeTruthy();
  return ((await res.json()) as { data: { access_token: string } }).data.access_token;
}

test('an admin finds and filters the notifications of a booking', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const mobile = testInfo.project.name === 'mobile';
  const { owner, providerId, serviceId } = await providerWithHours(
    request,
    `Salon Kenanga ${Date.now()}`,
  );
  const customer = await registerAccount(request, 'customer', 'Dewi Pelanggan');
  await apiCall(request, customer.token, 'POST', '/bookings', {
    provider_id: providerId,
    service_id: serviceId,
    booking_date: jakartaDate(2),
    start_time: '10:00',
  });
  const admin = createAdmin();

  // 1. The booking made one booking_created row for the customer and one for the provider.
  await logIn(page, admin.email, admin.password, '/admin/notifications');
  await expect(page.getByRole('heading', { level: 1, name: 'Pusat notifikasi' })).toBeVisible();
  if (mobile) await page.getByRole('button', { name: 'Menu' }).click();
  await expect(
    page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Admin' }),
  ).toBeVisible();
  if (mobile) await page.getByRole('button', { name: 'Menu' }).click();
  const rows = page.getByRole(mobile ? 'article' : 'row');
  for (const email of [customer.email, owner.email]) {
    const row = rows.filter({ hasText: email });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Pemesanan baru');
    await expect(row).toContainText(/Menunggu|Terkirim/);
  }
  await checkPage(page, testInfo, 'admin-notifications');

  // 2. By recipient: the customer's row only.
  await page.getByLabel('Penerima').fill(customer.email);
  await page.getByRole('button', { name: 'Terapkan filter' }).click();
  await expect(page).toHaveURL(/recipient=/);
  await expect(rows.filter({ hasText: owner.email })).toHaveCount(0);
  await expect(rows.filter({ hasText: customer.email })).toHaveCount(1);
  await expect(page.getByText('1 notifikasi', { exact: true })).toBeVisible();
  // Dark mode (the theme follows the system by default) passes the contrast checks too.
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'admin-notifications-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // 3. By status, once the worker has delivered it (the log driver writes an .eml file).
  const token = await adminToken(request, admin.email, admin.password);
  await expect
    .poll(
      async () =>
        (
          await apiCall<{ status: string }[]>(
            request,
            token,
            'GET',
            `/admin/notifications?recipient=${encodeURIComponent(customer.email)}`,
          )
        )[0]?.status,
      { timeout: 20_000, message: 'the booking_created mail delivered' },
    )
    .toBe('sent');
  await page.getByLabel('Status').selectOption({ label: 'Terkirim' });
  await expect(page).toHaveURL(/status=sent/);
  const sent = rows.filter({ hasText: customer.email });
  await expect(sent).toContainText(/Terkirim \d{1,2} \w+ \d{4}/);
  await expect(sent.getByRole('button', { name: /^Kirim ulang/ })).toHaveCount(0);

  await page.getByLabel('Status').selectOption({ label: 'Gagal' });
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByText('Tidak ada notifikasi yang cocok dengan filter ini.')).toBeVisible();
  await checkPage(page, testInfo, 'admin-notifications-filtered');

  // 4. The filters live in the URL: a reload shows the same list.
  await page.reload();
  await expect(page.getByLabel('Status')).toHaveValue('failed');
  await expect(page.getByLabel('Penerima')).toHaveValue(customer.email);
  await page.getByRole('button', { name: 'Hapus filter' }).first().click();
  await expect(page).toHaveURL(/\/admin\/notifications$/);
  await expect(rows.filter({ hasText: owner.email })).toHaveCount(1);
});

test('a customer is turned away from the notification centre', async ({
  page,
  request,
}, testInfo) => {
  const customer = await registerAccount(request, 'customer', 'Andi Pelanggan');
  await logIn(page, customer.email, customer.password, '/admin/notifications');
  await expect(page.getByRole('heading', { level: 1, name: 'Tidak ada akses' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  if (testInfo.project.name === 'mobile') await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
});
