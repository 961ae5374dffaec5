// The inside view on a real device: every layer's activation, the probabilities and the saliency
// (d predicted logit / d input) against the reference engine in eval mode, and the saliency
// against finite differences of the reference forward, for presets that hold every layer kind
// (batch norm and dropout read in eval mode, the lstm of the rnn preset) and for a network whose
// first layer passes its input through; and Grad-CAM (the predicted class at the default layer,
// a chosen class at a chosen layer) against the reference engine's.
import { describe, expect, it } from 'vitest';
import { forward, inputGradient, type RefWeights } from '../reference/network.ts';
import { assertClose } from '../testing/close.ts';
import { gpuBuffer, testGpu } from '../testing/gpu.ts';
import { randomF32 } from '../testing/random.ts';
import { buildGraph, initParams, initState, type ModelGraph } from '../model/graph.ts';
import { preset } from '../model/presets.ts';
import { size } from '../model/shape.ts';
import { parseModelSpec, type ModelSpec } from '../model/spec.ts';
import { InsidePlan } from './inside-plan.ts';
import { firstFilters } from '../model/first-filters.ts';
import { gradCamLayers } from '../model/grad-cam.ts';

// Activations: f32 sums of up to a few thousand terms against float64 sums rounded per layer.
const ACT_TOL = { atol: 1e-4, rtol: 1e-3 };
const PROB_TOL = { atol: 1e-6, rtol: 1e-4 };
// The saliency chains every layer's backward; its absolute floor scales with the map's largest value.
const SALIENCY_RTOL = 2e-3;
const SALIENCY_ATOL = 1e-4;
// Finite differences of the f32 reference forward, one pixel at a time. ReLU and max pooling make
// the logit piecewise linear: a kink within h of the pixel's value spoils a central difference, but
// rarely both one-sided ones, and a one-sided difference on a linear piece is exact. Smooth layers
// (tanh, sigmoid, the lstm's gates) favour the central one. So a pixel passes when any of the three
// agrees. h = 1e-3 keeps kinks rare; the logit's f32 rounding (~1e-7 of a few units) then costs
// ~1e-4 of the quotient: a tolerance of 0.2% of the map's largest value.
const H = 1e-3;
const FD_ATOL = 2e-3;
const FD_PIXELS = 12;

// A first layer that passes its input through when reading (dropout), then batch norm on the image:
// the input gradient must cross both.
const passFirst = parseModelSpec({
  name: 'pass-first',
  layers: [
    { kind: 'dropout', rate: 0.3 },
    { kind: 'batchnorm' },
    { kind: 'conv2d', filters: 4, kernel: 3, stride: 2, activation: 'tanh' },
    { kind: 'avgpool', size: 2 },
    { kind: 'dense', units: 12, activation: 'sigmoid' },
    { kind: 'dense', units: 10 },
  ],
});

// Grad-CAM: both sides sum with src/model/grad-cam.ts, from their own activations and gradients.
const CAM_RTOL = 1e-4;

type Cam = { layer: number; map: Float32Array } | null;

function expectGradCam(got: Cam, ref: Cam, what: string): void {
  expect(got?.layer, what).toBe(ref?.layer);
  if (!got || !ref) return;
  const scale = Math.max(...ref.map);
  expect(scale, `${what}: a map with something in it`).toBeGreaterThan(0);
  assertClose(got.map, ref.map, { atol: CAM_RTOL * scale, rtol: CAM_RTOL }, what);
}

const models: ModelSpec[] = [preset('mlp'), preset('cnn'), preset('cnn-bn'), preset('rnn'), passFirst];

/** Glorot weights, with batch norm's γ, β and running statistics moved off their identity inits. */
function weights(graph: ModelGraph): RefWeights {
  const params = initParams(graph, 7);
  const state = initState(graph);
  const spread = (packed: Float32Array, entries: ModelGraph['params'], name: string, lo: number, hi: number, seed: number) => {
    for (const e of entries.filter((t) => t.name === name)) packed.set(randomF32(e.length, seed + e.offset, lo, hi), e.offset);
  };
  spread(params, graph.params, 'gamma', 0.5, 1.5, 1);
  spread(params, graph.params, 'beta', -0.3, 0.3, 2);
  spread(state, graph.state, 'running_mean', -0.3, 0.3, 3);
  spread(state, graph.state, 'running_var', 0.3, 2, 4);
  return { params, state };
}

/**
 * Strokes on a dark field, as a digit is, over faint noise: an exactly black field would put every
 * background ReLU exactly at its kink and tie every pooling window there, where the logit has no
 * derivative for finite differences to find.
 */
function image(n: number): Float32Array {
  const noise = randomF32(n, 12, 0.02, 0.1);
  return randomF32(n, 11, -1.5, 1).map((v, i) => Math.max(0, v) + noise[i]);
}

describe('inside view on the GPU vs the reference engine', () => {
  it.each(models.map((m) => [m.name, m] as const))('%s', async (_name, model) => {
    const gpu = await testGpu();
    const graph = buildGraph(model);
    const w = weights(graph);
    const x = image(size(model.input));
    const plan = await InsidePlan.build(gpu, graph, { params: gpuBuffer(gpu, w.params, 'params'), state: gpuBuffer(gpu, w.state, 'state') });
    try {
      const got = await plan.run(x);
      const ref = inputGradient(graph, w, x);
      expect(got.activations).toHaveLength(graph.layers.length);
      graph.layers.forEach((l, i) => assertClose(got.activations[i], ref.acts[i + 1], ACT_TOL, `${l.spec.name} activation`));
      const logits = ref.acts[ref.acts.length - 1];
      const exp = Array.from(logits, (z) => Math.exp(z - Math.max(...logits)));
      assertClose(
        got.probabilities,
        exp.map((e) => e / exp.reduce((s, v) => s + v, 0)),
        PROB_TOL,
        'probabilities',
      );
      expect(got.predicted).toBe(ref.predicted);

      const scale = Math.max(...ref.grad.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      assertClose(got.saliency, ref.grad, { atol: SALIENCY_ATOL * scale, rtol: SALIENCY_RTOL }, 'saliency');

      expect(got.explained).toBe(ref.predicted);
      expectGradCam(got.gradCam, ref.gradCam, 'Grad-CAM at the default layer');
      // Another class at the first layer Grad-CAM can read (in cnn, a conv whose ReLU the max pool
      // after it undoes in training's backward): one more run of the same plan.
      const first = gradCamLayers(graph)[0];
      if (first !== undefined) {
        const request = { target: (ref.predicted + 3) % 10, layer: first };
        const [chosen, chosenRef] = [await plan.run(x, request), inputGradient(graph, w, x, request)];
        expect([chosen.predicted, chosen.explained]).toEqual([ref.predicted, request.target]);
        const s = Math.max(...chosenRef.grad.map(Math.abs));
        assertClose(chosen.saliency, chosenRef.grad, { atol: SALIENCY_ATOL * s, rtol: SALIENCY_RTOL }, 'saliency of the chosen class');
        expectGradCam(chosen.gradCam, chosenRef.gradCam, 'Grad-CAM of the chosen class and layer');
      }
      await expect(plan.run(x, { layer: graph.layers.length - 1 })).rejects.toThrow(/Grad-CAM cannot read/);

      const f = firstFilters(graph)?.weight;
      if (f) assertClose(got.filters!, w.params.subarray(f.offset, f.offset + f.length), { atol: 0, rtol: 0 }, 'filters');
      else expect(got.filters).toBeNull();

      // Finite differences of the reference's predicted logit at the pixels that matter most (the
      // map's largest) and at spread-out others (mostly background).
      const logit = (v: Float32Array) => forward(graph, w, v, 1, 'eval').acts[graph.layers.length][ref.predicted];
      const at = (i: number, h: number) => logit(x.map((v, j) => (j === i ? v + h : v)));
      const strongest = Array.from(got.saliency.keys()).sort((a, b) => Math.abs(got.saliency[b]) - Math.abs(got.saliency[a]));
      const pixels = [
        ...strongest.slice(0, FD_PIXELS / 2),
        ...Array.from({ length: FD_PIXELS / 2 }, (_, k) => Math.floor(((k + 0.5) * x.length) / (FD_PIXELS / 2))),
      ];
      const f0 = logit(x);
      for (const i of pixels) {
        const [up, down] = [at(i, H), at(i, -H)];
        const numeric = [(up - down) / (2 * H), (up - f0) / H, (f0 - down) / H];
        const error = Math.min(...numeric.map((n) => Math.abs(n - got.saliency[i])));
        expect(error, `pixel ${i}: saliency ${got.saliency[i]}, finite differences ${numeric.join(', ')}`).toBeLessThanOrEqual(FD_ATOL * scale);
      }
    } finally {
      plan.arena.destroy();
    }
  });
});
