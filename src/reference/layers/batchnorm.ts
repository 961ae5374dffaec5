import { batchNormShape } from '../../model/kinds/batchnorm.ts';
import type { BatchNormSpec } from '../../model/layer-spec.ts';
import { batchNormBackward, batchNormEval, batchNormEvalBackward, batchNormRunningUpdate, batchNormTrain } from '../batchnorm.ts';
import type { RefForwardArgs, RefLayer } from './layer.ts';

const shapeOf = ({ spec, layer, batch }: RefForwardArgs<BatchNormSpec>) => batchNormShape(spec, layer.input, batch);

export const batchnorm: RefLayer<BatchNormSpec> = {
  forward(a) {
    const s = shapeOf(a);
    const [gamma, beta] = a.params;
    const [runningMean, runningVar] = a.state;
    if (a.mode === 'eval') return { y: batchNormEval(a.x, gamma, beta, runningMean, runningVar, s) as Float32Array };
    const r = batchNormTrain(a.x, gamma, beta, s);
    const running = batchNormRunningUpdate(runningMean, runningVar, r.mean, r.variance, s);
    runningMean.set(running.runningMean);
    runningVar.set(running.runningVar);
    return { y: r.y as Float32Array, saved: r.saved };
  },
  backward(a) {
    // Reading with gradients (saliency): only dx, through the running statistics.
    if (a.mode === 'eval') {
      const dx = a.needDx ? (batchNormEvalBackward(a.dy, a.params[0], a.state[1], shapeOf(a)) as Float32Array) : null;
      return { dx, grads: a.params.map((p) => new Float32Array(p.length)) };
    }
    const r = batchNormBackward(a.x, a.dy, a.params[0], a.saved as Float32Array, shapeOf(a));
    return { dx: a.needDx ? (r.dx as Float32Array) : null, grads: [r.dgamma as Float32Array, r.dbeta as Float32Array] };
  },
};
