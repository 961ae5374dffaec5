import type { Locator, Page } from '@playwright/test';

/** "That's a …" beside the reading, and the personal set with its fine-tune. */
export class PersonalRegion {
  readonly count: Locator;
  readonly digits: Locator;
  readonly fineTune: Locator;
  readonly status: Locator;
  /** Accuracy on the personal set after the last fine-tune. */
  readonly accuracy: Locator;
  /** "before → after" on the MNIST test set. */
  readonly test: Locator;
  readonly export: Locator;
  readonly importFile: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.count = page.getByTestId('personal-count');
    this.digits = page.getByTestId('personal-digit');
    this.fineTune = page.getByTestId('finetune-start');
    this.status = page.getByTestId('finetune-status');
    this.accuracy = page.getByTestId('personal-accuracy');
    this.test = page.getByTestId('finetune-test');
    this.export = page.getByTestId('personal-export');
    this.importFile = page.getByTestId('personal-import');
    this.error = page.getByTestId('personal-error');
  }

  teach(digit: number): Locator {
    return this.page.getByTestId(`teach-${digit}`);
  }

  remove(index: number): Locator {
    return this.digits.nth(index).getByTestId('personal-remove');
  }
}
