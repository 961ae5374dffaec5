// The seed CNN in jax-js (@jax-js/jax 0.1.25): its forward pass, loss and Adam, built from
// jax-js ops so that one jit() holds a whole training step. jax-js is NCHW with OIHW filters,
// as Inkling is, and flattens [B, 32, 13, 13] in (c, h, w) order, as Inkling's dense1 rows
// expect: Inkling's initial weights go in unchanged (jaxjs-model.node.test.ts checks the loss
// and every gradient against Inkling's reference engine). jax-js arrays are reference-counted
// and every op consumes its inputs; `.ref` keeps one for a second use.
import { lax, nn, numpy as np, type Array as JaxArray } from '@jax-js/jax';
import type { CnnWeights } from './shared-init.ts';

export const SIDE = 28;
export const CLASSES = 10;
const POOLED = 32 * 13 * 13;

export interface JaxCnnParams {
  [name: string]: JaxArray;
  conv: JaxArray;
  convB: JaxArray;
  d1: JaxArray;
  d1B: JaxArray;
  d2: JaxArray;
  d2B: JaxArray;
}

/** Inkling's weights (its own layout) as jax-js arrays on the default device; the conv bias broadcasts over [B, 32, h, w]. */
export function cnnParams(w: CnnWeights): JaxCnnParams {
  return {
    conv: np.array(w.conv, { shape: [32, 1, 3, 3] }),
    convB: np.array(w.convB, { shape: [32, 1, 1] }),
    d1: np.array(w.d1, { shape: [POOLED, 128] }),
    d1B: np.array(w.d1B, { shape: [128] }),
    d2: np.array(w.d2, { shape: [128, CLASSES] }),
    d2B: np.array(w.d2B, { shape: [CLASSES] }),
  };
}

/** An array's values on the host, once computed; consumes it. (jax-js types them with Float16Array, which this TypeScript lib lacks.) */
export async function hostValues(a: JaxArray): Promise<Float32Array | Int32Array | Uint32Array> {
  return (await (a.data() as Promise<unknown>)) as Float32Array | Int32Array | Uint32Array;
}

/** Logits [B, 10] of images x [B, 1, 28, 28]; consumes p and x. */
export function logits(p: JaxCnnParams, x: JaxArray): JaxArray {
  let h = nn.relu(lax.convGeneralDilated(x, p.conv, [1, 1], 'VALID').add(p.convB)); // [B, 32, 26, 26]
  h = lax.reduceWindow(h, np.max, [2, 2], [2, 2]).reshape([-1, POOLED]); // (c, h, w) flatten
  h = nn.relu(np.dot(h, p.d1).add(p.d1B));
  return np.dot(h, p.d2).add(p.d2B);
}

/** Softmax cross-entropy of one-hot labels y [B, 10], the batch mean; consumes p, x and y. */
export function loss(p: JaxCnnParams, x: JaxArray, y: JaxArray): JaxArray {
  const batch = y.shape[0];
  return nn
    .logSoftmax(logits(p, x))
    .mul(y)
    .sum()
    .mul(-1 / batch);
}

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** tf.train.adam's defaults as the bench runs them: lr 1e-3, β 0.9 / 0.999, ε 1e-7. */
export const ADAM: AdamHyper = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-7 };

/** 1 − β₁ᵗ and 1 − β₂ᵗ for 1-based step t: passed in as arrays so one trace serves every step. */
export function biasCorrections(t: number, h: AdamHyper = ADAM): [number, number] {
  return [1 - h.beta1 ** t, 1 - h.beta2 ** t];
}

/**
 * Adam in tf.train.adam's form: m and v updated, both bias-corrected, ε added to √v̂, then
 * p −= lr·m̂ / (√v̂ + ε). Consumes every argument; returns the new params, m and v.
 */
export function adamUpdate(
  p: JaxCnnParams,
  g: JaxCnnParams,
  m: JaxCnnParams,
  v: JaxCnnParams,
  bc1: JaxArray,
  bc2: JaxArray,
  h: AdamHyper = ADAM,
): [JaxCnnParams, JaxCnnParams, JaxCnnParams] {
  const P: Record<string, JaxArray> = {};
  const M: Record<string, JaxArray> = {};
  const V: Record<string, JaxArray> = {};
  for (const k of Object.keys(p)) {
    const gk = g[k];
    const mk = m[k].mul(h.beta1).add(gk.ref.mul(1 - h.beta1));
    const vk = v[k].mul(h.beta2).add(gk.ref.mul(gk).mul(1 - h.beta2));
    const mHat = mk.ref.div(bc1.ref);
    const vHat = vk.ref.div(bc2.ref);
    P[k] = p[k].sub(mHat.div(np.sqrt(vHat).add(h.eps)).mul(h.lr));
    M[k] = mk;
    V[k] = vk;
  }
  bc1.dispose();
  bc2.dispose();
  return [P as JaxCnnParams, M as JaxCnnParams, V as JaxCnnParams];
}
