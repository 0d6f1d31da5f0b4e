import { expect, test, type Browser, type Page } from '@playwright/test';
import { checkPage } from './support/a11y';
import { providerWithHours, registerAccount, type Account } from './support/api';

// A customer finds a provider, opens it and books a slot; two customers racing for one slot
// end with one booking and one clear "just taken" message.

// A visitor who opens the booking page is sent to the login page and comes back after
// signing in (the session lives in memory, so the test then moves by links, not reloads).
async function logInFromRedirect(page: Page, account: Account): Promise<void> {
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Pesan di / })).toBeVisible();
}

// The first day with free slots in the shown month (or the next one, at the end of a month).
async function pickFirstFreeDay(page: Page): Promise<void> {
  const grid = page.getByRole('grid');
  await expect(grid).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const freeDays = grid.getByRole('button', { name: /ada slot kosong$/ });
  if ((await freeDays.count()) === 0) {
    await page.getByRole('button', { name: 'Bulan berikutnya' }).click();
    await expect(freeDays.first()).toBeVisible();
  }
  await freeDays.first().click();
}

async function openBookingPage(
  page: Page,
  account: Account,
  providerId: string,
  serviceId: string,
) {
  await page.goto(`/providers/${providerId}/book?service=${serviceId}`);
  await logInFromRedirect(page, account);
}

test('a customer finds a provider and books a slot', async ({ page, request }, testInfo) => {
  const name = `Salon Anggrek ${Date.now()}`;
  const { providerId } = await providerWithHours(request, name);
  const customer = await registerAccount(request, 'customer', 'Budi Santoso');

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByLabel('Cari nama, alamat atau keterangan').fill(name);
  await page.getByLabel('Cari nama, alamat atau keterangan').press('Enter');
  await expect(page).toHaveURL(/\?q=/);
  const card = page.getByRole('link', { name });
  await expect(card).toHaveCount(1);
  await checkPage(page, testInfo, 'home');
  await card.click();

  await expect(page).toHaveURL(new RegExp(`/providers/${providerId}$`));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Menurut zona waktu Asia/Jakarta.')).toBeVisible();
  await expect(page.getByText('Rp 75.000', { exact: false }).first()).toBeVisible();
  await checkPage(page, testInfo, 'provider');
  await page.getByRole('link', { name: 'Pesan Potong rambut' }).click();

  // A visitor: log in, then back on the booking page with the service still chosen.
  await logInFromRedirect(page, customer);
  await expect(page.getByRole('heading', { level: 1, name: `Pesan di ${name}` })).toBeVisible();
  await expect(page.getByLabel('Layanan')).toHaveValue(/.+/);
  await pickFirstFreeDay(page);
  const slot = page.getByRole('radio').first();
  await slot.check();
  await expect(slot).toBeChecked();
  await checkPage(page, testInfo, 'booking');
  await page.getByLabel(/Catatan untuk penyedia/).fill('Potong pendek, tolong.');
  await page.getByRole('button', { name: 'Konfirmasi pemesanan' }).click();

  await expect(page).toHaveURL(/\/bookings\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Pemesanan berhasil dibuat.')).toBeVisible();
});

async function customerPage(browser: Browser, viewport: Page, fullName: string) {
  const context = await browser.newContext({
    baseURL: process.env.E2E_BASE_URL,
    viewport: viewport.viewportSize(),
  });
  const page = await context.newPage();
  const account = await registerAccount(context.request, 'customer', fullName);
  return { context, page, account };
}

test('two customers pick the same slot: the second is told it was just taken', async ({
  browser,
  page,
  request,
}) => {
  const { providerId, serviceId } = await providerWithHours(request, `Studio Nada ${Date.now()}`);
  const first = await customerPage(browser, page, 'Siti Aminah');
  const second = await customerPage(browser, page, 'Agus Salim');
  try {
    for (const c of [first, second]) {
      await openBookingPage(c.page, c.account, providerId, serviceId);
      await pickFirstFreeDay(c.page);
    }
    const chosen = await first.page.getByRole('radio').first().getAttribute('value');
    expect(chosen).toBeTruthy();
    const slotA = first.page.locator(`input[type="radio"][value="${chosen}"]`);
    const slotB = second.page.locator(`input[type="radio"][value="${chosen}"]`);
    await slotA.check();
    await slotB.check();

    await first.page.getByRole('button', { name: 'Konfirmasi pemesanan' }).click();
    await expect(first.page).toHaveURL(/\/bookings\/[0-9a-f-]{36}$/);

    await second.page.getByRole('button', { name: 'Konfirmasi pemesanan' }).click();
    await expect(second.page.getByText(/baru saja dipesan orang lain/)).toBeVisible();
    // Fresh slots: the taken start is gone and nothing is chosen any more.
    await expect(slotB).toHaveCount(0);
    await expect(second.page.getByRole('radio').first()).toBeVisible();
    await expect(second.page.getByRole('button', { name: 'Konfirmasi pemesanan' })).toBeDisabled();
    await expect(second.page).toHaveURL(/\/book\?service=/);
  } finally {
    await first.context.close();
    await second.context.close();
  }
});
