import { describe, expect, it } from 'vitest';
import { engineReduce, initialEngine } from '../core/engine-slice';
import { initialPersistence, persistenceReduce } from './persistence-slice';

describe('persistence slice', () => {
  it('persistence: saves move the saved step; a storage error is kept (and noticed) until a save lands', () => {
    let s = persistenceReduce(initialPersistence, { type: 'saved', step: 40, savedAt: 1000 });
    expect(s).toMatchObject({ savedStep: 40, savedAt: 1000, problem: null });
    s = persistenceReduce(s, { type: 'storage-error', message: 'Your work is not being saved: quota' });
    expect(s).toMatchObject({ savedStep: 40, problem: 'Your work is not being saved: quota' });
    expect(engineReduce(initialEngine, { type: 'storage-error', message: 'quota' }).notices).toMatchObject([{ kind: 'error', message: 'quota' }]);
    expect(persistenceReduce(s, { type: 'saved', step: 41, savedAt: 2000 }).problem).toBeNull();
  });
});
