// The control block the pool's threads share: one SharedArrayBuffer per pool (not per model, so
// several models' runs use one block and the network reserves nothing for it).
//
// A call: the caller writes its kernel, arguments and ranges, opens it by storing NEXT = (call
// tag, range 0), and wakes the helpers; then every thread, the caller included, claims ranges
// with a compare-exchange on NEXT until none is left, and DONE counts the ranges finished. A
// helper that wakes late finds nothing to claim and sleeps again, so the caller never waits for a
// thread the system has not scheduled: it runs the ranges itself. Which thread runs a range does
// not change its bits. A helper reads a call's fields between loading NEXT and claiming: its
// claim succeeds only if NEXT has not moved, and the caller writes the next call's fields only
// after every range of this one is done, so a successful claim proves the fields it read belong
// to the call it claimed from.

/** What a helper's slot asks of it. */
export const Command = { kernel: 0, leave: 1, exit: 2 } as const;

/** Kernel arguments a call may pass (the range excluded). */
export const MAX_ARGS = 32;
/** Ranges a call may have: NEXT keeps the range index in its low 8 bits, the call's tag above. */
export const MAX_RANGES = 255;
/** NEXT between calls' fields: range 255, past every call's last. */
const CLOSED = 0xff;
/** Characters of a helper's error message kept for the caller. */
const ERROR_CHARS = 512;

// Int32 indices of the header.
const NEXT = 0;
const DONE = 1;
const LEFT = 2;
const ERROR_FROM = 3;
const ERROR_LENGTH = 4;
const ARG_COUNT = 5;
const RANGE_COUNT = 6;
const RUN = 7;
const KERNEL = 8;
// Byte layout: header (64), arguments (f64), the error's UTF-16 text, the ranges (begin, end),
// then one 64-byte slot per helper (its sequence number and command), each on its own cache line.
const ARGS_BYTE = 64;
const ERROR_BYTE = ARGS_BYTE + MAX_ARGS * 8;
const RANGES_BYTE = ERROR_BYTE + ERROR_CHARS * 2;
const SLOT_INTS = 16;

export interface Call {
  run: number;
  kernel: number;
  args: number[];
}

/** A view of the block; the caller and every helper make one on the same buffer. */
export class ControlBlock {
  readonly ints: Int32Array;
  private readonly args: Float64Array;
  private readonly text: Uint16Array;
  private readonly slotsAt: number;
  /** False on a page's main thread, where Atomics.wait throws: the caller spins there instead. */
  private readonly canBlock: boolean;
  private tag = 0;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer);
    this.args = new Float64Array(buffer, ARGS_BYTE, MAX_ARGS);
    this.text = new Uint16Array(buffer, ERROR_BYTE, ERROR_CHARS);
    this.slotsAt = ceilTo(RANGES_BYTE + MAX_RANGES * 8, 64) / 4;
    this.canBlock = agentCanBlock(this.ints);
  }

  static create(helpers: number): ControlBlock {
    return new ControlBlock(new SharedArrayBuffer(ceilTo(RANGES_BYTE + MAX_RANGES * 8, 64) + helpers * SLOT_INTS * 4));
  }

  /** Int32 index of helper `i`'s sequence number: what it waits on. */
  private seqIndex(i: number): number {
    return this.slotsAt + i * SLOT_INTS;
  }

  // --- the caller's side

  /** Writes a call and opens it for claims; the caller then wakes helpers and claims too. */
  open(run: number, kernel: number, args: readonly number[], ranges: readonly [number, number][]): void {
    if (args.length > MAX_ARGS) throw new Error(`a kernel call passes ${args.length} arguments; the thread pool carries at most ${MAX_ARGS}`);
    if (ranges.length > MAX_RANGES) throw new Error(`a kernel call splits into ${ranges.length} ranges; the thread pool carries at most ${MAX_RANGES}`);
    const v = this.ints;
    // Closed while the fields change: a range index no call reaches, and a tag no claim holds.
    Atomics.store(v, NEXT, CLOSED);
    for (let i = 0; i < args.length; i++) this.args[i] = args[i];
    v[ARG_COUNT] = args.length;
    v[RUN] = run;
    v[KERNEL] = kernel;
    v[RANGE_COUNT] = ranges.length;
    const r = RANGES_BYTE / 4;
    for (let i = 0; i < ranges.length; i++) [v[r + 2 * i], v[r + 2 * i + 1]] = ranges[i];
    v[DONE] = 0;
    // A tag repeats after 2^24 calls: a helper preempted between its load of NEXT and its claim for that long could claim wrongly.
    this.tag = (this.tag + 1) & 0xffffff;
    Atomics.store(v, NEXT, this.tag << 8);
  }

  /** Gives helper `i` a command and wakes it. */
  post(i: number, command: number): void {
    const s = this.seqIndex(i);
    this.ints[s + 1] = command;
    Atomics.add(this.ints, s, 1);
    Atomics.notify(this.ints, s, 1);
  }

  /** Counts helpers out for leaveAll: each acknowledges a leave or exit command. */
  expectLeaving(helpers: number): void {
    Atomics.store(this.ints, LEFT, helpers);
  }

  /** Spins `spins` checks, then sleeps until `index` holds `target`; false if `timeoutMs` passed first. */
  private awaitValue(index: number, target: number, spins: number, timeoutMs: number): boolean {
    for (let i = 0; i < spins; i++) if (Atomics.load(this.ints, index) === target) return true;
    const until = performance.now() + timeoutMs;
    for (;;) {
      const now = Atomics.load(this.ints, index);
      if (now === target) return true;
      const wait = until - performance.now();
      if (wait <= 0) return false;
      if (this.canBlock) Atomics.wait(this.ints, index, now, wait);
    }
  }

  /** Waits until every range of the open call is done. */
  awaitRanges(spins: number): void {
    this.awaitValue(DONE, this.ints[RANGE_COUNT], spins, Infinity);
  }

  /** Waits until every helper has acknowledged its leave or exit command; false if one did not in `timeoutMs`. */
  awaitLeaving(timeoutMs: number): boolean {
    return this.awaitValue(LEFT, 0, 0, timeoutMs);
  }

  /** The first error a range reported in this call, as [thread, message] (thread −1: the caller); cleared. */
  takeError(): [number, string] | null {
    const from = Atomics.load(this.ints, ERROR_FROM);
    if (from === 0) return null;
    const chars = Array.from(this.text.subarray(0, this.ints[ERROR_LENGTH]));
    Atomics.store(this.ints, ERROR_FROM, 0);
    return [from - 2, String.fromCharCode(...chars)];
  }

  // --- every thread's side

  /**
   * Claims a range of the open call: its [begin, end) and the call's fields, or null when none is
   * left. `into` receives the call (reused, so a claim allocates nothing).
   */
  claim(into: Call): [number, number] | null {
    const v = this.ints;
    for (;;) {
      const next = Atomics.load(v, NEXT);
      const index = next & 0xff;
      if (index >= Atomics.load(v, RANGE_COUNT)) return null;
      into.run = v[RUN];
      into.kernel = v[KERNEL];
      into.args.length = v[ARG_COUNT];
      for (let i = 0; i < into.args.length; i++) into.args[i] = this.args[i];
      if (Atomics.compareExchange(v, NEXT, next, next + 1) !== next) continue;
      const r = RANGES_BYTE / 4 + 2 * index;
      return [v[r], v[r + 1]];
    }
  }

  /** A claimed range is done; the last one wakes the caller. */
  finished(): void {
    if (Atomics.add(this.ints, DONE, 1) + 1 === Atomics.load(this.ints, RANGE_COUNT)) Atomics.notify(this.ints, DONE);
  }

  /** Keeps the first error of a call (a later one, from another thread, is dropped). `thread`: a helper's index, or −1 for the caller. */
  reportError(thread: number, message: string): void {
    if (Atomics.compareExchange(this.ints, ERROR_FROM, 0, -1) !== 0) return;
    const n = Math.min(message.length, ERROR_CHARS);
    for (let c = 0; c < n; c++) this.text[c] = message.charCodeAt(c);
    this.ints[ERROR_LENGTH] = n;
    // thread + 2: 0 means none, and the caller is −1.
    Atomics.store(this.ints, ERROR_FROM, thread + 2);
  }

  // --- a helper's side

  /** Blocks helper `i` until its sequence number moves past `seen` (spinning first); returns the new one. */
  awaitCommand(i: number, seen: number, spins: number): number {
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

  command(i: number): number {
    return this.ints[this.seqIndex(i) + 1];
  }

  /** Acknowledges a leave or exit command. */
  left(): void {
    if (Atomics.sub(this.ints, LEFT, 1) === 1) Atomics.notify(this.ints, LEFT);
  }
}

export type Kernel = (...args: number[]) => void;

/**
 * Runs ranges of the open call until none is left: a helper's part (`thread` its index) or the
 * caller's (−1). A range that throws is reported and counted done, so the call still ends.
 */
export function runRanges(c: ControlBlock, thread: number, runs: ReadonlyMap<number, readonly Kernel[]>): void {
  const call: Call = { run: 0, kernel: 0, args: [] };
  for (;;) {
    const range = c.claim(call);
    if (!range) return;
    try {
      const fns = runs.get(call.run);
      if (!fns) throw new Error(`model ${call.run} is not attached to ${threadName(thread)}`);
      fns[call.kernel](...call.args, range[0], range[1]);
    } catch (e) {
      c.reportError(thread, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
    c.finished();
  }
}

export function threadName(thread: number): string {
  return thread < 0 ? 'the calling thread' : `helper thread ${thread}`;
}

function ceilTo(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}

function agentCanBlock(ints: Int32Array): boolean {
  try {
    // A value that does not match returns at once where waiting is allowed, and throws where it is not.
    Atomics.wait(ints, NEXT, -1, 0);
    return true;
  } catch {
    return false;
  }
}
