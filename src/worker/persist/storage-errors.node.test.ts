import { describe, expect, it } from 'vitest';
import { storageMessage } from './storage-errors.ts';

describe('storageMessage', () => {
  it('says a full quota plainly, keeping the browser’s words for a report', () => {
    const m = storageMessage(new DOMException('The quota has been exceeded.', 'QuotaExceededError'), 'Your work is not being saved');
    expect(m).toBe("Your work is not being saved: this site's storage is full (over the browser's quota). (QuotaExceededError: The quota has been exceeded.)");
  });

  it('says blocked storage (private mode, a refused open) plainly', () => {
    const m = storageMessage(new DOMException('The user denied permission to access the database.', 'UnknownError'), 'The saved models could not be read');
    expect(m).toMatch(/^The saved models could not be read: this browser does not let the page store data \(private browsing/);
    expect(m).toMatch(/\(UnknownError: The user denied permission to access the database\.\)$/);
    expect(storageMessage('indexedDB is not defined', 'x')).toMatch(/\(indexedDB is not defined\)$/);
  });

  it('does not call an aborted or closed transaction blocked storage', () => {
    const aborted = storageMessage(new DOMException('The transaction was aborted.', 'AbortError'), 'Your work is not being saved');
    expect(aborted).toMatch(/^Your work is not being saved: the browser cut the write short/);
    expect(aborted).not.toMatch(/private browsing/);
    expect(storageMessage(new DOMException('The database connection is closing.', 'InvalidStateError'), 'x')).toMatch(
      /^x: the storage was closed under the page/,
    );
    expect(storageMessage(new DOMException('newer', 'VersionError'), 'x')).toMatch(/another tab/);
  });

  it('passes our own errors through', () => {
    expect(storageMessage(new Error('there is no saved model with id 4'), 'Not renamed')).toBe('Not renamed: there is no saved model with id 4');
  });
});
