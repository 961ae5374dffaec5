import { describe, expect, it } from 'vitest';
import { softmaxCrossEntropy, softmaxEvaluate, softmaxProbabilities } from './softmax-xent.ts';
import * as ref from '../../reference/softmax-xent.ts';
import { DEFAULT_STEP, packStep, stepSlot, STEP_STRIDE } from '../step-params.ts';
import { emptyBuffer, gpuBuffer, readF32, readU32, run, testGpu, uniformBuffer } from '../../testing/gpu.ts';
import { assertClose, findMismatch } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';
import { rng } from '../../base/random.ts';

// exp and log in f32 against float64: per-row results carry a few ulps of the logits' size
// (logits up to ±100 in one case), the batch mean a few more from its 256-way reduction.
const LOSS_TOL = { atol: 1e-5, rtol: 1e-5 };
// Probabilities and gradients: relative error of exp, plus an absolute floor for values that
// f32 flushes to zero.
const PROB_TOL = { atol: 1e-7, rtol: 1e-4 };
const EXACT = { atol: 0, rtol: 0 };

interface Case {
  name: string;
  batch: number;
  classes: number;
  /** evaluate: where this batch starts and how many samples the set has */
  cursor: number;
  count: number;
  scale?: number;
  ties?: boolean;
  /** crossEntropy's label smoothing */
  smoothing?: number;
}

const cases: Case[] = [
  { name: 'batch 1, 10 classes', batch: 1, classes: 10, cursor: 0, count: 1 },
  { name: 'batch 37, last evaluation batch cut at count', batch: 37, classes: 10, cursor: 100, count: 120 },
  { name: 'batch 1024, 10 classes', batch: 1024, classes: 10, cursor: 0, count: 1024, scale: 4 },
  { name: 'batch 300, 7 classes, integer logits with ties', batch: 300, classes: 7, cursor: 5, count: 1000, ties: true },
  { name: 'batch 5, 1000 classes, logits ±100 (exp would overflow)', batch: 5, classes: 1000, cursor: 0, count: 5, scale: 100 },
  { name: 'batch 64, 10 classes, label smoothing 0.1', batch: 64, classes: 10, cursor: 0, count: 64, smoothing: 0.1 },
  { name: 'batch 5, 1000 classes, logits ±100, label smoothing 0.3', batch: 5, classes: 1000, cursor: 0, count: 5, scale: 100, smoothing: 0.3 },
];
const smoothed = cases.filter((c) => c.smoothing);

const METRIC_SLOT = 2;
const UNTOUCHED = -1;

function inputs(c: Case) {
  const raw = randomF32(c.batch * c.classes, 41, -1, 1);
  const logits = c.ties ? raw.map((v) => Math.round(v)) : raw.map((v) => v * (c.scale ?? 3));
  const r = rng(42);
  const labels = Uint32Array.from({ length: c.batch }, () => Math.floor(r() * c.classes));
  return { logits, labels };
}

async function runCase(c: Case) {
  const gpu = await testGpu();
  const { logits, labels } = inputs(c);
  // The step sits in the second slot of a two-slot buffer, as the trainer binds it.
  const stepBytes = new ArrayBuffer(2 * STEP_STRIDE);
  packStep({ ...DEFAULT_STEP, cursor: c.cursor, slot: METRIC_SLOT }, stepBytes, STEP_STRIDE);
  const step = stepSlot(uniformBuffer(gpu, stepBytes), 1);
  const logitsBuffer = gpuBuffer(gpu, logits);
  const labelsBuffer = gpuBuffer(gpu, labels);
  const n = c.batch * c.classes;
  // Outputs start as NaN: an element the kernels never write fails the comparison, even where
  // its answer is 0 (a probability that underflows, the gradient it gives).
  const dlogits = gpuBuffer(gpu, new Float32Array(n).fill(NaN));
  const probs = gpuBuffer(gpu, new Float32Array(n).fill(NaN));
  const metrics = gpuBuffer(gpu, new Float32Array(2 * (METRIC_SLOT + 1)).fill(UNTOUCHED));
  const losses = gpuBuffer(gpu, new Float32Array(c.count).fill(UNTOUCHED));
  const predictions = gpuBuffer(gpu, new Uint32Array(c.count).fill(0xffffffff));
  await run(gpu, [
    ...(await softmaxCrossEntropy(gpu, c, { logits: logitsBuffer, labels: labelsBuffer, dlogits, metrics, step })),
    ...(await softmaxEvaluate(gpu, c, { logits: logitsBuffer, labels: labelsBuffer, losses, predictions, step })),
    ...(await softmaxProbabilities(gpu, c, { logits: logitsBuffer, probs })),
  ]);
  const expectedEval = { losses: new Float32Array(c.count).fill(UNTOUCHED), predictions: new Uint32Array(c.count).fill(0xffffffff) };
  ref.softmaxEvaluate(logits, labels, c.cursor, c, expectedEval);
  return {
    got: {
      dlogits: await readF32(gpu, dlogits, n),
      metrics: await readF32(gpu, metrics),
      losses: await readF32(gpu, losses, c.count),
      predictions: await readU32(gpu, predictions, c.count),
      probs: await readF32(gpu, probs, n),
    },
    expected: { ...ref.softmaxCrossEntropy(logits, labels, c), ...expectedEval, probs: ref.softmaxProbabilities(logits, c) },
  };
}

describe('softmax-xent kernels vs reference', () => {
  it.each(cases)('$name', async (c) => {
    const { got, expected } = await runCase(c);
    const metrics = new Float32Array(2 * (METRIC_SLOT + 1)).fill(UNTOUCHED);
    metrics[2 * METRIC_SLOT] = expected.loss;
    metrics[2 * METRIC_SLOT + 1] = expected.correct;
    assertClose(got.metrics, metrics, LOSS_TOL, `${c.name}: metrics (loss, correct) in slot ${METRIC_SLOT}`);
    expect(got.metrics[2 * METRIC_SLOT + 1]).toBe(expected.correct);
    assertClose(got.dlogits, expected.dlogits, PROB_TOL, `${c.name}: dlogits`);
    assertClose(got.losses, expected.losses, LOSS_TOL, `${c.name}: evaluation losses`);
    assertClose(got.predictions, expected.predictions, EXACT, `${c.name}: predictions`);
    assertClose(got.probs, expected.probs, PROB_TOL, `${c.name}: probabilities`);
  });

  it('the comparison catches a wrong answer (label smoothing ignored)', async () => {
    const c = smoothed[0];
    const { got } = await runCase(c);
    const { logits, labels } = inputs(c);
    const plain = ref.softmaxCrossEntropy(logits, labels, { ...c, smoothing: 0 });
    expect(findMismatch(got.dlogits, plain.dlogits, PROB_TOL)).not.toBeNull();
    expect(Math.abs(got.metrics[2 * METRIC_SLOT] - plain.loss)).toBeGreaterThan(0.01);
  });

  it('the comparison catches a wrong answer (gradient not divided by the batch)', async () => {
    const c = cases[1];
    const { got, expected } = await runCase(c);
    const unscaled = expected.dlogits.map((v) => v * c.batch);
    expect(findMismatch(got.dlogits, unscaled, PROB_TOL)).not.toBeNull();
  });

  it('refuses bad shapes before any GPU work, naming the field', async () => {
    const gpu = await testGpu();
    const b = emptyBuffer(gpu, 4);
    await expect(softmaxCrossEntropy(gpu, { batch: 0, classes: 10 }, { logits: b, labels: b, dlogits: b, metrics: b, step: b })).rejects.toThrow(
      /batch must be a positive integer/,
    );
    await expect(softmaxEvaluate(gpu, { batch: 1, classes: 10, count: 0 }, { logits: b, labels: b, losses: b, predictions: b, step: b })).rejects.toThrow(
      /count must be a positive integer/,
    );
    await expect(softmaxProbabilities(gpu, { batch: 1, classes: 2.5 }, { logits: b, probs: b })).rejects.toThrow(/classes must be/);
  });
});
