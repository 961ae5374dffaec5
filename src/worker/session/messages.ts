// The words the session repeats: an error as text, and the refusal of a request that comes before
// the engine is up.

/** An error's message, or the thrown value as text. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What a request that needs the engine is answered before it has loaded. */
export function stillLoading(): Error {
  return new Error('the engine is still loading');
}
