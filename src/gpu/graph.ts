// A model spec resolved into shapes and a packed parameter layout. Every parameter tensor lives
// in one buffer at a 256-byte-aligned offset, so the optimizer is one dispatch over all weights,
// a snapshot is one copy, and each tensor binds as a window of the buffer.
import { rng } from '../data/random.ts';
import { layerKind } from './layers/index.ts';
import type { ParamDecl } from './layers/layer.ts';
import { size, type LayerSpec, type ModelSpec, type Shape } from './models.ts';

/** minStorageBufferOffsetAlignment is 256 bytes by default: 64 floats. */
const ALIGN_FLOATS = 64;

export interface ParamEntry extends ParamDecl {
  /** "<layer>.<name>", e.g. "conv1.weight". */
  fullName: string;
  /** Offset in floats inside the packed buffer. */
  offset: number;
  length: number;
}

export interface GraphLayer {
  spec: LayerSpec;
  input: Shape;
  output: Shape;
  params: ParamEntry[];
  relu: boolean;
}

export interface ModelGraph {
  spec: ModelSpec;
  layers: GraphLayer[];
  params: ParamEntry[];
  /** Floats in the packed parameter buffer, padding included. */
  paramFloats: number;
  /** Trainable values, padding excluded. */
  paramCount: number;
}

export function buildGraph(spec: ModelSpec): ModelGraph {
  let shape: Shape = spec.input;
  let offset = 0;
  const layers: GraphLayer[] = [];
  const all: ParamEntry[] = [];
  for (const layer of spec.layers) {
    const kind = layerKind(layer);
    const output = kind.outputShape(layer, shape);
    if (output.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new Error(`${layer.name}: input [${shape.join(', ')}] gives an empty output [${output.join(', ')}]`);
    }
    const params = kind.params(layer, shape).map((p) => {
      const length = size(p.shape);
      const entry: ParamEntry = { ...p, fullName: `${layer.name}.${p.name}`, offset, length };
      offset += Math.ceil(length / ALIGN_FLOATS) * ALIGN_FLOATS;
      return entry;
    });
    all.push(...params);
    layers.push({ spec: layer, input: shape, output, params, relu: kind.relu(layer) });
    shape = output;
  }
  if (size(shape) !== spec.classes) {
    throw new Error(`model ${spec.name}: last layer gives ${size(shape)} outputs, expected ${spec.classes} classes`);
  }
  return { spec, layers, params: all, paramFloats: offset, paramCount: all.reduce((s, p) => s + p.length, 0) };
}

/** Keras defaults: Glorot-uniform weights, zero biases; reproducible from the seed. */
export function initParams(graph: ModelGraph, seed: number): Float32Array<ArrayBuffer> {
  const packed = new Float32Array(graph.paramFloats);
  const random = rng(seed);
  for (const p of graph.params) {
    if (p.init === 'zeros') continue;
    const limit = Math.sqrt(6 / (p.fanIn + p.fanOut));
    for (let i = 0; i < p.length; i++) packed[p.offset + i] = (2 * random() - 1) * limit;
  }
  return packed;
}

export type NamedArrays = Record<string, { shape: number[]; data: Float32Array }>;

export function unpackParams(graph: ModelGraph, packed: Float32Array): NamedArrays {
  const out: NamedArrays = {};
  for (const p of graph.params) out[p.fullName] = { shape: [...p.shape], data: packed.slice(p.offset, p.offset + p.length) };
  return out;
}

/** Checks names, shapes and values; throws a message naming the first problem. */
export function packParams(graph: ModelGraph, named: NamedArrays): Float32Array<ArrayBuffer> {
  const packed = new Float32Array(graph.paramFloats);
  const expected = new Set(graph.params.map((p) => p.fullName));
  for (const name of Object.keys(named)) {
    if (!expected.has(name)) throw new Error(`weights: "${name}" is not a parameter of model ${graph.spec.name}`);
  }
  for (const p of graph.params) {
    const w = named[p.fullName];
    if (!w) throw new Error(`weights: "${p.fullName}" is missing for model ${graph.spec.name}`);
    if (w.shape.length !== p.shape.length || w.shape.some((d, i) => d !== p.shape[i])) {
      throw new Error(`weights: "${p.fullName}" has shape [${w.shape.join(', ')}], expected [${p.shape.join(', ')}]`);
    }
    if (w.data.length !== p.length) throw new Error(`weights: "${p.fullName}" has ${w.data.length} values, expected ${p.length}`);
    for (let i = 0; i < w.data.length; i++) {
      if (!Number.isFinite(w.data[i])) throw new Error(`weights: "${p.fullName}"[${i}] is ${w.data[i]}, not a finite number`);
    }
    packed.set(w.data, p.offset);
  }
  return packed;
}
