import { expect, test } from '@playwright/test';

// The app shell loads from janji, in Indonesian by default, and switches to English.
test('the shell loads and the language switch is remembered', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Janji' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Halaman tidak ditemukan' })).toBeVisible();
});
