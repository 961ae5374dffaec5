// dropout: in a training plan each unit is kept or dropped by the hash of (step, seed, the layer's
// place, sample, unit), the same bits src/model/dropout-mask.ts and the GPU draw, and no mask is
// stored: the backward draws it again. A reading plan passes values (and gradients) through.
import { checkDropoutShape, dropoutKey, dropoutScale, dropoutThreshold } from '../../model/dropout-mask.ts';
import { dropoutShape } from '../../model/kinds/dropout.ts';
import type { DropoutSpec } from '../../model/layer-spec.ts';
import type { Region } from '../arena.ts';
import type { Run } from '../run.ts';
import type { CpuLayerKind, StepDraw } from './layer.ts';
import { requireFloats } from './regions.ts';

export const dropout: CpuLayerKind<DropoutSpec> = {
  build(a) {
    const s = dropoutShape(a.spec, a.layer.input, a.batch, a.layer.index);
    checkDropoutShape(s, a.spec.name);
    const n = s.batch * s.units;
    for (const [what, r] of Object.entries({ x: a.x, y: a.y, dy: a.dy, dx: a.dx })) if (r) requireFloats(a.spec.name, what, r, n);
    const threshold = a.training ? dropoutThreshold(s.rate) : 0;
    const scale = a.training ? dropoutScale(s.rate) : 1;
    // Threshold 0 keeps every unit without drawing: times 1, a copy.
    const apply = (run: Run, step: StepDraw, from: Region, to: Region) => {
      const key = threshold === 0 ? 0 : dropoutKey(step.t >>> 0, step.seed >>> 0, s.salt);
      run.parallel('dropout_apply', n, [from.offset, to.offset, s.units, key, threshold, scale]);
    };
    const { x, y, dy, dx } = a;
    return {
      forward: (run, step) => apply(run, step, x, y),
      backward(run, step) {
        if (dx && dy) apply(run, step, dy, dx);
      },
    };
  },
};
