// The pooling, batch-norm and dropout CPU layers against their reference layers on random layers
// of real networks (the cnn-bn preset; the every-kind parity spec: batch norm after a conv and
// after a dense, a strided max pool, an average and a global pool, dropout in two places), in
// training and reading plans, at batch 1 and a ragged batch, backward included.
import { describe, expect, test } from 'vitest';
import { buildGraph, type GraphLayer } from '../../model/graph.ts';
import { preset } from '../../model/presets.ts';
import { assertClose, type Tolerance } from '../../testing/close.ts';
import { cpuLayerAnswers, refLayerAnswers, type LayerCase } from '../../testing/cpu-layer.ts';
import { EVERY_KIND } from '../../testing/specs.ts';
import { batchnorm } from './batchnorm.ts';
import { dropout } from './dropout.ts';
import type { CpuLayerKind } from './layer.ts';
import { avgpool, globalavgpool, maxpool } from './pool.ts';

const TOL: Tolerance = { atol: 1e-5, rtol: 1e-5 };
// dγ, dβ: sums over batch·H·W terms.
const SUM_TOL: Tolerance = { atol: 1e-3, rtol: 1e-5 };

const KINDS: Record<string, CpuLayerKind<never>> = { maxpool, avgpool, globalavgpool, batchnorm, dropout };

const layers: GraphLayer[] = [buildGraph(preset('cnn-bn')), buildGraph(EVERY_KIND)].flatMap((g) => g.layers.filter((l) => l.spec.kind in KINDS));

const cases: (LayerCase & { name: string })[] = layers.flatMap((layer) =>
  [1, 5].flatMap((batch) =>
    [true, false].map((training) => ({
      name: `${layer.spec.name} (${layer.spec.kind}, [${layer.input.join(', ')}]), batch ${batch}, ${training ? 'training' : 'reading with gradients'}`,
      layer,
      batch,
      training,
      backward: true,
      step: { t: 3, seed: 7 },
    })),
  ),
);

// The float64 reference over up to 1.6 M elements takes seconds on a busy machine.
const SLOW_MS = 60_000;

describe('pool, batchnorm and dropout layers vs the reference layers', { timeout: SLOW_MS }, () => {
  test('the specs hold every kind of this file', () => {
    expect(new Set(layers.map((l) => l.spec.kind))).toEqual(new Set(Object.keys(KINDS)));
  });

  test.each(cases)('$name', async (c) => {
    // Two forwards in training: the running statistics are updated twice, in place.
    const runs = c.training ? 2 : 1;
    const got = await cpuLayerAnswers(KINDS[c.layer.spec.kind], c, runs);
    const want = refLayerAnswers(c, runs);
    assertClose(got.y, want.y, TOL, 'y');
    assertClose(got.dx!, want.dx!, TOL, 'dx');
    got.state.forEach((s, i) => assertClose(s, want.state[i], TOL, `state ${i}`));
    expect(got.grads.length).toBe(want.grads.length);
    got.grads.forEach((g, i) => assertClose(g, want.grads[i], SUM_TOL, `grad ${i}`));
  });

  test('a first layer (no dx) still writes its gradients', async () => {
    const layer = layers.find((l) => l.spec.kind === 'batchnorm')!;
    const c: LayerCase = { layer, batch: 3, training: true, backward: true, needDx: false };
    const got = await cpuLayerAnswers(batchnorm, c);
    const want = refLayerAnswers(c);
    expect(got.dx).toBeNull();
    got.grads.forEach((g, i) => assertClose(g, want.grads[i], SUM_TOL, `grad ${i}`));
  });

  test('a reading plan without gradients runs forward alone', async () => {
    for (const layer of layers) {
      const c: LayerCase = { layer, batch: 2, training: false, backward: false };
      assertClose((await cpuLayerAnswers(KINDS[layer.spec.kind], c)).y, refLayerAnswers(c).y, TOL, layer.spec.name);
    }
  });

  test('a region of the wrong size is refused at build, naming the layer and the region', () => {
    const layer = layers.find((l) => l.spec.kind === 'maxpool')!;
    const region = { label: 'short', offset: 65536, floats: 3 };
    const args = { spec: layer.spec as never, layer, batch: 1, training: false, x: region, y: region, params: [], grads: [], state: [], dy: null, dx: null };
    expect(() => maxpool.build({ ...args, plan: null as never })).toThrow(new RegExp(`${layer.spec.name}: x region short holds 3 floats, expected \\d+`));
  });
});
