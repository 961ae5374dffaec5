// The reference engine's Grad-CAM against its definition: α_c = mean over H×W of ∂logit/∂A_c,
// with the gradient taken by central differences of the network's tail from the layer's output A
// (no backward pass involved), and map = ReLU(Σ_c α_c A_c) summed here by hand.
import { describe, expect, it } from 'vitest';
import { gradCamMap } from '../model/grad-cam.ts';
import { buildGraph, initParams, initState, type ModelGraph } from '../model/graph.ts';
import { parseModelSpec } from '../model/spec.ts';
import { assertClose } from '../testing/close.ts';
import { centralDifferences } from '../testing/finite-differences.ts';
import { refLayer } from './layers/index.ts';
import { forward, inputGradient, type RefWeights } from './network.ts';

// A conv with a ReLU, so some of A is 0: the gradient there is ∂logit/∂A all the same (Grad-CAM's A
// is the layer's output), not the 0 the ReLU's own backward would make of it. The layers after
// either chosen layer are linear (an average pool, a dense), so central differences are exact
// up to float32 rounding.
const TINY = parseModelSpec({
  name: 'tiny-cam',
  layers: [
    { kind: 'conv2d', filters: 3, kernel: 4, stride: 4, activation: 'relu' },
    { kind: 'avgpool', size: 2 },
    { kind: 'dense', units: 10 },
  ],
});

function image(): Float32Array {
  // A thick diagonal stroke: ink where |x − y| < 4.
  return Float32Array.from({ length: 784 }, (_, i) => (Math.abs((i % 28) - Math.floor(i / 28)) < 4 ? 1 : 0));
}

/** The logit of `target` as a function of layer `layer`'s output, through the layers after it alone. */
function tailLogit(graph: ModelGraph, w: RefWeights, layer: number, a: Float64Array, target: number): number {
  let x: Float32Array = Float32Array.from(a);
  for (const l of graph.layers.slice(layer + 1)) {
    const window = (packed: Float32Array, entries: { offset: number; length: number }[]) => entries.map((p) => packed.subarray(p.offset, p.offset + p.length));
    x = refLayer(l.spec).forward({
      spec: l.spec,
      layer: l,
      batch: 1,
      mode: 'eval',
      x,
      params: window(w.params, l.params),
      state: window(w.state, l.state),
      t: 1,
      seed: 0,
    }).y;
  }
  return x[target];
}

describe("the reference engine's Grad-CAM", () => {
  const graph = buildGraph(TINY);
  const w = { params: initParams(graph, 7), state: initState(graph) };
  const x = image();
  const acts = forward(graph, w, x, 1, 'eval').acts;

  it('sums a hand-made case as the definition says', () => {
    // Two channels of 1×2: α = (mean(1, 3), mean(−2, 0)) = (2, −1); 2·(1, 2) − 1·(4, 1) = (−2, 3) → (0, 3).
    expect(Array.from(gradCamMap([2, 1, 2], [1, 2, 4, 1], [1, 3, -2, 0]))).toEqual([0, 3]);
  });

  for (const layer of [0, 1])
    for (const target of [undefined, 3])
      it(`at ${TINY.layers[layer].kind} for ${target === undefined ? 'the predicted class' : `class ${target}`} is ReLU(Σ α_c A_c) with α from central differences`, () => {
        const got = inputGradient(graph, w, x, { layer, target });
        const explained = target ?? got.predicted;
        expect(got.explained).toBe(explained);
        expect(got.gradCam?.layer).toBe(layer);
        const [channels, h, wd] = graph.layers[layer].output;
        const a = Float64Array.from(acts[layer + 1]);
        expect(a.some((v) => v === 0)).toBe(true);
        // h = 1e-2 on a linear tail: the error is float32's rounding of the logit over 2h, far below the tolerance.
        const grad = centralDifferences(a, () => tailLogit(graph, w, layer, a, explained), 1e-2);
        const map = new Float64Array(h * wd);
        for (let c = 0; c < channels; c++) {
          let alpha = 0;
          for (let i = 0; i < h * wd; i++) alpha += grad[c * h * wd + i] / (h * wd);
          for (let i = 0; i < h * wd; i++) map[i] += alpha * a[c * h * wd + i];
        }
        const expected = map.map((v) => Math.max(0, v));
        expect(expected.some((v) => v > 0)).toBe(true);
        assertClose(got.gradCam!.map, expected, { atol: 1e-4, rtol: 1e-3 }, 'Grad-CAM map');
      });

  it('defaults to the last layer with maps, and refuses a layer or class it cannot explain, naming it', () => {
    expect(inputGradient(graph, w, x).gradCam?.layer).toBe(1);
    expect(() => inputGradient(graph, w, x, { layer: 2 })).toThrow(/cannot read dense1 of tiny-cam.*conv1, avgpool1/);
    expect(() => inputGradient(graph, w, x, { target: 10 })).toThrow(/class 10 is not one of tiny-cam's \(0\.\.9\)/);
  });

  it('is absent on a network without a convolution', () => {
    const mlp = buildGraph(
      parseModelSpec({
        name: 'mlp',
        layers: [
          { kind: 'dense', units: 8, activation: 'relu' },
          { kind: 'dense', units: 10 },
        ],
      }),
    );
    expect(inputGradient(mlp, { params: initParams(mlp, 1), state: initState(mlp) }, x).gradCam).toBeNull();
  });
});
