import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../testing/memory-store.ts';
import { checkedModelId, checkedModelName } from './store.ts';

const entry = (name: string, savedAt: number) => ({ name, summary: 'dense 10 · 7,850 parameters', accuracy: 0.9, steps: 3, savedAt });

describe('saved models', () => {
  it('names are trimmed text, neither empty nor a page long', () => {
    expect(checkedModelName('  my net ')).toBe('my net');
    expect(() => checkedModelName('   ')).toThrow("a model's name may not be empty");
    expect(() => checkedModelName('x'.repeat(81))).toThrow("a model's name may be at most 80 characters; this one has 81");
    expect(() => checkedModelName(3)).toThrow("a model's name must be text, got number");
    expect(checkedModelId(7)).toBe(7);
    expect(() => checkedModelId('7')).toThrow('there is no saved model with id 7');
    expect(() => checkedModelId(Number.NaN)).toThrow('there is no saved model with id NaN');
  });

  it('the memory store lists newest first, renames, deletes, and names an id that is gone', async () => {
    const store = new MemoryStore();
    const a = await store.addModel(entry('a', 1), new Uint8Array([1, 2]).buffer);
    const b = await store.addModel(entry('b', 2), new Uint8Array([3]).buffer);
    expect((await store.listModels()).map((m) => m.name)).toEqual(['b', 'a']);
    await store.renameModel(a, 'A');
    expect((await store.listModels()).map((m) => [m.id, m.name])).toEqual([
      [b, 'b'],
      [a, 'A'],
    ]);
    expect(new Uint8Array(await store.modelFile(a))).toEqual(new Uint8Array([1, 2]));
    await store.deleteModel(b);
    expect((await store.listModels()).map((m) => m.name)).toEqual(['A']);
    await expect(store.modelFile(b)).rejects.toThrow(`there is no saved model with id ${b}`);
    await expect(store.renameModel(b, 'x')).rejects.toThrow(/no saved model/);
    await expect(store.deleteModel(b)).rejects.toThrow(/no saved model/);
  });
});
