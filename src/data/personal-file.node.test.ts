import { describe, expect, it } from 'vitest';
import { decodeDigitSet, digitBytes, encodeDigitSet, MAX_DIGITS, sameDigit, type LabelledDigit } from './personal-file.ts';

function digit(label: number, seed: number): LabelledDigit {
  return { label, pixels: Uint8Array.from({ length: 784 }, (_, i) => (i * 31 + seed * 7) % 256) };
}

const bytes = (text: string) => new TextEncoder().encode(text).buffer;
const file = (fields: object) => bytes(JSON.stringify({ format: 'inkling-digits', version: 1, side: 28, digits: [], ...fields }));

describe('digit set files', () => {
  it('give back the digits they were written from, every byte and label', () => {
    const digits = [digit(7, 1), digit(0, 2), digit(9, 3)];
    const back = decodeDigitSet(encodeDigitSet(digits).buffer, 'my-digits.json');
    expect(back).toHaveLength(3);
    back.forEach((d, i) => expect(sameDigit(d, digits[i])).toBe(true));
  });

  it('refuse a bad file with its name and the problem', () => {
    const refused = (b: ArrayBuffer) => {
      try {
        decodeDigitSet(b, 'x.json');
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(refused(bytes('not json'))).toBe('x.json is not a digit set: it is not JSON text');
    expect(refused(bytes('{"digits": []}'))).toBe('x.json is not a digit set: it lacks "format": "inkling-digits"');
    expect(refused(file({ version: 2 }))).toBe('x.json is not a digit set: version 2 is not one this page reads (1)');
    expect(refused(file({ side: 32 }))).toBe('x.json is not a digit set: its images are 32 pixels wide, not 28');
    expect(refused(file({ digits: {} }))).toBe('x.json is not a digit set: "digits" is not a list');
    expect(refused(file({ digits: [{ label: 10, pixels: '' }] }))).toBe('x.json is not a digit set: digit 1: the label must be 0–9, got 10');
    expect(refused(file({ digits: [{ label: 1, pixels: '%%' }] }))).toBe('x.json is not a digit set: digit 1: "pixels" is not base64 text');
    expect(refused(file({ digits: [{ label: 1, pixels: 'AAAA' }] }))).toBe('x.json is not a digit set: digit 1: the image has 3 pixels, not 784');
    const many = Array.from({ length: MAX_DIGITS + 1 }, () => ({ label: 1, pixels: '' }));
    expect(refused(file({ digits: many }))).toBe(`x.json is not a digit set: it holds ${MAX_DIGITS + 1} digits, over the ${MAX_DIGITS} a set may hold`);
  });

  it('keep a drawing as bytes, rounded and clamped', () => {
    const image = new Float32Array(784);
    image[0] = 1;
    image[1] = 0.5;
    image[2] = 1.5;
    image[3] = -1;
    expect(Array.from(digitBytes(image).subarray(0, 4))).toEqual([255, 128, 255, 0]);
    expect(() => digitBytes(new Float32Array(10))).toThrow('a digit is 784 pixels, got 10');
  });

  it('call two digits the same only with the same label and pixels', () => {
    expect(sameDigit(digit(1, 1), digit(1, 1))).toBe(true);
    expect(sameDigit(digit(1, 1), digit(2, 1))).toBe(false);
    expect(sameDigit(digit(1, 1), digit(1, 2))).toBe(false);
  });
});
