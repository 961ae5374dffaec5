// Reading first: the page's first job is to read the digit a visitor draws. Before the engine
// opens, loads the data and builds the training plan, a standalone reader (src/model/engine.ts;
// the worker's entry gives the CPU one, which compiles no shaders) opens on the weights the session
// will open with: the saved run's, else the shipped reader's. It answers predictions and the
// inside view until the engine's model is in use; from then on that model does, on the same weights.
import type { OpenReader, StandaloneReader } from '../../model/engine.ts';
import type { SavedRun } from '../persist/run-record.ts';
import type { Pretrained } from './opening.ts';
import type { SessionParts } from './parts.ts';

export class FirstReader {
  private reader: StandaloneReader | null = null;

  constructor(
    private readonly parts: SessionParts,
    private readonly openReader: OpenReader | undefined,
  ) {}

  /**
   * Opens the reader on the saved run's weights, else the shipped model's, and tells the page
   * drawings are read. One that cannot open costs nothing but the wait: the engine's model reads
   * instead once it is up, and the session's own start reports what is wrong with those weights.
   */
  async open(saved: SavedRun | null, pretrained: () => Promise<Pretrained | null>): Promise<void> {
    if (!this.openReader) return;
    try {
      const from = saved ? { config: saved.config, weights: saved.checkpoint.weights } : await pretrained();
      if (!from) return;
      this.reader = await this.openReader(from.config, from.weights);
    } catch {
      return;
    }
    this.parts.emit({ type: 'reading' });
  }

  /** The reader while the session has no model in use yet; null from the moment it has one. */
  get current(): StandaloneReader | null {
    return this.parts.slot.model ? null : this.reader;
  }

  /** The engine's model reads from now on: the reader's memory goes. */
  close(): void {
    this.reader = null;
  }
}
