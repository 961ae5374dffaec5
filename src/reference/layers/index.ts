// The CPU reference of every layer kind, keyed by the kind names of src/model/registry.ts: a kind
// without one here does not compile.
import type { LayerKindName } from '../../model/registry.ts';
import type { LayerSpec, SpecOf } from '../../model/layer-spec.ts';
import { batchnorm } from './batchnorm.ts';
import { conv2d } from './conv2d.ts';
import { dense } from './dense.ts';
import { dropout } from './dropout.ts';
import type { RefLayer } from './layer.ts';
import { lstm } from './lstm.ts';
import { avgpool, globalavgpool, maxpool } from './pool.ts';

const REF_LAYERS: { [K in LayerKindName]: RefLayer<SpecOf<K>> } = { conv2d, maxpool, avgpool, globalavgpool, dense, dropout, batchnorm, lstm };

export function refLayer<S extends LayerSpec>(spec: S): RefLayer<S> {
  return REF_LAYERS[spec.kind] as unknown as RefLayer<S>;
}
