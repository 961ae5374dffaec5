// The CPU build of every layer kind, keyed by the kind names of src/model/registry.ts: a kind
// without one here does not compile (as src/gpu/layers/index.ts and src/reference/layers/index.ts).
import type { LayerKindName } from '../../model/registry.ts';
import type { LayerSpec, SpecOf } from '../../model/layer-spec.ts';
import { batchnorm } from './batchnorm.ts';
import { conv2d } from './conv2d.ts';
import { dense } from './dense.ts';
import { dropout } from './dropout.ts';
import type { CpuLayerKind } from './layer.ts';
import { lstm } from './lstm.ts';
import { avgpool, globalavgpool, maxpool } from './pool.ts';

const CPU_LAYERS: { [K in LayerKindName]: CpuLayerKind<SpecOf<K>> } = { conv2d, maxpool, avgpool, globalavgpool, dense, dropout, batchnorm, lstm };

export function cpuLayer<S extends LayerSpec>(spec: S): CpuLayerKind<S> {
  return CPU_LAYERS[spec.kind] as unknown as CpuLayerKind<S>;
}
