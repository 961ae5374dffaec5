import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../model/graph.ts';
import { preset } from '../../model/presets.ts';
import { parseModelSpec } from '../../model/spec.ts';
import { denseArgmax, embeddingSource } from './embedding-layer.ts';

const graphOf = (layers: object[]) => buildGraph(parseModelSpec({ layers }));

describe('embeddingSource: what the last dense layer reads', () => {
  it('is the hidden dense layer of the mlp and the cnn', () => {
    expect(embeddingSource(buildGraph(preset('mlp')))).toEqual({ layer: 0, name: "dense1's output", width: 128, classifier: { name: 'dense2', units: 10 } });
    expect(embeddingSource(buildGraph(preset('cnn')))).toEqual({ layer: 2, name: "dense1's output", width: 128, classifier: { name: 'dense2', units: 10 } });
  });

  it('is the layer before a dropout that comes before the last dense layer (dropout reads as the identity)', () => {
    const g = buildGraph(preset('cnn-bn'));
    expect(g.layers[g.layers.length - 2].spec.kind).toBe('dropout');
    expect(embeddingSource(g)).toEqual({ layer: g.layers.length - 3, name: "dense1's output", width: 256, classifier: { name: 'dense2', units: 10 } });
  });

  it('is a pool layer flattened when the last dense layer follows one', () => {
    expect(
      embeddingSource(
        graphOf([
          { kind: 'conv2d', filters: 4 },
          { kind: 'maxpool', size: 2 },
          { kind: 'dense', units: 10 },
        ]),
      ),
    ).toEqual({
      layer: 1,
      name: "pool1's output",
      width: 4 * 13 * 13,
      classifier: { name: 'dense1', units: 10 },
    });
  });

  it('is the input pixels for a network of one dense layer', () => {
    expect(embeddingSource(graphOf([{ kind: 'dense', units: 10 }]))).toEqual({
      layer: -1,
      name: 'the input pixels',
      width: 784,
      classifier: { name: 'dense1', units: 10 },
    });
  });
});

describe('denseArgmax: the classes from the features, as the last dense layer reads them', () => {
  // weight [3 features, 2 units]: unit 0 reads feature 0, unit 1 features 1 and 2; bias favours unit 1.
  const weight = Float32Array.from([1, 0, 0, 1, 0, 1]);
  const bias = Float32Array.from([0, 0.5]);

  it('is the argmax of features · weight + bias, the first on ties', () => {
    const features = Float32Array.from([2, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0.25, 0.25]);
    expect([...denseArgmax(features, 3, weight, bias, 2)]).toEqual([0, 1, 1, 0]);
    expect([...denseArgmax(Float32Array.from([1, 0.5, 0.5]), 3, weight, null, 2)]).toEqual([0]);
  });

  it('refuses a weight of another shape', () => {
    expect(() => denseArgmax(new Float32Array(3), 3, new Float32Array(5), null, 2)).toThrow(/a weight of 5 values is not 3×2/);
  });
});
