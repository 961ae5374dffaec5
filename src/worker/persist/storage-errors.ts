// What a failed IndexedDB call means for the user, in plain words. The browser's own message
// follows in brackets: it is what a bug report needs. Errors of our own (a model id that is gone)
// already say what is wrong and pass through.

/** What IndexedDB's DOMException names mean; any other name is storage the browser refuses. */
const REASONS: Record<string, string> = {
  QuotaExceededError: "this site's storage is full (over the browser's quota)",
  AbortError: 'the browser cut the write short (the disk may be full, or the tab was closing); nothing half-written was kept',
  InvalidStateError: 'the storage was closed under the page (the browser is shutting down, or another tab changed it); reload to reopen it',
  VersionError: 'a newer version of Inkling, open in another tab, has changed how it stores data; reload this tab',
  DataError: 'the browser refused the data as written (a bug in Inkling: please report it)',
};

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
  return `${what}: ${REASONS[name] ?? 'this browser does not let the page store data (private browsing, or storage blocked for this site)'}.${detail}`;
}
