import { describe, expect, it } from 'vitest';
import { PersonalSet } from './personal-set.ts';
import { RunKeeper } from './persist/run-keeper.ts';
import { MemoryStore } from '../testing/memory-store.ts';

function drawing(ink: number): Float32Array {
  return new Float32Array(784).fill(ink);
}

const newSet = () => new PersonalSet(new RunKeeper(new MemoryStore(), () => undefined));

describe('the personal set', () => {
  it('keeps labelled drawings as bytes, oldest first, and removes one', async () => {
    const set = newSet();
    await set.add(drawing(1), 7);
    const digits = await set.add(drawing(0.5), 1);
    expect(digits.map((d) => d.label)).toEqual([7, 1]);
    expect(digits[0].pixels[0]).toBe(255);
    expect(digits[1].pixels[0]).toBe(128);
    expect(await set.remove(digits[0].id)).toEqual([digits[1]]);
  });

  it('refuses a label that is not a digit', async () => {
    await expect(newSet().add(drawing(1), 10)).rejects.toThrow("a digit's label must be 0–9, got 10");
  });

  it('exports a file that imports into another browser, and adds nothing twice', async () => {
    const a = newSet();
    await a.add(drawing(1), 7);
    await a.add(drawing(0.2), 4);
    const file = await a.exportFile();
    const b = newSet();
    await b.add(drawing(1), 7);
    const imported = await b.importFile(file.slice(0), 'my-digits.json');
    expect(imported.map((d) => d.label)).toEqual([7, 4]);
    await expect(b.importFile(file, 'my-digits.json')).rejects.toThrow('every digit in my-digits.json is in your set already; nothing was added');
    expect(await b.list()).toHaveLength(2);
  });

  it('refuses a bad file naming it, and keeps the set as it was', async () => {
    const set = newSet();
    await set.add(drawing(1), 3);
    await expect(set.importFile(new TextEncoder().encode('{}').buffer, 'notes.json')).rejects.toThrow('notes.json is not a digit set');
    expect(await set.list()).toHaveLength(1);
  });

  it('says plainly when there is no storage', async () => {
    await expect(new PersonalSet(new RunKeeper(null, () => undefined)).list()).rejects.toThrow('Your digits could not be read: this engine has no storage');
  });
});
