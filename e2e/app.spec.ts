import { expect, test } from '@playwright/test';

test('the page shows the WebGPU adapter', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('adapter')).not.toHaveText(/checking|none/);
});
