// The personal digit set as a file the user keeps: JSON, so it reads in any editor, with each
// 28×28 image as base64 bytes (what the preprocessing gives, as MNIST stores its own). Reading
// one checks everything before anything is kept, and names the problem when a file is refused.
import { MNIST_SIDE } from './mnist.ts';

/** One drawn digit with the label the user gave it: 784 bytes, 0 = paper, 255 = ink. */
export interface LabelledDigit {
  label: number;
  pixels: Uint8Array<ArrayBuffer>;
}

export const DIGIT_SET_FORMAT = 'inkling-digits';
const VERSION = 1;
const PIXELS = MNIST_SIDE * MNIST_SIDE;
/** A set is a few hundred digits at most; a file larger than this is not one. */
export const MAX_DIGITS = 1000;
/** 1,000 digits of 784 bytes in base64 with their fields, and room to spare. */
export const MAX_DIGIT_FILE_BYTES = 4 * 2 ** 20;

interface DigitSetFile {
  format: typeof DIGIT_SET_FORMAT;
  version: number;
  side: number;
  digits: { label: number; pixels: string }[];
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  let s: string;
  try {
    s = atob(text);
  } catch {
    return null;
  }
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function encodeDigitSet(digits: readonly LabelledDigit[]): Uint8Array<ArrayBuffer> {
  const file: DigitSetFile = {
    format: DIGIT_SET_FORMAT,
    version: VERSION,
    side: MNIST_SIDE,
    digits: digits.map((d) => ({ label: d.label, pixels: toBase64(d.pixels) })),
  };
  return new TextEncoder().encode(JSON.stringify(file));
}

/** The digits of a file made by encodeDigitSet; throws a message naming `name` and the problem. */
export function decodeDigitSet(bytes: ArrayBuffer, name: string): LabelledDigit[] {
  const refuse = (problem: string) => new Error(`${name} is not a digit set: ${problem}`);
  if (bytes.byteLength > MAX_DIGIT_FILE_BYTES) throw refuse(`it is ${bytes.byteLength} bytes, over the ${MAX_DIGIT_FILE_BYTES} a set may be`);
  let file: unknown;
  try {
    file = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw refuse('it is not JSON text');
  }
  if (typeof file !== 'object' || file === null || (file as { format?: unknown }).format !== DIGIT_SET_FORMAT) {
    throw refuse(`it lacks "format": "${DIGIT_SET_FORMAT}"`);
  }
  const { version, side, digits } = file as Partial<DigitSetFile>;
  if (version !== VERSION) throw refuse(`version ${String(version)} is not one this page reads (${VERSION})`);
  if (side !== MNIST_SIDE) throw refuse(`its images are ${String(side)} pixels wide, not ${MNIST_SIDE}`);
  if (!Array.isArray(digits)) throw refuse('"digits" is not a list');
  if (digits.length > MAX_DIGITS) throw refuse(`it holds ${digits.length} digits, over the ${MAX_DIGITS} a set may hold`);
  return digits.map((d: unknown, i) => {
    const { label, pixels } = (typeof d === 'object' && d !== null ? d : {}) as { label?: unknown; pixels?: unknown };
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label > 9)
      throw refuse(`digit ${i + 1}: the label must be 0–9, got ${JSON.stringify(label)}`);
    const image = typeof pixels === 'string' ? fromBase64(pixels) : null;
    if (!image) throw refuse(`digit ${i + 1}: "pixels" is not base64 text`);
    if (image.length !== PIXELS) throw refuse(`digit ${i + 1}: the image has ${image.length} pixels, not ${PIXELS}`);
    return { label, pixels: image };
  });
}

/** Floats in [0, 1] (the preprocessed drawing) as the bytes the set keeps. */
export function digitBytes(image: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  if (image.length !== PIXELS) throw new Error(`a digit is ${PIXELS} pixels, got ${image.length}`);
  return Uint8Array.from({ length: PIXELS }, (_, i) => Math.round(255 * Math.min(1, Math.max(0, image[i]))));
}

/** Whether two digits are the same drawing with the same label (an import skips those already kept). */
export function sameDigit(a: LabelledDigit, b: LabelledDigit): boolean {
  return a.label === b.label && a.pixels.length === b.pixels.length && a.pixels.every((p, i) => p === b.pixels[i]);
}
