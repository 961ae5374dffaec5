// The reference engine: a model's forward and backward pass composed from the CPU reference
// kernels, on the same packed parameter layout as the GPU plan. The oracle for parity tests.
import type { ModelGraph, GraphLayer } from '../gpu/graph.ts';
import { type Conv2dShape } from '../model/geometry.ts';
import { type PoolShape } from '../model/geometry.ts';
import { size } from '../gpu/models.ts';
import { biasGrad } from './bias-grad.ts';
import { conv2d, conv2dGradFilter, conv2dGradInput } from './conv2d.ts';
import { matmul } from './matmul.ts';
import { maxPool, maxPoolBackward } from './maxpool.ts';
import { reluBackward } from './relu-backward.ts';
import { softmaxCrossEntropy } from './softmax-xent.ts';

function convShape(l: GraphLayer, batch: number): Conv2dShape {
  if (l.spec.kind !== 'conv2d') throw new Error('not a conv layer');
  const [inC, inH, inW] = l.input;
  return { batch, inC, inH, inW, outC: l.spec.filters, kernel: l.spec.kernel, stride: l.spec.stride, padding: l.spec.padding, relu: l.spec.relu };
}

function poolShape(l: GraphLayer, batch: number): PoolShape {
  if (l.spec.kind !== 'maxpool') throw new Error('not a pool layer');
  const [channels, inH, inW] = l.input;
  return { batch, channels, inH, inW, size: l.spec.size, stride: l.spec.stride };
}

function slice(params: Float32Array, l: GraphLayer, i: number): Float32Array {
  const p = l.params[i];
  return params.subarray(p.offset, p.offset + p.length);
}

export interface ForwardTrace {
  acts: Float32Array[];
  argmax: (Uint32Array | null)[];
}

export function forward(graph: ModelGraph, params: Float32Array, x: Float32Array, batch: number): ForwardTrace {
  const acts = [x];
  const argmax: (Uint32Array | null)[] = [];
  for (const l of graph.layers) {
    const input = acts[acts.length - 1];
    let out: Float32Array;
    let am: Uint32Array | null = null;
    switch (l.spec.kind) {
      case 'conv2d':
        out = conv2d(input, slice(params, l, 0), slice(params, l, 1), convShape(l, batch)) as Float32Array;
        break;
      case 'maxpool': {
        const r = maxPool(input, poolShape(l, batch));
        out = r.out;
        am = r.argmax;
        break;
      }
      case 'dense':
        out = matmul(input, slice(params, l, 0), { M: batch, N: l.spec.units, K: size(l.input), relu: l.spec.relu }, slice(params, l, 1));
        break;
    }
    acts.push(out);
    argmax.push(am);
  }
  return { acts, argmax };
}

/** Loss, correct count and the packed parameter gradient for one batch. */
export function lossAndGradient(
  graph: ModelGraph,
  params: Float32Array,
  x: Float32Array,
  labels: Uint32Array,
  batch: number,
): { loss: number; correct: number; grads: Float32Array } {
  const { acts, argmax } = forward(graph, params, x, batch);
  const logits = acts[acts.length - 1];
  const { loss, correct, dlogits } = softmaxCrossEntropy(logits, labels, { batch, classes: graph.spec.classes });
  const grads = new Float32Array(graph.paramFloats);
  let dy: Float32Array = dlogits;
  for (let i = graph.layers.length - 1; i >= 0; i--) {
    const l = graph.layers[i];
    if (l.relu) dy = reluBackward(dy, acts[i + 1]);
    const xIn = acts[i];
    let dx: Float32Array | null = null;
    switch (l.spec.kind) {
      case 'conv2d': {
        const s = convShape(l, batch);
        const { dw, db } = conv2dGradFilter(dy, xIn, s);
        grads.set(dw, l.params[0].offset);
        grads.set(db, l.params[1].offset);
        if (i > 0) dx = conv2dGradInput(dy, slice(params, l, 0), s);
        break;
      }
      case 'maxpool':
        if (i > 0) dx = maxPoolBackward(dy, argmax[i]!, poolShape(l, batch));
        break;
      case 'dense': {
        const inF = size(l.input);
        const units = l.spec.units;
        grads.set(matmul(xIn, dy, { M: inF, N: units, K: batch, transA: true }), l.params[0].offset);
        grads.set(biasGrad(dy, { outer: batch, channels: units, inner: 1 }), l.params[1].offset);
        if (i > 0) dx = matmul(dy, slice(params, l, 0), { M: batch, N: inF, K: units, transB: true });
        break;
      }
    }
    if (dx) dy = dx;
  }
  return { loss, correct, grads };
}
