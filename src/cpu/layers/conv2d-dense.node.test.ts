// The conv2d and dense CPU layers against their reference layers (src/reference/layers), on the
// layers of real networks (the seed CNN, cnn-deep, the every-kind parity spec: valid and same,
// stride 2, 1×1, with and without bias, every activation), at batch 1 and a ragged batch, in a
// training plan (forward, dx and the parameter gradients) and a reading plan with gradients
// (dx only), and as a first layer (no dx); one at a batch that runs by Winograd.
import { describe, expect, test } from 'vitest';
import { buildGraph, type GraphLayer } from '../../model/graph.ts';
import type { LayerSpec } from '../../model/layer-spec.ts';
import { preset } from '../../model/presets.ts';
import { size } from '../../model/shape.ts';
import { refLayer } from '../../reference/layers/index.ts';
import { assertClose, type Tolerance } from '../../testing/close.ts';
import { randomF32 } from '../../testing/random.ts';
import { EVERY_KIND } from '../../testing/specs.ts';
import { ArenaPlan, f32, type Region } from '../arena.ts';
import { singleThreadRun } from '../run.ts';
import { instantiate, kernelModule, newMemory } from '../wasm/module.ts';
import { conv2d } from './conv2d.ts';
import { WINOGRAD_MIN_BATCH, WINOGRAD_MIN_CHANNELS } from './conv-algorithm.ts';
import { dense } from './dense.ts';
import type { CpuLayerKind } from './layer.ts';

// f32 sums against float64: dense's dW sums over the batch, its forward over up to 5,408 inputs;
// a conv's dw over batch·H·W (up to 3·26·26) terms.
const TOL: Tolerance = { atol: 1e-4, rtol: 1e-4 };
const SUM_TOL: Tolerance = { atol: 5e-4, rtol: 1e-4 };

const KINDS: Record<string, CpuLayerKind<never>> = { conv2d, dense };
// The float64 reference layers take seconds at cnn-deep's conv on a busy machine.
const REFERENCE_TIMEOUT_MS = 60_000;

const layers: GraphLayer[] = [buildGraph(preset('cnn')), buildGraph(preset('cnn-deep')), buildGraph(EVERY_KIND)].flatMap((g) =>
  g.layers.filter((l) => l.spec.kind in KINDS),
);

interface Case {
  name: string;
  layer: GraphLayer;
  batch: number;
  /** A training plan (parameter gradients) or a reading plan with gradients (dx only). */
  training: boolean;
}

const cases: Case[] = layers.flatMap((layer) =>
  [1, 3].flatMap((batch) =>
    [true, false].map((training) => ({
      name: `${layer.spec.name} (${layer.spec.kind}, [${layer.input.join(', ')}] → [${layer.output.join(', ')}]), batch ${batch}, ${training ? 'training' : 'reading with gradients'}`,
      layer,
      batch,
      training,
    })),
  ),
);

// A reading plan past its 16 patch slots: images share them in grains of 2.
const later = layers.find((l) => l.spec.kind === 'conv2d' && l.spec.stride === 2)!;
cases.push({ name: `${later.spec.name} (conv2d), batch 20, reading with gradients`, layer: later, batch: 20, training: false });

// A batch the rule of conv-algorithm.ts sends to Winograd (3×3, stride 1, 32 → 64 channels): the
// forward and dx by Winograd, dw by the GEMM on patches cut from x in the backward; and a reading
// plan's (an evaluation's) forward and dx (a saliency's).
const wide = buildGraph(preset('cnn-deep')).layers.find((l) => l.spec.kind === 'conv2d' && l.input[0] >= WINOGRAD_MIN_CHANNELS)!;
cases.push({
  name: `${wide.spec.name} (conv2d, Winograd), batch ${WINOGRAD_MIN_BATCH}, training`,
  layer: wide,
  batch: WINOGRAD_MIN_BATCH,
  training: true,
});
cases.push({
  name: `${wide.spec.name} (conv2d, Winograd), batch ${WINOGRAD_MIN_BATCH}, reading with gradients`,
  layer: wide,
  batch: WINOGRAD_MIN_BATCH,
  training: false,
});

function inputs(c: Case) {
  const { layer, batch } = c;
  return {
    x: randomF32(batch * size(layer.input), 1),
    params: layer.params.map((p, i) => randomF32(p.length, 10 + i, -0.5, 0.5)),
    dy: randomF32(batch * size(layer.output), 30),
  };
}

/** The CPU layer's y, dx (null for a first layer) and gradients, on its own memory, outputs NaN-filled first. */
async function cpuAnswers(c: Case) {
  const { layer, batch, training } = c;
  const d = inputs(c);
  const plan = new ArenaPlan();
  const name = layer.spec.name;
  const x = plan.floats(`${name}.x`, d.x.length);
  const y = plan.floats(`${name}.y`, d.dy.length);
  const params = layer.params.map((p) => plan.floats(p.fullName, p.length));
  const grads = training ? layer.params.map((p) => plan.floats(`${p.fullName}.grad`, p.length)) : [];
  const dy = plan.floats(`${name}.dy`, d.dy.length);
  const dx = layer.index > 0 ? plan.floats(`${name}.dx`, d.x.length) : null;
  const built = KINDS[layer.spec.kind].build({ spec: layer.spec as never, layer, batch, training, x, y, params, grads, state: [], dy, dx, plan });
  const memory = newMemory(plan.bytes, false);
  const run = singleThreadRun(await instantiate(await kernelModule(false), memory), memory);
  const write = (r: Region, v: Float32Array) => f32(memory, r).set(v);
  write(x, d.x);
  d.params.forEach((p, i) => write(params[i], p));
  write(dy, d.dy);
  for (const r of [y, dx, ...grads]) if (r) f32(memory, r).fill(NaN);
  const step = { t: 1, seed: 0 };
  built.forward(run, step);
  built.backward(run, step);
  const read = (r: Region) => f32(memory, r).slice();
  return { y: read(y), dx: dx ? read(dx) : null, grads: grads.map(read), dyAfter: read(dy) };
}

function refAnswers(c: Case) {
  const d = inputs(c);
  const ref = refLayer<LayerSpec>(c.layer.spec);
  const args = { spec: c.layer.spec, layer: c.layer, batch: c.batch, mode: 'train' as const, params: d.params, state: [], t: 1, seed: 0, x: d.x };
  const f = ref.forward(args);
  const b = ref.backward({ ...args, y: f.y, saved: f.saved, dy: d.dy, needDx: c.layer.index > 0 });
  return { y: f.y, dx: b.dx, grads: b.grads, dy: d.dy };
}

describe('conv2d and dense layers vs the reference layers', () => {
  test('the specs hold both kinds, with and without bias, as a first layer and after one', () => {
    expect(new Set(layers.map((l) => `${l.spec.kind} ${(l.spec as { bias: boolean }).bias} ${l.index > 0}`)).size).toBeGreaterThanOrEqual(5);
  });

  test.each(cases)(
    '$name',
    async (c) => {
      const got = await cpuAnswers(c);
      const want = refAnswers(c);
      assertClose(got.y, want.y, TOL, 'y');
      expect(got.dx === null).toBe(want.dx === null);
      if (want.dx) assertClose(got.dx!, want.dx, TOL, 'dx');
      // The backward leaves dy as it was.
      expect(got.dyAfter).toEqual(want.dy);
      if (!c.training) return;
      expect(got.grads.length).toBe(want.grads.length);
      got.grads.forEach((g, i) => assertClose(g, want.grads[i], SUM_TOL, `grad ${i}`));
    },
    REFERENCE_TIMEOUT_MS,
  );
});
