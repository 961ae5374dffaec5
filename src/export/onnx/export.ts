// A model file as ONNX (opset 13) for inference: input "image" [N, 1, 28, 28] floats (pixel / 255),
// outputs "logits" [N, 10] and "probabilities" (their softmax). The spec and the provenance, with
// its whole history, ride along in the metadata_props, as in the model file.
import { buildGraph } from '../../model/graph.ts';
import { readForExport } from '../model-input.ts';
import { GraphBuilder } from './graph-builder.ts';
import { emitLayer } from './layers.ts';
import { modelProto } from './onnx-proto.ts';

export const ONNX_OPSET = 13;
/** IR version 7 is the first that opset 13 needs; 8 is what current runtimes read and write. */
const IR_VERSION = 8;
const FLOAT = 1;

function valueInfo(name: string, dims: (number | string)[]) {
  const dim = dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d }));
  return { name, type: { tensor_type: { elem_type: FLOAT, shape: { dim } } } };
}

/** The ONNX file's bytes for a model file; throws "NAME: reason" for a file the app would refuse. */
export function toOnnx(file: ArrayBuffer, name = 'model file', producerVersion = ''): Uint8Array {
  const { meta, weights } = readForExport(file, name);
  const graph = buildGraph(meta.spec);
  const g = new GraphBuilder();
  let x = 'image';
  for (const layer of graph.layers) x = emitLayer(g, weights, layer, x);
  g.op('Identity', [x], {}, 'logits');
  g.op('Softmax', ['logits'], { axis: 1 }, 'probabilities');
  const model = {
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'Inkling',
    producer_version: producerVersion,
    doc_string: `${meta.spec.name}: reads a 28×28 digit (pixel / 255) as its 10 logits and their probabilities.`,
    graph: {
      name: meta.spec.name,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo('image', ['N', ...meta.spec.input])],
      output: [valueInfo('logits', ['N', meta.spec.classes]), valueInfo('probabilities', ['N', meta.spec.classes])],
    },
    metadata_props: [
      { key: 'inkling.spec', value: JSON.stringify(meta.spec) },
      { key: 'inkling.provenance', value: JSON.stringify(meta.provenance) },
    ],
  };
  const T = modelProto();
  return T.encode(T.fromObject(model)).finish();
}
