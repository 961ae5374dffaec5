// What a fine-tune trains on and what it is measured on. The user's digits are few, so they are
// repeated, and mixed with MNIST digits drawn at random ("replay"): trained on its own digits
// alone, the network would forget MNIST within a few steps. The gather kernel's shifts make each
// repeat a slightly different picture.
import type { MnistSet } from './mnist.ts';
import type { LabelledDigit } from './personal-file.ts';
import { rng } from '../base/random.ts';

/** With at least this many digits, every fifth is held back to measure on digits it never trained on. */
export const HOLD_OUT_FROM = 10;
const HOLD_OUT_EVERY = 5;

export interface HeldOut<T> {
  train: T[];
  /** Digits kept out of training; empty below HOLD_OUT_FROM, when the set is measured on `train` itself. */
  held: T[];
}

/** Splits the set the same way every time (by position), so before and after see the same digits. */
export function holdOut<T>(digits: readonly T[]): HeldOut<T> {
  if (digits.length < HOLD_OUT_FROM) return { train: [...digits], held: [] };
  const held = digits.filter((_, i) => i % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1);
  return { train: digits.filter((_, i) => i % HOLD_OUT_EVERY !== HOLD_OUT_EVERY - 1), held };
}

export interface MixOptions {
  /** Images in the mixed set. */
  count: number;
  /** The share of them that are the user's digits (each repeated as often as it takes). */
  personalShare: number;
  /** Picks the MNIST images. */
  seed: number;
}

/** The user's digits, repeated, among MNIST train images drawn at random, as one MNIST-shaped set. */
export function mixFineTuneSet(personal: readonly LabelledDigit[], mnist: MnistSet, { count, personalShare, seed }: MixOptions): MnistSet {
  if (personal.length === 0) throw new Error('there are no digits of yours to learn from');
  if (!(personalShare > 0 && personalShare <= 1)) throw new Error(`personalShare must be in (0, 1], got ${personalShare}`);
  const pixels = mnist.rows * mnist.cols;
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  const mine = Math.max(personal.length, Math.round(count * personalShare));
  if (mine > count) throw new Error(`${personal.length} digits do not fit a set of ${count}`);
  const random = rng(seed);
  for (let i = 0; i < count; i++) {
    if (i < mine) {
      const d = personal[i % personal.length];
      if (d.pixels.length !== pixels) throw new Error(`a digit has ${d.pixels.length} pixels, MNIST's have ${pixels}`);
      images.set(d.pixels, i * pixels);
      labels[i] = d.label;
    } else {
      const j = Math.floor(random() * mnist.count);
      images.set(mnist.images.subarray(j * pixels, (j + 1) * pixels), i * pixels);
      labels[i] = mnist.labels[j];
    }
  }
  return { count, rows: mnist.rows, cols: mnist.cols, images, labels };
}

/** The share of digits read as their label; NaN for none. */
export function accuracyOf(predicted: readonly number[], digits: readonly LabelledDigit[]): number {
  if (digits.length === 0) return Number.NaN;
  return predicted.filter((p, i) => p === digits[i].label).length / digits.length;
}
