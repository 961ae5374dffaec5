// argmax-one-hot: the seed of a saliency backward pass, d(predicted logit)/d(logits), written on
// the GPU so the forward, the seed and the backward go in one submit with no readback between.
import code from '../../shaders/argmax-one-hot.wgsl?raw';
import { ceilDiv, makeDispatch, type Binding, type Dispatch, type GpuContext } from '../dispatch.ts';
import { requirePositiveIntegers } from '../../model/shape.ts';

export const argmaxOneHotShader = { name: 'argmax-one-hot', code };

export interface ArgmaxOneHotShape {
  batch: number;
  classes: number;
}

export interface ArgmaxOneHotBuffers {
  /** [batch, classes] */
  logits: Binding;
  /** [batch, classes], overwritten: 1 at each row's argmax, 0 elsewhere. */
  seed: Binding;
}

const WG = 64;

export async function argmaxOneHot(ctx: GpuContext, shape: ArgmaxOneHotShape, buffers: ArgmaxOneHotBuffers, label = 'argmax-one-hot'): Promise<Dispatch[]> {
  const { batch, classes } = shape;
  requirePositiveIntegers(label, { batch, classes });
  const d = await makeDispatch(ctx, {
    label,
    shader: argmaxOneHotShader,
    constants: { BATCH: batch, CLASSES: classes },
    bindings: [buffers.logits, buffers.seed],
    workgroups: [ceilDiv(batch, WG), 1, 1],
  });
  return [d];
}
