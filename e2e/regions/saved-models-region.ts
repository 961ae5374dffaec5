import type { Locator, Page } from '@playwright/test';

/** The saved-model list and the run's save status. */
export class SavedModelsRegion {
  readonly root: Locator;
  readonly name: Locator;
  readonly save: Locator;
  readonly rows: Locator;
  readonly error: Locator;
  /** "Saved in this browser at step N…"; its data-step is N. */
  readonly saveStatus: Locator;
  /** Why the run is not being saved. */
  readonly storageError: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('saved-models');
    this.name = page.getByTestId('model-save-name');
    this.save = page.getByTestId('model-save');
    this.rows = this.root.getByTestId('saved-model');
    this.error = page.getByTestId('saved-models-error');
    this.saveStatus = page.getByTestId('save-status');
    this.storageError = page.getByTestId('storage-error');
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.root.page().getByTestId('saved-model-name').getByText(name, { exact: true }) });
  }

  async names(): Promise<string[]> {
    return this.rows.getByTestId('saved-model-name').allTextContents();
  }

  /** Renames through the row's form; resolves with the row, found by its id (its name is an input while renaming). */
  async rename(from: string, to: string): Promise<Locator> {
    const id = await this.row(from).getAttribute('data-id');
    const row = this.root.locator(`[data-testid="saved-model"][data-id="${id}"]`);
    await row.getByTestId('saved-model-rename').click();
    await row.getByTestId('saved-model-name-input').fill(to);
    await row.getByTestId('saved-model-rename-ok').click();
    return row;
  }

  /** The step the last save holds, or -1 when none is shown. */
  async savedStep(): Promise<number> {
    if (!(await this.saveStatus.isVisible())) return -1;
    return Number(await this.saveStatus.getAttribute('data-step'));
  }
}
