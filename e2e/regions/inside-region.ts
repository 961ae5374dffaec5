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
  /** Grad-CAM's figure, and the line in its place on a network without a convolution. */
  readonly gradCam: Locator;
  readonly gradCamAbsent: Locator;
  /** The class the saliency and Grad-CAM explain. */
  readonly explainClass: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('inside-view');
    this.summary = this.root.locator('summary');
    this.layers = this.root.getByTestId('inside-layer');
    this.saliency = this.root.getByRole('img', { name: /^Saliency for/ });
    this.filters = this.root.getByRole('img', { name: /filters$/ });
    this.output = this.root.getByRole('list', { name: 'Output distribution' });
    this.hint = this.root.locator('.hint');
    this.gradCam = this.root.getByTestId('gradcam');
    this.gradCamAbsent = this.root.getByTestId('gradcam-absent');
    this.explainClass = this.root.getByTestId('explain-class');
  }

  async toggle(): Promise<void> {
    await this.summary.scrollIntoViewIfNeeded();
    await this.summary.click();
  }
}
