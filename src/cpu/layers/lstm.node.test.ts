// The CPU lstm layer (its cell kernels on gemm) against src/reference/lstm.ts at the cases both
// engines' kernels are tested on (src/testing/kernel-cases/lstm.ts), its gradients against finite
// differences of the float64 reference on a tiny case, and the same bits when every kernel call
// is split into three uneven ranges.
import { describe, expect, test } from 'vitest';
import { buildGraph } from '../../model/graph.ts';
import type { LstmSpec } from '../../model/layer-spec.ts';
import type { LstmShape } from '../../model/op-shapes.ts';
import { preset } from '../../model/presets.ts';
import { lstmForward } from '../../reference/lstm.ts';
import { assertClose } from '../../testing/close.ts';
import { cpuLayerAnswers, graphLayerOf, layerInputs, refLayerAnswers, type LayerCase } from '../../testing/cpu-layer.ts';
import { sameBits } from '../../testing/cpu-split.ts';
import { centralDifferences, linearLoss } from '../../testing/finite-differences.ts';
import { LSTM_STACK } from '../../testing/specs.ts';
import { GRAD_TOL, LSTM_CASES as shapes, TOL } from '../../testing/kernel-cases/lstm.ts';
import { lstm } from './lstm.ts';

function caseOf(s: LstmShape, training = true): LayerCase {
  const spec: LstmSpec = { kind: 'lstm', name: 'lstm1', units: s.units, returnSequences: s.returnSequences };
  return { layer: graphLayerOf(spec, [s.steps, s.features]), batch: s.batch, training, backward: true, seed: s.units + s.steps };
}

// The float64 reference over up to 1.6 M elements takes seconds on a busy machine.
const SLOW_MS = 60_000;

describe('lstm layer vs the reference', { timeout: SLOW_MS }, () => {
  test.each(shapes)('$name', async (s) => {
    const c = caseOf(s);
    const got = await cpuLayerAnswers(lstm, c);
    const want = refLayerAnswers(c);
    assertClose(got.y, want.y, TOL, 'y');
    assertClose(got.dx!, want.dx!, GRAD_TOL, 'dx');
    ['dW', 'dU', 'db'].forEach((what, i) => assertClose(got.grads[i], want.grads[i], GRAD_TOL, what));
    // Every kernel over three uneven ranges: the same bits.
    const split = await cpuLayerAnswers(lstm, { ...c, split: true });
    for (const [a, b] of [[got.y, split.y], [got.dx!, split.dx!], ...got.grads.map((g, i) => [g, split.grads[i]])]) expect(sameBits(a, b)).toBe(true);
  });

  test.each([
    ['cnn rows (rnn preset)', buildGraph(preset('rnn')).layers[0]],
    ['a stack’s first layer, every step', buildGraph(LSTM_STACK).layers[0]],
    ['a stack’s second layer, fed a sequence', buildGraph(LSTM_STACK).layers[1]],
  ] as const)('%s: training, reading with gradients, reading, first layer', async (_, layer) => {
    for (const c of [
      { layer, batch: 3, training: true, backward: true },
      { layer, batch: 2, training: false, backward: true },
      { layer, batch: 1, training: false, backward: false },
      { layer, batch: 2, training: true, backward: true, needDx: false },
    ] satisfies LayerCase[]) {
      const got = await cpuLayerAnswers(lstm, c);
      const want = refLayerAnswers(c);
      assertClose(got.y, want.y, TOL, 'y');
      if (want.dx) assertClose(got.dx!, want.dx, GRAD_TOL, 'dx');
      else expect(got.dx).toBeNull();
      expect(got.grads.length).toBe(want.grads.length);
      got.grads.forEach((g, i) => assertClose(g, want.grads[i], GRAD_TOL, `grad ${i}`));
    }
  });

  test.each([false, true])('gradients against finite differences of the float64 reference (returnSequences %s)', async (returnSequences) => {
    const s: LstmShape = { batch: 2, steps: 3, features: 2, units: 3, returnSequences };
    const c = caseOf(s);
    const got = await cpuLayerAnswers(lstm, c);
    const data = layerInputs(c);
    const [w, u, b] = data.params.map((p) => Float64Array.from(p));
    const x = Float64Array.from(data.x);
    const loss = () => linearLoss(lstmForward(x, w, u, b, s).y, data.dy);
    // Central differences of a smooth float64 function with h = 1e-5: error ~h² far below f32's.
    const FD_TOL = { atol: 2e-5, rtol: 1e-4 };
    assertClose(got.grads[0], centralDifferences(w, loss, 1e-5), FD_TOL, 'dW');
    assertClose(got.grads[1], centralDifferences(u, loss, 1e-5), FD_TOL, 'dU');
    assertClose(got.grads[2], centralDifferences(b, loss, 1e-5), FD_TOL, 'db');
    assertClose(got.dx!, centralDifferences(x, loss, 1e-5), FD_TOL, 'dx');
  });
});
