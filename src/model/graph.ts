// A model spec resolved into shapes and packed tensor layouts. Every trainable tensor lives in
// one buffer at a 256-byte-aligned offset, so the optimizer is one dispatch over all weights, a
// snapshot is one copy, and each tensor binds as a window of the buffer. Non-trainable state
// (running statistics) is packed the same way in a second buffer.
import { rng } from '../base/random.ts';
import type { Activation } from './activation.ts';
import { LayerError } from './fields.ts';
import type { LayerFlops, TensorDecl } from './layer-kind.ts';
import type { LayerSpec } from './layer-spec.ts';
import { layerKind } from './registry.ts';
import { size, type Shape } from './shape.ts';
import { SpecError, type ModelSpec } from './spec.ts';

/** minStorageBufferOffsetAlignment is 256 bytes by default: 64 floats. */
const ALIGN_FLOATS = 64;
/** The most trainable values a model may have: 64 MiB of float32 (×4 with grads and Adam). */
export const MAX_PARAMS = 16 * 1024 * 1024;

export interface TensorEntry extends TensorDecl {
  /** "<layer>.<name>", e.g. "conv1.weight". */
  fullName: string;
  /** Offset in floats inside its packed buffer. */
  offset: number;
  length: number;
}

export interface GraphLayer {
  /** Place in the model, 0-based; also salts per-layer random draws (dropout). */
  index: number;
  spec: LayerSpec;
  input: Shape;
  output: Shape;
  params: TensorEntry[];
  state: TensorEntry[];
  activation: Activation;
  flops: LayerFlops;
}

export interface ModelGraph {
  spec: ModelSpec;
  layers: GraphLayer[];
  params: TensorEntry[];
  state: TensorEntry[];
  /** Floats in the packed parameter buffer, padding included. */
  paramFloats: number;
  /** Floats in the packed state buffer (at least one, so it always binds). */
  stateFloats: number;
  /** Trainable values, padding excluded. */
  paramCount: number;
}

/** Tensors by full name ("conv1.weight", "bn1.running_mean"), each with its shape. */
export type NamedTensors = Record<string, { shape: number[]; data: Float32Array }>;

function place(decls: TensorDecl[], layer: string, start: number): { entries: TensorEntry[]; end: number } {
  let offset = start;
  const entries = decls.map((d) => {
    const length = size(d.shape);
    const entry: TensorEntry = { ...d, fullName: `${layer}.${d.name}`, offset, length };
    offset += Math.ceil(length / ALIGN_FLOATS) * ALIGN_FLOATS;
    return entry;
  });
  return { entries, end: offset };
}

export interface ResolvedLayers {
  /** The layers that resolved, in order: all of them unless `error`. */
  layers: GraphLayer[];
  paramFloats: number;
  stateFloats: number;
  /** The first layer that does not fit its input, named; null when every layer resolved. */
  error: SpecError | null;
}

/**
 * Resolves each layer's shapes, tensors and FLOPs in order, stopping at the first that fails. The
 * network builder shows what the layers before a problem cost; buildGraph requires them all.
 */
export function resolveLayers(spec: ModelSpec): ResolvedLayers {
  let shape: Shape = spec.input;
  let paramFloats = 0;
  let stateFloats = 0;
  const layers: GraphLayer[] = [];
  for (const [index, layer] of spec.layers.entries()) {
    const kind = layerKind(layer);
    const label = `layer ${index + 1} (${layer.name}, ${layer.kind})`;
    try {
      const output = kind.outputShape(layer, shape);
      if (output.some((d) => !Number.isInteger(d) || d < 1)) {
        throw new LayerError(`input [${shape.join(', ')}] gives an empty output [${output.join(', ')}]`);
      }
      const params = place(kind.params(layer, shape), layer.name, paramFloats);
      const state = place(kind.state(layer, shape), layer.name, stateFloats);
      paramFloats = params.end;
      stateFloats = state.end;
      const flops = kind.flops(layer, shape, output);
      layers.push({ index, spec: layer, input: shape, output, params: params.entries, state: state.entries, activation: kind.activation(layer), flops });
      shape = output;
    } catch (e) {
      if (e instanceof LayerError) return { layers, paramFloats, stateFloats, error: new SpecError(`${label}: ${e.message}`, index) };
      throw e;
    }
  }
  return { layers, paramFloats, stateFloats, error: null };
}

/** Shapes and layouts of a parsed spec; throws a SpecError naming the layer and the problem. */
export function buildGraph(spec: ModelSpec): ModelGraph {
  const { layers, paramFloats, stateFloats, error } = resolveLayers(spec);
  if (error) throw error;
  const shape: Shape = layers.length > 0 ? layers[layers.length - 1].output : spec.input;
  if (size(shape) !== spec.classes) {
    const last = spec.layers[spec.layers.length - 1];
    throw new SpecError(
      `layer ${spec.layers.length} (${last.name}, ${last.kind}): the network ends with ${size(shape)} outputs, but it must give one per class (${spec.classes}); end with a dense layer of ${spec.classes} units`,
      spec.layers.length - 1,
    );
  }
  const params = layers.flatMap((l) => l.params);
  const paramCount = params.reduce((s, p) => s + p.length, 0);
  if (paramCount > MAX_PARAMS)
    throw new SpecError(`model ${spec.name}: ${paramCount.toLocaleString('en')} parameters; at most ${MAX_PARAMS.toLocaleString('en')}`);
  return {
    spec,
    layers,
    params,
    state: layers.flatMap((l) => l.state),
    paramFloats: Math.max(paramFloats, ALIGN_FLOATS),
    stateFloats: Math.max(stateFloats, ALIGN_FLOATS),
    paramCount,
  };
}

/** Fills each tensor by its init; only Glorot draws from `random`. */
function fill(packed: Float32Array, entries: TensorEntry[], random: () => number): void {
  for (const p of entries) {
    if (p.init === 'zeros') continue;
    if (p.init === 'ones') {
      packed.fill(1, p.offset, p.offset + p.length);
      continue;
    }
    if (p.init === 'unit-forget-bias') {
      const quarter = p.length / 4;
      packed.fill(1, p.offset + quarter, p.offset + 2 * quarter);
      continue;
    }
    const limit = Math.sqrt(6 / (p.fanIn + p.fanOut));
    for (let i = 0; i < p.length; i++) packed[p.offset + i] = (2 * random() - 1) * limit;
  }
}

/** Keras defaults: Glorot-uniform weights, zero biases (an LSTM's forget gate at 1), γ = 1; reproducible from the seed. */
export function initParams(graph: ModelGraph, seed: number): Float32Array<ArrayBuffer> {
  const packed = new Float32Array(graph.paramFloats);
  fill(packed, graph.params, rng(seed));
  return packed;
}

/** Running means 0, running variances 1. */
export function initState(graph: ModelGraph): Float32Array<ArrayBuffer> {
  const packed = new Float32Array(graph.stateFloats);
  fill(packed, graph.state, rng(0));
  return packed;
}

export interface PackedWeights {
  params: Float32Array<ArrayBuffer>;
  state: Float32Array<ArrayBuffer>;
}

export function unpackWeights(graph: ModelGraph, packed: { params: Float32Array; state: Float32Array }): NamedTensors {
  const out: NamedTensors = {};
  for (const p of graph.params) out[p.fullName] = { shape: [...p.shape], data: packed.params.slice(p.offset, p.offset + p.length) };
  for (const p of graph.state) out[p.fullName] = { shape: [...p.shape], data: packed.state.slice(p.offset, p.offset + p.length) };
  return out;
}

/** Checks names, shapes and values; throws a message naming the first tensor at fault. */
export function packWeights(graph: ModelGraph, named: NamedTensors): PackedWeights {
  const params = new Float32Array(graph.paramFloats);
  const state = new Float32Array(graph.stateFloats);
  const all = [...graph.params.map((p) => ({ p, into: params })), ...graph.state.map((p) => ({ p, into: state }))];
  const expected = new Set(all.map(({ p }) => p.fullName));
  for (const name of Object.keys(named)) {
    if (!expected.has(name)) throw new Error(`weights: "${name}" is not a tensor of model ${graph.spec.name}`);
  }
  for (const { p, into } of all) {
    const w = named[p.fullName];
    if (!w) throw new Error(`weights: "${p.fullName}" is missing for model ${graph.spec.name}`);
    if (w.shape.length !== p.shape.length || w.shape.some((d, i) => d !== p.shape[i])) {
      throw new Error(`weights: "${p.fullName}" has shape [${w.shape.join(', ')}], expected [${p.shape.join(', ')}]`);
    }
    if (w.data.length !== p.length) throw new Error(`weights: "${p.fullName}" has ${w.data.length} values, expected ${p.length}`);
    for (let i = 0; i < w.data.length; i++) {
      if (!Number.isFinite(w.data[i])) throw new Error(`weights: "${p.fullName}"[${i}] is ${w.data[i]}, not a finite number`);
    }
    if (p.minimum !== undefined) {
      const i = w.data.findIndex((v) => v < p.minimum!);
      if (i >= 0) throw new Error(`weights: "${p.fullName}"[${i}] is ${w.data[i]}, below its minimum ${p.minimum}`);
    }
    into.set(w.data, p.offset);
  }
  return { params, state };
}
