// Every GPU buffer of a plan is made here, labelled and counted, so a test can prove the plan
// allocates once and never again. A plan is laid out as a list of BufferDecl first: the same list
// is allocated and is what the memory figure and the budget check read, so they cannot drift.

/** One buffer a plan will allocate, before it exists. */
export interface BufferDecl {
  label: string;
  /** As allocated: padded to whole 4-byte words. */
  bytes: number;
}

/** WebGPU wants sizes in multiples of 4; storage bindings want at least 4 bytes. */
export function paddedBytes(size: number): number {
  return Math.max(4, Math.ceil(size / 4) * 4);
}

export function decl(label: string, size: number): BufferDecl {
  return { label, bytes: paddedBytes(size) };
}

export function sumBytes(decls: readonly BufferDecl[]): number {
  return decls.reduce((sum, d) => sum + d.bytes, 0);
}

export class BufferArena {
  private readonly buffers: GPUBuffer[] = [];
  private bytes = 0;

  constructor(
    readonly device: GPUDevice,
    readonly label: string,
  ) {}

  /** Bytes currently held by this arena. */
  get allocatedBytes(): number {
    return this.bytes;
  }

  get count(): number {
    return this.buffers.length;
  }

  create(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const padded = paddedBytes(size);
    const buffer = this.device.createBuffer({ label: `${this.label}/${label}`, size: padded, usage });
    this.buffers.push(buffer);
    this.bytes += padded;
    return buffer;
  }

  storage(label: string, size: number, extra: GPUBufferUsageFlags = 0): GPUBuffer {
    return this.create(label, size, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extra);
  }

  /** The storage buffer a layout declared. */
  allocate(d: BufferDecl): GPUBuffer {
    return this.storage(d.label, d.bytes);
  }

  /** A storage buffer holding `data`, uploaded now. */
  upload(label: string, data: ArrayBufferView<ArrayBuffer>): GPUBuffer {
    const buffer = this.storage(label, data.byteLength);
    let bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.byteLength % 4 !== 0) {
      // writeBuffer takes whole 4-byte words; pad a copy with zeros.
      const padded = new Uint8Array(Math.ceil(bytes.byteLength / 4) * 4);
      padded.set(bytes);
      bytes = padded;
    }
    this.device.queue.writeBuffer(buffer, 0, bytes);
    return buffer;
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
    this.buffers.length = 0;
    this.bytes = 0;
  }
}
