import { expect, test, type Browser, type Page } from '@playwright/test';
import { checkPage } from './support/a11y';
import { providerWithHours, registerAccount, type Account } from './support/api';
import { readOutbox } from './support/outbox';

// Issue 13: a provider requires payment, a customer books a priced service, pays on janji's
// payment simulator (the default gateway when no Midtrans key is set), comes back and sees the
// booking paid and confirmed; the receipt mail reaches the outbox. And a failed payment, then
// "Pay again" from the booking, then paid.

// The customer's session lives in memory; coming back from the payment page is a full load,
// which restores it from the refresh cookie, or asks to log in and returns to the same page.
async function logInIfAsked(page: Page, account: Account): Promise<void> {
  await page.waitForLoadState('networkidle');
  if (!new URL(page.url()).pathname.startsWith('/login')) return;
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

// The provider turns "require payment" on in the business settings, in a browser of its own.
async function requirePayment(browser: Browser, owner: Account): Promise<void> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const page = await context.newPage();
  try {
    await page.goto(`/login?next=${encodeURIComponent('/business')}`);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Kata sandi', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    const toggle = page.getByRole('switch', { name: 'Wajib bayar saat memesan' });
    await expect(toggle).not.toBeChecked();
    await toggle.click();
    await expect(page.getByText('Pelanggan kini membayar saat memesan.')).toBeVisible();
    await expect(toggle).toBeChecked();
  } finally {
    await context.close();
  }
}

// Books the first free slot (not today: late in the day it may have none left).
async function bookSlot(page: Page, customer: Account, providerId: string, serviceId: string) {
  await page.goto(`/providers/${providerId}/book?service=${serviceId}`);
  await logInIfAsked(page, customer);
  await expect(page.getByRole('heading', { level: 1, name: /^Pesan di / })).toBeVisible();
  const grid = page.getByRole('grid');
  await expect(grid).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const freeDays = grid.getByRole('button', { name: /\d{4}, ada slot kosong$/ });
  if ((await freeDays.count()) < 2) {
    await page.getByRole('button', { name: 'Bulan berikutnya' }).click();
    await expect(freeDays.first()).toBeVisible();
  }
  await freeDays.nth(Math.min(1, (await freeDays.count()) - 1)).click();
  await page
    .getByRole('group', { name: /^Jam tersedia pada / })
    .getByRole('radio')
    .first()
    .check();
  await page.getByRole('button', { name: 'Konfirmasi pemesanan' }).click();
}

const kReturnPage = /\/bookings\/[0-9a-f-]{36}\/payment\?/;

// On the simulator's page: one of its buttons, then back to the web app's return page.
async function onSimulator(page: Page, button: 'simulator-pay' | 'simulator-fail') {
  await expect(page).toHaveURL(/\/pay\//);
  await page.getByTestId(button).click();
  await expect(page).toHaveURL(kReturnPage, { timeout: 20_000 });
}

async function expectPaid(page: Page, customer: Account): Promise<string> {
  await logInIfAsked(page, customer);
  await expect(page).toHaveURL(kReturnPage);
  await expect(page.getByText('Pembayaran diterima, pemesanan dikonfirmasi')).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText('Lunas', { exact: true })).toBeVisible();
  await expect(page.getByText('Dikonfirmasi', { exact: true })).toBeVisible();
  await expect(page.getByText(/Rp\s?75\.000/).first()).toBeVisible();
  return new URL(page.url()).searchParams.get('order_id') ?? '';
}

// The payment_receipt notification: a mail to the customer naming the paid order.
async function expectReceiptMail(customer: Account, orderId: string): Promise<void> {
  expect(orderId).not.toBe('');
  await expect
    .poll(
      () =>
        readOutbox().some(
          (m) =>
            m.to.toLowerCase().includes(customer.email.toLowerCase()) && m.text.includes(orderId),
        ),
      { timeout: 30_000, message: `a receipt mail to ${customer.email} naming ${orderId}` },
    )
    .toBe(true);
}

test('a customer pays for a booking on the simulator and sees it confirmed', async ({
  browser,
  page,
  request,
}, testInfo) => {
  const name = `Klinik Sehat ${Date.now()}`;
  const { owner, providerId, serviceId } = await providerWithHours(request, name);
  await requirePayment(browser, owner);
  const customer = await registerAccount(request, 'customer', 'Dewi Lestari');

  await bookSlot(page, customer, providerId, serviceId);
  const step = page.getByRole('region', { name: 'Bayar untuk mengonfirmasi pemesanan' });
  await expect(step).toBeVisible();
  await expect(step).toContainText(/Rp\s?75\.000/);
  // The hold: about 15 minutes left.
  await expect(page.getByRole('timer')).toContainText(/1[45]:\d\d/);
  await checkPage(page, testInfo, 'payment-step');

  await step.getByRole('button', { name: 'Bayar sekarang' }).click();
  await onSimulator(page, 'simulator-pay');
  const orderId = await expectPaid(page, customer);
  await checkPage(page, testInfo, 'payment-paid');

  // The booking page keeps the receipt.
  await page.getByRole('link', { name: 'Lihat pemesanan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Detail pemesanan' })).toBeVisible();
  await expect(page.getByText(orderId, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Bayar/ })).toHaveCount(0);

  await expectReceiptMail(customer, orderId);
});

test('a failed payment, then "pay again" from the booking, then paid', async ({
  browser,
  page,
  request,
}) => {
  const { owner, providerId, serviceId } = await providerWithHours(
    request,
    `Studio Irama ${Date.now()}`,
  );
  await requirePayment(browser, owner);
  const customer = await registerAccount(request, 'customer', 'Bayu Pratama');

  await bookSlot(page, customer, providerId, serviceId);
  await page.getByRole('button', { name: 'Bayar sekarang' }).click();
  await onSimulator(page, 'simulator-fail');
  await logInIfAsked(page, customer);
  await expect(page.getByText(/^Pembayaran tidak berhasil/)).toBeVisible({ timeout: 30_000 });
  const failedOrder = new URL(page.url()).searchParams.get('order_id');

  // My bookings marks it; its page counts the hold down and offers to pay again.
  await page.goto('/bookings');
  await logInIfAsked(page, customer);
  const card = page.getByRole('link', { name: /Studio Irama/ });
  await expect(card).toContainText('Menunggu pembayaran');
  await card.click();
  await expect(page.getByText('Percobaan pembayaran terakhir:', { exact: false })).toBeVisible();
  await expect(page.getByRole('timer')).toBeVisible();
  await page.getByRole('button', { name: 'Bayar lagi' }).click();

  await onSimulator(page, 'simulator-pay');
  const orderId = await expectPaid(page, customer);
  // A new attempt has its own order id.
  expect(orderId).not.toBe(failedOrder);
  await expectReceiptMail(customer, orderId);
});
