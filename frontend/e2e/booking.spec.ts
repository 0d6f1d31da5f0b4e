import { expect, test, type Browser, type Page } from '@playwright/test';
import { checkPage } from './support/a11y';
import { waitForLink } from './support/outbox';
import { providerWithHours, registerAccount, type Account } from './support/api';

// A customer finds a provider, opens it and books a slot; two customers racing for one slot
// end with one booking and one clear "just taken" message.

// The booking page is for signed-in users. A reload restores the session from the refresh
// cookie when it can; otherwise the page sends the user to log in and back (the session lives
// in memory, so the tests move by links rather than reloads once signed in).
async function signInIfAsked(page: Page, account: Account): Promise<void> {
  const heading = page.getByRole('heading', { level: 1, name: /^(Pesan di .+|Masuk)$/ });
  await expect(heading).toBeVisible();
  if ((await heading.textContent()) === 'Masuk') {
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Kata sandi', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  }
  await expect(page.getByRole('heading', { level: 1, name: /^Pesan di / })).toBeVisible();
}

// A day with free slots in the shown month (or the next one, at the end of a month): the
// `nth` free day, or the last one when there are fewer.
async function pickFreeDay(page: Page, nth = 0): Promise<void> {
  const grid = page.getByRole('grid');
  await expect(grid).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  // ", ada slot kosong", not "..., tidak ada slot kosong": in the evening today has none left
  // (the bare ending matched both and picked today, which cannot be chosen then).
  const freeDays = grid.getByRole('button', { name: /\d{4}, ada slot kosong$/ });
  if ((await freeDays.count()) === 0) {
    await page.getByRole('button', { name: 'Bulan berikutnya' }).click();
    await expect(freeDays.first()).toBeVisible();
  }
  const count = await freeDays.count();
  await freeDays.nth(Math.min(nth, count - 1)).click();
}

// The day's start times (the header's theme switch is a radio group too).
function slotsOf(page: Page) {
  return page.getByRole('group', { name: /^Jam tersedia pada / }).getByRole('radio');
}

async function openBookingPage(
  page: Page,
  account: Account,
  providerId: string,
  serviceId: string,
) {
  await page.goto(`/providers/${providerId}/book?service=${serviceId}`);
  await signInIfAsked(page, account);
}

test('a customer finds a provider and books a slot', async ({ page, request }, testInfo) => {
  const name = `Salon Anggrek ${Date.now()}`;
  const { providerId, serviceId } = await providerWithHours(request, name);
  // Registered outside this browser: a visitor, sent to log in when booking and brought back.
  const customer = await registerAccount(request, 'customer', 'Budi Santoso');

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByLabel('Cari nama, alamat atau keterangan').fill(name);
  await page.getByLabel('Cari nama, alamat atau keterangan').press('Enter');
  await expect(page).toHaveURL(/\?q=/);
  const card = page.getByRole('link', { name });
  await expect(card).toHaveCount(1);
  await checkPage(page, testInfo, 'home');
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'home-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await card.click();

  await expect(page).toHaveURL(new RegExp(`/providers/${providerId}$`));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Menurut zona waktu Asia/Jakarta.')).toBeVisible();
  await expect(page.getByText('Rp 75.000', { exact: false }).first()).toBeVisible();
  await checkPage(page, testInfo, 'provider');
  await page.getByRole('link', { name: 'Pesan Potong rambut' }).click();

  await expect(page).toHaveURL(/\/login\?next=/);
  await signInIfAsked(page, customer);
  await expect(page).toHaveURL(new RegExp(`/providers/${providerId}/book\\?service=${serviceId}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Pesan di ${name}` })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Layanan', exact: true })).toHaveValue(serviceId);
  await pickFreeDay(page);
  const slot = slotsOf(page).first();
  await slot.check();
  await expect(slot).toBeChecked();
  await checkPage(page, testInfo, 'booking');
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'booking-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByLabel(/Catatan untuk penyedia/).fill('Potong pendek, tolong.');
  await page.getByRole('button', { name: 'Konfirmasi pemesanan' }).click();

  await expect(page).toHaveURL(/\/bookings\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Pemesanan berhasil dibuat.')).toBeVisible();

  // The outbox worker inside janji mails the customer a link back to this very page.
  const bookingPath = new URL(page.url()).pathname;
  const link = await waitForLink(customer.email, bookingPath);
  expect(new URL(link).pathname).toBe(bookingPath);
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
      // Not today: late in the day it may have a single slot left, and the test wants fresh
      // slots to remain after the race.
      await pickFreeDay(c.page, 1);
    }
    const chosen = await slotsOf(first.page).first().getAttribute('value');
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
    await expect(slotsOf(second.page).first()).toBeVisible();
    await expect(second.page.getByRole('button', { name: 'Konfirmasi pemesanan' })).toBeDisabled();
    await expect(second.page).toHaveURL(/\/book\?service=/);
  } finally {
    await first.context.close();
    await second.context.close();
  }
});
