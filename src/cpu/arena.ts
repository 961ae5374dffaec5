// A model's buffers laid out before anything is allocated, as the GPU engine does: every region
// of every plan (weights, gradients, moments, activations, scratch) gets its byte offset in one
// WebAssembly memory, so the memory figure is the plan's size, exactly, and a network too big
// for a wasm memory is refused with its bytes before a byte is taken.
import { ARENA_BASE } from './wasm/module.ts';

/** 64 bytes: a cache line, and every v128 load aligned. */
const ALIGN_BYTES = 64;

export interface Region {
  readonly label: string;
  /** Byte offset in the model's memory. */
  readonly offset: number;
  readonly floats: number;
}

export class ArenaPlan {
  private next = ARENA_BASE;
  readonly regions: Region[] = [];

  /** Reserves `floats` float32 (or 32-bit integer) slots under a label that names its owner. */
  floats(label: string, floats: number): Region {
    if (!Number.isInteger(floats) || floats < 0) throw new Error(`arena: ${label} asks for ${floats} floats`);
    const region = { label, offset: this.next, floats };
    this.next += Math.ceil((floats * 4) / ALIGN_BYTES) * ALIGN_BYTES || ALIGN_BYTES;
    this.regions.push(region);
    return region;
  }

  /** Bytes the memory needs, the module's static data below the arena included. */
  get bytes(): number {
    return this.next;
  }

  /** The largest region, for the memory figure's "largest buffer". */
  get largest(): Region | null {
    return this.regions.reduce<Region | null>((a, r) => (a === null || r.floats > a.floats ? r : a), null);
  }
}

/** A float view of a region on the model's memory. */
export function f32(memory: WebAssembly.Memory, r: Region): Float32Array {
  return new Float32Array(memory.buffer, r.offset, r.floats);
}

/** An unsigned view (labels, indices) of a region. */
export function u32(memory: WebAssembly.Memory, r: Region): Uint32Array {
  return new Uint32Array(memory.buffer, r.offset, r.floats);
}

/** A window of `floats` floats starting `at` floats into a region. */
export function sub(r: Region, at: number, floats: number, label = r.label): Region {
  if (at < 0 || at + floats > r.floats) throw new Error(`arena: ${label} [${at}, ${at + floats}) is outside ${r.label}'s ${r.floats} floats`);
  return { label, offset: r.offset + at * 4, floats };
}
