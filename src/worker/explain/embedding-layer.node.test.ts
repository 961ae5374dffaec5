import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../model/graph.ts';
import { preset } from '../../model/presets.ts';
import { parseModelSpec } from '../../model/spec.ts';
import { embeddingSource } from './embedding-layer.ts';

const graphOf = (layers: object[]) => buildGraph(parseModelSpec({ layers }));

describe('embeddingSource: what the last dense layer reads', () => {
  it('is the hidden dense layer of the mlp and the cnn', () => {
    expect(embeddingSource(buildGraph(preset('mlp')))).toEqual({ layer: 0, name: "dense1's output", width: 128 });
    expect(embeddingSource(buildGraph(preset('cnn')))).toEqual({ layer: 2, name: "dense1's output", width: 128 });
  });

  it('is the dropout layer before the last dense layer (the identity in eval mode), as the engine reads it', () => {
    const g = buildGraph(preset('cnn-bn'));
    expect(embeddingSource(g)).toMatchObject({ layer: g.layers.length - 2, width: 256 });
    expect(g.layers[g.layers.length - 2].spec.kind).toBe('dropout');
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
    });
  });

  it('is the input pixels for a network of one dense layer', () => {
    expect(embeddingSource(graphOf([{ kind: 'dense', units: 10 }]))).toEqual({ layer: -1, name: 'the input pixels', width: 784 });
  });
});
