import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { checkPage } from './support/a11y';
import { apiCall, providerWithHours, registerAccount } from './support/api';

// A date `days` from now on the provider's calendar (Asia/Jakarta).
function jakartaDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(
    new Date(Date.now() + days * 24 * 3600 * 1000),
  );
}

test('a customer sees, reschedules and cancels a booking', async ({ page, request }, testInfo) => {
  const salon = `Salon Melati ${Date.now()}`;
  const { providerId, serviceId } = await providerWithHours(request, salon);
  const customer = await registerAccount(request, 'customer', 'Rina Pelanggan');
  const { booking } = await apiCall<{ booking: { id: string } }>(
    request,
    customer.token,
    'POST',
    '/bookings',
    {
      provider_id: providerId,
      service_id: serviceId,
      booking_date: jakartaDate(3),
      start_time: '10:00',
      customer_notes: 'Tolong siapkan handuk.',
    },
  );

  // Log in through the page; ?next= brings the customer to the list.
  await page.goto('/login?next=%2Fbookings');
  await page.getByLabel('Email', { exact: true }).fill(customer.email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pemesanan saya' })).toBeVisible();
  const card = page.getByRole('link', { name: new RegExp(salon) });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Potong rambut');
  await expect(card).toContainText('Menunggu konfirmasi');
  await expect(card).toContainText('10.00–11.00');
  await checkPage(page, testInfo, 'bookings-list');

  // The past tab does not have it.
  await page.getByRole('tab', { name: 'Sudah lewat' }).click();
  await expect(page.getByText('Belum ada pemesanan yang sudah lewat.')).toBeVisible();
  await page.getByRole('tab', { name: 'Akan datang' }).click();

  // Its page.
  await page.getByRole('link', { name: new RegExp(salon) }).click();
  await expect(page).toHaveURL(new RegExp(`/bookings/${booking.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Detail pemesanan' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Potong rambut' })).toBeVisible();
  await expect(page.getByText('Tolong siapkan handuk.')).toBeVisible();
  await expect(page.getByText(/Rp\s?75\.000/)).toBeVisible();
  await checkPage(page, testInfo, 'booking-detail');

  // Add to calendar: an iCalendar invite for this booking.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tambahkan ke kalender' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`janji-${booking.id}.ics`);
  const invite = readFileSync(await download.path(), 'utf8');
  expect(invite).toContain('BEGIN:VCALENDAR\r\n');
  expect(invite).toContain('METHOD:REQUEST\r\n');
  expect(invite).toContain(`UID:booking-${booking.id}@janji\r\n`);

  // Reschedule to another start.
  await page.getByRole('button', { name: 'Pindahkan jadwal' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Pindahkan ke waktu lain' })).toBeVisible();
  await dialog.getByLabel('Tanggal').selectOption({ index: 1 });
  await dialog.getByRole('radio', { disabled: false }).nth(2).check({ force: true });
  await dialog.getByLabel('Alasan pindah (opsional)').fill('Bentrok dengan rapat.');
  await dialog.getByRole('button', { name: 'Pindahkan', exact: true }).click();
  await expect(page.getByText(/Jadwal sudah dipindahkan/)).toBeVisible();
  await expect(page).not.toHaveURL(new RegExp(`/bookings/${booking.id}$`));
  await expect(page.getByText('Pemesanan ini menggantikan pemesanan sebelumnya.')).toBeVisible();

  // Cancel the new one with a reason.
  await page.getByRole('button', { name: 'Batalkan pemesanan' }).click();
  await expect(page.getByRole('dialog')).toContainText('24 jam sebelum dimulai');
  await page.getByLabel('Alasan (opsional)').fill('Ada acara keluarga.');
  await page.getByRole('button', { name: 'Ya, batalkan' }).click();
  await expect(page.getByText('Pemesanan sudah dibatalkan.')).toBeVisible();
  await expect(page.getByText('Dibatalkan', { exact: true })).toBeVisible();
  await expect(page.getByText('Ada acara keluarga.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Batalkan pemesanan' })).toHaveCount(0);

  // Back in the list, both are cancelled.
  await page.getByRole('link', { name: 'Pemesanan saya' }).first().click();
  await page.getByLabel('Status').selectOption('cancelled');
  await expect(page.getByRole('link', { name: new RegExp(salon) })).toHaveCount(2);
});
