// Reading first: the page's first job is to read the digit a visitor draws. Before the engine
// opens, loads the data and builds the training plan, a standalone reader (src/model/engine.ts;
// the worker's entry gives the CPU one, which compiles no shaders) opens on the weights the session
// will open with: the saved run's, else the shipped reader's. It answers predictions and the
// inside view until the engine's model is in use; from then on that model does, on the same weights.
// The engine's start (its device, the data, the training plan) waits while drawings are read: on a
// machine of few cores it would take the processor from the page, whose pointer events and
// answers then wait behind it, just as the first drawing is read.
import type { OpenReader, StandaloneReader } from '../../model/engine.ts';
import type { SavedRun } from '../persist/run-record.ts';
import type { Pretrained } from './opening.ts';
import type { SessionParts } from './parts.ts';

/** Drawings read this recently hold the engine's start back (settled()). */
const QUIET_MS = 1000;
/** The longest drawings hold the engine's start back, from the page's coming: a visitor who never stops drawing still gets a model to train. */
const LONGEST_HOLD_MS = 5000;

export class FirstReader {
  private reader: StandaloneReader | null = null;
  private lastRead = 0;
  private reading = 0;

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

  /**
   * `work` on the reader, while the session has no model in use yet (null from the moment it has
   * one: that model reads). Each reading holds the engine's start back (settled()).
   */
  read<T>(work: (reader: StandaloneReader) => Promise<T>): Promise<T> | null {
    const reader = this.parts.slot.model ? null : this.reader;
    if (!reader) return null;
    this.reading++;
    return work(reader).finally(() => {
      this.reading--;
      this.lastRead = performance.now();
    });
  }

  /**
   * Resolves once the page is here (`pageConnected`) and no drawing has been read for QUIET_MS
   * (no sooner than QUIET_MS after the page came, so that a visitor who draws as the pad shows is
   * read first), and LONGEST_HOLD_MS after the page came at the latest; at once where there is no reader.
   */
  async settled(pageConnected: Promise<void>): Promise<void> {
    if (!this.reader) return;
    await pageConnected;
    const from = performance.now();
    for (;;) {
      const now = performance.now();
      const quietAt = this.reading > 0 ? now + QUIET_MS : Math.max(from, this.lastRead) + QUIET_MS;
      const at = Math.min(quietAt, from + LONGEST_HOLD_MS);
      if (now >= at) return;
      await new Promise((resolve) => setTimeout(resolve, at - now));
    }
  }

  /** The engine's model reads from now on: the reader's memory goes. */
  close(): void {
    this.reader = null;
  }
}
