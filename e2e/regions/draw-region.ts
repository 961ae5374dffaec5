import type { Locator, Page } from '@playwright/test';
import type { Stroke } from '../digits';

/** The draw pad, its Clear button and the prediction next to it. */
export class DrawRegion {
  readonly pad: Locator;
  readonly clear: Locator;
  readonly predicted: Locator;

  constructor(private readonly page: Page) {
    this.pad = page.getByTestId('draw-pad');
    this.clear = page.getByTestId('clear-pad');
    this.predicted = page.getByTestId('predicted-digit');
  }

  probability(digit: number): Locator {
    return this.page.getByTestId(`prob-${digit}`);
  }

  /** Draws with the mouse, in several moves per segment, as a hand would. */
  async draw(strokes: Stroke[]): Promise<void> {
    await this.pad.scrollIntoViewIfNeeded();
    const box = await this.pad.boundingBox();
    if (!box) throw new Error('the draw pad is not visible');
    const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
    for (const stroke of strokes) {
      const [first, ...rest] = stroke;
      await this.page.mouse.move(...at(first));
      await this.page.mouse.down();
      for (const point of rest) await this.page.mouse.move(...at(point), { steps: 6 });
      await this.page.mouse.up();
    }
  }

  /** The ten probabilities as the bars show them (their data attribute, not the rounded text). */
  async probabilities(): Promise<number[]> {
    const values: number[] = [];
    for (let d = 0; d < 10; d++) values.push(Number(await this.probability(d).getAttribute('data-probability')));
    return values;
  }
}
