// The control block the pool's threads share: one SharedArrayBuffer per pool (not per model, so
// several models' runs use one block and the network reserves nothing for it). The caller writes
// a call's kernel, arguments and each helper's range, then bumps the helper's sequence number and
// wakes it; a helper counts PENDING down when its range is done, and the last one wakes the
// caller. The caller writes the next call only after PENDING reaches 0, so a helper reads a
// call's fields while no one writes them.

/** What a helper's slot asks of it. */
export const Command = { kernel: 0, leave: 1, exit: 2 } as const;

/** Kernel arguments a call may pass (the range excluded). */
export const MAX_ARGS = 16;
/** Characters of a helper's error message kept for the caller. */
const ERROR_CHARS = 512;

// Int32 indices of the header.
const PENDING = 0;
const ERROR_FROM = 1;
const ERROR_LENGTH = 2;
const ARG_COUNT = 3;
// Byte layout: header (64), arguments (f64), the error's UTF-16 text, then one 64-byte slot per
// helper, each on its own cache line so a helper spinning on its sequence number does not slow
// the others' writes.
const ARGS_BYTE = 64;
const ERROR_BYTE = ARGS_BYTE + MAX_ARGS * 8;
const SLOTS_BYTE = ERROR_BYTE + ERROR_CHARS * 2;
const SLOT_INTS = 16;
// Int32 offsets inside a slot.
const SEQ = 0;
const COMMAND = 1;
const RUN = 2;
const KERNEL = 3;
const BEGIN = 4;
const END = 5;

export interface SlotCall {
  command: number;
  run: number;
  kernel: number;
  begin: number;
  end: number;
}

/** A view of the block; the caller and every helper make one on the same buffer. */
export class ControlBlock {
  readonly ints: Int32Array;
  private readonly args: Float64Array;
  private readonly text: Uint16Array;
  /** False on a page's main thread, where Atomics.wait throws: the caller spins there instead. */
  private readonly canBlock: boolean;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer);
    this.canBlock = agentCanBlock(this.ints);
    this.args = new Float64Array(buffer, ARGS_BYTE, MAX_ARGS);
    this.text = new Uint16Array(buffer, ERROR_BYTE, ERROR_CHARS);
  }

  static create(helpers: number): ControlBlock {
    return new ControlBlock(new SharedArrayBuffer(SLOTS_BYTE + helpers * SLOT_INTS * 4));
  }

  /** Int32 index of helper `i`'s sequence number: what it waits on. */
  seqIndex(i: number): number {
    return SLOTS_BYTE / 4 + i * SLOT_INTS + SEQ;
  }

  // --- the caller's side

  writeArgs(args: readonly number[]): void {
    if (args.length > MAX_ARGS) throw new Error(`a kernel call passes ${args.length} arguments; the thread pool carries at most ${MAX_ARGS}`);
    for (let i = 0; i < args.length; i++) this.args[i] = args[i];
    this.ints[ARG_COUNT] = args.length;
  }

  /** Gives helper `i` a call and wakes it; the caller counts it in PENDING first. */
  post(i: number, call: SlotCall): void {
    const s = this.seqIndex(i);
    this.ints[s + COMMAND] = call.command;
    this.ints[s + RUN] = call.run;
    this.ints[s + KERNEL] = call.kernel;
    this.ints[s + BEGIN] = call.begin;
    this.ints[s + END] = call.end;
    Atomics.add(this.ints, s, 1);
    Atomics.notify(this.ints, s, 1);
  }

  setPending(n: number): void {
    Atomics.store(this.ints, PENDING, n);
  }

  /** Spins `spins` checks, then sleeps until every helper has counted down; false if `timeoutMs` passed first. */
  awaitHelpers(spins: number, timeoutMs = Infinity): boolean {
    for (let i = 0; i < spins; i++) if (Atomics.load(this.ints, PENDING) === 0) return true;
    const until = performance.now() + timeoutMs;
    for (;;) {
      const left = Atomics.load(this.ints, PENDING);
      if (left === 0) return true;
      const wait = until - performance.now();
      if (wait <= 0) return false;
      if (this.canBlock) Atomics.wait(this.ints, PENDING, left, wait);
    }
  }

  /** The first error a helper reported since the last call to this, as [helper, message]; cleared. */
  takeError(): [number, string] | null {
    const from = Atomics.load(this.ints, ERROR_FROM);
    if (from === 0) return null;
    const chars = Array.from(this.text.subarray(0, this.ints[ERROR_LENGTH]));
    Atomics.store(this.ints, ERROR_FROM, 0);
    return [from - 1, String.fromCharCode(...chars)];
  }

  // --- a helper's side

  /** Blocks helper `i` until its sequence number moves past `seen` (spinning first); returns the new one. */
  awaitCall(i: number, seen: number, spins: number): number {
    const s = this.seqIndex(i);
    for (let n = 0; n < spins; n++) {
      const seq = Atomics.load(this.ints, s);
      if (seq !== seen) return seq;
    }
    for (;;) {
      const seq = Atomics.load(this.ints, s);
      if (seq !== seen) return seq;
      Atomics.wait(this.ints, s, seen);
    }
  }

  readCall(i: number): SlotCall {
    const s = this.seqIndex(i);
    const v = this.ints;
    return { command: v[s + COMMAND], run: v[s + RUN], kernel: v[s + KERNEL], begin: v[s + BEGIN], end: v[s + END] };
  }

  readArgs(into: number[]): number[] {
    into.length = this.ints[ARG_COUNT];
    for (let i = 0; i < into.length; i++) into[i] = this.args[i];
    return into;
  }

  /** Keeps the first error of a call (a later one, from another helper, is dropped). */
  reportError(i: number, message: string): void {
    if (Atomics.compareExchange(this.ints, ERROR_FROM, 0, -1) !== 0) return;
    const n = Math.min(message.length, ERROR_CHARS);
    for (let c = 0; c < n; c++) this.text[c] = message.charCodeAt(c);
    this.ints[ERROR_LENGTH] = n;
    Atomics.store(this.ints, ERROR_FROM, i + 1);
  }

  /** A helper's range is done; the last one wakes the caller. */
  done(): void {
    if (Atomics.sub(this.ints, PENDING, 1) === 1) Atomics.notify(this.ints, PENDING);
  }
}

function agentCanBlock(ints: Int32Array): boolean {
  try {
    // A value that does not match returns at once where waiting is allowed, and throws where it is not.
    Atomics.wait(ints, PENDING, -1, 0);
    return true;
  } catch {
    return false;
  }
}
