import type { Locator, Page } from '@playwright/test';
import type { AugmentMode, ScheduleName } from '../../src/model/config';

/** The training controls and the progress read-outs. */
export class TrainRegion {
  readonly model: Locator;
  readonly learningRate: Locator;
  readonly batchSize: Locator;
  readonly epochs: Locator;
  readonly schedule: Locator;
  readonly augment: Locator;
  readonly currentLearningRate: Locator;
  readonly start: Locator;
  readonly pause: Locator;
  readonly reset: Locator;
  /** "Test now": evaluates the current model on the test set. */
  readonly evaluate: Locator;
  readonly stepCount: Locator;
  readonly state: Locator;
  readonly testAccuracy: Locator;
  /** The model select's hint (what the chosen preset is; which model is loaded when it is no preset). */
  readonly modelHint: Locator;

  constructor(private readonly page: Page) {
    this.model = page.getByTestId('model-select');
    this.learningRate = page.getByTestId('learning-rate');
    this.batchSize = page.getByTestId('batch-size');
    this.epochs = page.getByTestId('epochs');
    this.schedule = page.getByTestId('schedule-select');
    this.augment = page.getByTestId('augment-select');
    this.currentLearningRate = page.getByTestId('current-lr');
    this.start = page.getByTestId('train-start');
    this.pause = page.getByTestId('train-pause');
    this.reset = page.getByTestId('train-reset');
    this.evaluate = page.getByTestId('train-evaluate');
    this.stepCount = page.getByTestId('step-count');
    this.state = page.getByTestId('train-state');
    this.testAccuracy = page.getByTestId('test-accuracy');
    this.modelHint = page.locator('.field', { has: this.model }).locator('.hint');
  }

  /** The model select's options as [value, label]. */
  async modelOptions(): Promise<[string, string][]> {
    return this.model.locator('option').evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? ''] as [string, string]));
  }

  fieldError(testId: string): Locator {
    return this.page.getByTestId(`${testId}-error`);
  }

  async configure(settings: {
    /** A preset's name. */
    model?: string;
    learningRate?: string;
    batchSize?: string;
    epochs?: string;
    schedule?: ScheduleName;
    augment?: AugmentMode;
  }): Promise<void> {
    if (settings.model) await this.model.selectOption(settings.model);
    if (settings.schedule) await this.schedule.selectOption(settings.schedule);
    if (settings.augment) await this.augment.selectOption(settings.augment);
    if (settings.learningRate !== undefined) await this.learningRate.fill(settings.learningRate);
    if (settings.batchSize !== undefined) await this.batchSize.fill(settings.batchSize);
    if (settings.epochs !== undefined) await this.epochs.fill(settings.epochs);
  }

  async step(): Promise<number> {
    return Number(await this.stepCount.textContent());
  }
}
