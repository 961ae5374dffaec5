import { expect, type Locator, type Page } from '@playwright/test';
import type { InklingSnapshot } from '../../src/ui/test-hook';

/** The header and loading state: which GPU, whether MNIST is in. */
export class AppStatus {
  readonly adapter: Locator;
  readonly loading: Locator;
  readonly pretrained: Locator;
  /** The engine's current model: a preset's label, or "name (custom)". */
  readonly modelName: Locator;
  /** The model's name alone, without the accuracy figure that may follow it in its badge. */
  readonly modelTitle: Locator;
  /** The model's test accuracy in its badge, once that model has been tested. */
  readonly modelAccuracy: Locator;

  constructor(private readonly page: Page) {
    this.adapter = page.getByTestId('adapter-name');
    this.loading = page.getByTestId('loading-progress');
    this.pretrained = page.getByTestId('pretrained');
    this.modelName = page.getByTestId('model-name');
    this.modelTitle = page.getByTestId('model-title');
    this.modelAccuracy = page.getByTestId('model-accuracy');
  }

  /** Waits until the engine says it is ready (data loaded, model built). */
  async waitReady(): Promise<void> {
    await expect.poll(async () => (await this.snapshot()).phase, { timeout: 90_000 }).toBe('ready');
    await expect(this.adapter).not.toHaveText(/connecting/);
  }

  /** The page's state through its test hook, which comes with the page's script after the small entry. */
  async snapshot(): Promise<InklingSnapshot> {
    await this.page.waitForFunction(() => window.__inkling !== undefined);
    return this.page.evaluate(() => {
      if (!window.__inkling) throw new Error('window.__inkling is missing');
      return window.__inkling.snapshot();
    });
  }
}
