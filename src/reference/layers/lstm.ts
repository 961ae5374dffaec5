import { lstmShape } from '../../model/kinds/lstm.ts';
import type { LstmSpec } from '../../model/layer-spec.ts';
import { lstmBackward, lstmForward, type LstmSaved } from '../lstm.ts';
import type { RefLayer } from './layer.ts';

export const lstm: RefLayer<LstmSpec> = {
  forward({ spec, layer, batch, x, params }) {
    const [w, u, b] = params;
    const r = lstmForward(x, w, u, b, lstmShape(spec, layer.input, batch));
    return { y: Float32Array.from(r.y), saved: r.saved };
  },
  backward({ spec, layer, batch, x, dy, params, saved, needDx }) {
    const r = lstmBackward(x, dy, params[0], params[1], saved as LstmSaved, lstmShape(spec, layer.input, batch));
    return { dx: needDx ? Float32Array.from(r.dx) : null, grads: [Float32Array.from(r.dw), Float32Array.from(r.du), Float32Array.from(r.db)] };
  },
};
