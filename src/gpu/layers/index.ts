// The GPU build of every layer kind, keyed by the kind names of src/model/registry.ts: a kind
// without a build here does not compile.
import type { LayerKindName } from '../../model/registry.ts';
import type { LayerSpec, SpecOf } from '../../model/layer-spec.ts';
import { avgpool, globalavgpool } from './avgpool.ts';
import { batchnorm } from './batchnorm.ts';
import { conv2d } from './conv2d.ts';
import { dense } from './dense.ts';
import { dropout } from './dropout.ts';
import type { GpuLayer } from './layer.ts';
import { lstm } from './lstm.ts';
import { maxpool } from './maxpool.ts';

const GPU_LAYERS: { [K in LayerKindName]: GpuLayer<SpecOf<K>> } = { conv2d, maxpool, avgpool, globalavgpool, dense, dropout, batchnorm, lstm };

export function gpuLayer<S extends LayerSpec>(spec: S): GpuLayer<S> {
  return GPU_LAYERS[spec.kind] as unknown as GpuLayer<S>;
}
