// The LSTM kernels' cases, shared by both engines' tests (src/gpu/kernels/lstm.gpu.test.ts,
// src/cpu/layers/lstm.node.test.ts): one step, one sample, one unit, units that are and are not
// multiples of 4, returnSequences both ways. Each engine's test adds the shapes that reach its own paths.
import type { LstmShape } from '../../model/op-shapes.ts';
import type { Tolerance } from '../close.ts';

// f32 against float64 in the reference. The forward carries its rounding through the steps:
// gates, cells and y came within 2.5e-6 on the GPU (the 128-unit case, whose sums are longest).
// The gradients are sums over batch·steps rows of terms carried back through time, up to 6.5 in
// size: within 6.5e-6. Both tolerances leave a margin of 4 to 8.
export const TOL: Tolerance = { atol: 1e-5, rtol: 1e-4 };
export const GRAD_TOL: Tolerance = { atol: 5e-5, rtol: 5e-4 };

export type LstmCase = LstmShape & { name: string };

// On the GPU, scalar step kernels (units not a multiple of 4) run one invocation per (unit, four
// samples), 64 to a workgroup: 16×4 for 13 units, 64×1 above 32; batches of 5, 7, 1, 3 and 9 leave
// 1 to 3 samples in their last four. Its vec4 step kernels (32, 128 and 4 units) run one
// invocation per (four units, two samples): batches of 7, 5 and 3 leave one sample in their last pair.
export const LSTM_CASES: LstmCase[] = [
  { name: 'MNIST rows: 28 steps of 28, batch 5, 13 units', batch: 5, steps: 28, features: 28, units: 13, returnSequences: false },
  { name: 'MNIST rows, every step: batch 7, 32 units', batch: 7, steps: 28, features: 28, units: 32, returnSequences: true },
  { name: 'one step, one sample, 7 units', batch: 1, steps: 1, features: 4, units: 7, returnSequences: false },
  { name: '3 steps, batch 3, 70 units (over a GPU workgroup), every step', batch: 3, steps: 3, features: 5, units: 70, returnSequences: true },
  { name: 'the preset’s 128 units, batch 66, 4 steps of 28', batch: 66, steps: 4, features: 28, units: 128, returnSequences: false },
  { name: '2 steps, batch 9, 1 unit', batch: 9, steps: 2, features: 3, units: 1, returnSequences: true },
  { name: 'vec4: 4 units, batch 5, 6 steps of 3', batch: 5, steps: 6, features: 3, units: 4, returnSequences: false },
];
