import { describe, expect, it } from 'vitest';
import type { MnistSet } from '../data/mnist.ts';
import { summarise } from './evaluation.ts';

function testSet(labels: number[]): MnistSet {
  const images = new Uint8Array(labels.length * 784);
  labels.forEach((_, i) => (images[i * 784] = i));
  return { count: labels.length, rows: 28, cols: 28, images, labels: Uint8Array.from(labels) };
}

describe('summarise', () => {
  const labels = [0, 1, 2, 3, 3, 3, 9, 9];
  const predictions = Uint32Array.from([0, 1, 2, 3, 5, 3, 9, 4]);
  const losses = Float32Array.from([0.1, 0.1, 0.1, 0.1, 2, 0.1, 0.1, 3]);
  const e = summarise({ losses, predictions }, testSet(labels), 120, 2);

  it('computes mean loss and accuracy over the evaluated samples', () => {
    expect(e.accuracy).toBeCloseTo(6 / 8);
    expect(e.loss).toBeCloseTo((0.1 * 6 + 2 + 3) / 8, 5);
    expect(e.step).toBe(120);
    expect(e.epoch).toBe(2);
  });

  it('builds the confusion matrix [label][predicted] and per-class accuracy', () => {
    expect(e.confusion[3][3]).toBe(2);
    expect(e.confusion[3][5]).toBe(1);
    expect(e.confusion[9][4]).toBe(1);
    expect(e.confusion.flat().reduce((a, b) => a + b)).toBe(8);
    expect(e.perClassAccuracy[3]).toBeCloseTo(2 / 3);
    expect(e.perClassAccuracy[9]).toBeCloseTo(1 / 2);
    expect(e.perClassAccuracy[5]).toBe(0); // no samples of 5
  });

  it('samples test digits with their pixels, including the mistakes', () => {
    expect(e.samples).toHaveLength(8);
    const wrong = e.samples.filter((s) => s.label !== s.predicted).map((s) => s.index);
    expect(wrong.sort()).toEqual([4, 7]);
    expect(e.samples[5].pixels[0]).toBe(5);
  });
});
