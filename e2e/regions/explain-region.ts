import type { Locator, Page } from '@playwright/test';

/** The explain views: the confusion matrix's cells and the digits of the chosen one, a channel's top test digits, Grad-CAM, the embedding map and the layer histograms. */
export class ExplainRegion {
  readonly cells: Locator;
  readonly mistakes: Locator;
  readonly mistakeDigits: Locator;
  readonly channels: Locator;
  readonly topDigits: Locator;
  readonly topDigit: Locator;
  readonly gradcam: Locator;
  readonly embedding: Locator;
  readonly histograms: Locator;
  readonly histogram: Locator;

  constructor(page: Page) {
    this.cells = page.getByTestId('confusion-cell');
    this.mistakes = page.getByTestId('mistakes-cell');
    this.mistakeDigits = this.mistakes.getByTestId('mistake-digit');
    this.channels = page.getByTestId('inside-channel');
    this.topDigits = page.getByTestId('top-digits');
    this.topDigit = this.topDigits.getByTestId('top-digit');
    this.gradcam = page.getByTestId('gradcam');
    this.embedding = page.getByTestId('embedding-map');
    this.histograms = page.getByTestId('layer-histograms');
    this.histogram = page.getByTestId('layer-histogram');
  }

  cell(truth: number, predicted: number): Locator {
    return this.cells.and(this.cells.page().locator(`[data-true="${truth}"][data-predicted="${predicted}"]`));
  }

  /** The off-diagonal cell with the most digits, read from the matrix on the page. */
  async worstCell(): Promise<{ truth: number; predicted: number; count: number }> {
    const cells = await this.cells.evaluateAll((els) =>
      els.map((e) => ({ truth: Number(e.getAttribute('data-true')), predicted: Number(e.getAttribute('data-predicted')), count: Number(e.textContent || 0) })),
    );
    return cells.filter((c) => c.truth !== c.predicted).sort((a, b) => b.count - a.count)[0];
  }
}
