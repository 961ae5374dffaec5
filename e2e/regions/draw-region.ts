import { expect, type Locator, type Page } from '@playwright/test';
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

  /**
   * The ten probabilities as the bars show them (their data attribute, not the rounded text), once
   * predictions have settled: all ten read at one moment, and the same twice in a row. Read one
   * by one, a prediction landing in between would mix two answers.
   */
  async probabilities(): Promise<number[]> {
    const read = () =>
      this.page.evaluate(() =>
        Array.from({ length: 10 }, (_, d) => Number(document.querySelector(`[data-testid="prob-${d}"]`)?.getAttribute('data-probability'))),
      );
    let last: number[] | null = null;
    let settled: number[] = [];
    await expect
      .poll(
        async () => {
          const next = await read();
          // A cleared pad shows ten zeros until the first prediction lands (slow after a reload,
          // while the prediction plan compiles): zeros that hold still are not an answer.
          const answered = next.reduce((a, b) => a + b, 0) > 0.5;
          const same = last !== null && next.every((p, d) => p === last![d]);
          last = next;
          settled = next;
          return answered && same;
        },
        { intervals: [200], timeout: 10_000, message: 'the prediction settles: an answer, the same on two reads in a row' },
      )
      .toBe(true);
    return settled;
  }
}
