// The heartbeat that notices a worker which is gone without a word: one that closed itself,
// crashed, or was killed answers no message and fires no event, so the page asks it, now and
// then, and calls it dead when a question goes unanswered for too long.

export interface WatchOptions {
  /** Asks the worker for a sign of life. */
  ping: () => Promise<unknown>;
  /** Between two questions. */
  intervalMs: number;
  /** How long an answer may take: the worker's event loop is free between submits, so a few seconds is already long. */
  timeoutMs: number;
  /** Called once, with why, when the worker seems dead; the watch stops then. */
  onDead: (why: string) => void;
}

/** Starts watching; the returned function stops it. */
export function watchWorker({ ping, intervalMs, timeoutMs, onDead }: WatchOptions): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  const ask = () => {
    if (stopped) return;
    let answered = false;
    const deadline = setTimeout(() => {
      if (answered || stopped) return;
      stop();
      onDead(`it did not answer for ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    ping().then(
      () => {
        answered = true;
        clearTimeout(deadline);
        if (!stopped) timer = setTimeout(ask, intervalMs);
      },
      (e: unknown) => {
        answered = true;
        clearTimeout(deadline);
        if (stopped) return;
        stop();
        onDead(`it failed to answer: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };
  timer = setTimeout(ask, intervalMs);
  return stop;
}
