// The session's line to the page: its events, whether the page has connected, and a start begun
// before it did. The worker's session starts as the worker does (startAhead): a message from the
// page reaches a starting worker only once the page's own thread, busy with the page's code, hands
// it on. Its events are kept until the page connects, then handed over in order before any later one.
import type { EngineEvent } from '../protocol.ts';

type Connected = { restoredStep: number | null };

export class PageLink {
  /** Resolves once the page has connected: from then on a visitor may draw. */
  readonly connected: Promise<void>;
  private arrive: () => void = () => undefined;
  private kept: EngineEvent[] | null = null;
  private sink: (event: EngineEvent) => void = () => undefined;
  /** Begun before the page connected (startAhead): whether to take the run over, and the start's outcome. */
  private ahead: { takeOver: boolean; answer: Promise<Connected> } | null = null;

  constructor() {
    this.connected = new Promise((resolve) => (this.arrive = resolve));
  }

  emit(event: EngineEvent): void {
    if (this.kept) this.kept.push(event);
    else this.sink(event);
  }

  /** Begins the session's start now; its events are kept until connect(). */
  startAhead(takeOver: boolean, begin: () => Promise<Connected>): void {
    this.kept ??= [];
    const answer = begin();
    // connect() hands the outcome on; until then a failure is not unhandled.
    answer.catch(() => undefined);
    this.ahead = { takeOver, answer };
  }

  /** The page connects: the events kept, then each as it comes, go to `onEvent`; the start (begun ahead, or now) is its answer. */
  async connect(onEvent: (event: EngineEvent) => void, takeOver: boolean, begin: () => Promise<Connected>): Promise<Connected> {
    const ahead = this.ahead;
    if (ahead && ahead.takeOver !== takeOver) {
      throw new Error(`This session started ${ahead.takeOver ? 'to take the run over' : 'without taking the run over'}: it cannot be connected otherwise`);
    }
    this.ahead = null;
    const kept = this.kept ?? [];
    this.kept = null;
    this.sink = onEvent;
    for (const event of kept) onEvent(event);
    this.arrive();
    return await (ahead ? ahead.answer : begin());
  }
}
