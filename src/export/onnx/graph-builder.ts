// Collects an ONNX graph as plain objects in the shape of onnx.proto's messages: nodes with
// attributes, float and int64 initializers, each value named once. onnx-encode.ts writes them.
export const FLOAT = 1;
const INT64 = 7;
const ATTR = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export type AttrValue = number | number[] | { float: number };

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  ints?: number[];
}

export interface OnnxNode {
  op_type: string;
  name: string;
  input: string[];
  output: string[];
  attribute: OnnxAttribute[];
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array<ArrayBuffer>;
}

function attribute(name: string, value: AttrValue): OnnxAttribute {
  if (Array.isArray(value)) return { name, type: ATTR.INTS, ints: value };
  if (typeof value === 'object') return { name, type: ATTR.FLOAT, f: value.float };
  return { name, type: ATTR.INT, i: value };
}

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private count = 0;

  /** A fresh value name: `base`, then base_2, base_3, … */
  fresh(base: string): string {
    this.count++;
    return `${base}_${this.count}`;
  }

  /** A float32 initializer of `dims` holding `data` (little-endian, as ONNX's raw_data is). */
  floats(name: string, dims: number[], data: ArrayLike<number>): string {
    const bytes = new Uint8Array(data.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
    this.initializers.push({ name, dims, data_type: FLOAT, raw_data: bytes });
    return name;
  }

  /** A 1-D int64 initializer (the axes, shapes and permutations some ops take as inputs since opset 13). */
  ints(name: string, values: number[]): string {
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    this.initializers.push({ name, dims: [values.length], data_type: INT64, raw_data: bytes });
    return name;
  }

  /** Adds a node and returns its (first) output's name. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, output = this.fresh(opType.toLowerCase())): string {
    this.nodes.push({
      op_type: opType,
      name: `${opType}_${this.nodes.length + 1}`,
      input: inputs,
      output: [output],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return output;
  }

  /** A node with several outputs (LSTM's Y and Y_h). */
  opOutputs(opType: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}): string[] {
    this.nodes.push({
      op_type: opType,
      name: `${opType}_${this.nodes.length + 1}`,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }
}
