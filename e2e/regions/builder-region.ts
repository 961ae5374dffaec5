import type { Locator, Page } from '@playwright/test';

/** One layer as the builder shows it: its kind and each field's value as the control holds it. */
export interface BuilderLayerState {
  kind: string;
  fields: Record<string, string | boolean>;
}

/** The network builder in the Train panel: its layers, their fields and buttons, the totals and the link. */
export class BuilderRegion {
  readonly root: Locator;
  readonly layers: Locator;
  readonly name: Locator;
  readonly addKind: Locator;
  readonly add: Locator;
  readonly error: Locator;
  readonly params: Locator;
  readonly flops: Locator;
  /** The expected images/s, shown once a run has measured this GPU. */
  readonly speed: Locator;
  /** Says the run in progress keeps its network until "Train from scratch". */
  readonly pending: Locator;
  readonly restart: Locator;
  readonly copyLink: Locator;
  readonly copyNote: Locator;
  readonly linkError: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('builder');
    this.layers = this.root.getByTestId('builder-layer');
    this.name = page.getByTestId('builder-name');
    this.addKind = page.getByTestId('builder-add-kind');
    this.add = page.getByTestId('builder-add');
    this.error = page.getByTestId('builder-error');
    this.params = page.getByTestId('builder-params');
    this.flops = page.getByTestId('builder-flops');
    this.speed = page.getByTestId('builder-speed');
    this.pending = page.getByTestId('builder-pending');
    this.restart = page.getByTestId('builder-reset');
    this.copyLink = page.getByTestId('copy-link');
    this.copyNote = page.getByTestId('copy-link-note');
    this.linkError = page.getByTestId('builder-link-error');
  }

  layer(index: number): Locator {
    return this.layers.nth(index);
  }

  /** The select that names a layer's kind and changes it in place. */
  kind(index: number): Locator {
    return this.layer(index).getByTestId('builder-kind');
  }

  async changeKind(index: number, kind: string): Promise<void> {
    await this.kind(index).selectOption(kind);
  }

  field(index: number, key: string): Locator {
    return this.layer(index).getByTestId(`builder-field-${key}`);
  }

  fieldError(index: number, key: string): Locator {
    return this.layer(index).getByTestId(`builder-field-${key}-error`);
  }

  layerError(index: number): Locator {
    return this.layer(index).getByTestId('builder-layer-error');
  }

  moveUp(index: number): Locator {
    return this.layer(index).getByTestId('builder-up');
  }

  moveDown(index: number): Locator {
    return this.layer(index).getByTestId('builder-down');
  }

  remove(index: number): Locator {
    return this.layer(index).getByTestId('builder-remove');
  }

  async kinds(): Promise<string[]> {
    return this.layers.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.kind ?? ''));
  }

  /** Types into a number field or picks in a choice field, as a user would. */
  async set(index: number, key: string, value: string): Promise<void> {
    const control = this.field(index, key);
    if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }

  async addLayer(kind: string): Promise<void> {
    await this.addKind.selectOption(kind);
    await this.add.click();
  }

  /** Every layer's kind and field values, read from the controls. */
  async state(): Promise<{ name: string; layers: BuilderLayerState[] }> {
    const layers = await this.layers.evaluateAll((rows) =>
      rows.map((r) => {
        const fields: Record<string, string | boolean> = {};
        for (const c of r.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-testid^="builder-field-"]')) {
          const key = (c.dataset.testid ?? '').replace('builder-field-', '');
          fields[key] = c instanceof HTMLInputElement && c.type === 'checkbox' ? c.checked : c.value;
        }
        return { kind: (r as HTMLElement).dataset.kind ?? '', fields };
      }),
    );
    return { name: await this.name.inputValue(), layers };
  }

  /** The total parameter count, as a number. */
  async paramCount(): Promise<number> {
    return Number(await this.params.getAttribute('data-value'));
  }
}
