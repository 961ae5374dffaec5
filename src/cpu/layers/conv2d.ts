// conv2d on the CPU, by the algorithm conv-algorithm.ts picks for the shape. im2col + GEMM
// (src/cpu/assembly/conv2d.ts): the forward keeps every image's patches in the layer's scratch,
// the backward transposes them for the filter gradient, then the input gradient reuses the
// patches' scratch for its own columns. Winograd F(2×2, 3×3) (src/cpu/assembly/conv2d-winograd.ts)
// runs the forward and the input gradient (the forward of the filters turned 180° with their
// channels swapped); it keeps no patches, so the filter gradient (a GEMM on the patches either
// way) cuts them from x in the backward. Forward and input gradient split over images; the filter
// and bias gradients, sums over the batch, and the filter transforms over channels.
import { conv2dGeometry } from '../../model/geometry.ts';
import { activationCode } from '../../model/activation.ts';
import { conv2dShape } from '../../model/kinds/conv2d.ts';
import type { Conv2dSpec } from '../../model/layer-spec.ts';
import { convAlgorithm, winogradSlotFloats } from './conv-algorithm.ts';
import type { CpuLayerKind } from './layer.ts';

/** Patch slots of a reading plan, and Winograd scratch slots of any plan: the most threads a forward splits over. */
const READ_SLOTS = 16;

export const conv2d: CpuLayerKind<Conv2dSpec> = {
  build({ spec, layer, batch, training, x, y, params, grads, dy, dx, plan }) {
    const s = conv2dShape(spec, layer.input, batch);
    const g = conv2dGeometry(s, spec.name);
    const P = g.outH * g.outW;
    const ckk = s.inC * s.kernel * s.kernel;
    // A 1×1 filter at stride 1 reads the image as its patches: no columns to keep.
    const patchesAreImage = s.kernel === 1 && s.stride === 1;
    // A training plan keeps every image's patches for the backward; a reading plan (and its input
    // gradient, for saliency) needs one slot per range of images (ranges are whole grains), at
    // most READ_SLOTS.
    const slots = training ? batch : Math.min(batch, READ_SLOTS);
    const grain = training ? 0 : Math.ceil(batch / slots);
    const cols = plan.floats(`${spec.name}/cols`, patchesAreImage ? 0 : slots * ckk * P);
    // The patches transposed, which the filter gradient reads: a training plan's alone.
    const colsT = plan.floats(`${spec.name}/cols-t`, training ? batch * ckk * P : 0);
    const winograd = convAlgorithm(s) === 'winograd';
    // Winograd: the transformed filters, and per range of images its padded image, V and M, one image a GEMM.
    const wSlots = Math.min(batch, READ_SLOTS);
    const wGrain = Math.ceil(batch / wSlots);
    const u = plan.floats(`${spec.name}/winograd-u`, winograd ? 16 * s.outC * s.inC : 0);
    // The input gradient is the forward of the filters turned and swapped (dy → dx): its slots fit both.
    const wSlot = Math.max(winogradSlotFloats(s.inC, s.outC, g.outH, g.outW, 1), winogradSlotFloats(s.outC, s.inC, s.inH, s.inW, 1));
    const wScratch = plan.floats(`${spec.name}/winograd`, winograd ? wSlots * wSlot : 0);
    const geometry = [s.inC, s.inH, s.inW, s.outC, s.kernel, s.stride, g.padTop, g.padLeft, g.outH, g.outW];
    const [w, bias] = params;
    const act = activationCode(spec.activation);
    const biasAt = spec.bias ? bias.offset : 0;
    return {
      forward(run) {
        if (!winograd) {
          run.parallel('conv2d_forward', batch, [x.offset, w.offset, biasAt, y.offset, cols.offset, grain, ...geometry, act], grain || 1);
          return;
        }
        run.parallel('conv2d_winograd_filter', s.outC, [w.offset, u.offset, s.inC, s.outC]);
        run.parallel(
          'conv2d_winograd_forward',
          batch,
          [x.offset, u.offset, biasAt, y.offset, wScratch.offset, 1, wGrain, s.inC, s.inH, s.inW, s.outC, g.padTop, g.padLeft, g.outH, g.outW, act],
          wGrain,
        );
      },
      backward(run) {
        if (!dy) throw new Error(`${spec.name}: backward in a plan built without gradients`);
        // A reading plan with gradients (saliency) has no parameter gradients, only dx.
        if (grads.length > 0) {
          // The patches transposed: the forward's, or cut from x where Winograd kept none.
          const cut = [x.offset, cols.offset, colsT.offset, s.inC, s.inH, s.inW, s.kernel, s.stride, g.padTop, g.padLeft, g.outH, g.outW];
          if (winograd) run.parallel('conv2d_image_patches_t', batch, cut);
          else run.parallel('conv2d_patches_t', batch, [patchesAreImage ? x.offset : cols.offset, colsT.offset, ckk, P]);
          run.parallel('conv2d_filter_grad', s.outC, [dy.offset, colsT.offset, grads[0].offset, batch, s.outC, ckk, P]);
          if (spec.bias) run.parallel('bias_grad', s.outC, [dy.offset, grads[1].offset, batch, s.outC, P]);
        }
        if (!dx) return;
        if (winograd) {
          // u now holds the turned, swapped filters' transform (the next forward makes its own again).
          run.parallel('conv2d_winograd_filter_t', s.inC, [w.offset, u.offset, s.inC, s.outC]);
          run.parallel(
            'conv2d_winograd_forward',
            batch,
            [dy.offset, u.offset, 0, dx.offset, wScratch.offset, 1, wGrain, s.outC, g.outH, g.outW, s.inC, 2 - g.padTop, 2 - g.padLeft, s.inH, s.inW, 0],
            wGrain,
          );
          return;
        }
        // After the filter gradient: the input gradient writes its columns over the patches.
        run.parallel('conv2d_input_grad', batch, [dy.offset, w.offset, dx.offset, cols.offset, grain || 1, ...geometry], grain || 1);
      },
    };
  },
};
