import { expect, test } from '@playwright/test';
import { checkPage } from './support/a11y';

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
