// A build's check that the network handed it regions of the sizes its shapes imply, so a wiring
// mistake is named at build time instead of corrupting a neighbour's memory at run time.
import type { Region } from '../arena.ts';

/** Throws naming the layer, the region and both sizes unless `region` holds exactly `floats`. */
export function requireFloats(layer: string, what: string, region: Region | null | undefined, floats: number): void {
  if (!region) throw new Error(`${layer}: no ${what} region, expected ${floats} floats`);
  if (region.floats !== floats) throw new Error(`${layer}: ${what} region ${region.label} holds ${region.floats} floats, expected ${floats}`);
}
