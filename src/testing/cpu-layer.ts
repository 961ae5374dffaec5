// Runs one CPU layer build on its own memory, as the network would wire it, beside the same
// layer's reference (src/reference/layers): the same random x, parameters, running statistics and
// dy go to both, and both answers come back for the test to compare. Real wasm, no mock.
import { ArenaPlan, f32, type Region } from '../cpu/arena.ts';
import type { CpuLayerKind } from '../cpu/layers/layer.ts';
import { singleThreadRun, type Run } from '../cpu/run.ts';
import type { KernelExports, KernelName } from '../cpu/wasm/kernel-exports.ts';
import { instantiate, kernelModule, newMemory } from '../cpu/wasm/module.ts';
import type { GraphLayer } from '../model/graph.ts';
import type { LayerSpec } from '../model/layer-spec.ts';
import { layerKind } from '../model/registry.ts';
import { size, type Shape } from '../model/shape.ts';
import { refLayer } from '../reference/layers/index.ts';
import { unevenRanges } from './cpu-split.ts';
import { randomF32 } from './random.ts';

export interface LayerAnswers {
  y: Float32Array;
  /** null where no dx was asked for. */
  dx: Float32Array | null;
  grads: Float32Array[];
  /** The running statistics after the forward. */
  state: Float32Array[];
}

export interface LayerCase {
  layer: GraphLayer;
  batch: number;
  training: boolean;
  /** Whether the layer gets dy and writes dx (a reading plan with gradients: saliency). */
  backward: boolean;
  /** Whether dx is wanted (false: a first layer). */
  needDx?: boolean;
  step?: { t: number; seed: number };
  seed?: number;
  /** Overrides of the random parameters, in the kind's order. */
  params?: Float32Array[];
  /** Overrides of the random input. */
  x?: Float32Array;
  /** Every kernel call split into three uneven ranges (the threading contract's check). */
  split?: boolean;
}

/** A layer of any input shape (a sequence's [steps, features] too), outside a whole network. */
export function graphLayerOf<S extends LayerSpec>(spec: S, input: Shape, index = 0): GraphLayer {
  const kind = layerKind(spec);
  const output = kind.outputShape(spec, input);
  const entries = (decls: ReturnType<typeof kind.params>) => decls.map((d) => ({ ...d, fullName: `${spec.name}.${d.name}`, offset: 0, length: size(d.shape) }));
  return {
    index,
    spec,
    input,
    output,
    params: entries(kind.params(spec, input)),
    state: entries(kind.state(spec, input)),
    activation: kind.activation(spec),
    flops: kind.flops(spec, input, output),
  };
}

/** A run that calls each kernel over three uneven ranges of [0, total), one after another. */
function splitRun(k: KernelExports, memory: WebAssembly.Memory): Run {
  const fns = k as unknown as Record<KernelName, (...a: number[]) => void>;
  return {
    k,
    memory,
    threads: 3,
    parallel(name, total, args) {
      for (const [begin, end] of unevenRanges(total)) if (end > begin) fns[name](...args, begin, end);
    },
  };
}

/** The random inputs a case draws: parameters around their kind's scale, positive variances. */
export function layerInputs(c: LayerCase) {
  const seed = c.seed ?? 1;
  const { layer, batch } = c;
  return {
    x: c.x ?? randomF32(batch * size(layer.input), seed),
    params: c.params ?? layer.params.map((p, i) => randomF32(p.length, seed + 10 + i, p.init === 'ones' ? 0.5 : -0.5, p.init === 'ones' ? 1.5 : 0.5)),
    state: layer.state.map((s, i) => randomF32(s.length, seed + 20 + i, s.minimum === 0 ? 0.5 : -1, s.minimum === 0 ? 2 : 1)),
    dy: randomF32(batch * size(layer.output), seed + 30),
  };
}

/** The CPU layer's answers; `runs` forwards (each updating running statistics) before one backward. */
export async function cpuLayerAnswers<S extends LayerSpec>(kind: CpuLayerKind<S>, c: LayerCase, runs = 1): Promise<LayerAnswers> {
  const data = layerInputs(c);
  const { layer, batch } = c;
  const plan = new ArenaPlan();
  const name = layer.spec.name;
  const nIn = batch * size(layer.input);
  const nOut = batch * size(layer.output);
  const x = plan.floats(`${name}.x`, nIn);
  const y = plan.floats(`${name}.y`, nOut);
  const params = layer.params.map((p) => plan.floats(p.fullName, p.length));
  const grads = c.training && c.backward ? layer.params.map((p) => plan.floats(`${p.fullName}.grad`, p.length)) : [];
  const state = layer.state.map((s) => plan.floats(s.fullName, s.length));
  const dy = c.backward ? plan.floats(`${name}.dy`, nOut) : null;
  const dx = c.backward && c.needDx !== false ? plan.floats(`${name}.dx`, nIn) : null;
  const built = kind.build({ spec: layer.spec as S, layer, batch, training: c.training, x, y, params, grads, state, dy, dx, plan });
  const memory = newMemory(plan.bytes, false);
  const k = await instantiate(await kernelModule(false), memory);
  const write = (r: Region, v: Float32Array) => f32(memory, r).set(v);
  write(x, data.x);
  data.params.forEach((p, i) => write(params[i], p));
  data.state.forEach((s, i) => write(state[i], s));
  // NaN everywhere an answer goes: a kernel must write every element, not add to it or skip it.
  for (const r of [y, dx, ...grads]) if (r) f32(memory, r).fill(NaN);
  if (dy) write(dy, data.dy);
  const run = c.split ? splitRun(k, memory) : singleThreadRun(k, memory);
  const step = c.step ?? { t: 1, seed: 0 };
  for (let i = 0; i < runs; i++) built.forward(run, step);
  if (c.backward) built.backward(run, step);
  const read = (r: Region) => f32(memory, r).slice();
  return { y: read(y), dx: dx ? read(dx) : null, grads: grads.map(read), state: state.map(read) };
}

/** The reference layer's answers to the same case. */
export function refLayerAnswers(c: LayerCase, runs = 1): LayerAnswers {
  const data = layerInputs(c);
  const ref = refLayer(c.layer.spec);
  const step = c.step ?? { t: 1, seed: 0 };
  const args = {
    spec: c.layer.spec,
    layer: c.layer,
    batch: c.batch,
    mode: c.training ? ('train' as const) : ('eval' as const),
    params: data.params,
    state: data.state,
    ...step,
  };
  let f = ref.forward({ ...args, x: data.x });
  for (let i = 1; i < runs; i++) f = ref.forward({ ...args, x: data.x });
  if (!c.backward) return { y: f.y, dx: null, grads: [], state: data.state };
  const needDx = c.needDx !== false;
  const b = ref.backward({ ...args, x: data.x, y: f.y, saved: f.saved, dy: data.dy, needDx });
  return { y: f.y, dx: b.dx, grads: c.training ? b.grads : [], state: data.state };
}
