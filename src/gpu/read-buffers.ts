// Reads GPU buffers back to the CPU once, through a staging buffer made for the purpose: copies
// of each part in one submit, then one map. For reads made again and again, see ReadbackRing and
// OneImageRun, which keep their staging buffers.

/** The first `bytes` (a multiple of 4) of a buffer. */
export interface BufferPart {
  buffer: GPUBuffer;
  bytes: number;
}

const MAPPABLE = GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;

/** Each part's bytes, in order, copied out of the mapping (they outlive the staging buffer). */
export async function readBuffers(device: GPUDevice, label: string, parts: readonly BufferPart[]): Promise<ArrayBuffer[]> {
  const total = parts.reduce((sum, p) => sum + p.bytes, 0);
  // A buffer of zero bytes cannot be mapped; parts of zero bytes still come back, empty.
  const staging = device.createBuffer({ label, size: Math.max(4, total), usage: MAPPABLE });
  try {
    const encoder = device.createCommandEncoder({ label });
    let offset = 0;
    for (const p of parts) {
      if (p.bytes > 0) encoder.copyBufferToBuffer(p.buffer, 0, staging, offset, p.bytes);
      offset += p.bytes;
    }
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const mapped = staging.getMappedRange();
    offset = 0;
    return parts.map((p) => mapped.slice(offset, (offset += p.bytes)));
  } finally {
    staging.destroy();
  }
}
