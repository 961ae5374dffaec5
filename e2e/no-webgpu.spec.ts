import { expect, test } from '@playwright/test';

// This project starts Chromium without --enable-unsafe-webgpu: navigator.gpu exists, but
// requestAdapter() returns null.
test('without WebGPU the page says what is missing and how to get it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  const notice = page.getByTestId('no-webgpu');
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expect(notice.getByRole('heading', { level: 1 })).toHaveText('Inkling needs WebGPU');
  await expect(notice).toContainText('no GPU adapter');
  await expect(notice).toContainText('Chrome or Edge 113+');
  await expect(notice).toContainText('#enable-unsafe-webgpu');
  await expect(notice).toContainText('--enable-unsafe-webgpu');
  await expect(page.getByTestId('draw-pad')).toHaveCount(0);
  expect(errors).toEqual([]);
});
