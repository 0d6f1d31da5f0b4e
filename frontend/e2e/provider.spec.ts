import { expect, test, type Page } from '@playwright/test';
import { checkPage } from './support/a11y';
import { apiCall, registerAccount, setClockOffset, uniqueEmail } from './support/api';
import { waitForLink } from './support/outbox';

// A provider sets up a business through the pages (profile, a service, weekly hours with two
// ranges on one day, a day off), then handles a customer's booking in the inbox: confirms it,
// is refused "complete" before the start, and completes it once the (test) clock has passed it.

const kZone = 'Asia/Jakarta';

// A date on the provider's wall clock, `days` after today there.
function jakartaDate(days: number): string {
  const now = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: kZone }).format(now);
}

function weekdayOf(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

// The accessible name MonthCalendar gives a day ("Senin, 14 Desember 2026").
function calendarDayName(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat('id-ID', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(y ?? 2000, (m ?? 1) - 1, d ?? 1));
}

const kWeekdayId = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

const kPassword = 'Rahasia123!';

// The session lives in memory (a reload restores it from the refresh cookie), so the test moves
// between the provider pages by their links, as a user does.
async function goTo(page: Page, link: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Menu bisnis' })
    .getByRole('link', { name: link })
    .click();
}

async function logIn(page: Page, email: string, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(kPassword);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

test.afterEach(async ({ request }) => {
  await setClockOffset(request, 0).catch(() => undefined);
});

test('a provider sets up the business and handles a booking', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  // 1. Register as a provider in the UI: the app opens the business page, which has no
  // business yet and offers the create form.
  const email = uniqueEmail('provider');
  await page.goto('/register');
  await page.getByRole('radio', { name: /Menerima pemesanan/ }).check();
  await page.getByLabel('Nama lengkap').fill('Ibu Sari');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(kPassword);
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();
  await expect(page).toHaveURL(/\/business$/);
  const link = await waitForLink(email, '/verify-email/');
  const verified = await request.get(
    `/api/v1/auth/verify-email/${link.split('/verify-email/')[1] ?? ''}`,
  );
  expect(verified.ok(), await verified.text()).toBeTruthy();
  await expect(page.getByRole('heading', { level: 1, name: 'Bisnis saya' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Buat profil bisnis' })).toBeVisible();
  await checkPage(page, testInfo, 'business-create');
  const name = `Salon Melati ${Date.now()}`;
  await page.getByLabel('Nama bisnis').fill(name);
  await page.getByLabel('Jenis bisnis').selectOption('salon');
  await page.getByLabel(/^Deskripsi/).fill('Potong rambut dan perawatan.');
  await page.getByLabel(/^Alamat/).fill('Jl. Melati 1, Jakarta');
  await page.getByLabel('Zona waktu').selectOption(kZone);
  await page.getByLabel('Jarak antarjadwal (menit)').fill('30');
  await page.getByLabel('Pemberitahuan minimum (menit)').fill('60');
  await page.getByRole('button', { name: 'Buat bisnis' }).click();
  await expect(page.getByText('Profil bisnis dibuat.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Profil dan pengaturan' })).toBeVisible();
  await expect(page.getByText(name)).toBeVisible();
  await checkPage(page, testInfo, 'business-dashboard');

  // 2. A service; the form checks the API's rules first.
  await goTo(page, 'Layanan');
  await expect(page.getByRole('heading', { level: 1, name: 'Layanan' })).toBeVisible();
  await expect(page.getByText('Belum ada layanan')).toBeVisible();
  await checkPage(page, testInfo, 'services-empty');
  await page.getByRole('button', { name: 'Tambah layanan' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Nama layanan').fill('Potong rambut');
  await dialog.getByLabel('Durasi (menit)').fill('3');
  await dialog.getByLabel('Harga (Rp)').fill('75000');
  await dialog.getByRole('button', { name: 'Simpan' }).click();
  await expect(dialog.getByText('Harus antara 5 dan 1440.')).toBeVisible();
  await dialog.getByLabel('Durasi (menit)').fill('60');
  await dialog.getByRole('button', { name: 'Simpan' }).click();
  await expect(page.getByText('Layanan ditambahkan.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Potong rambut' })).toBeVisible();
  await expect(page.getByText('Rp 75.000', { exact: false })).toBeVisible();
  await checkPage(page, testInfo, 'services');

  // 3. Weekly hours: two ranges on tomorrow's weekday, copied to the day after.
  const bookingDate = jakartaDate(1);
  const day = kWeekdayId[weekdayOf(bookingDate)] ?? '';
  const nextDay = kWeekdayId[weekdayOf(jakartaDate(2))] ?? '';
  await goTo(page, 'Jam buka');
  await expect(page.getByRole('heading', { level: 1, name: 'Jam buka mingguan' })).toBeVisible();
  const daySection = page.getByRole('region', { name: day, exact: true });
  await daySection.getByRole('button', { name: `Tambah rentang untuk ${day}` }).click();
  await daySection.getByRole('button', { name: `Tambah rentang untuk ${day}` }).click();
  const first = `${day}, rentang 1`;
  const second = `${day}, rentang 2`;
  await daySection.getByLabel(`${first}: jam mulai`).fill('09:00');
  await daySection.getByLabel(`${first}: jam selesai`).fill('12:00');
  // An overlap is caught before anything is sent.
  await daySection.getByLabel(`${second}: jam mulai`).fill('11:00');
  await daySection.getByLabel(`${second}: jam selesai`).fill('17:00');
  await expect(daySection.getByText('Rentang ini bertumpang tindih').first()).toBeVisible();
  await daySection.getByLabel(`${second}: jam mulai`).fill('13:00');
  await expect(daySection.getByText('Rentang ini bertumpang tindih')).toHaveCount(0);
  await daySection.getByRole('button', { name: `Salin ke… dari ${day}` }).click();
  await page.getByRole('dialog').getByLabel(nextDay).check();
  await page.getByRole('dialog').getByRole('button', { name: 'Salin' }).click();
  const nextSection = page.getByRole('region', { name: nextDay, exact: true });
  await expect(nextSection.getByLabel(`${nextDay}, rentang 2: jam mulai`)).toHaveValue('13:00');
  await checkPage(page, testInfo, 'hours');
  await page.getByRole('button', { name: 'Simpan jam buka' }).click();
  await expect(page.getByText('Jam buka disimpan.')).toBeVisible();
  await expect(page.getByText('Semua perubahan tersimpan.')).toBeVisible();
  // What was saved is what the server has.
  const providerId = (
    await apiCall<{ id: string }[]>(
      request,
      '',
      'GET',
      `/providers?search=${encodeURIComponent(name)}`,
    )
  )[0]?.id;
  expect(providerId).toBeTruthy();
  const login = await request.post('/api/v1/auth/login', { data: { email, password: kPassword } });
  const ownerToken = ((await login.json()) as { data: { access_token: string } }).data.access_token;
  const book = await apiCall<{
    schedules: { day_of_week: number; start_time: string; end_time: string }[];
  }>(request, ownerToken, 'GET', `/providers/${providerId ?? ''}/schedules`);
  expect(
    book.schedules
      .filter((r) => r.day_of_week === weekdayOf(bookingDate))
      .map((r) => `${r.start_time.slice(0, 5)}-${r.end_time.slice(0, 5)}`)
      .sort(),
  ).toEqual(['09:00-12:00', '13:00-17:00']);
  expect(book.schedules).toHaveLength(4);

  // 4. A day off a week after the booking day.
  const dayOff = jakartaDate(8);
  await goTo(page, 'Hari khusus');
  await expect(page.getByRole('heading', { level: 1, name: 'Hari khusus' })).toBeVisible();
  const dayOffButton = page.getByRole('button', {
    name: new RegExp(`^${calendarDayName(dayOff)}`),
  });
  if (!(await dayOffButton.isVisible())) {
    await page.getByRole('button', { name: 'Bulan berikutnya' }).click();
  }
  await dayOffButton.click();
  await page.getByLabel('Jenis').selectOption('closed');
  await page.getByLabel(/^Keterangan/).fill('Cuti bersama');
  await page.getByRole('button', { name: 'Tambah pengecualian' }).click();
  await expect(page.getByText('Pengecualian ditambahkan.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Pengecualian di tanggal ini' })).toContainText(
    'Cuti bersama',
  );
  await expect(
    page.getByRole('button', { name: `${calendarDayName(dayOff)}, ada pengecualian` }),
  ).toBeVisible();
  await checkPage(page, testInfo, 'exceptions');

  // 5. A customer books the first range of tomorrow through the API.
  const customer = await registerAccount(request, 'customer', 'Budi Santoso');
  const found = providerId;
  const detail = await apiCall<{ services: { id: string }[] }>(
    request,
    customer.token,
    'GET',
    `/providers/${found ?? ''}`,
  );
  const { booking } = await apiCall<{ booking: { id: string; starts_at: string } }>(
    request,
    customer.token,
    'POST',
    '/bookings',
    {
      provider_id: found,
      service_id: detail.services[0]?.id,
      booking_date: bookingDate,
      start_time: '09:00',
      customer_notes: 'Tolong rapikan saja.',
    },
  );

  // 6. The inbox: confirm it, then "complete" is refused until the start.
  await goTo(page, 'Kotak masuk');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Kotak masuk pemesanan' }),
  ).toBeVisible();
  const card = page.getByRole('article', { name: /Potong rambut/ });
  await expect(card).toContainText('Tolong rapikan saja.');
  await expect(card).toContainText('Menunggu konfirmasi');
  await checkPage(page, testInfo, 'inbox');
  await card.getByRole('button', { name: 'Konfirmasi' }).click();
  await expect(page.getByText('Pemesanan dikonfirmasi.')).toBeVisible();
  await expect(page.getByText('Tidak ada pemesanan yang menunggu konfirmasi.')).toBeVisible();

  await page.getByRole('tab', { name: 'Semua' }).click();
  await page.getByLabel('Status').selectOption('confirmed');
  const confirmed = page.getByRole('article', { name: /Potong rambut/ });
  await expect(confirmed).toContainText('Dikonfirmasi');
  await confirmed.getByRole('button', { name: 'Tandai selesai' }).click();
  await expect(confirmed.getByRole('alert')).toBeVisible();

  // 7. The calendar shows the week with the booking.
  await goTo(page, 'Kalender');
  await expect(page.getByRole('heading', { level: 1, name: 'Kalender pemesanan' })).toBeVisible();
  if (weekdayOf(bookingDate) === 1) {
    await page
      .getByRole('button', { name: /maju|berikut|next/i })
      .first()
      .click();
  }
  await expect(page.getByText(/Potong rambut · Dikonfirmasi/).first()).toBeVisible();
  await checkPage(page, testInfo, 'calendar');

  // 8. After the start (server clock moved), completing works.
  const seconds = Math.ceil((Date.parse(booking.starts_at) - Date.now()) / 1000) + 120;
  await setClockOffset(request, seconds);
  // Access tokens from before the move have expired: sign in again.
  await logIn(page, email, '/business/bookings');
  await page.getByRole('tab', { name: 'Semua' }).click();
  await page.getByLabel('Status').selectOption('confirmed');
  await page
    .getByRole('article', { name: /Potong rambut/ })
    .getByRole('button', { name: 'Tandai selesai' })
    .click();
  await expect(page.getByText('Pemesanan ditandai selesai.')).toBeVisible();
  await page.getByLabel('Status').selectOption('completed');
  await expect(page.getByRole('article', { name: /Potong rambut/ })).toContainText('Selesai');
});
