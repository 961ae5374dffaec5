// Every layer kind, by name. The spec parser, the graph, validation and the FLOP count loop over
// this; the GPU builds and the CPU references are keyed by the same names.
import { batchnorm } from './kinds/batchnorm.ts';
import { conv2d } from './kinds/conv2d.ts';
import { dense } from './kinds/dense.ts';
import { dropout } from './kinds/dropout.ts';
import { lstm } from './kinds/lstm.ts';
import { avgpool, globalavgpool, maxpool } from './kinds/pool.ts';
import type { LayerKind } from './layer-kind.ts';
import type { LayerSpec, SpecOf } from './layer-spec.ts';

export type LayerKindName = LayerSpec['kind'];

export const LAYER_KINDS: { [K in LayerKindName]: LayerKind<SpecOf<K>> } = { conv2d, maxpool, avgpool, globalavgpool, dense, dropout, batchnorm, lstm };

export const LAYER_KIND_NAMES = Object.keys(LAYER_KINDS) as LayerKindName[];

export function layerKind<S extends LayerSpec>(spec: S): LayerKind<S> {
  return LAYER_KINDS[spec.kind] as unknown as LayerKind<S>;
}
