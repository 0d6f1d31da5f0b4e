import { expect, test, type Page } from '@playwright/test';
import { checkPage } from './support/a11y';
import { uniqueEmail } from './support/api';
import { waitForLink } from './support/outbox';

// On phones the header's links and the logout button sit behind the menu button.
async function openMenu(page: Page) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') {
    await menu.click();
  }
}

async function logout(page: Page) {
  await openMenu(page);
  await page.getByRole('button', { name: 'Keluar' }).click();
  await openMenu(page);
  await expect(page.getByRole('link', { name: 'Masuk', exact: true })).toBeVisible();
}

async function login(page: Page, email: string, password: string) {
  await expect(page.getByRole('heading', { level: 1, name: 'Masuk' })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

test('register, verify the e-mail, log out and in, reset the password', async ({
  page,
}, testInfo) => {
  const email = uniqueEmail('web-auth');
  const password = 'Rahasia123';

  // Register as a customer: signed in at once, told to verify.
  await page.goto('/register');
  await expect(page.getByRole('heading', { level: 1, name: 'Buat akun' })).toBeVisible();
  await checkPage(page, testInfo, 'register');
  await page.getByLabel('Kata sandi', { exact: true }).fill('pendek1');
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();
  await expect(page.getByText('Kata sandi minimal 8 karakter.')).toBeVisible();
  await page.getByRole('radio', { name: /Memesan janji temu/ }).check();
  await page.getByLabel('Nama lengkap').fill('Sari Wulandari');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel(/Nomor telepon/).fill('+62 812 3456 7890');
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();
  await expect(page.getByText(/Akun Anda sudah dibuat/)).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await logout(page);

  // The link from the verification mail (the token is what matters: older servers link to
  // the API, newer ones to this page).
  const link = await waitForLink(email, '/verify-email/');
  const token = link.split('/verify-email/')[1] ?? '';
  await page.goto(`/verify-email/${token}`);
  await expect(
    page.getByText('Alamat email Anda sudah terverifikasi. Terima kasih!'),
  ).toBeVisible();
  await checkPage(page, testInfo, 'verify');
  // A used link says so and offers a new one.
  await page.reload();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kirim ulang tautan verifikasi' })).toBeVisible();

  // Log in, with a wrong password first.
  await page.goto('/login');
  await checkPage(page, testInfo, 'login');
  await login(page, email, 'salah12345');
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  // The profile (through the menu: a reload would start a new page without the session).
  await openMenu(page);
  await page.getByRole('link', { name: 'Profil' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Profil' })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByText('Terverifikasi', { exact: true })).toBeVisible();
  await checkPage(page, testInfo, 'profile');
  await logout(page);

  // Forgot password: the same neutral answer, then the link from the mail.
  await page.goto('/forgot-password');
  await checkPage(page, testInfo, 'forgot');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Kirim tautan' }).click();
  await expect(page.getByText(/Jika alamat itu terdaftar/)).toBeVisible();
  const reset = await waitForLink(email, '/reset-password?token=');
  await page.goto(`/reset-password?token=${new URL(reset).searchParams.get('token') ?? ''}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Buat kata sandi baru' })).toBeVisible();
  await checkPage(page, testInfo, 'reset');
  const newPassword = 'BaruSekali456';
  await page.getByLabel('Kata sandi baru', { exact: true }).fill(newPassword);
  await page.getByLabel('Ulangi kata sandi baru', { exact: true }).fill('BedaSekali456');
  await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await expect(page.getByText('Kedua kata sandi tidak sama.')).toBeVisible();
  await page.getByLabel('Ulangi kata sandi baru', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await expect(page.getByText(/Kata sandi Anda sudah diganti/)).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);

  // The old password no longer works, the new one does.
  await login(page, email, password);
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('Kata sandi', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await openMenu(page);
  await expect(page.getByRole('button', { name: 'Keluar' })).toBeVisible();
});
