import type { Locator, Page } from '@playwright/test';

/** The inside view under the draw pad: collapsed until its summary is clicked. */
export class InsideRegion {
  readonly root: Locator;
  readonly summary: Locator;
  readonly layers: Locator;
  readonly saliency: Locator;
  readonly filters: Locator;
  readonly output: Locator;
  readonly hint: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('inside-view');
    this.summary = this.root.locator('summary');
    this.layers = this.root.getByTestId('inside-layer');
    this.saliency = this.root.getByRole('img', { name: /^Saliency for/ });
    this.filters = this.root.getByRole('img', { name: /filters$/ });
    this.output = this.root.getByRole('list', { name: 'Output distribution' });
    this.hint = this.root.locator('.hint');
  }

  async toggle(): Promise<void> {
    await this.summary.scrollIntoViewIfNeeded();
    await this.summary.click();
  }
}
