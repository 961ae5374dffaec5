// What a failed IndexedDB call means for the user, in plain words. The browser's own message
// follows in brackets: it is what a bug report needs. Errors of our own (a model id that is gone)
// already say what is wrong and pass through.

function nameOf(e: unknown): string {
  return e && typeof e === 'object' && 'name' in e && typeof e.name === 'string' ? e.name : '';
}

function messageOf(e: unknown): string {
  return e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e);
}

/** "<what>: <why, plainly>. (<the browser's words>)"; `what` says what failed, e.g. "Your work is not being saved". */
export function storageMessage(e: unknown, what: string): string {
  const name = nameOf(e);
  if (e instanceof Error && name === 'Error') return `${what}: ${e.message}`;
  const detail = ` (${name ? `${name}: ` : ''}${messageOf(e)})`;
  if (name === 'QuotaExceededError') return `${what}: this site's storage is full (over the browser's quota).${detail}`;
  return `${what}: this browser does not let the page store data (private browsing, or storage blocked for this site).${detail}`;
}
