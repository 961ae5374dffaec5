// Work that may wait for a quiet moment of the page's thread. Safari has no requestIdleCallback:
// there a short timer stands in for it.

/** Runs `work` when the page's thread is next idle (within `deadlineMs` in any case); returns a cancel function. */
export function whenIdle(work: () => void, deadlineMs = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => work(), { timeout: deadlineMs });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(work, Math.min(deadlineMs, 200));
  return () => clearTimeout(handle);
}
