import { expect, test } from '@playwright/test';
import { checkPage } from './support/a11y';
import { registerAccount } from './support/api';

// The app shell loads from janji in Indonesian; the language and theme chosen are remembered
// across a reload; an unknown address shows the app's own "not found" page (HTTP 200 from the
// deep-link fallback), which also passes the accessibility scan in dark mode.
test('language and theme are remembered; unknown pages are handled', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('combobox', { name: 'Bahasa' }).first().selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  if (await menu.isVisible()) {
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  }
  await page.getByRole('radio', { name: 'Dark' }).first().click();
  await expect(page.locator('html')).toHaveClass(/dark/);

  const missing = await page.goto('/no-such-page');
  expect(missing?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page).toHaveTitle('Page not found · Janji');
  await checkPage(page, testInfo, 'not-found-dark-en');

  // API paths stay JSON, even for a browser.
  const api = await page.request.get('/api/v1/no-such-thing');
  expect(api.status()).toBe(404);
  expect((await api.json()) as unknown).toMatchObject({ success: false });
});

// Two tabs opened at once both restore the session from the one refresh cookie: they take
// turns (a Web Lock), so the API never sees the same refresh token twice (which it would take
// as theft and end the session in both).
test('two tabs restoring one session at once both stay signed in', async ({
  page,
  context,
  request,
}) => {
  const customer = await registerAccount(request, 'customer', 'Dua Tab');
  const login = await page.request.post('/api/v1/auth/login', {
    data: { email: customer.email, password: customer.password },
  });
  expect(login.ok()).toBeTruthy();
  // Hold each refresh until both tabs have sent theirs (or 2 s passed), then let them go
  // together: the worst timing, made certain.
  const held: (() => void)[] = [];
  await context.route('**/api/v1/auth/refresh', async (route) => {
    await new Promise<void>((release) => {
      held.push(release);
      if (held.length === 2) held.forEach((go) => go());
      setTimeout(release, 2000);
    });
    await route.continue();
  });
  const second = await context.newPage();
  await Promise.all([page.goto('/bookings'), second.goto('/bookings')]);
  for (const tab of [page, second]) {
    await expect(tab.getByRole('heading', { level: 1, name: 'Pemesanan saya' })).toBeVisible();
  }
  // And the session is still good afterwards: a reload restores it again.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Pemesanan saya' })).toBeVisible();
});
