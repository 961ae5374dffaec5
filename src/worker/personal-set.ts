// The personal digit set behind the worker boundary: the user's labelled drawings, kept in the
// same store as the run (see persist/), and written to and read from a file. Every command
// answers with the set as it now is; a store failure is a plain message.
import { decodeDigitSet, digitBytes, encodeDigitSet, MAX_DIGITS, sameDigit } from '../data/personal-file.ts';
import type { PersonalDigit } from './protocol.ts';
import type { RunKeeper } from './persist/run-keeper.ts';

export class PersonalSet {
  constructor(private readonly keeper: RunKeeper) {}

  list(): Promise<PersonalDigit[]> {
    return this.keeper.call((s) => s.listDigits(), 'Your digits could not be read');
  }

  async add(image: Float32Array, label: number): Promise<PersonalDigit[]> {
    if (!Number.isInteger(label) || label < 0 || label > 9) throw new Error(`a digit's label must be 0–9, got ${label}`);
    const pixels = digitBytes(image);
    if ((await this.list()).length >= MAX_DIGITS) throw new Error(`your set holds ${MAX_DIGITS} digits, as many as it may; remove some first`);
    await this.keeper.call((s) => s.addDigits([{ label, pixels, addedAt: Date.now() }]), 'The digit was not kept');
    return this.list();
  }

  async remove(id: number): Promise<PersonalDigit[]> {
    await this.keeper.call((s) => s.deleteDigit(id), 'The digit was not removed');
    return this.list();
  }

  async exportFile(): Promise<ArrayBuffer> {
    return encodeDigitSet(await this.list()).buffer;
  }

  /** Adds the file's digits that the set does not hold yet (so importing an export back adds nothing twice); refuses a file that adds none. */
  async importFile(file: ArrayBuffer, name: string): Promise<PersonalDigit[]> {
    const digits = decodeDigitSet(file, name);
    const kept = await this.list();
    const fresh = digits.filter((d, i) => !kept.some((k) => sameDigit(k, d)) && !digits.slice(0, i).some((e) => sameDigit(e, d)));
    if (kept.length + fresh.length > MAX_DIGITS) {
      throw new Error(`${name} would bring your set to ${kept.length + fresh.length} digits, over the ${MAX_DIGITS} it may hold`);
    }
    if (digits.length > 0 && fresh.length === 0) {
      throw new Error(`every digit in ${name} is in your set already; nothing was added`);
    }
    const now = Date.now();
    if (fresh.length > 0) await this.keeper.call((s) => s.addDigits(fresh.map((d) => ({ ...d, addedAt: now }))), 'The digits were not kept');
    return this.list();
  }
}
