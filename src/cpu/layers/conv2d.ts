// conv2d on the CPU: the im2col kernels of src/cpu/assembly/conv2d.ts. The forward keeps every
// image's patches in the layer's scratch; the backward transposes them for the filter gradient,
// then the input gradient reuses the patches' scratch for its own columns. Forward and input gradient split over images; the filter and bias
// gradients, sums over the batch, over output channels.
import { conv2dGeometry } from '../../model/geometry.ts';
import { activationCode } from '../../model/activation.ts';
import { conv2dShape } from '../../model/kinds/conv2d.ts';
import type { Conv2dSpec } from '../../model/layer-spec.ts';
import type { CpuLayerKind } from './layer.ts';

export const conv2d: CpuLayerKind<Conv2dSpec> = {
  build({ spec, layer, batch, training, x, y, params, grads, dy, dx, plan }) {
    const s = conv2dShape(spec, layer.input, batch);
    const g = conv2dGeometry(s, spec.name);
    const P = g.outH * g.outW;
    const ckk = s.inC * s.kernel * s.kernel;
    // A 1×1 filter at stride 1 reads the image as its patches: no columns to keep.
    const patchesAreImage = s.kernel === 1 && s.stride === 1;
    const cols = plan.floats(`${spec.name}/cols`, patchesAreImage ? 0 : batch * ckk * P);
    // The patches transposed, which the filter gradient reads: a training plan's alone.
    const colsT = plan.floats(`${spec.name}/cols-t`, training ? batch * ckk * P : 0);
    const geometry = [s.inC, s.inH, s.inW, s.outC, s.kernel, s.stride, g.padTop, g.padLeft, g.outH, g.outW];
    const [w, bias] = params;
    const act = activationCode(spec.activation);
    return {
      forward(run) {
        run.parallel('conv2d_forward', batch, [x.offset, w.offset, spec.bias ? bias.offset : 0, y.offset, cols.offset, ...geometry, act]);
      },
      backward(run) {
        if (!dy) throw new Error(`${spec.name}: backward in a plan built without gradients`);
        // A reading plan with gradients (saliency) has no parameter gradients, only dx.
        if (grads.length > 0) {
          const patches = patchesAreImage ? x.offset : cols.offset;
          run.parallel('conv2d_patches_t', batch, [patches, colsT.offset, ckk, P]);
          run.parallel('conv2d_filter_grad', s.outC, [dy.offset, colsT.offset, grads[0].offset, batch, s.outC, ckk, P]);
          if (spec.bias) run.parallel('bias_grad', s.outC, [dy.offset, grads[1].offset, batch, s.outC, P]);
        }
        // After the filter gradient: the input gradient writes its columns over the patches.
        if (dx) run.parallel('conv2d_input_grad', batch, [dy.offset, w.offset, dx.offset, cols.offset, ...geometry]);
      },
    };
  },
};
