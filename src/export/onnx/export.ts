// A model file as ONNX (opset 13) for inference: input "image" [N, 1, 28, 28] floats (pixel / 255),
// outputs "logits" [N, 10] and "probabilities" (their softmax). The spec and the provenance, with
// its whole history, ride along in the metadata_props, as in the model file.
import { buildGraph } from '../../model/graph.ts';
import { readForExport } from '../model-input.ts';
import { FLOAT, GraphBuilder } from './graph-builder.ts';
import { emitLayer } from './layers.ts';
import { encodeOnnxModel } from './onnx-encode.ts';

export const ONNX_OPSET = 13;
/** IR version 7 is the first that opset 13 needs; 8 is what current runtimes read and write. */
const IR_VERSION = 8;

/** The ONNX file's bytes for a model file; throws "NAME: reason" for a file the app would refuse. */
export function toOnnx(file: ArrayBuffer, name = 'model file', producerVersion = ''): Uint8Array<ArrayBuffer> {
  const { meta, weights } = readForExport(file, name);
  const graph = buildGraph(meta.spec);
  const g = new GraphBuilder();
  let x = 'image';
  for (const layer of graph.layers) x = emitLayer(g, weights, layer, x);
  g.op('Identity', [x], {}, 'logits');
  g.op('Softmax', ['logits'], { axis: 1 }, 'probabilities');
  return encodeOnnxModel({
    irVersion: IR_VERSION,
    opset: ONNX_OPSET,
    producerName: 'Inkling',
    producerVersion,
    docString: `${meta.spec.name}: reads a 28×28 digit (pixel / 255) as its 10 logits and their probabilities.`,
    graph: {
      name: meta.spec.name,
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [{ name: 'image', elemType: FLOAT, dims: ['N', ...meta.spec.input] }],
      outputs: ['logits', 'probabilities'].map((name) => ({ name, elemType: FLOAT, dims: ['N', meta.spec.classes] })),
    },
    metadata: { 'inkling.spec': JSON.stringify(meta.spec), 'inkling.provenance': JSON.stringify(meta.provenance) },
  });
}
