import { describe, expect, it } from 'vitest';
import { checkLstmGrid, lstmReadsTransposedU, planLstmSteps } from './lstm-plan.ts';

const lstm = (batch: number, units: number) => ({ batch, steps: 28, features: 28, units, returnSequences: false });

describe('planLstmSteps', () => {
  it('takes the vec4 step kernels where the units come in whole vec4s, the scalar ones (and Uᵀ) otherwise', () => {
    expect(planLstmSteps(lstm(64, 128)).forward).toMatchObject({ variant: 'vec4', shader: 'lstm-vec4', entryPoint: 'forwardStep4' });
    expect(planLstmSteps(lstm(64, 128)).backward.entryPoint).toBe('backwardStep4');
    expect(planLstmSteps(lstm(64, 130)).forward).toMatchObject({ variant: 'scalar', shader: 'lstm', entryPoint: 'forwardStep' });
    expect(lstmReadsTransposedU(lstm(64, 130))).toBe(true);
    expect(lstmReadsTransposedU(lstm(64, 4))).toBe(false);
  });

  it('lays 64 invocations as wide along the units as they allow: 4 units × 2 samples (vec4) or 1 × 4 an invocation', () => {
    // 32 vec4s of units × 32 pairs of samples.
    expect(planLstmSteps(lstm(64, 128)).forward).toMatchObject({ constants: { WG_X: 32, WG_Y: 2 }, workgroups: [1, 16, 1] });
    // 130 units (x: 64 wide, 3 workgroups) × 16 quads of samples.
    expect(planLstmSteps(lstm(64, 130)).forward).toMatchObject({ constants: { WG_X: 64, WG_Y: 1 }, workgroups: [3, 16, 1] });
    expect(planLstmSteps(lstm(1, 3)).forward).toMatchObject({ constants: { WG_X: 4, WG_Y: 16 }, workgroups: [1, 1, 1] });
  });

  it('refuses a batch whose step grid would not fit, naming it', () => {
    expect(() => checkLstmGrid(lstm(4 * 65535, 130), 'rnn')).not.toThrow();
    expect(() => checkLstmGrid(lstm(4 * 65535 + 1, 130), 'rnn')).toThrow('rnn: batch 262141 needs 65536 workgroups, over 65535');
  });
});
