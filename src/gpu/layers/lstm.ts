// lstm: the input projection as one GEMM, then one fused dispatch per time step; backward through
// time one fused dispatch per step, then the weight and input gradients as GEMMs over all steps
// (src/gpu/kernels/lstm.ts). The sequence (gates, cells, previous hidden states) stays in the
// layer's `seq` buffer from the forward to the backward.
import { lstmBackward, lstmForward, lstmScratchBytes } from '../kernels/lstm.ts';
import { lstmShape } from '../../model/kinds/lstm.ts';
import type { LstmSpec } from '../../model/layer-spec.ts';
import { everySlot, type GpuLayer } from './layer.ts';

export const lstm: GpuLayer<LstmSpec> = {
  scratch: ({ spec, layer, batch, train }) => lstmScratchBytes(lstmShape(spec, layer.input, batch), train),
  async build({ ctx, spec, layer, batch, x, y, params, scratch: buffers, train }) {
    const shape = lstmShape(spec, layer.input, batch);
    const [w, u, bias] = params;
    const { seq, steps, dgates, carry } = buffers;
    const ut = buffers['recurrent-t'];
    const scratch = buffers['split-k-scratch'];
    const forward = await lstmForward(ctx, shape, { x, w, u, bias, y, seq, steps, scratch }, `${spec.name}.forward`);
    if (!train) return everySlot(forward);
    const [dw, du, db] = train.grads;
    const backward = await lstmBackward(
      ctx,
      shape,
      { x, w, u, seq, steps, dy: train.dy, dgates, carry, ut, dw, du, db, dx: train.dx, scratch },
      `${spec.name}.backward`,
    );
    return everySlot(forward, backward);
  },
};
