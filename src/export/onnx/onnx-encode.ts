// ONNX's messages (onnx/onnx.proto; the field numbers below are its) as protobuf bytes, written
// with @bufbuild/protobuf's wire writer: no generated code and no eval, so it runs under the
// page's content security policy. Only the fields an inference model of float tensors needs.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import type { OnnxNode, OnnxTensor } from './graph-builder.ts';

export interface OnnxValueInfo {
  name: string;
  elemType: number;
  /** Sizes, or names of sizes the caller chooses (the batch). */
  dims: (number | string)[];
}

export interface OnnxModel {
  irVersion: number;
  opset: number;
  producerName: string;
  producerVersion: string;
  docString: string;
  graph: { name: string; nodes: OnnxNode[]; initializers: OnnxTensor[]; inputs: OnnxValueInfo[]; outputs: OnnxValueInfo[] };
  metadata: Record<string, string>;
}

const LEN = WireType.LengthDelimited;
const VARINT = WireType.Varint;

/** Writes field `no` as a nested message that `body` fills. */
function message(w: BinaryWriter, no: number, body: (w: BinaryWriter) => void): void {
  w.tag(no, LEN).fork();
  body(w);
  w.join();
}

function attribute(w: BinaryWriter, a: OnnxNode['attribute'][number]): void {
  w.tag(1, LEN).string(a.name); // name
  w.tag(20, VARINT).int32(a.type); // type
  if (a.f !== undefined) w.tag(2, WireType.Bit32).float(a.f);
  if (a.i !== undefined) w.tag(3, VARINT).int64(a.i);
  for (const v of a.ints ?? []) w.tag(8, VARINT).int64(v);
}

function node(w: BinaryWriter, n: OnnxNode): void {
  for (const i of n.input) w.tag(1, LEN).string(i);
  for (const o of n.output) w.tag(2, LEN).string(o);
  w.tag(3, LEN).string(n.name);
  w.tag(4, LEN).string(n.op_type);
  for (const a of n.attribute) message(w, 5, (m) => attribute(m, a));
}

function tensor(w: BinaryWriter, t: OnnxTensor): void {
  for (const d of t.dims) w.tag(1, VARINT).int64(d);
  w.tag(2, VARINT).int32(t.data_type);
  w.tag(8, LEN).string(t.name);
  w.tag(9, LEN).bytes(t.raw_data);
}

function valueInfo(w: BinaryWriter, v: OnnxValueInfo): void {
  w.tag(1, LEN).string(v.name);
  // TypeProto.tensor_type { elem_type, shape { dim { dim_value | dim_param } } }
  message(w, 2, (type) =>
    message(type, 1, (t) => {
      t.tag(1, VARINT).int32(v.elemType);
      message(t, 2, (shape) => {
        for (const d of v.dims) message(shape, 1, (dim) => (typeof d === 'string' ? dim.tag(2, LEN).string(d) : dim.tag(1, VARINT).int64(d)));
      });
    }),
  );
}

export function encodeOnnxModel(m: OnnxModel): Uint8Array<ArrayBuffer> {
  const w = new BinaryWriter();
  w.tag(1, VARINT).int64(m.irVersion);
  w.tag(2, LEN).string(m.producerName);
  w.tag(3, LEN).string(m.producerVersion);
  w.tag(6, LEN).string(m.docString);
  message(w, 7, (g) => {
    for (const n of m.graph.nodes) message(g, 1, (x) => node(x, n));
    g.tag(2, LEN).string(m.graph.name);
    for (const t of m.graph.initializers) message(g, 5, (x) => tensor(x, t));
    for (const v of m.graph.inputs) message(g, 11, (x) => valueInfo(x, v));
    for (const v of m.graph.outputs) message(g, 12, (x) => valueInfo(x, v));
  });
  // OperatorSetIdProto { domain = 1 ("", the default operators), version = 2 }
  message(w, 8, (o) => o.tag(1, LEN).string('').tag(2, VARINT).int64(m.opset));
  for (const [key, value] of Object.entries(m.metadata)) message(w, 14, (e) => e.tag(1, LEN).string(key).tag(2, LEN).string(value));
  return w.finish();
}
