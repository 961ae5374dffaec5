import type { LayerSpec } from '../models.ts';
import { conv2d } from './conv2d.ts';
import { dense } from './dense.ts';
import type { LayerKind } from './layer.ts';
import { maxpool } from './maxpool.ts';

const KINDS: { [K in LayerSpec['kind']]: LayerKind<Extract<LayerSpec, { kind: K }>> } = { conv2d, dense, maxpool };

export function layerKind<S extends LayerSpec>(spec: S): LayerKind<S> {
  return KINDS[spec.kind] as unknown as LayerKind<S>;
}
