// A ring of mappable buffers for reading small results back without stalling the queue: each
// submit copies into the next free buffer and maps it; the CPU handles it when the map resolves.
// Only when every buffer is still in flight does the caller wait, for the oldest one: that is
// back-pressure (at most `size` submits queued), never a wait on the submit just made.

export class ReadbackRing {
  private readonly buffers: GPUBuffer[];
  private readonly pending: (Promise<void> | null)[];
  private next = 0;

  constructor(
    device: GPUDevice,
    label: string,
    readonly bytes: number,
    readonly size = 3,
  ) {
    this.buffers = Array.from({ length: size }, (_, i) =>
      device.createBuffer({ label: `${label}/readback-${i}`, size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
    );
    this.pending = Array.from({ length: size }, () => null);
  }

  /** The next buffer to copy into, once it is free and fewer than `inFlight` submits are still being read. */
  async acquire(inFlight = this.size): Promise<{ buffer: GPUBuffer; index: number }> {
    for (;;) {
      const reading = this.pending.filter((p): p is Promise<void> => p !== null);
      if (reading.length < inFlight) break;
      await Promise.race(reading);
    }
    const index = this.next;
    const busy = this.pending[index];
    if (busy) await busy;
    this.next = (index + 1) % this.size;
    return { buffer: this.buffers[index], index };
  }

  /** Call right after the submit that copies into `index`; `read` sees the bytes while mapped. */
  map(index: number, byteLength: number, read: (data: ArrayBuffer) => void): Promise<void> {
    const buffer = this.buffers[index];
    const done = buffer.mapAsync(GPUMapMode.READ, 0, byteLength).then(
      () => {
        try {
          read(buffer.getMappedRange(0, byteLength));
        } finally {
          buffer.unmap();
        }
      },
      // A lost device rejects every map; the device-lost handler reports that once.
      () => undefined,
    );
    const tracked: Promise<void> = done.finally(() => {
      if (this.pending[index] === tracked) this.pending[index] = null;
    });
    this.pending[index] = tracked;
    return done;
  }

  /** Resolves when every mapped buffer has been read. */
  async drain(): Promise<void> {
    await Promise.all(this.pending.filter((p): p is Promise<void> => p !== null));
  }

  get totalBytes(): number {
    return this.bytes * this.size;
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
  }
}
